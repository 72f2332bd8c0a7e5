"""Multi-step writes for meetings: scheduling, corrections, the lifecycle and monthly series.

Every change of a meeting's date or status adds a dated `MeetingEvent` naming who recorded
it, so the history is kept rather than overwritten. Functions flush, never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import exists, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from safety.accounts.models import User
from safety.consultations.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingHost,
    MeetingRecord,
    MeetingSeries,
    MeetingStatus,
    Participation,
)


class MeetingChangeRefusedError(Exception):
    """A change the meeting's state does not allow; `code` is turned into words by the view."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _event(
    meeting: Meeting,
    actor: User,
    kind: MeetingEventKind,
    *,
    from_on: date | None = None,
    to_on: date | None = None,
    reason: str | None = None,
) -> MeetingEvent:
    return MeetingEvent(
        meeting_id=meeting.id,
        kind=kind,
        from_on=from_on,
        to_on=to_on,
        reason=reason,
        actor_id=actor.id,
    )


def _write_agenda(session: Session, meeting: Meeting, items: Sequence[str]) -> None:
    """Make the stored agenda read `items` in order, touching only the items that differ.

    Needs `meeting.agenda` loaded: items are updated in place by
    position, so the audit trail shows what changed rather than a delete and re-insert.
    """
    existing = list(meeting.agenda)
    for position, title in enumerate(items, start=1):
        if position <= len(existing):
            if existing[position - 1].title != title:
                existing[position - 1].title = title
        else:
            session.add(AgendaItem(meeting_id=meeting.id, position=position, title=title))
    for item in existing[len(items) :]:
        session.delete(item)


def _write_co_hosts(session: Session, meeting: Meeting, co_host_ids: Sequence[int]) -> None:
    """Host rows for the organiser and exactly these co-hosts (needs `meeting.hosts` loaded)."""
    wanted = {meeting.council_id, *co_host_ids}
    current = {host.council_id: host for host in meeting.hosts}
    for council_id, host in current.items():
        if council_id not in wanted:
            session.delete(host)
    for council_id in sorted(wanted - set(current)):
        session.add(MeetingHost(meeting_id=meeting.id, council_id=council_id))


def schedule_meeting(
    session: Session,
    actor: User,
    meeting: Meeting,
    *,
    co_host_ids: Sequence[int] = (),
    agenda: Sequence[str] = (),
    already_held: bool = False,
    today: date | None = None,
) -> Meeting:
    """Save a new meeting with its hosts and agenda; entered after the fact, also held.

    A meeting recorded as already held is held on its date, which may not be after `today`.
    """
    if already_held and (today is None or meeting.scheduled_on > today):
        raise MeetingChangeRefusedError("held_in_future")
    meeting.status = MeetingStatus.SCHEDULED
    co_hosts = sorted(set(co_host_ids) - {meeting.council_id})
    meeting.hosts = [
        MeetingHost(council_id=council_id) for council_id in (meeting.council_id, *co_hosts)
    ]
    meeting.agenda = [
        AgendaItem(position=position, title=title) for position, title in enumerate(agenda, 1)
    ]
    events = [
        MeetingEvent(kind=MeetingEventKind.SCHEDULED, to_on=meeting.scheduled_on, actor_id=actor.id)
    ]
    if already_held:
        meeting.status = MeetingStatus.HELD
        meeting.held_on = meeting.scheduled_on
        events.append(
            MeetingEvent(kind=MeetingEventKind.HELD, to_on=meeting.held_on, actor_id=actor.id)
        )
    meeting.events = events
    session.add(meeting)
    session.flush()
    return meeting


def _stored(meeting: Meeting, attribute: str) -> Any:
    """The value `attribute` had when loaded, before the form wrote into the meeting."""
    history = inspect(meeting).attrs[attribute].history
    if history.deleted:
        return history.deleted[0]
    return getattr(meeting, attribute)


