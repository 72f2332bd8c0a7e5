"""The SQL of the review pages: one review with its thread, the filtered list, home notices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from safety.compliance.models import Review, ReviewMessage, ReviewStatus
from safety.compliance.reviews import overdue_condition
from safety.councils.models import Council, Municipality


def review_with_thread(session: Session, review_id: int) -> Review | None:
    """The review with its council, reviewer and messages (oldest first) with their authors."""
    return session.scalars(
        select(Review)
        .where(Review.id == review_id)
        .options(
            joinedload(Review.council).joinedload(Council.municipality),
            joinedload(Review.reviewer),
            selectinload(Review.messages).joinedload(ReviewMessage.author),
        )
    ).one_or_none()


def review_of(session: Session, review_id: int) -> Review | None:
    """The review with its council and municipality (for the e-mails), no thread."""
    return session.scalars(
        select(Review)
        .where(Review.id == review_id)
        .options(joinedload(Review.council).joinedload(Council.municipality))
    ).one_or_none()


def _urgency(day: date) -> Any:
    """Overdue first, then awaiting a response, then answered, then closed."""
    awaiting = Review.status == ReviewStatus.AWAITING_RESPONSE
    return case(
        (and_(awaiting, Review.respond_by < day), 0),
        (awaiting, 1),
        (Review.status == ReviewStatus.ANSWERED, 2),
        else_=3,
    )


@dataclass(frozen=True)
class ReviewFilters:
    council_id: int | None = None
    status: ReviewStatus | None = None
    overdue_only: bool = False


def review_list_query(day: date, filters: ReviewFilters) -> Select[Any]:
    """Reviews matching `filters`, the most urgent first, each with its council's name."""
    query = select(Review).options(joinedload(Review.council).joinedload(Council.municipality))
    if filters.council_id is not None:
        query = query.where(Review.council_id == filters.council_id)
    if filters.status is not None:
        query = query.where(Review.status == filters.status)
    if filters.overdue_only:
        query = query.where(*overdue_condition(day))
    return query.order_by(_urgency(day), Review.respond_by, Review.id)


def council_choices(session: Session, council_id: int | None = None) -> list[tuple[int, str, str]]:
    """(council id, municipality code, both names) of every council, or of one, by code."""
    query = select(Council.id, Municipality.code, Municipality.name_sq, Municipality.name_sr).join(
        Council.municipality
    )
    if council_id is not None:
        query = query.where(Council.id == council_id)
    return [
        (ident, code, name_sq if name_sq == name_sr else f"{name_sq}/{name_sr}")
        for ident, code, name_sq, name_sr in session.execute(query.order_by(Municipality.code))
    ]


def open_reviews_of_council(session: Session, council_id: int, day: date) -> list[Review]:
    """The council's reviews not yet closed: overdue and awaiting a response first."""
    return list(
        session.scalars(
            select(Review)
            .where(Review.council_id == council_id, Review.status != ReviewStatus.CLOSED)
            .order_by(_urgency(day), Review.respond_by, Review.id)
        )
    )


def overdue_count(session: Session, day: date) -> int:
    return session.scalar(select(func.count(Review.id)).where(*overdue_condition(day))) or 0
