"""Meeting factories: meetings of every kind and status, attendance, participation, records."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, time
from typing import Any

import pytest
from sqlalchemy.orm import Session

from safety.consultations.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingHost,
    MeetingKind,
    MeetingRecord,
    MeetingStatus,
    ParticipantCommunity,
    Participation,
    ParticipationCommunity,
    RecordStatus,
)
from safety.councils.models import Council, Member
from tests.factories import sequence


@pytest.fixture
def make_meeting(session: Session, council_a: Council) -> Callable[..., Meeting]:
    """A meeting hosted by `council` (and `co_hosts`); `status=HELD` defaults `held_on`."""

    def factory(
        council: Council | None = None,
        *,
        kind: MeetingKind = MeetingKind.REGULAR,
        status: MeetingStatus = MeetingStatus.SCHEDULED,
        scheduled_on: date = date(2025, 3, 4),
        held_on: date | None = None,
        co_hosts: Iterable[Council] = (),
        agenda: Iterable[str] = ("Report of the police station commander",),
        **overrides: Any,
    ) -> Meeting:
        organiser = council or council_a
        if status == MeetingStatus.HELD and held_on is None:
            held_on = scheduled_on
        values: dict[str, Any] = {
            "council_id": organiser.id,
            "kind": kind,
            "status": status,
            "title": f"Meeting {next(sequence)}",
            "scheduled_on": scheduled_on,
            "starts_at": time(10, 0),
            "ends_at": time(12, 0),
            "held_on": held_on,
            "place_name": "Municipal assembly hall",
            "settlement": "Centre",
            "languages": "sq,sr",
        }
        values.update(overrides)
        meeting = Meeting(**values)
        session.add(meeting)
        session.flush()
        for host in (organiser, *co_hosts):
            session.add(MeetingHost(meeting_id=meeting.id, council_id=host.id))
        for position, title in enumerate(agenda, start=1):
            session.add(AgendaItem(meeting_id=meeting.id, position=position, title=title))
        session.add(
            MeetingEvent(meeting_id=meeting.id, kind=MeetingEventKind.SCHEDULED, to_on=scheduled_on)
        )
        if status == MeetingStatus.HELD:
            session.add(
                MeetingEvent(meeting_id=meeting.id, kind=MeetingEventKind.HELD, to_on=held_on)
            )
        session.commit()
        return meeting

    return factory


@pytest.fixture
def make_attendance(session: Session) -> Callable[..., list[Attendance]]:
    """Attendance rows: `{member: status}`, a substitute given as (member, status, name)."""

    def factory(
        meeting: Meeting,
        marks: Mapping[Member, AttendanceStatus],
        substitutes: Mapping[Member, str] | None = None,
    ) -> list[Attendance]:
        rows = [
            Attendance(
                meeting_id=meeting.id,
                member_id=member.id,
                status=status,
                substitute_name=(substitutes or {}).get(member),
            )
            for member, status in marks.items()
        ]
        session.add_all(rows)
        session.commit()
        return rows

    return factory


@pytest.fixture
def make_participation(session: Session) -> Callable[..., Participation]:
    """Participation that adds up: `total` split as given, the rest "not stated"."""

    def factory(
        meeting: Meeting,
        total: int,
        *,
        women: int = 0,
        men: int | None = None,
        under_30: int = 0,
        communities: Mapping[ParticipantCommunity, int] | None = None,
    ) -> Participation:
        men = total - women if men is None else men
        participation = Participation(
            meeting_id=meeting.id,
            total=total,
            women=women,
            men=men,
            gender_undisclosed=total - women - men,
            under_30=under_30,
            aged_30_plus=total - under_30,
            age_undisclosed=0,
        )
        session.add(participation)
        counts = communities or {ParticipantCommunity.UNDISCLOSED: total}
        session.add_all(
            ParticipationCommunity(meeting_id=meeting.id, community=community, count=count)
            for community, count in counts.items()
            if count
        )
        session.commit()
        return participation

    return factory


@pytest.fixture
def make_record(session: Session) -> Callable[..., MeetingRecord]:
    """Minutes (or a consultation's record) in any status, with the dates R08 reads."""

    def factory(
        meeting: Meeting,
        *,
        status: RecordStatus = RecordStatus.DRAFT,
        written_on: date | None = None,
        minutes_on: date | None = None,
        approved_at: Meeting | None = None,
        body: str = "<p>The commander reported on the security situation.</p>",
    ) -> MeetingRecord:
        written = written_on or meeting.held_on or meeting.scheduled_on
        if status != RecordStatus.DRAFT and minutes_on is None:
            minutes_on = written
        record = MeetingRecord(
            meeting_id=meeting.id,
            status=status,
            body=body,
            written_on=written,
            minutes_on=minutes_on,
            approved_on=approved_at.held_on if approved_at else None,
            approved_at_meeting_id=approved_at.id if approved_at else None,
        )
        session.add(record)
        session.commit()
        return record

    return factory
