"""The SQL behind the councils pages: the list with member counts, and one council's detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload

from safety.councils.models import Council, Member, Municipality
from safety.db import get_or_404


@dataclass(frozen=True)
class CouncilRow:
    council: Council
    active_members: int

    @property
    def municipality(self) -> Municipality:
        return self.council.municipality


def council_rows(session: Session, day: date) -> list[CouncilRow]:
    """All councils with their municipality and the number of members active on `day`.

    One statement: the counts come from a grouped subquery joined to the councils, so the
    query count does not grow with the number of members or councils.
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
    statement = (
        select(Council, func.coalesce(active.c.active_members, 0))
        .join(Council.municipality)
        .outerjoin(active, active.c.council_id == Council.id)
        .options(contains_eager(Council.municipality))
        .order_by(Municipality.code)
    )
    return [CouncilRow(council, count) for council, count in session.execute(statement)]


def council_with_members(council_id: int) -> Council:
    """One council with its municipality and every member (present and former), or 404."""
    return get_or_404(
        Council,
        council_id,
        options=[joinedload(Council.municipality), selectinload(Council.members)],
    )


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
