"""Meeting facts read from the database in one query, and the council page's meeting findings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safety.compliance.facts import meeting_facts, meeting_facts_by_council
from safety.compliance.rules import MeetingFacts
from safety.consultations.models import (
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    ParticipantCommunity,
    RecordStatus,
)
from safety.councils.models import Community, CouncilDecision, DecisionKind, MemberRole
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries

HELD = MeetingStatus.HELD


@pytest.fixture(autouse=True)
def english(app):
    """Read pages in English (the msgids)."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


@pytest.fixture
def members_a(make_member, council_a):
    """Five members of council A appointed well before every meeting below."""
    return [make_member(council_a, appointed_on=date(2020, 1, 1)) for _ in range(5)]


def test_council_meeting_with_attendance_minutes_and_approval(
    session, council_a, members_a, make_meeting, make_attendance, make_record
):
    first = make_meeting(council_a, status=HELD, scheduled_on=date(2025, 3, 4))
    later = make_meeting(
        council_a, kind=MeetingKind.EXTRAORDINARY, status=HELD, scheduled_on=date(2025, 4, 1)
    )
    present, substituted, absent, excused, blank_substitute = members_a
    make_attendance(
        first,
        {
            present: AttendanceStatus.PRESENT,
            substituted: AttendanceStatus.ABSENT,
            absent: AttendanceStatus.ABSENT,
            excused: AttendanceStatus.EXCUSED,
            blank_substitute: AttendanceStatus.ABSENT,
        },
        # A represented member counts as present; an empty name is no substitute.
        substitutes={substituted: "Deputy Director", blank_substitute: ""},
    )
    make_record(
        first, status=RecordStatus.APPROVED, minutes_on=date(2025, 3, 10), approved_at=later
    )
    assert meeting_facts(session, council_a.id) == (
        MeetingFacts(
            kind="regular",
            held_on=date(2025, 3, 4),
            present=2,
            minutes_on=date(2025, 3, 10),
            approved_on=date(2025, 4, 1),
        ),
        # No attendance rows: quorum cannot be shown; no record: no minutes.
        MeetingFacts(kind="extraordinary", held_on=date(2025, 4, 1)),
    )


def test_only_held_meetings_of_the_host_count(
    session, council_a, council_b, make_meeting, make_record
):
    make_meeting(council_a, status=MeetingStatus.SCHEDULED, scheduled_on=date(2025, 5, 6))
    make_meeting(
        council_a,
        status=MeetingStatus.CANCELLED,
        scheduled_on=date(2025, 2, 4),
        cancelled_reason="No quorum expected",
    )
    make_meeting(council_b, status=HELD, scheduled_on=date(2025, 2, 11))
    held = make_meeting(council_a, status=HELD, scheduled_on=date(2025, 2, 4))
    # A record still in draft has no minutes date.
    make_record(held, status=RecordStatus.DRAFT)
    assert meeting_facts(session, council_a.id) == (
        MeetingFacts(kind="regular", held_on=date(2025, 2, 4)),
    )


def test_co_hosted_consultation_is_judged_against_each_hosts_majority(
    session, council_a, council_b, make_meeting, make_participation, make_record
):
    # Council A is Prishtinë (Albanian majority), council B Graçanicë (Serb majority).
    consultation = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=HELD,
        scheduled_on=date(2025, 6, 3),
        co_hosts=[council_b],
        settlement_community=Community.SERB,
        interpretation=True,
    )
    make_participation(
        consultation,
        20,
        women=9,
        under_30=4,
        communities={
            ParticipantCommunity.ALBANIAN: 10,
            ParticipantCommunity.SERB: 5,
            ParticipantCommunity.ROMA: 2,
            ParticipantCommunity.UNDISCLOSED: 3,
        },
    )
    make_record(consultation, status=RecordStatus.PUBLISHED, minutes_on=date(2025, 6, 5))
    common = {
        "kind": "public_consultation",
        "held_on": date(2025, 6, 3),
        "minutes_on": date(2025, 6, 5),
        "participants": 20,
        "women": 9,
        "youth": 4,
        "interpretation": True,
    }
    facts = meeting_facts_by_council(session, [council_a.id, council_b.id])
    assert facts == {
        # Serb and Roma are not Albanian; "undisclosed" is nobody's non-majority.
        council_a.id: (MeetingFacts(**common, non_majority=7, non_majority_settlement=True),),
        council_b.id: (MeetingFacts(**common, non_majority=12, non_majority_settlement=False),),
    }


def test_community_activity_without_participation_or_settlement(session, council_a, make_meeting):
    make_meeting(
        council_a,
        kind=MeetingKind.COMMUNITY_ACTIVITY,
        status=HELD,
        scheduled_on=date(2025, 7, 1),
        held_on=date(2025, 7, 2),
    )
    assert meeting_facts(session, council_a.id) == (
        MeetingFacts(kind="community_activity", held_on=date(2025, 7, 2)),
    )


