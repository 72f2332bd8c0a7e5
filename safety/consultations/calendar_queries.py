"""The SQL behind the calendar feeds and the month view: each a fixed number of queries."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from safety.accounts.models import Role, User
from safety.consultations.models import PUBLIC_KINDS, Meeting, MeetingHost
from safety.councils.models import Council, Municipality


def _hosts_options() -> tuple[LoaderOption, ...]:
    """Organiser and co-hosts with their municipalities, whose names entries show."""
    return (
        joinedload(Meeting.council).joinedload(Council.municipality),
        selectinload(Meeting.hosts)
        .joinedload(MeetingHost.council)
        .joinedload(Council.municipality),
    )


def _effective_from(since: date) -> ColumnElement[bool]:
    # The date that matters is `held_on`, else `scheduled_on` (Meeting.effective_on). Spelt
    # as OR rather than COALESCE so each branch can use its column's index.
    return or_(
        Meeting.held_on >= since,
        and_(Meeting.held_on.is_(None), Meeting.scheduled_on >= since),
    )


def _effective_between(first: date, last: date) -> ColumnElement[bool]:
    return or_(
        Meeting.held_on.between(first, last),
        and_(Meeting.held_on.is_(None), Meeting.scheduled_on.between(first, last)),
    )


def _hosted_by(council_ids: ColumnElement[int] | list[int]) -> ColumnElement[bool]:
    """Organised or co-hosted by one of the councils."""
    cohosted = select(MeetingHost.meeting_id).where(MeetingHost.council_id.in_(council_ids))
    return or_(Meeting.council_id.in_(council_ids), Meeting.id.in_(cohosted))


def _in_date_order(statement: Select[tuple[Meeting]]) -> Select[tuple[Meeting]]:
    return statement.order_by(
        func.coalesce(Meeting.held_on, Meeting.scheduled_on), Meeting.starts_at, Meeting.id
    )


def public_feed_meetings(session: Session, council_id: int, since: date) -> list[Meeting]:
    """The council's consultations and activities (co-hosted too) from `since` on."""
    statement = select(Meeting).where(
        Meeting.kind.in_(list(PUBLIC_KINDS)),
        _hosted_by([council_id]),
        _effective_from(since),
    )
    options = (*_hosts_options(), selectinload(Meeting.agenda))
    return list(session.scalars(_in_date_order(statement).options(*options)))


def private_feed_meetings(session: Session, user: User, since: date) -> list[Meeting]:
    """Every meeting `user` may read in the councils they work with, from `since` on.

    A secretary: every kind their council hosts (public ones co-hosted included). Ministry
    reviewers and administrators: every council's meetings.
    """
    statement = select(Meeting).where(_effective_from(since))
    if user.role == Role.SECRETARY:
        statement = statement.where(_hosted_by([user.council_id or 0]))
    elif user.role not in (Role.MINISTRY, Role.ADMIN):
        return []
    options = (*_hosts_options(), selectinload(Meeting.agenda))
    return list(session.scalars(_in_date_order(statement).options(*options)))


def month_meetings(
    session: Session, first: date, last: date, district: str | None = None
) -> list[Meeting]:
    """Every council's meetings between `first` and `last`, optionally of one district.

    A meeting belongs to a district when any of its hosts' municipalities is in it, so an
    inter-municipal consultation shows under each host's district.
    """
    statement = select(Meeting).where(_effective_between(first, last))
    if district:
        councils_in_district = (
            select(Council.id)
            .join(Municipality, Council.municipality_id == Municipality.id)
            .where(Municipality.district == district)
        )
        statement = statement.where(_hosted_by(councils_in_district))
    return list(session.scalars(_in_date_order(statement).options(*_hosts_options())))


def districts(session: Session) -> list[str]:
    """The municipalities' districts, unordered: the view sorts them in the reader's alphabet."""
    return list(session.scalars(select(Municipality.district).distinct()))
