"""Meetings through HTTP: the list, the meeting page, scheduling, editing and the lifecycle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.consultations.models import (
    AttendanceStatus,
    MeetingEvent,
    MeetingEventKind,
    MeetingKind,
    MeetingStatus,
)
from tests.conftest import assert_no_duplicated_queries


@pytest.fixture(autouse=True)
def english(app):
    """Read the pages in English (the messages checked here are the English ones)."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


def row_count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


# --- the list -------------------------------------------------------------------------------


def test_index_lists_newest_first_with_quorum(
    login, users, council_a, make_meeting, make_member, make_attendance
):
    older = make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 1, 7))
    newer = make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 2, 4))
    members = [make_member(council_a, appointed_on=date(2024, 1, 1)) for _ in range(3)]
    make_attendance(
        newer,
        {
            members[0]: AttendanceStatus.PRESENT,
            members[1]: AttendanceStatus.ABSENT,
            members[2]: AttendanceStatus.EXCUSED,
        },
        substitutes={members[1]: "Substitute Person"},
    )
    body = login(users["secretary_a"]).get(f"/councils/{council_a.id}/meetings/").text
    assert body.index(newer.title) < body.index(older.title)
    # One present, one represented by a substitute, of three active members: quorum.
    assert "2 of 3 present" in body
    assert "Quorum" in body


def test_index_without_quorum(login, users, council_a, make_meeting, make_member, make_attendance):
    meeting = make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 2, 4))
    members = [make_member(council_a, appointed_on=date(2024, 1, 1)) for _ in range(4)]
    make_attendance(
        meeting,
        {
            members[0]: AttendanceStatus.PRESENT,
            members[1]: AttendanceStatus.PRESENT,
            members[2]: AttendanceStatus.ABSENT,
            members[3]: AttendanceStatus.ABSENT,
        },
    )
    body = login(users["ministry"]).get(f"/councils/{council_a.id}/meetings/").text
    # Two of four is half, not more than half.
    assert "2 of 4 present" in body
    assert "No quorum" in body


def test_index_shows_only_public_kinds_to_the_public(
    login, users, council_a, council_b, make_meeting
):
    council_meeting = make_meeting(council_a, title="Closed council meeting")
    consultation = make_meeting(
        council_a, kind=MeetingKind.PUBLIC_CONSULTATION, title="Open consultation"
    )
    activity = make_meeting(council_a, kind=MeetingKind.COMMUNITY_ACTIVITY, title="Youth day")
    co_hosted = make_meeting(
        council_b,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        co_hosts=(council_a,),
        title="Co-hosted by B and A",
    )
    url = f"/councils/{council_a.id}/meetings/"
    for role in (None, "cso", "secretary_b"):
        body = login(users.get(role) if role else None).get(url).text
        assert council_meeting.title not in body
        for shown in (consultation, activity, co_hosted):
            assert shown.title in body
        assert "Regular council meeting" not in body
    for role in ("secretary_a", "ministry", "admin"):
        body = login(users[role]).get(url).text
        for shown in (council_meeting, consultation, activity, co_hosted):
            assert shown.title in body


def test_index_filters_by_kind_status_and_year(login, users, council_a, make_meeting):
    regular = make_meeting(council_a, scheduled_on=date(2024, 5, 7), title="Regular of 2024")
    held = make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 5, 6), title="Held 2025"
    )
    consultation = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        scheduled_on=date(2025, 6, 10),
        title="Consultation 2025",
    )
    client = login(users["secretary_a"])
    url = f"/councils/{council_a.id}/meetings/"

    def shown(query: str) -> set[str]:
        body = client.get(url + query).text
        return {m.title for m in (regular, held, consultation) if m.title in body}

    assert shown("?year=2024") == {regular.title}
    assert shown("?year=2025") == {held.title, consultation.title}
    assert shown("?status=held") == {held.title}
    assert shown("?kind=public_consultation") == {consultation.title}
    assert shown("?kind=regular&year=2025") == {held.title}


def test_index_refuses_unknown_filters_and_council(login, users, council_a):
    client = login(users["secretary_a"])
    response = client.get(f"/councils/{council_a.id}/meetings/?kind=secret")
    assert response.status_code == 400
    assert "Not a valid choice" in response.text
    # The public may not filter by a kind it may not see.
    assert login().get(f"/councils/{council_a.id}/meetings/?kind=regular").status_code == 400
    assert client.get("/councils/999999/meetings/").status_code == 404


