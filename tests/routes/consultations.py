"""The meetings slice's shared world; its routes are listed by job in `meetings_*.py`.

Council A has: a held regular meeting with attendance and circulated minutes, a later held
meeting that can approve them, a scheduled meeting, a held public consultation with
participation and a published record, and an upcoming consultation co-hosted with council B.
Council B has one held regular meeting that council A's secretary must never see.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safety.consultations.models import (
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    ParticipantCommunity,
    RecordStatus,
)
from safety.dates import today
from tests.routes.base import Route, World

ROUTES: list[Route] = []


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    council_a = request.getfixturevalue("council_a")
    council_b = request.getfixturevalue("council_b")
    make_meeting = request.getfixturevalue("make_meeting")
    make_attendance = request.getfixturevalue("make_attendance")
    make_participation = request.getfixturevalue("make_participation")
    make_record = request.getfixturevalue("make_record")
    # Its own attendee: council A's matrix member must stay deletable (nothing refers to it).
    attendee = request.getfixturevalue("make_member")(council_a, full_name="Arben Attendee")

    meeting_a = make_meeting(
        council_a,
        status=MeetingStatus.HELD,
        scheduled_on=date(2025, 3, 4),
        title="March meeting of council A",
    )
    make_attendance(meeting_a, {attendee: AttendanceStatus.PRESENT})
    record_a = make_record(
        meeting_a,
        status=RecordStatus.CIRCULATED,
        minutes_on=date(2025, 3, 6),
        body="<p>Minutes text of council A</p>",
    )
    meeting_a_next = make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 4, 1)
    )
    upcoming = today() + timedelta(days=30)
    meeting_a_scheduled = make_meeting(council_a, scheduled_on=upcoming)
    consultation_a = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.HELD,
        scheduled_on=date(2025, 5, 20),
        title="Public consultation on school safety",
    )
    make_participation(
        consultation_a,
        40,
        women=18,
        under_30=9,
        communities={ParticipantCommunity.ALBANIAN: 34, ParticipantCommunity.ROMA: 6},
    )
    make_record(consultation_a, status=RecordStatus.PUBLISHED, minutes_on=date(2025, 5, 22))
    consultation_ab = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        scheduled_on=today() + timedelta(days=20),
        co_hosts=(council_b,),
        title="Inter-municipal consultation on freedom of movement",
        declaration="Inter-Municipal Declaration for inter-community dialogue",
    )
    meeting_b = make_meeting(
        council_b,
        status=MeetingStatus.HELD,
        scheduled_on=date(2025, 3, 10),
        title="Meeting of council B",
    )
    return {
        "attendee_a": attendee.id,
        "meeting_a": meeting_a.id,
        "meeting_a_version": meeting_a.version_id,
        "meeting_a_title": meeting_a.title,
        "record_a": record_a.id,
        "record_a_version": record_a.version_id,
        "meeting_a_next": meeting_a_next.id,
        "meeting_a_scheduled": meeting_a_scheduled.id,
        "meeting_a_scheduled_on": meeting_a_scheduled.scheduled_on,
        "meeting_a_scheduled_version": meeting_a_scheduled.version_id,
        "consultation_a": consultation_a.id,
        "consultation_a_version": consultation_a.version_id,
        "consultation_ab": consultation_ab.id,
        "meeting_b": meeting_b.id,
        "meeting_b_title": meeting_b.title,
    }
