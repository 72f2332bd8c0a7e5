"""The SQL behind a council's list of meetings: filters, newest first, quorum as aggregates."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, extract, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from safety.consultations.access import writable_meeting
from safety.consultations.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingHost,
    MeetingKind,
    MeetingStatus,
)
from safety.councils.models import Council, Member, Municipality
from safety.councils.queries import by_municipality_name


@dataclass(frozen=True)
class MeetingRow:
    """One line of the list: the meeting, and for a held council meeting its quorum counts."""

    meeting: Meeting
    present: int | None
    active: int | None

    @property
    def has_quorum(self) -> bool | None:
        """Present > half the members active on the day (records.md); None without attendance."""
        if self.present is None or not self.active:
            return None
        return self.present * 2 > self.active


def effective_on() -> Any:
    """The date a meeting is listed under: when it was held, else when it is planned."""
    return func.coalesce(Meeting.held_on, Meeting.scheduled_on)


def meeting_rows_query(
    council_id: int,
    *,
    kinds: Collection[MeetingKind],
    kind: MeetingKind | None = None,
    status: MeetingStatus | None = None,
    year: int | None = None,
) -> Select[Any]:
    """Meetings hosted (organised or co-hosted) by the council, newest first, one statement.

    Quorum comes from correlated aggregate subqueries in the same SELECT, only for held
    council meetings with an attendance register, so the list runs one query per page
    whatever the number of meetings or members.
    """
    recorded = (
        select(func.count(Attendance.id))
        .where(Attendance.meeting_id == Meeting.id)
        .correlate(Meeting)
        .scalar_subquery()
    )
    present = (
        select(func.count(Attendance.id))
        .where(
            Attendance.meeting_id == Meeting.id,
            # A member represented by a substitute counts as present (decided reading 14).
            or_(
                Attendance.status == AttendanceStatus.PRESENT,
                Attendance.substitute_name.is_not(None),
            ),
        )
        .correlate(Meeting)
        .scalar_subquery()
    )
    active = (
        select(func.count(Member.id))
        .where(
            Member.council_id == Meeting.council_id,
            Member.appointed_on <= Meeting.held_on,
            or_(Member.left_on.is_(None), Member.left_on > Meeting.held_on),
        )
        .correlate(Meeting)
        .scalar_subquery()
    )
    with_register = and_(
        Meeting.status == MeetingStatus.HELD,
        Meeting.kind.in_([MeetingKind.REGULAR, MeetingKind.EXTRAORDINARY]),
        recorded > 0,
    )
    hosted = select(MeetingHost.meeting_id).where(MeetingHost.council_id == council_id)
    query = (
        select(
            Meeting,
            case((with_register, present), else_=None).label("present"),
            case((with_register, active), else_=None).label("active"),
        )
        .where(Meeting.id.in_(hosted), Meeting.kind.in_(list(kinds)))
        .order_by(effective_on().desc(), Meeting.starts_at.desc(), Meeting.id.desc())
    )
    if kind is not None:
        query = query.where(Meeting.kind == kind)
    if status is not None:
        query = query.where(Meeting.status == status)
    if year is not None:
        query = query.where(extract("year", effective_on()) == year)
    return query


def to_rows(result: Any) -> list[MeetingRow]:
    return [MeetingRow(meeting, present, active) for meeting, present, active in result]


def meeting_years(session: Session, council_id: int, kinds: Collection[MeetingKind]) -> list[int]:
    """The years the council has meetings in (newest first), for the year filter: one query."""
    hosted = select(MeetingHost.meeting_id).where(MeetingHost.council_id == council_id)
    first, last = session.execute(
        select(func.min(effective_on()), func.max(effective_on())).where(
            Meeting.id.in_(hosted), Meeting.kind.in_(list(kinds))
        )
    ).one()
    if first is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def other_councils(session: Session, council_id: int, language: str) -> list[tuple[int, str]]:
    """(id, name) of every council but this one, by name in the reader's alphabet."""
    rows = session.execute(
        select(Council.id, Municipality)
        .join(Council.municipality)
        .where(Council.id != council_id)
        .order_by(*by_municipality_name(language))
    ).all()
    return [
        (council_id, municipality.bilingual_name(language)) for council_id, municipality in rows
    ]


def meeting_for_edit(meeting_id: int) -> Meeting:
    """A meeting the current user may change, with what the edit form shows and writes."""
    return writable_meeting(
        meeting_id,
        joinedload(Meeting.council).joinedload(Council.municipality),
        selectinload(Meeting.agenda),
    )