def test_index_paginates(app, login, users, council_a, make_meeting):
    app.config["PAGE_SIZE"] = 2
    titles = [
        make_meeting(council_a, scheduled_on=date(2025, 1, day), title=f"Meeting day {day}").title
        for day in (1, 2, 3)
    ]
    client = login(users["secretary_a"])
    first = client.get(f"/councils/{council_a.id}/meetings/?kind=regular").text
    assert titles[2] in first
    assert titles[1] in first
    assert titles[0] not in first
    second = client.get(f"/councils/{council_a.id}/meetings/?kind=regular&page=2").text
    assert titles[0] in second
    assert titles[2] not in second
    assert "Later meetings" in second


def _fill_council(make_meeting, make_member, make_attendance, council, count: int) -> None:
    members = [make_member(council, appointed_on=date(2024, 1, 1)) for _ in range(3)]
    for number in range(count):
        meeting = make_meeting(
            council,
            kind=(MeetingKind.REGULAR, MeetingKind.PUBLIC_CONSULTATION)[number % 2],
            status=MeetingStatus.HELD,
            scheduled_on=date(2024, 1, 1) + timedelta(days=7 * number),
            agenda=[f"Item {n}" for n in range(3)],
        )
        if meeting.kind == MeetingKind.REGULAR:
            make_attendance(meeting, dict.fromkeys(members, AttendanceStatus.PRESENT))


def _index_queries(login, users, council, count_queries) -> list[str]:
    client = login(users["secretary_a"])
    url = f"/councils/{council.id}/meetings/"
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.statements


def test_index_query_count_does_not_grow(
    login, users, council_a, make_meeting, make_member, make_attendance, count_queries
):
    _fill_council(make_meeting, make_member, make_attendance, council_a, 3)
    few = _index_queries(login, users, council_a, count_queries)
    _fill_council(make_meeting, make_member, make_attendance, council_a, 37)
    many = _index_queries(login, users, council_a, count_queries)
    assert len(few) == len(many)
    # The user, the council, the years for the filter, and the page of meetings.
    assert len(many) == 4
    assert_no_duplicated_queries(many)


# --- the meeting page -----------------------------------------------------------------------


def test_show_displays_the_meeting(login, users, council_a, council_b, make_meeting):
    meeting = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        co_hosts=(council_b,),
        agenda=("Welcome", "Safety on the way to school", "Questions"),
        title="Consultation on school routes",
        address="Rr. Nëna Terezë 1",
        settlement="Gračanica",
        settlement_community="serb",
        online_url="https://meet.example.org/school",
        interpretation=True,
        declaration="Declaration for inter-community dialogue",
    )
    body = login(users["ministry"]).get(f"/meetings/{meeting.id}").text
    assert "Consultation on school routes" in body
    assert (
        body.index("Welcome") < body.index("Safety on the way to school") < body.index("Questions")
    )
    assert "Graçanicë" in body  # the co-host
    assert "Declaration for inter-community dialogue" in body
    assert "majority community: Serb" in body
    assert "Albanian, Serbian" in body
    assert "https://meet.example.org/school" in body
    assert "Scheduled for 04.03.2025." in body
    # The online link is for staff only.
    public = login().get(f"/meetings/{meeting.id}").text
    assert "Consultation on school routes" in public
    assert "meet.example.org" not in public


def test_show_hides_council_meetings_from_others(login, users, council_a, make_meeting):
    meeting = make_meeting(council_a, title="Internal meeting of council A")
    for role in (None, "cso", "secretary_b"):
        response = login(users.get(role) if role else None).get(f"/meetings/{meeting.id}")
        assert response.status_code == 404
        assert meeting.title not in response.text
    for role in ("secretary_a", "ministry", "admin"):
        assert login(users[role]).get(f"/meetings/{meeting.id}").status_code == 200
    assert login(users["admin"]).get("/meetings/999999").status_code == 404


def _show_queries(login, users, meeting, count_queries) -> list[str]:
    client = login(users["secretary_a"])
    url = f"/meetings/{meeting.id}"
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.statements


def test_show_query_count_does_not_grow(
    login, users, session, council_a, make_meeting, count_queries
):
    small = make_meeting(council_a, agenda=["One"])
    few = _show_queries(login, users, small, count_queries)
    large = make_meeting(council_a, agenda=[f"Item {n}" for n in range(30)])
    for day in range(10):
        session.add(
            MeetingEvent(
                meeting_id=large.id,
                kind=MeetingEventKind.POSTPONED,
                from_on=date(2025, 3, 4) + timedelta(days=day),
                to_on=date(2025, 3, 5) + timedelta(days=day),
            )
        )
    session.commit()
    many = _show_queries(login, users, large, count_queries)
    assert len(few) == len(many)
    assert_no_duplicated_queries(many)