def test_quorum_counts_only_the_hosts_own_members(
    session, council_a, council_b, members_a, make_member, make_meeting, make_attendance
):
    joint = make_meeting(council_a, status=HELD, co_hosts=[council_b])
    visitor = make_member(council_b, appointed_on=date(2020, 1, 1))
    make_attendance(
        joint, {members_a[0]: AttendanceStatus.PRESENT, visitor: AttendanceStatus.PRESENT}
    )
    facts = meeting_facts_by_council(session, [council_a.id, council_b.id])
    assert facts[council_a.id][0].present == 1
    assert facts[council_b.id][0].present == 1


def test_one_query_whatever_the_number_of_meetings(
    session,
    council_a,
    council_b,
    members_a,
    make_meeting,
    make_attendance,
    make_participation,
    make_record,
    count_queries,
):
    def add_meetings(count: int, start: date) -> None:
        for n in range(count):
            day = start + timedelta(days=7 * n)
            meeting = make_meeting(council_a, status=HELD, scheduled_on=day)
            make_attendance(meeting, dict.fromkeys(members_a, AttendanceStatus.PRESENT))
            make_record(meeting, status=RecordStatus.CIRCULATED, minutes_on=day)
            consultation = make_meeting(
                council_a,
                kind=MeetingKind.PUBLIC_CONSULTATION,
                status=HELD,
                scheduled_on=day,
                co_hosts=[council_b],
            )
            make_participation(
                consultation, 10, women=5, communities={ParticipantCommunity.SERB: 10}
            )

    ids = [council_a.id, council_b.id]
    statements = []
    for count, start in ((1, date(2024, 1, 2)), (10, date(2025, 1, 7))):
        add_meetings(count, start)
        session.expire_all()
        with count_queries() as counter:
            facts = meeting_facts_by_council(session, ids)
        statements.append(counter.count)
    assert statements == [1, 1]
    assert len(facts[council_a.id]) == 22
    assert len(facts[council_b.id]) == 11
    assert {fact.present for fact in facts[council_a.id] if fact.kind == "regular"} == {5}


# -- The council page ----------------------------------------------------------------------


@pytest.fixture
def constituted_a(session, council_a):
    session.add(
        CouncilDecision(
            council_id=council_a.id,
            kind=DecisionKind.CONSTITUTING,
            number="01-016/23",
            decided_on=date(2023, 3, 15),
        )
    )
    session.commit()
    return council_a


def test_council_page_shows_the_meeting_findings(
    client, constituted_a, make_member, make_meeting, make_attendance
):
    day = today()
    chair = make_member(constituted_a, role=MemberRole.CHAIR, appointed_on=date(2023, 3, 15))
    last = day - timedelta(days=40)
    for n in range(4):
        meeting = make_meeting(constituted_a, status=HELD, scheduled_on=last - timedelta(30 * n))
        make_attendance(meeting, {chair: AttendanceStatus.PRESENT})
    text = client.get(f"/councils/{constituted_a.id}").text
    assert f"Meeting obligations on {day:%d.%m.%Y}" in text
    for obligation in (
        "It meets regularly",
        "Meetings are quorate",
        "Minutes are kept",
        "It consults the public",
        "Consultations reach every community",
        "Consultations include women and youth",
        "It responds to serious incidents",
    ):
        assert obligation in text
    assert (
        f"The last council meeting was held on {last:%d.%m.%Y}, 40 days earlier. "
        "That is more than 31 days."
    ) in text
    # The chair alone is active and was present each time: every meeting was quorate.
    assert "All 4 council meetings held since" in text
    # Concerns are not recorded yet: no incident to answer.
    assert "No serious incident was recorded since" in text


def test_council_page_query_count_does_not_grow_with_meetings(
    login, users, constituted_a, members_a, make_meeting, make_attendance, count_queries
):
    def page_queries() -> int:
        client = login(users["secretary_a"])
        with count_queries() as counter:
            response = client.get(f"/councils/{constituted_a.id}")
        assert response.status_code == 200
        assert_no_duplicated_queries(counter.statements)
        return counter.count

    day = today()
    make_meeting(constituted_a, status=HELD, scheduled_on=day - timedelta(days=3))
    few = page_queries()
    for n in range(8):
        meeting = make_meeting(
            constituted_a, status=HELD, scheduled_on=day - timedelta(days=30 * n + 10)
        )
        make_attendance(meeting, dict.fromkeys(members_a, AttendanceStatus.PRESENT))
    assert page_queries() == few
