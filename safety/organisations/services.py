"""Multi-step writes for organisations: self-registration with the first user account."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.accounts.models import Role, User
from safety.councils.models import Municipality
from safety.organisations.models import Organisation
from safety.passwords import hash_password
from safety.throttle import normalise_email


def registration_conflicts(session: Session, registration_number: str, email: str) -> set[str]:
    """Names of the registration fields whose value another organisation or user already has."""
    conflicts = set()
    taken_number = session.scalars(
        select(Organisation.id).where(Organisation.registration_number == registration_number)
    ).first()
    if taken_number is not None:
        conflicts.add("registration_number")
    taken_email = session.scalars(
        select(User.id).where(User.email == normalise_email(email))
    ).first()
    if taken_email is not None:
        conflicts.add("email")
    return conflicts


def register_organisation(
    session: Session,
    *,
    name: str,
    registration_number: str,
    contact_email: str,
    contact_phone: str | None,
    address: str | None,
    description: str | None,
    municipalities: Sequence[Municipality],
    full_name: str,
    email: str,
    password: str,
    locale: str | None,
) -> User:
    """Create an unverified organisation and its first CSO user; flush, never commit.

    The organisation's users can sign in at once but act only after the ministry or an
    administrator verifies it (`User.is_cso_verified`).
    """
    organisation = Organisation(
        name=name.strip(),
        registration_number=registration_number.strip(),
        contact_email=normalise_email(contact_email),
        contact_phone=(contact_phone or "").strip() or None,
        address=(address or "").strip() or None,
        description=(description or "").strip() or None,
        is_verified=False,
        municipalities=list(municipalities),
    )
    session.add(organisation)
    session.flush()
    user = User(
        email=normalise_email(email),
        full_name=full_name.strip(),
        role=Role.CSO,
        organisation_id=organisation.id,
        password_hash=hash_password(password),
        locale=locale,
    )
    session.add(user)
    session.flush()
    return user