def _has_records(session: Session, meeting: Meeting) -> bool:
    """True once attendance, participation or a record hangs on the meeting."""
    return bool(
        session.scalar(
            select(
                exists().where(Attendance.meeting_id == meeting.id)
                | exists().where(Participation.meeting_id == meeting.id)
                | exists().where(MeetingRecord.meeting_id == meeting.id)
            )
        )
    )


def update_meeting(
    session: Session,
    actor: User,
    meeting: Meeting,
    *,
    co_host_ids: Sequence[int],
    agenda: Sequence[str],
) -> Meeting:
    """Save corrections the form wrote into `meeting`, with hosts and agenda.

    A corrected date is a `rescheduled` event (a postponement is its own action). A meeting
    cannot switch between a council meeting and a public kind once attendance, participation
    or a record was entered for it: those belong to one kind. Needs hosts and agenda loaded.
    """
    old_kind = _stored(meeting, "kind")
    if old_kind.is_council_meeting != meeting.kind.is_council_meeting and _has_records(
        session, meeting
    ):
        raise MeetingChangeRefusedError("kind_has_records")
    for attribute in ("scheduled_on", "held_on"):
        before, after = _stored(meeting, attribute), getattr(meeting, attribute)
        if before != after:
            session.add(
                _event(meeting, actor, MeetingEventKind.RESCHEDULED, from_on=before, to_on=after)
            )
    _write_co_hosts(session, meeting, co_host_ids)
    _write_agenda(session, meeting, agenda)
    # A change to the agenda or hosts alone is still a change of the meeting: an UPDATE of
    # its row bumps the version, so a form opened before it is stale (409) as for any field.
    # The title is unchanged by this, so the audit trail records no change of it.
    flag_modified(meeting, "title")
    session.flush()
    return meeting


def _require_open(meeting: Meeting) -> None:
    if not meeting.status.is_open:
        raise MeetingChangeRefusedError("not_open")


def hold_meeting(
    session: Session, actor: User, meeting: Meeting, *, held_on: date, today: date
) -> Meeting:
    """Record a scheduled or postponed meeting as held on `held_on` (never after `today`)."""
    _require_open(meeting)
    if held_on > today:
        raise MeetingChangeRefusedError("held_in_future")
    meeting.status = MeetingStatus.HELD
    meeting.held_on = held_on
    session.add(_event(meeting, actor, MeetingEventKind.HELD, to_on=held_on))
    session.flush()
    return meeting


def cancel_meeting(session: Session, actor: User, meeting: Meeting, *, reason: str) -> Meeting:
    """Cancel a scheduled or postponed meeting; the reason is kept on it and in its history."""
    _require_open(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_reason = reason
    session.add(_event(meeting, actor, MeetingEventKind.CANCELLED, reason=reason))
    session.flush()
    return meeting


def postpone_meeting(
    session: Session, actor: User, meeting: Meeting, *, to_on: date, reason: str | None
) -> Meeting:
    """Move an open meeting to `to_on`; the date it is moved from stays in its history."""
    _require_open(meeting)
    if to_on == meeting.scheduled_on:
        raise MeetingChangeRefusedError("same_date")
    session.add(
        _event(
            meeting,
            actor,
            MeetingEventKind.POSTPONED,
            from_on=meeting.scheduled_on,
            to_on=to_on,
            reason=reason,
        )
    )
    meeting.scheduled_on = to_on
    meeting.status = MeetingStatus.POSTPONED
    session.flush()
    return meeting


def create_series(
    session: Session, actor: User, series: MeetingSeries, meetings: Sequence[Meeting]
) -> list[Meeting]:
    """Save the series and its meetings (one per date), each movable on its own later.

    `meetings` are unsaved, one per date still ahead (the caller leaves out past dates).
    """
    if not meetings:
        raise MeetingChangeRefusedError("no_dates")
    series.kind = meetings[0].kind
    session.add(series)
    session.flush()
    for meeting in meetings:
        meeting.series_id = series.id
        schedule_meeting(session, actor, meeting)
    return list(meetings)
