"""Multi-step writes for organisations: self-registration with the first user account."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.accounts.emails import normalise_email
from safety.accounts.models import Role, User
from safety.councils.models import Municipality
from safety.organisations.models import Organisation, registration_key
from safety.passwords import hash_password


def registration_number_taken(
    session: Session, registration_number: str, *, except_id: int | None = None
) -> bool:
    """True when another organisation has this number, however it is spelt (case, dashes...)."""
    query = select(Organisation.id).where(
        Organisation.registration_key == registration_key(registration_number)
    )
    if except_id is not None:
        query = query.where(Organisation.id != except_id)
    return session.scalars(query).first() is not None


def account_with_email(session: Session, email: str) -> User | None:
    """The account this address (in any of its look-alike forms) already belongs to, if any."""
    return session.scalars(select(User).where(User.email == normalise_email(email))).first()


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
    administrator verifies it (`Organisation.can_act`).
    """
    organisation = Organisation(
        name=name.strip(),
        registration_number=registration_number.strip(),
        contact_email=normalise_email(contact_email),
        contact_phone=(contact_phone or "").strip() or None,
        address=(address or "").strip() or None,
        description=(description or "").strip() or None,
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
