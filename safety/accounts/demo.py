"""Demo accounts: one login per role, all with the same published password."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.accounts.models import Role, User
from safety.councils.models import Council
from safety.demo_common import DEMO_DOMAIN
from safety.organisations.models import Organisation
from safety.passwords import hash_password

DEMO_PASSWORD = "siguri-ne-bashkesi-2026"
"""Published on purpose (README, `flask demo-data` output); never use demo data in production."""

SECRETARY_COUNCILS = {"01": "prishtine", "07": "gracanice"}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    note: str


def add_accounts(
    session: Session, councils: dict[str, Council], organisations: dict[str, Organisation]
) -> list[DemoLogin]:
    """Add the demo accounts that do not exist yet; return every demo login to print."""
    password_hash = hash_password(DEMO_PASSWORD)
    accounts = [
        (Role.ADMIN, "admin", "Drita Administratorja", {}, "Accounts and settings"),
        (Role.MINISTRY, "ministry", "Bujar Shqiponja", {}, "Reviews every council"),
        (
            Role.SECRETARY,
            "secretary.prishtine",
            "Arta Kelmendi",
            {"council_id": councils["01"].id},
            "Secretary of Prishtinë (01)",
        ),
        (
            Role.SECRETARY,
            "secretary.gracanice",
            "Milica Stojanović",
            {"council_id": councils["07"].id},
            "Secretary of Graçanicë (07)",
        ),
        (
            Role.CSO,
            "cso",
            "Valon Gashi",
            {"organisation_id": organisations["verified"].id},
            "Verified CSO: Prishtinë, Graçanicë, Fushë Kosovë",
        ),
        (
            Role.CSO,
            "cso.pending",
            "Emine Kurtiş",
            {"organisation_id": organisations["pending"].id},
            "CSO awaiting verification",
        ),
    ]
    existing = set(session.scalars(select(User.email).where(User.email.like(f"%@{DEMO_DOMAIN}"))))
    logins = []
    for role, local_part, full_name, links, note in accounts:
        email = f"{local_part}@{DEMO_DOMAIN}"
        if email not in existing:
            session.add(
                User(
                    email=email,
                    full_name=full_name,
                    role=role,
                    password_hash=password_hash,
                    **links,
                )
            )
        logins.append(DemoLogin(role.value, email, DEMO_PASSWORD, note))
    session.flush()
    return logins
