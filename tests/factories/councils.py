"""Council factories: the seeded councils A and B, and members."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.councils.models import Community, Council, Gender, Member, MemberRole, Municipality
from tests.factories import sequence

# Council A is Prishtinë (Albanian majority), council B is Graçanicë (Serb majority).
COUNCIL_A_CODE = "01"
COUNCIL_B_CODE = "07"


def council_by_code(session: Session, code: str) -> Council:
    return session.scalars(
        select(Council).join(Municipality).where(Municipality.code == code)
    ).one()


@pytest.fixture
def council_a(session: Session) -> Council:
    return council_by_code(session, COUNCIL_A_CODE)


@pytest.fixture
def council_b(session: Session) -> Council:
    return council_by_code(session, COUNCIL_B_CODE)


@pytest.fixture
def make_member(session: Session, council_a: Council) -> Callable[..., Member]:
    def factory(council: Council | None = None, **overrides: Any) -> Member:
        number = next(sequence)
        values: dict[str, Any] = {
            "council_id": (council or council_a).id,
            "full_name": f"Member Person {number}",
            "role": MemberRole.MUNICIPAL_OFFICIAL,
            "institution": "Municipal directorate for public services",
            "community": Community.ALBANIAN,
            "gender": Gender.FEMALE,
            "birth_year": 1980,
            "appointed_on": date(2024, 1, 15),
            "is_publicly_named": True,
        }
        values.update(overrides)
        member = Member(**values)
        session.add(member)
        session.commit()
        return member

    return factory
