"""The SQL behind a concern's page and its case-handling forms: each loads what it shows.

Children are always loaded scoped by their parent in SQL (a template of another council, a
meeting of another council), so a foreign id answers 404 without a second check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import abort
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from safety.accounts.models import User
from safety.concerns.models import (
    Concern,
    ConcernEvent,
    ConcernMeeting,
    ConcernNote,
    ConcernStatus,
    ResponseTemplate,
)
from safety.consultations.models import Meeting, MeetingHost, MeetingStatus
from safety.councils.models import Council
from safety.dates import kosovo_time

LINKABLE_MEETING_STATUSES = (MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED, MeetingStatus.HELD)
"""Meetings a concern can be put on: ahead of the council, or held (discussed there)."""

LINKABLE_MEETINGS_SHOWN = 60
"""The choice offers the council's latest meetings; older ones are not where concerns go."""


def concern_page_options() -> list[Any]:
    """What the concern page and the case forms read of a concern besides its columns.

    The photos' metadata is loaded for the photos section (`concern.photos`); their bytes
    are deferred.
    """
    return [
        joinedload(Concern.council).joinedload(Council.municipality),
        joinedload(Concern.organisation),
        joinedload(Concern.duplicate_of),
        selectinload(Concern.photos),
    ]


def concern_form_options() -> list[Any]:
    """What the case forms show: the council's name and the concern's own columns."""
    return [joinedload(Concern.council).joinedload(Council.municipality)]


@dataclass(frozen=True)
class TimelineEntry:
    """A status change with the name of the staff member who recorded it (None: submitter)."""

    event: ConcernEvent
    actor_name: str | None

    @property
    def recorded_on(self) -> date:
        """The Kosovo date the change was entered, which may be after the date it states."""
        return kosovo_time(self.event.created_at).date()

    @property
    def recorded_later(self) -> bool:
        return self.recorded_on != self.event.changed_on


@dataclass(frozen=True)
class NoteEntry:
    note: ConcernNote
    author_name: str | None


def concern_timeline(session: Session, concern_id: int) -> list[TimelineEntry]:
    """The concern's status changes in the order recorded, with their actors, one query."""
    rows = session.execute(
        select(ConcernEvent, User.full_name)
        .outerjoin(User, User.id == ConcernEvent.actor_id)
        .where(ConcernEvent.concern_id == concern_id)
        .order_by(ConcernEvent.id)
    )
    return [TimelineEntry(event, name) for event, name in rows]


def concern_notes(session: Session, concern_id: int) -> list[NoteEntry]:
    """Internal notes, oldest first, with their authors, one query."""
    rows = session.execute(
        select(ConcernNote, User.full_name)
        .outerjoin(User, User.id == ConcernNote.author_id)
        .where(ConcernNote.concern_id == concern_id)
        .order_by(ConcernNote.id)
    )
    return [NoteEntry(note, name) for note, name in rows]


def duplicates_of(session: Session, concern_id: int) -> list[Concern]:
    """Concerns marked as duplicates of this one (deleted ones are gone from every list)."""
    return list(
        session.scalars(
            select(Concern)
            .where(Concern.duplicate_of_id == concern_id, Concern.deleted_on.is_(None))
            .order_by(Concern.submitted_on, Concern.id)
        )
    )


def concern_meetings(session: Session, concern_id: int) -> list[Meeting]:
    """The meetings whose agenda the concern was put on, in date order."""
    return list(
        session.scalars(
            select(Meeting)
            .join(ConcernMeeting, ConcernMeeting.meeting_id == Meeting.id)
            .where(ConcernMeeting.concern_id == concern_id)
            .order_by(func.coalesce(Meeting.held_on, Meeting.scheduled_on), Meeting.id)
        )
    )


def linkable_meetings(session: Session, concern: Concern) -> list[Meeting]:
    """The council's latest scheduled, postponed or held meetings the concern is not on yet."""
    already = select(ConcernMeeting.meeting_id).where(ConcernMeeting.concern_id == concern.id)
    return list(
        session.scalars(
            select(Meeting)
            .join(MeetingHost, MeetingHost.meeting_id == Meeting.id)
            .where(
                MeetingHost.council_id == concern.council_id,
                Meeting.status.in_(LINKABLE_MEETING_STATUSES),
                Meeting.id.not_in(already),
            )
            .order_by(func.coalesce(Meeting.held_on, Meeting.scheduled_on).desc(), Meeting.id)
            .limit(LINKABLE_MEETINGS_SHOWN)
        )
    )


def meeting_of_council(session: Session, council_id: int, meeting_id: int) -> Meeting | None:
    """A meeting the council hosts (organiser or co-host), with its agenda, or None."""
    return session.scalars(
        select(Meeting)
        .join(MeetingHost, MeetingHost.meeting_id == Meeting.id)
        .where(Meeting.id == meeting_id, MeetingHost.council_id == council_id)
        .options(selectinload(Meeting.agenda))
    ).one_or_none()


def concern_by_reference(session: Session, council_id: int, reference: str) -> Concern | None:
    """The council's concern with this reference (compared without case), or None."""
    return session.scalars(
        select(Concern).where(
            Concern.council_id == council_id,
            func.upper(Concern.reference) == reference.strip().upper(),
        )
    ).one_or_none()


def answer_templates(
    session: Session, council_id: int, language: str | None = None
) -> list[ResponseTemplate]:
    """The council's saved answers, by language then title; one language if given."""
    query = select(ResponseTemplate).where(ResponseTemplate.council_id == council_id)
    if language is not None:
        query = query.where(ResponseTemplate.language == language)
    return list(
        session.scalars(
            query.order_by(ResponseTemplate.language, ResponseTemplate.title, ResponseTemplate.id)
        )
    )


def template_of_council(session: Session, council_id: int, template_id: int) -> ResponseTemplate:
    """The council's template, or 404 (another council's id included)."""
    template = session.scalars(
        select(ResponseTemplate).where(
            ResponseTemplate.id == template_id, ResponseTemplate.council_id == council_id
        )
    ).one_or_none()
    if template is None:
        abort(404)
    return template


def council_or_404(session: Session, council_id: int) -> Council:
    council = session.scalars(
        select(Council).where(Council.id == council_id).options(joinedload(Council.municipality))
    ).one_or_none()
    if council is None:
        abort(404)
    return council


# -- Deadlines in SQL, for list pages (the same reading as safety.concerns.deadlines) --------


def answered_on_column() -> Any:
    """The earliest answer since the concern's last reopening (or ever): a scalar subquery.

    Mirrors `deadlines.answered_on_in_cycle`, so a list and the concern page agree.
    """
    reopening = aliased(ConcernEvent)
    last_reopening = (
        select(func.max(reopening.id))
        .where(reopening.concern_id == Concern.id, reopening.status == ConcernStatus.REOPENED)
        .correlate(Concern)
        .scalar_subquery()
    )
    return (
        select(func.min(ConcernEvent.changed_on))
        .where(
            ConcernEvent.concern_id == Concern.id,
            ConcernEvent.answer.is_not(None),
            ConcernEvent.answer != "",
            ConcernEvent.id > func.coalesce(last_reopening, 0),
        )
        .correlate(Concern)
        .scalar_subquery()
    )


def overdue_clause(today: date, days: int) -> ColumnElement[bool]:
    """Concerns whose answer is missing and due before `today` (filter for list pages)."""
    latest_start = today - timedelta(days=days + 1)
    started_on = func.coalesce(Concern.reopened_on, Concern.submitted_on)
    return and_(answered_on_column().is_(None), started_on <= latest_start)
