"""The SQL behind the councils pages: the list with member counts, and one council's detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import (
    InstrumentedAttribute,
    Session,
    contains_eager,
    joinedload,
)

from safety.collation import collate
from safety.councils.models import Council, CouncilDecision, Member, Municipality
from safety.db import get_or_404


@dataclass(frozen=True)
class CouncilRow:
    council: Council
    active_members: int
    constituted_on: date | None

    @property
    def is_constituted(self) -> bool:
        return self.constituted_on is not None

    @property
    def municipality(self) -> Municipality:
        return self.council.municipality


def municipality_name_column(language: str) -> InstrumentedAttribute[str]:
    """The column holding the municipality's name as `Municipality.name(language)` shows it."""
    return Municipality.name_sr if language == "sr" else Municipality.name_sq


def by_municipality_name(language: str) -> tuple[ColumnElement[Any], ...]:
    """ORDER BY terms: the name in the reader's alphabet order, then the code for ties."""
    return (collate(municipality_name_column(language), language), Municipality.code)


def council_rows(session: Session, day: date, language: str) -> list[CouncilRow]:
    """All councils with their municipality and the number of members active on `day`.

    One statement: the counts come from a grouped subquery joined to the councils, so the
    query count does not grow with the number of members or councils. Ordered by name in
    `language`'s alphabet.
    """
    active = (
        select(Member.council_id, func.count(Member.id).label("active_members"))
        .where(
            Member.appointed_on <= day,
            or_(Member.left_on.is_(None), Member.left_on > day),
        )
        .group_by(Member.council_id)
        .subquery()
    )
    # The constituting date is the earliest decision of any kind (a re-constitution keeps it).
    first_decision = (
        select(
            CouncilDecision.council_id, func.min(CouncilDecision.decided_on).label("constituted_on")
        )
        .group_by(CouncilDecision.council_id)
        .subquery()
    )
    statement = (
        select(Council, func.coalesce(active.c.active_members, 0), first_decision.c.constituted_on)
        .join(Council.municipality)
        .outerjoin(active, active.c.council_id == Council.id)
        .outerjoin(first_decision, first_decision.c.council_id == Council.id)
        .options(contains_eager(Council.municipality))
        .order_by(*by_municipality_name(language))
    )
    return [CouncilRow(*row) for row in session.execute(statement)]


def council_for_edit(council_id: int) -> Council:
    return get_or_404(Council, council_id, options=[joinedload(Council.municipality)])


def member_of_council(session: Session, council_id: int, member_id: int) -> Member:
    """The member only if it belongs to `council_id` (another council's member answers 404)."""
    member = session.scalars(
        select(Member)
        .where(Member.id == member_id, Member.council_id == council_id)
        .options(joinedload(Member.council).joinedload(Council.municipality))
    ).first()
    if member is None:
        abort(404)
    return member


def likely_duplicates(session: Session, council_id: int, full_name: str) -> list[Member]:
    """Members of the council whose name is the same, ignoring case and surrounding spaces."""
    return list(
        session.scalars(
            select(Member)
            .where(
                Member.council_id == council_id,
                func.lower(func.trim(Member.full_name)) == full_name.strip().lower(),
            )
            .order_by(Member.appointed_on)
        )
    )


def decision_of_council(session: Session, council_id: int, decision_id: int) -> CouncilDecision:
    """The decision only if it belongs to `council_id`; otherwise 404."""
    decision = session.scalars(
        select(CouncilDecision)
        .where(CouncilDecision.id == decision_id, CouncilDecision.council_id == council_id)
        .options(joinedload(CouncilDecision.council).joinedload(Council.municipality))
    ).first()
    if decision is None:
        abort(404)
    return decision
