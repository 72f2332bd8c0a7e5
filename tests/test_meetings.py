"""Meetings through HTTP: the list, the meeting page, scheduling, editing and the lifecycle."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from safety.consultations.models import (
    AttendanceStatus,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
)
from safety.consultations.queries import meeting_page_options
from safety.consultations.series import monthly_dates, nth_weekday
from safety.consultations.services import (
    MeetingChangeRefusedError,
    create_series,
    hold_meeting,
    postpone_meeting,
    schedule_meeting,
)
from safety.dates import today
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


def test_index_shows_scheduling_buttons_to_its_secretary_only(login, users, council_a):
    url = f"/councils/{council_a.id}/meetings/"
    assert "Schedule a meeting" in login(users["secretary_a"]).get(url).text
    for role in ("secretary_b", "ministry", "admin", "cso"):
        assert "Schedule a meeting" not in login(users[role]).get(url).text


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


# --- scheduling -----------------------------------------------------------------------------


def meeting_data(**overrides) -> dict:
    """A valid form for a regular meeting a month ahead; `overrides` change or drop fields."""
    data = {
        "kind": "regular",
        "title": "April meeting",
        "scheduled_on": (today() + timedelta(days=30)).isoformat(),
        "starts_at": "10:00",
        "ends_at": "12:00",
        "place_name": "Municipal assembly hall",
        "address": "Sheshi Nëna Terezë",
        "settlement": "Prishtinë",
        "settlement_community": "",
        "online_url": "",
        "languages": ["sq", "sr"],
        "declaration": "",
        "agenda": "Report of the police station commander\n\n  Safety around schools  \nOther",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_secretary_schedules_a_meeting(login, users, session, council_a):
    client = login(users["secretary_a"])
    response = client.post(f"/councils/{council_a.id}/meetings/new", data=meeting_data())
    assert response.status_code == 302
    meeting = session.scalars(select(Meeting).options(*meeting_page_options())).one()
    assert response.headers["Location"] == f"/meetings/{meeting.id}"
    assert meeting.status == MeetingStatus.SCHEDULED
    assert meeting.council_id == council_a.id
    assert meeting.languages == "sq,sr"
    assert meeting.ends_at == time(12, 0)
    assert [item.title for item in meeting.agenda] == [
        "Report of the police station commander",
        "Safety around schools",
        "Other",
    ]
    assert [item.position for item in meeting.agenda] == [1, 2, 3]
    assert [host.council_id for host in meeting.hosts] == [council_a.id]
    assert [(e.kind, e.to_on, e.actor_id) for e in meeting.events] == [
        (MeetingEventKind.SCHEDULED, meeting.scheduled_on, users["secretary_a"].id)
    ]
    page = client.get(response.headers["Location"]).text
    assert "The meeting has been scheduled." in page


def test_a_consultation_is_co_hosted(login, users, session, council_a, council_b):
    response = login(users["secretary_a"]).post(
        f"/councils/{council_a.id}/meetings/new",
        data=meeting_data(
            kind="public_consultation",
            title="Joint consultation",
            co_hosts=[str(council_b.id)],
            declaration="Declaration on inter-community dialogue",
        ),
    )
    assert response.status_code == 302
    meeting = session.scalars(select(Meeting).options(selectinload(Meeting.hosts))).one()
    assert meeting.host_council_ids == {council_a.id, council_b.id}
    assert meeting.declaration == "Declaration on inter-community dialogue"
    # The co-host's secretary may now edit it.
    assert login(users["secretary_b"]).get(f"/meetings/{meeting.id}/edit").status_code == 200


def test_a_meeting_is_entered_after_the_fact(login, users, session, council_a):
    held_on = today() - timedelta(days=10)
    response = login(users["secretary_a"]).post(
        f"/councils/{council_a.id}/meetings/new",
        data=meeting_data(scheduled_on=held_on.isoformat(), already_held="y"),
    )
    assert response.status_code == 302
    meeting = session.scalars(select(Meeting).options(selectinload(Meeting.events))).one()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.held_on == held_on
    assert [(e.kind, e.to_on) for e in meeting.events] == [
        (MeetingEventKind.SCHEDULED, held_on),
        (MeetingEventKind.HELD, held_on),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "09:30"}, "The meeting must end after it starts."),
        ({"ends_at": "10:00"}, "The meeting must end after it starts."),
        (
            {"already_held": "y"},
            "A meeting on a future date cannot have been held: untick this box.",
        ),
        ({"co_hosts": ["7"]}, "A council meeting has no co-hosts"),
        (
            {"kind": "public_consultation", "declaration": "A declaration"},
            "Name a declaration only for an event co-hosted with other councils.",
        ),
        ({"online_url": "javascript:alert(1)"}, "Enter a complete web address"),
        ({"online_url": "meet.example.org"}, "Enter a complete web address"),
        ({"agenda": "\n".join(f"Item {n}" for n in range(31))}, "at most 30 items"),
        ({"agenda": "Fine\n" + "x" * 301}, "Item 2 is longer than 300 characters"),
        ({"title": "  "}, "This field is required."),
        ({"scheduled_on": "1998-05-05"}, "Councils did not exist before 1999"),
        ({"scheduled_on": "2025-02-30"}, "Not a valid date value"),
        ({"starts_at": ""}, "This field is required."),
        ({"kind": "secret"}, "Not a valid choice"),
        ({"languages": ["xx"]}, "not a valid choice"),
    ],
)
def test_scheduling_refuses_bad_input(login, users, session, council_a, overrides, message):
    response = login(users["secretary_a"]).post(
        f"/councils/{council_a.id}/meetings/new", data=meeting_data(**overrides)
    )
    assert response.status_code == 400
    assert message in response.text
    assert row_count(session, Meeting) == 0
    # What was typed comes back in the form.
    assert "Sheshi Nëna Terezë" in response.text


def test_only_the_councils_secretary_schedules(login, users, council_a):
    url = f"/councils/{council_a.id}/meetings/new"
    for role in ("secretary_b", "ministry", "admin", "cso"):
        assert login(users[role]).post(url, data=meeting_data()).status_code == 403
    assert login().get(url).status_code == 302
    assert login(users["secretary_a"]).get(url).status_code == 200


# --- editing --------------------------------------------------------------------------------


def edit_data(meeting, **overrides) -> dict:
    """The edit form as opened on `meeting`, with `overrides`."""
    opened = {
        "kind": meeting.kind.value,
        "title": meeting.title,
        "scheduled_on": meeting.scheduled_on.isoformat(),
        "version": str(meeting.version_id),
    }
    return meeting_data(**{**opened, **overrides})


def load(session, meeting_id: int) -> Meeting:
    return session.scalars(
        select(Meeting).where(Meeting.id == meeting_id).options(*meeting_page_options())
    ).one()


def test_editing_corrects_the_meeting_and_keeps_the_date_in_its_history(
    login, users, session, council_a, make_meeting
):
    meeting = make_meeting(council_a, agenda=("First", "Second", "Third"))
    old_on = meeting.scheduled_on
    response = login(users["secretary_a"]).post(
        f"/meetings/{meeting.id}/edit",
        data=edit_data(
            meeting,
            title="Corrected title",
            scheduled_on="2025-03-05",
            agenda="Second\nFirst",
            interpretation="y",
        ),
    )
    assert response.status_code == 302
    meeting = load(session, meeting.id)
    assert meeting.title == "Corrected title"
    assert meeting.scheduled_on == date(2025, 3, 5)
    assert meeting.interpretation is True
    assert [(i.position, i.title) for i in meeting.agenda] == [(1, "Second"), (2, "First")]
    rescheduled = meeting.events[-1]
    assert (rescheduled.kind, rescheduled.from_on, rescheduled.to_on) == (
        MeetingEventKind.RESCHEDULED,
        old_on,
        date(2025, 3, 5),
    )
    assert rescheduled.actor_id == users["secretary_a"].id
    # A correction is not a postponement: the status stays.
    assert meeting.status == MeetingStatus.SCHEDULED


def test_editing_without_a_date_change_adds_no_history(
    login, users, session, council_a, make_meeting
):
    meeting = make_meeting(council_a)
    login(users["secretary_a"]).post(
        f"/meetings/{meeting.id}/edit", data=edit_data(meeting, title="Only the title")
    )
    assert [e.kind for e in load(session, meeting.id).events] == [MeetingEventKind.SCHEDULED]


def test_editing_a_held_meeting_corrects_its_held_date(
    login, users, session, council_a, make_meeting
):
    meeting = make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 3, 4))
    client = login(users["secretary_a"])
    assert 'name="held_on"' in client.get(f"/meetings/{meeting.id}/edit").text
    future = (today() + timedelta(days=1)).isoformat()
    refused = client.post(f"/meetings/{meeting.id}/edit", data=edit_data(meeting, held_on=future))
    assert refused.status_code == 400
    assert "This date cannot be in the future." in refused.text
    assert load(session, meeting.id).held_on == date(2025, 3, 4)
    response = client.post(
        f"/meetings/{meeting.id}/edit", data=edit_data(meeting, held_on="2025-03-06")
    )
    assert response.status_code == 302
    meeting = load(session, meeting.id)
    assert meeting.held_on == date(2025, 3, 6)
    assert (meeting.events[-1].kind, meeting.events[-1].from_on) == (
        MeetingEventKind.RESCHEDULED,
        date(2025, 3, 4),
    )


def test_an_open_meeting_has_no_held_date_to_edit(login, users, council_a, make_meeting):
    meeting = make_meeting(council_a)
    client = login(users["secretary_a"])
    assert 'name="held_on"' not in client.get(f"/meetings/{meeting.id}/edit").text
    # A held date posted anyway is ignored: holding is its own action.
    client.post(f"/meetings/{meeting.id}/edit", data=edit_data(meeting, held_on="2025-01-01"))
    assert client.get(f"/meetings/{meeting.id}").status_code == 200


def test_a_stale_edit_is_refused_keeping_what_was_typed(
    login, users, session, council_a, make_meeting
):
    meeting = make_meeting(council_a, title="Stored title")
    stale = edit_data(meeting, title="My unsaved title")
    client = login(users["secretary_a"])
    assert (
        client.post(
            f"/meetings/{meeting.id}/edit", data=edit_data(meeting, title="Saved by someone else")
        ).status_code
        == 302
    )
    response = client.post(f"/meetings/{meeting.id}/edit", data=stale)
    assert response.status_code == 409
    assert "My unsaved title" in response.text
    assert "Saved by someone else" in response.text  # the current value beside it
    assert load(session, meeting.id).title == "Saved by someone else"
    # Saving again from the conflict page is a deliberate overwrite.
    version = load(session, meeting.id).version_id
    assert f'value="{version}"' in response.text


def test_an_agenda_only_change_makes_an_open_form_stale(
    login, users, session, council_a, make_meeting
):
    meeting = make_meeting(council_a, agenda=("One",))
    stale = edit_data(meeting, agenda="One")
    client = login(users["secretary_a"])
    assert (
        client.post(
            f"/meetings/{meeting.id}/edit", data=edit_data(meeting, agenda="One\nTwo")
        ).status_code
        == 302
    )
    assert client.post(f"/meetings/{meeting.id}/edit", data=stale).status_code == 409
    assert [i.title for i in load(session, meeting.id).agenda] == ["One", "Two"]


def test_a_council_meeting_cannot_get_co_hosts(
    login, users, session, council_a, council_b, make_meeting
):
    meeting = make_meeting(council_a)
    response = login(users["secretary_a"]).post(
        f"/meetings/{meeting.id}/edit", data=edit_data(meeting, co_hosts=[str(council_b.id)])
    )
    assert response.status_code == 400
    assert "A council meeting has no co-hosts" in response.text
    assert load(session, meeting.id).host_council_ids == {council_a.id}


def test_co_hosts_can_be_changed(login, users, session, council_a, council_b, make_meeting):
    meeting = make_meeting(council_a, kind=MeetingKind.PUBLIC_CONSULTATION, co_hosts=(council_b,))
    other = council_a.id + 2 if council_a.id + 2 != council_b.id else council_a.id + 3
    response = login(users["secretary_b"]).post(
        f"/meetings/{meeting.id}/edit",
        data=edit_data(meeting, co_hosts=[str(council_b.id), str(other)]),
    )
    assert response.status_code == 302
    assert load(session, meeting.id).host_council_ids == {council_a.id, council_b.id, other}
    login(users["secretary_a"]).post(
        f"/meetings/{meeting.id}/edit", data=edit_data(load(session, meeting.id))
    )
    assert load(session, meeting.id).host_council_ids == {council_a.id}


def test_a_meeting_with_attendance_keeps_its_group_of_kinds(
    login, users, session, council_a, make_meeting, make_member, make_attendance
):
    meeting = make_meeting(council_a, status=MeetingStatus.HELD)
    make_attendance(meeting, {make_member(council_a): AttendanceStatus.PRESENT})
    client = login(users["secretary_a"])
    response = client.post(
        f"/meetings/{meeting.id}/edit",
        data=edit_data(meeting, kind="public_consultation", held_on="2025-03-04"),
    )
    assert response.status_code == 400
    assert "cannot change between a council meeting and a public" in response.text
    assert load(session, meeting.id).kind == MeetingKind.REGULAR
    # Within council meetings the kind can still be corrected.
    response = client.post(
        f"/meetings/{meeting.id}/edit",
        data=edit_data(meeting, kind="extraordinary", held_on="2025-03-04"),
    )
    assert response.status_code == 302
    assert load(session, meeting.id).kind == MeetingKind.EXTRAORDINARY


def test_another_councils_secretary_cannot_edit(login, users, council_a, make_meeting):
    meeting = make_meeting(council_a, title="Council A internal title")
    for method in ("get", "post"):
        response = getattr(login(users["secretary_b"]), method)(
            f"/meetings/{meeting.id}/edit", data=edit_data(meeting)
        )
        assert response.status_code == 404
        assert meeting.title not in response.text
    for role in ("ministry", "admin"):
        assert login(users[role]).get(f"/meetings/{meeting.id}/edit").status_code == 403


# --- holding, postponing, cancelling --------------------------------------------------------


def test_holding_defaults_to_the_scheduled_date_once_it_has_come(
    login, users, council_a, make_meeting
):
    past = make_meeting(council_a, scheduled_on=date(2025, 3, 4))
    ahead = make_meeting(council_a, scheduled_on=today() + timedelta(days=5))
    client = login(users["secretary_a"])
    assert 'value="2025-03-04"' in client.get(f"/meetings/{past.id}/hold").text
    assert f'value="{today().isoformat()}"' in client.get(f"/meetings/{ahead.id}/hold").text


def test_a_meeting_is_recorded_as_held(login, users, session, council_a, make_meeting):
    meeting = make_meeting(council_a, scheduled_on=date(2025, 3, 4))
    client = login(users["secretary_a"])
    response = client.post(f"/meetings/{meeting.id}/hold", data={"held_on": "2025-03-05"})
    assert response.status_code == 302
    meeting = load(session, meeting.id)
    assert (meeting.status, meeting.held_on) == (MeetingStatus.HELD, date(2025, 3, 5))
    event = meeting.events[-1]
    assert (event.kind, event.to_on, event.actor_id) == (
        MeetingEventKind.HELD,
        date(2025, 3, 5),
        users["secretary_a"].id,
    )
    assert "The meeting has been recorded as held." in client.get(f"/meetings/{meeting.id}").text


def test_a_held_date_cannot_be_in_the_future(login, users, session, council_a, make_meeting):
    meeting = make_meeting(council_a, scheduled_on=today() + timedelta(days=3))
    before = row_count(session, MeetingEvent)
    response = login(users["secretary_a"]).post(
        f"/meetings/{meeting.id}/hold",
        data={"held_on": (today() + timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert "This date cannot be in the future." in response.text
    assert load(session, meeting.id).status == MeetingStatus.SCHEDULED
    assert row_count(session, MeetingEvent) == before


@pytest.mark.parametrize("action", ["hold", "postpone", "cancel"])
@pytest.mark.parametrize("status", [MeetingStatus.CANCELLED, MeetingStatus.HELD])
def test_only_open_meetings_change_status(
    login, users, session, council_a, make_meeting, action, status
):
    meeting = make_meeting(council_a, status=status, scheduled_on=date(2025, 3, 4))
    data = {"held_on": "2025-03-04", "to_on": "2025-03-11", "reason": "A reason"}
    before = row_count(session, MeetingEvent)
    client = login(users["secretary_a"])
    page = client.get(f"/meetings/{meeting.id}/{action}")
    assert page.status_code == 200
    assert "Only a scheduled or postponed meeting can be held, postponed or cancelled" in page.text
    assert 'type="submit" class="button-primary"' not in page.text
    response = client.post(f"/meetings/{meeting.id}/{action}", data=data)
    assert response.status_code == 400
    assert "Only a scheduled or postponed meeting can be held, postponed or cancelled" in (
        response.text
    )
    assert load(session, meeting.id).status == status
    assert row_count(session, MeetingEvent) == before


def test_cancelling_needs_a_reason(login, users, session, council_a, make_meeting):
    meeting = make_meeting(council_a)
    client = login(users["secretary_a"])
    for reason in ("", "   "):
        response = client.post(f"/meetings/{meeting.id}/cancel", data={"reason": reason})
        assert response.status_code == 400
        assert "This field is required." in response.text
    assert load(session, meeting.id).status == MeetingStatus.SCHEDULED
    response = client.post(
        f"/meetings/{meeting.id}/cancel", data={"reason": "The commander was called away."}
    )
    assert response.status_code == 302
    meeting = load(session, meeting.id)
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.cancelled_reason == "The commander was called away."
    assert (meeting.events[-1].kind, meeting.events[-1].reason) == (
        MeetingEventKind.CANCELLED,
        "The commander was called away.",
    )
    page = client.get(f"/meetings/{meeting.id}").text
    assert "The commander was called away." in page
    assert "Record as held" not in page


def test_postponing_moves_the_date_and_keeps_the_old_one(
    login, users, session, council_a, make_meeting
):
    meeting = make_meeting(council_a, scheduled_on=date(2025, 3, 4))
    client = login(users["secretary_a"])
    same = client.post(f"/meetings/{meeting.id}/postpone", data={"to_on": "2025-03-04"})
    assert same.status_code == 400
    assert "Choose a date other than the current one." in same.text
    missing = client.post(f"/meetings/{meeting.id}/postpone", data={"reason": "No date"})
    assert missing.status_code == 400
    assert load(session, meeting.id).status == MeetingStatus.SCHEDULED

    response = client.post(
        f"/meetings/{meeting.id}/postpone",
        data={"to_on": "2025-03-11", "reason": "The hall was not available."},
    )
    assert response.status_code == 302
    meeting = load(session, meeting.id)
    assert (meeting.status, meeting.scheduled_on) == (MeetingStatus.POSTPONED, date(2025, 3, 11))
    event = meeting.events[-1]
    assert (event.kind, event.from_on, event.to_on, event.reason) == (
        MeetingEventKind.POSTPONED,
        date(2025, 3, 4),
        date(2025, 3, 11),
        "The hall was not available.",
    )
    page = client.get(f"/meetings/{meeting.id}").text
    assert "Postponed from 04.03.2025 to 11.03.2025." in page
    assert "The hall was not available." in page

    # A postponed meeting can be postponed again (without a reason), then held.
    assert (
        client.post(f"/meetings/{meeting.id}/postpone", data={"to_on": "2025-03-18"}).status_code
        == 302
    )
    assert (
        client.post(f"/meetings/{meeting.id}/hold", data={"held_on": "2025-03-18"}).status_code
        == 302
    )
    meeting = load(session, meeting.id)
    assert [(e.kind, e.from_on, e.to_on) for e in meeting.events] == [
        (MeetingEventKind.SCHEDULED, None, date(2025, 3, 4)),
        (MeetingEventKind.POSTPONED, date(2025, 3, 4), date(2025, 3, 11)),
        (MeetingEventKind.POSTPONED, date(2025, 3, 11), date(2025, 3, 18)),
        (MeetingEventKind.HELD, None, date(2025, 3, 18)),
    ]
    assert meeting.held_on == date(2025, 3, 18)


def test_a_postponed_meeting_can_be_cancelled(login, users, session, council_a, make_meeting):
    meeting = make_meeting(council_a, status=MeetingStatus.POSTPONED)
    response = login(users["secretary_a"]).post(
        f"/meetings/{meeting.id}/cancel", data={"reason": "Replaced by an extraordinary one."}
    )
    assert response.status_code == 302
    assert load(session, meeting.id).status == MeetingStatus.CANCELLED


@pytest.mark.parametrize("action", ["hold", "postpone", "cancel"])
def test_lifecycle_refusals_reveal_nothing(login, users, council_a, make_meeting, action):
    meeting = make_meeting(council_a, title="Secret agenda of council A")
    data = {"held_on": "2025-03-04", "to_on": "2025-03-11", "reason": "A reason"}
    for role in ("secretary_b", "cso"):
        for method in ("get", "post"):
            response = getattr(login(users[role]), method)(
                f"/meetings/{meeting.id}/{action}", data=data
            )
            assert response.status_code == 404
            assert meeting.title not in response.text
    for role in ("ministry", "admin"):
        response = login(users[role]).post(f"/meetings/{meeting.id}/{action}", data=data)
        assert response.status_code == 403


def test_show_offers_the_actions_of_the_status(login, users, council_a, make_meeting):
    scheduled = make_meeting(council_a)
    held = make_meeting(council_a, status=MeetingStatus.HELD)
    client = login(users["secretary_a"])
    page = client.get(f"/meetings/{scheduled.id}").text
    for action in ("edit", "hold", "postpone", "cancel"):
        assert f"/meetings/{scheduled.id}/{action}" in page
    page = client.get(f"/meetings/{held.id}").text
    assert f"/meetings/{held.id}/edit" in page
    assert f"/meetings/{held.id}/hold" not in page
    # Readers get no buttons.
    assert (
        f"/meetings/{scheduled.id}/edit"
        not in login(users["ministry"]).get(f"/meetings/{scheduled.id}").text
    )


# --- monthly series -------------------------------------------------------------------------


def series_data(**overrides) -> dict:
    data = {
        "week_of_month": "5",
        "weekday": "1",
        "first_month_on": f"{today().year + 1}-01",
        "months": "12",
        "kind": "regular",
        "title": "Monthly meeting",
        "starts_at": "10:00",
        "ends_at": "12:00",
        "place_name": "Municipal assembly hall",
        "languages": ["sq", "sr"],
        "action": "create",
    }
    data.update(overrides)
    return data


def test_a_series_is_previewed_then_created(login, users, session, council_a):
    client = login(users["secretary_a"])
    url = f"/councils/{council_a.id}/meetings/series"
    assert client.get(url).status_code == 200
    year = today().year + 1
    preview = client.post(url, data=series_data(action="preview", months="2"))
    assert preview.status_code == 200
    expected = [nth_weekday(year, month, 1, 5) for month in (1, 2)]
    for day in expected:
        assert day.strftime("%d.%m.%Y") in preview.text
    assert row_count(session, Meeting) == 0

    response = client.post(url, data=series_data(months="2"))
    assert response.status_code == 302
    meetings = session.scalars(
        select(Meeting).options(selectinload(Meeting.hosts)).order_by(Meeting.scheduled_on)
    ).all()
    assert [m.scheduled_on for m in meetings] == expected
    series = session.scalars(select(MeetingSeries)).one()
    assert (series.weekday, series.week_of_month, series.months) == (1, 5, 2)
    assert series.first_month_on == date(year, 1, 1)
    assert series.kind == MeetingKind.REGULAR
    for meeting in meetings:
        assert meeting.series_id == series.id
        assert meeting.status == MeetingStatus.SCHEDULED
        assert meeting.title == "Monthly meeting"
        assert meeting.languages == "sq,sr"
        assert meeting.host_council_ids == {council_a.id}
    assert "2 meetings have been scheduled." in client.get(response.headers["Location"]).text


def test_a_series_skips_dates_already_past(login, users, session, council_a):
    client = login(users["secretary_a"])
    url = f"/councils/{council_a.id}/meetings/series"
    start = date(today().year - 1, today().month, 1)
    data = series_data(first_month_on=start.strftime("%Y-%m"), months="24", week_of_month="1")
    dates = monthly_dates(start, 24, 1, 1)
    past = [d for d in dates if d < today()]
    preview = client.post(url, data={**data, "action": "preview"})
    assert f"{len(past)} dates are already past and will be skipped" in preview.text
    assert client.post(url, data=data).status_code == 302
    created = session.scalars(select(Meeting.scheduled_on).order_by(Meeting.scheduled_on)).all()
    assert created == [d for d in dates if d >= today()]


def test_a_series_entirely_past_is_refused(login, users, session, council_a):
    response = login(users["secretary_a"]).post(
        f"/councils/{council_a.id}/meetings/series",
        data=series_data(first_month_on="2020-01", months="3"),
    )
    assert response.status_code == 400
    assert "Every date of this series is already past" in response.text
    assert row_count(session, Meeting) == 0
    assert row_count(session, MeetingSeries) == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"months": "25"}, "Enter a number of months from 1 to 24."),
        ({"months": "0"}, "Enter a number of months from 1 to 24."),
        ({"week_of_month": "6"}, "Not a valid choice"),
        ({"weekday": "7"}, "Not a valid choice"),
        ({"first_month_on": "2026-13"}, "Not a valid date value"),
        ({"ends_at": "09:00"}, "The meeting must end after it starts."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_a_series_refuses_bad_input(login, users, session, council_a, overrides, message):
    response = login(users["secretary_a"]).post(
        f"/councils/{council_a.id}/meetings/series", data=series_data(**overrides)
    )
    assert response.status_code == 400
    assert message in response.text
    assert row_count(session, Meeting) == 0


def test_a_meeting_of_a_series_moves_on_its_own(login, users, session, council_a):
    client = login(users["secretary_a"])
    client.post(f"/councils/{council_a.id}/meetings/series", data=series_data(months="3"))
    first, second, third = session.scalars(select(Meeting).order_by(Meeting.scheduled_on)).all()
    moved_to = second.scheduled_on + timedelta(days=2)
    response = client.post(f"/meetings/{second.id}/postpone", data={"to_on": moved_to.isoformat()})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Meeting, second.id).scheduled_on == moved_to
    assert session.get(Meeting, first.id).status == MeetingStatus.SCHEDULED
    assert session.get(Meeting, third.id).status == MeetingStatus.SCHEDULED


# --- typed text comes back escaped ----------------------------------------------------------


@pytest.mark.parametrize(
    "payload", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}<b>b</b>"]
)
def test_typed_text_is_escaped_on_the_meeting_pages(login, users, session, council_a, payload):
    client = login(users["secretary_a"])
    response = client.post(
        f"/councils/{council_a.id}/meetings/new",
        data=meeting_data(
            kind="public_consultation",
            title=payload,
            place_name=payload,
            address=payload,
            settlement=payload,
            agenda=f"{payload}\nSecond",
        ),
    )
    assert response.status_code == 302
    meeting = session.scalars(select(Meeting)).one()
    client.post(f"/meetings/{meeting.id}/postpone", data={"to_on": "2030-01-08", "reason": payload})
    client.post(f"/meetings/{meeting.id}/cancel", data={"reason": payload})
    pages = [f"/meetings/{meeting.id}", f"/councils/{council_a.id}/meetings/"]
    for role in (None, "secretary_a", "ministry"):
        reader = login(users[role]) if role else login()
        for url in pages:
            html = reader.get(url).text
            for fragment in ("<script", "<img src=x", "<b>b</b>"):
                assert fragment not in html
            assert ">49<" not in html
            assert "&lt;" in html  # the text is there, escaped


# --- the services' own refusals (the forms usually catch these first) -----------------------


def test_services_refuse_what_the_records_do_not_allow(session, users, council_a, make_meeting):
    actor = users["secretary_a"]
    day = date(2025, 3, 4)
    ahead = Meeting(
        council_id=council_a.id,
        kind=MeetingKind.REGULAR,
        title="Ahead",
        scheduled_on=day + timedelta(days=1),
        starts_at=time(10, 0),
    )
    with pytest.raises(MeetingChangeRefusedError, match="held_in_future"):
        schedule_meeting(session, actor, ahead, already_held=True, today=day)
    with pytest.raises(MeetingChangeRefusedError, match="no_dates"):
        create_series(session, actor, MeetingSeries(council_id=council_a.id), [])
    meeting = make_meeting(council_a, scheduled_on=day)
    with pytest.raises(MeetingChangeRefusedError, match="held_in_future"):
        hold_meeting(session, actor, meeting, held_on=day + timedelta(days=1), today=day)
    with pytest.raises(MeetingChangeRefusedError, match="same_date"):
        postpone_meeting(session, actor, meeting, to_on=day, reason=None)
    session.rollback()
    assert row_count(session, MeetingSeries) == 0
    assert load(session, meeting.id).status == MeetingStatus.SCHEDULED
