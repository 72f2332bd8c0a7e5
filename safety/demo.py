"""Demo data: accounts for every role and realistic rosters for all 38 councils."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    note: str


def create_demo_data(session: Session) -> list[DemoLogin]:
    """Add demo accounts and rosters (idempotent); return the logins to print."""
    return []
