"""The meetings calendar: public and private iCalendar feeds, feed links, the month view."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask_babel import force_locale, gettext
from icalendar import Calendar
from sqlalchemy import func, select

from safety.audit.models import AuditAction, AuditEvent
from safety.consultations.models import (
    AttendanceStatus,
    CalendarToken,
    MeetingKind,
    MeetingStatus,
)
from safety.consultations.month import MonthGrid, month_of, parse_month
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries
from tests.factories.councils import council_by_code

FEED_LINK = re.compile(r"/calendar/([A-Za-z0-9_-]+)\.ics")


def parse(response) -> Calendar:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.get_data())


def by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event.uid): event for event in calendar.events}


def uid(meeting) -> str:
    return f"meeting-{meeting.id}@safety-ks"


def translated(app, message: str, language: str, **variables) -> str:
    """`message` as the app writes it in `language` (whatever the catalogues hold today)."""
    with app.test_request_context(), force_locale(language):
        return gettext(message, **variables)


def in_english(client):
    """The client reads pages in English: the messages checked are the English ones."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def calendar_world(make_meeting, council_a, council_b):
    """Council A's meetings (internal and public), one co-hosted with B, and B's own."""
    day = today()
    return {
        "meeting_a": make_meeting(
            council_a,
            status=MeetingStatus.HELD,
            scheduled_on=day - timedelta(days=20),
            title="Internal meeting of council A",
        ),
        "meeting_a_old": make_meeting(
            council_a,
            status=MeetingStatus.HELD,
            scheduled_on=day - timedelta(days=150),
            title="Spring meeting of council A",
        ),
        "consultation_a": make_meeting(
            council_a,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            status=MeetingStatus.HELD,
            scheduled_on=day - timedelta(days=40),
            title="Consultation on school safety",
            agenda=("Safe roads to school", "Questions from parents"),
        ),
        "consultation_ab": make_meeting(
            council_a,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            scheduled_on=day + timedelta(days=20),
            co_hosts=(council_b,),
            title="Inter-municipal consultation on freedom of movement",
            declaration="Inter-Municipal Declaration for inter-community dialogue",
        ),
        "meeting_b": make_meeting(
            council_b,
            status=MeetingStatus.HELD,
            scheduled_on=day - timedelta(days=10),
            title="Internal meeting of council B",
        ),
    }


@pytest.fixture
def feed_of(login, session):
    """The private feed of `user`, through a link they create on the link page."""

    def fetch(user, **query) -> Calendar:
        url = create_link(login(user))
        return parse(login().get(url, query_string=query))

    return fetch


def create_link(client) -> str:
    response = client.post("/calendar/feed", data={"action": "create"})
    assert response.status_code == 200
    match = FEED_LINK.search(response.get_data(as_text=True))
    assert match is not None, "the new link is shown"
    return match.group(0)


# Month grid arithmetic ---------------------------------------------------------------------


def test_month_starting_on_a_sunday_begins_on_the_monday_before():
    grid = MonthGrid(date(2025, 6, 1))  # a Sunday
    assert grid.weeks[0] == [date(2025, 5, 26) + timedelta(days=n) for n in range(7)]
    assert len(grid.weeks) == 6
    assert grid.weeks[-1][-1] == date(2025, 7, 6)
    assert grid.last == date(2025, 6, 30)


def test_every_week_runs_monday_to_sunday():
    for month in range(1, 13):
        for week in MonthGrid(date(2026, month, 1)).weeks:
            assert [day.weekday() for day in week] == list(range(7))


def test_leap_february_has_29_days():
    grid = MonthGrid(date(2024, 2, 1))
    assert grid.last == date(2024, 2, 29)
    assert grid.contains(date(2024, 2, 29))
    assert not grid.contains(date(2024, 3, 1))
    assert grid.weeks[0][0] == date(2024, 1, 29)
    assert grid.weeks[-1][-1] == date(2024, 3, 3)
    assert MonthGrid(date(2023, 2, 1)).last == date(2023, 2, 28)
    assert MonthGrid(date(2000, 2, 1)).last == date(2000, 2, 29)  # divisible by 400


def test_february_starting_on_a_monday_is_exactly_four_weeks():
    grid = MonthGrid(date(2021, 2, 1))
    assert len(grid.weeks) == 4
    assert grid.weeks[0][0] == date(2021, 2, 1)
    assert grid.weeks[-1][-1] == date(2021, 2, 28)


def test_neighbouring_months_cross_year_ends():
    assert MonthGrid(date(2025, 12, 1)).next == MonthGrid(date(2026, 1, 1))
    assert MonthGrid(date(2026, 1, 1)).previous == MonthGrid(date(2025, 12, 1))
    assert MonthGrid(date(2024, 3, 1)).previous == MonthGrid(date(2024, 2, 1))
    assert MonthGrid(date(1999, 1, 1)).previous is None
    assert MonthGrid(date(2099, 12, 1)).next is None
    assert month_of(date(2026, 3, 31)).key == "2026-03"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("2025-03", date(2025, 3, 1)),
        (" 2025-12 ", date(2025, 12, 1)),
        ("1999-01", date(1999, 1, 1)),
        ("2099-12", date(2099, 12, 1)),
    ],
)
def test_parse_month_reads_year_and_month(text, first):
    assert parse_month(text) == MonthGrid(first)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2025-3",
        "2025-13",
        "2025-00",
        "25-03",
        "2025-03-01",
        "03-2025",
        "1998-12",
        "2100-01",
        "\uff12\uff10\uff12\uff15-\uff10\uff13",  # full-width digits
        "\u0662\u0660\u0662\u0665-\u0660\u0663",  # Arabic-Indic digits
    ],
)
def test_parse_month_refuses_anything_else(text):
    assert parse_month(text) is None


# Public feed -------------------------------------------------------------------------------


def test_public_feed_has_only_public_kinds_co_hosted_included(client, calendar_world, council_b):
    response = client.get(f"/councils/{calendar_world['meeting_a'].council_id}/meetings.ics")
    body = response.get_data(as_text=True)
    events = by_uid(parse(response))
    assert set(events) == {
        uid(calendar_world["consultation_a"]),
        uid(calendar_world["consultation_ab"]),
    }
    assert "Internal meeting of council A" not in body
    # The co-host's feed carries the consultation too, and not the organiser's other ones.
    events_b = by_uid(parse(client.get(f"/councils/{council_b.id}/meetings.ics")))
    assert set(events_b) == {uid(calendar_world["consultation_ab"])}


def test_public_feed_event_says_when_where_and_what(client, calendar_world):
    consultation = calendar_world["consultation_a"]
    response = client.get(
        f"/councils/{consultation.council_id}/meetings.ics", query_string={"lang": "en"}
    )
    event = by_uid(parse(response))[uid(consultation)]
    assert str(event["SUMMARY"]) == "Public consultation: Consultation on school safety"
    assert str(event["LOCATION"]) == "Municipal assembly hall, Centre, Prishtinë"
    assert str(event["DESCRIPTION"]) == (
        "Hosted by: Prishtinë\n\nAgenda:\n1. Safe roads to school\n2. Questions from parents"
    )
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["CLASS"]) == "PUBLIC"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["URL"]) == f"http://localhost/meetings/{consultation.id}"
    assert event.start == datetime.combine(
        consultation.scheduled_on, time(10), tzinfo=event.start.tzinfo
    )
    assert event.end - event.start == timedelta(hours=2)
    assert event["DTSTAMP"].dt == consultation.updated_at.replace(microsecond=0)
    assert response.headers["Content-Disposition"].startswith("inline;")


def test_public_feed_names_every_host_and_the_declaration(app, client, calendar_world):
    consultation = calendar_world["consultation_ab"]
    response = client.get(
        f"/councils/{consultation.council_id}/meetings.ics", query_string={"lang": "sr"}
    )
    event = by_uid(parse(response))[uid(consultation)]
    hosts = translated(app, "Hosted by: %(councils)s", "sr", councils="Priština, Gračanica")
    declaration = translated(
        app,
        "Declaration: %(declaration)s",
        "sr",
        declaration="Inter-Municipal Declaration for inter-community dialogue",
    )
    assert str(event["DESCRIPTION"]).startswith(f"{hosts}\n{declaration}\n")


def test_feed_language_from_parameter_then_browser_then_albanian(app, client, calendar_world):
    url = f"/councils/{calendar_world['consultation_a'].council_id}/meetings.ics"

    def location(response) -> str:
        return str(by_uid(parse(response))[uid(calendar_world["consultation_a"])]["LOCATION"])

    assert location(client.get(url)).endswith("Prishtinë")
    assert location(client.get(url, headers={"Accept-Language": "sr"})).endswith("Priština")
    assert location(client.get(url, query_string={"lang": "sr"})).endswith("Priština")
    asked = client.get(url, query_string={"lang": "sq"}, headers={"Accept-Language": "sr"})
    assert location(asked).endswith("Prishtinë")
    # An unknown language is ignored, not an error: calendar apps show no error pages.
    assert location(client.get(url, query_string={"lang": "xx"})).endswith("Prishtinë")
    calendar = parse(client.get(url, query_string={"lang": "sr"}))
    assert str(calendar["X-WR-CALNAME"]) == translated(
        app, "%(council)s: public consultations and activities", "sr", council="Priština"
    )


def test_public_feed_window_is_twelve_months_back_and_everything_ahead(
    client, make_meeting, council_a
):
    day = today()

    def consultation(on: date, **values):
        return make_meeting(
            council_a, kind=MeetingKind.COMMUNITY_ACTIVITY, scheduled_on=on, **values
        )

    too_old = consultation(day - timedelta(days=400), status=MeetingStatus.HELD)
    last_year = consultation(day - timedelta(days=300), status=MeetingStatus.HELD)
    far_ahead = consultation(day + timedelta(days=700))
    # Planned long ago but held (recorded) recently: the held date is the one that counts.
    held_late = consultation(
        day - timedelta(days=500), status=MeetingStatus.HELD, held_on=day - timedelta(days=3)
    )
    events = by_uid(parse(client.get(f"/councils/{council_a.id}/meetings.ics")))
    assert set(events) == {uid(last_year), uid(far_ahead), uid(held_late)}
    assert uid(too_old) not in events
    assert events[uid(held_late)].start.date() == day - timedelta(days=3)


def test_cancelled_and_postponed_meetings_keep_their_uid_with_a_status(
    client, make_meeting, council_a, session
):
    day = today()
    cancelled = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.CANCELLED,
        scheduled_on=day + timedelta(days=5),
        cancelled_reason="The hall is being repaired",
    )
    cancelled_long_ago = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.CANCELLED,
        scheduled_on=day - timedelta(days=500),
    )
    postponed = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.POSTPONED,
        scheduled_on=day + timedelta(days=12),
    )
    response = client.get(f"/councils/{council_a.id}/meetings.ics", query_string={"lang": "en"})
    events = by_uid(parse(response))
    assert set(events) == {uid(cancelled), uid(postponed)}
    assert uid(cancelled_long_ago) not in events
    assert str(events[uid(cancelled)]["STATUS"]) == "CANCELLED"
    assert "repaired" not in response.get_data(as_text=True)
    assert str(events[uid(postponed)]["STATUS"]) == "CONFIRMED"
    assert events[uid(postponed)].start.date() == day + timedelta(days=12)
    assert "Postponed to this date." in str(events[uid(postponed)]["DESCRIPTION"])


def test_sequence_follows_each_saved_change(client, make_meeting, council_a, session):
    meeting = make_meeting(
        council_a, kind=MeetingKind.PUBLIC_CONSULTATION, scheduled_on=today() + timedelta(days=9)
    )
    url = f"/councils/{council_a.id}/meetings.ics"
    assert int(by_uid(parse(client.get(url)))[uid(meeting)]["SEQUENCE"]) == 0
    meeting.place_name = "Youth centre"
    session.commit()
    meeting.starts_at, meeting.ends_at = time(17, 30), time(19, 0)
    session.commit()
    event = by_uid(parse(client.get(url)))[uid(meeting)]
    assert int(event["SEQUENCE"]) == 2
    assert event.start.time() == time(17, 30)


def test_times_are_kosovo_time_across_summer_time(client, make_meeting, council_a):
    year = today().year + 1
    days = {
        "july": date(year, 7, 15),
        "january": date(year, 1, 15),
        "before_spring_change": date(year, 3, 27),
        "after_spring_change": date(year, 3, 30),
    }
    meetings = {
        name: make_meeting(council_a, kind=MeetingKind.COMMUNITY_ACTIVITY, scheduled_on=on)
        for name, on in days.items()
    }
    response = client.get(f"/councils/{council_a.id}/meetings.ics")
    calendar = parse(response)
    events = by_uid(calendar)

    def utc_start(name: str) -> datetime:
        return events[uid(meetings[name])].start.astimezone(UTC)

    assert utc_start("july") == datetime(year, 7, 15, 8, 0, tzinfo=UTC)
    assert utc_start("january") == datetime(year, 1, 15, 9, 0, tzinfo=UTC)
    assert utc_start("before_spring_change") == datetime(year, 3, 27, 9, 0, tzinfo=UTC)
    assert utc_start("after_spring_change") == datetime(year, 3, 30, 8, 0, tzinfo=UTC)
    body = response.get_data(as_text=True)
    assert f"DTSTART;TZID=Europe/Belgrade:{year}0715T100000" in body
    # The calendar defines the zone it names, so readers without a zone database agree.
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Belgrade"
    tz = zone.to_tz()
    assert datetime(year, 7, 15, 10, tzinfo=tz).utcoffset() == timedelta(hours=2)
    assert datetime(year, 1, 15, 10, tzinfo=tz).utcoffset() == timedelta(hours=1)


def test_commas_semicolons_and_newlines_in_text_are_escaped(client, make_meeting, council_a):
    meeting = make_meeting(
        council_a,
        kind=MeetingKind.COMMUNITY_ACTIVITY,
        scheduled_on=today() + timedelta(days=3),
        title="Roads, schools; night\nwalks",
        place_name="Hall; room 2, ground floor",
        agenda=("Lights, cameras; patrols",),
    )
    response = client.get(f"/councils/{council_a.id}/meetings.ics", query_string={"lang": "en"})
    body = response.get_data(as_text=True)
    assert "SUMMARY:Community activity: Roads\\, schools\\; night\\nwalks\r\n" in body
    assert "LOCATION:Hall\\; room 2\\, ground floor\\, Centre\\, Prishtinë\r\n" in body
    event = by_uid(parse(response))[uid(meeting)]
    assert str(event["SUMMARY"]) == "Community activity: Roads, schools; night\nwalks"
    assert str(event["LOCATION"]) == "Hall; room 2, ground floor, Centre, Prishtinë"
    assert str(event["DESCRIPTION"]).endswith("1. Lights, cameras; patrols")


def test_long_lines_are_folded_at_75_octets(client, make_meeting, council_a):
    meeting = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        scheduled_on=today() + timedelta(days=3),
        title="Konsultim publik për sigurinë në shkolla, rrugët dhe hapësirat e përbashkëta " * 2,
    )
    response = client.get(f"/councils/{council_a.id}/meetings.ics")
    raw = response.get_data()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert meeting.title in str(by_uid(parse(response))[uid(meeting)]["SUMMARY"])


def test_public_feed_of_an_unknown_council_is_404(client):
    assert client.get("/councils/99999/meetings.ics").status_code == 404


def test_public_feed_never_carries_the_online_link(client, make_meeting, council_a):
    make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        scheduled_on=today() + timedelta(days=3),
        online_url="https://meet.example.org/secret-room",
    )
    body = client.get(f"/councils/{council_a.id}/meetings.ics").get_data(as_text=True)
    assert "BEGIN:VEVENT" in body
    assert "secret-room" not in body


def test_public_feed_query_count_does_not_grow(client, make_meeting, council_a, count_queries):
    def consultations(number: int) -> None:
        for n in range(number):
            make_meeting(
                council_a,
                kind=MeetingKind.PUBLIC_CONSULTATION,
                scheduled_on=today() + timedelta(days=n + 1),
                agenda=("One", "Two"),
            )

    url = f"/councils/{council_a.id}/meetings.ics"
    consultations(2)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    consultations(10)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert few.count == many.count
    assert many.count <= 4
    assert_no_duplicated_queries(many.statements)


# Private feeds -----------------------------------------------------------------------------


def test_secretary_feed_has_own_council_meetings_and_co_hosted_consultations(
    feed_of, users, calendar_world
):
    feed_a = by_uid(feed_of(users["secretary_a"], lang="en"))
    assert set(feed_a) == {
        uid(calendar_world[key])
        for key in ("meeting_a", "meeting_a_old", "consultation_a", "consultation_ab")
    }
    assert str(feed_a[uid(calendar_world["meeting_a"])]["CLASS"]) == "PRIVATE"
    assert str(feed_a[uid(calendar_world["meeting_a"])]["SUMMARY"]) == (
        "Regular council meeting: Internal meeting of council A"
    )
    feed_b = feed_of(users["secretary_b"])
    assert set(by_uid(feed_b)) == {
        uid(calendar_world["meeting_b"]),
        uid(calendar_world["consultation_ab"]),
    }
    assert "Internal meeting of council A" not in feed_b.to_ical().decode()


def test_ministry_and_admin_feeds_have_every_council_for_three_months(
    feed_of, users, calendar_world
):
    expected = {
        uid(calendar_world[key])
        for key in ("meeting_a", "consultation_a", "consultation_ab", "meeting_b")
    }
    for role in ("ministry", "admin"):
        calendar = feed_of(users[role], lang="en")
        assert set(by_uid(calendar)) == expected
        assert str(calendar["X-WR-CALNAME"]) == "Meetings of all councils"


def test_private_feed_needs_no_session_and_carries_no_internal_record(
    login, users, calendar_world, make_attendance, make_member, make_record, council_a
):
    member = make_member(council_a, full_name="Drita Attendee")
    make_attendance(calendar_world["meeting_a"], {member: AttendanceStatus.PRESENT})
    make_record(calendar_world["meeting_a"], body="<p>Secret minutes text</p>")
    url = create_link(login(users["secretary_a"]))
    response = login().get(url)  # anonymous: no cookie at all
    body = response.get_data(as_text=True)
    assert uid(calendar_world["meeting_a"]) in body
    assert "Drita Attendee" not in body
    assert "Secret minutes text" not in body
    assert response.headers["Cache-Control"] == "no-store"


def test_private_feed_uses_the_accounts_language(login, users, calendar_world, session):
    secretary = users["secretary_a"]
    secretary.locale = "sr"
    session.commit()
    url = create_link(login(secretary))
    event = by_uid(parse(login().get(url)))[uid(calendar_world["meeting_a"])]
    assert str(event["LOCATION"]).endswith("Priština")
    english = by_uid(parse(login().get(url, query_string={"lang": "en"})))
    assert str(english[uid(calendar_world["meeting_a"])]["LOCATION"]).endswith("Prishtinë")


def test_new_link_writes_events_in_the_language_of_the_page(login, users, calendar_world):
    client = login(users["secretary_a"])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sr"
    page = client.post("/calendar/feed", data={"action": "create"}).get_data(as_text=True)
    link = re.search(r'value="(http://localhost/calendar/[A-Za-z0-9_-]+\.ics\?lang=sr)"', page)
    assert link is not None
    event = by_uid(parse(login().get(link.group(1))))[uid(calendar_world["meeting_a"])]
    assert str(event["LOCATION"]).endswith("Priština")


def test_unknown_revoked_and_replaced_links_are_404(login, users, calendar_world):
    secretary = login(users["secretary_a"])
    first = create_link(secretary)
    assert login().get(first).status_code == 200
    second = create_link(secretary)
    assert login().get(first).status_code == 404, "a new link replaces the old one"
    assert login().get(second).status_code == 200
    response = secretary.post("/calendar/feed", data={"action": "revoke"})
    assert response.status_code == 302
    assert login().get(second).status_code == 404
    assert login().get("/calendar/not-a-real-token.ics").status_code == 404
    assert login().get(f"/calendar/{'a' * 500}.ics").status_code == 404


def test_link_of_a_deactivated_account_is_404(login, users, calendar_world, session):
    secretary = users["secretary_a"]
    url = create_link(login(secretary))
    secretary.is_active = False
    session.commit()
    assert login().get(url).status_code == 404
    # Reactivated, the link works again: it was never revoked, only its owner was disabled.
    secretary.is_active = True
    session.commit()
    assert login().get(url).status_code == 200


def test_private_feed_follows_a_secretary_to_another_council(
    login, users, calendar_world, session, council_b
):
    secretary = users["secretary_a"]
    url = create_link(login(secretary))
    secretary.council_id = council_b.id
    session.commit()
    events = by_uid(parse(login().get(url)))
    assert uid(calendar_world["meeting_b"]) in events
    assert uid(calendar_world["meeting_a"]) not in events


# The link page -----------------------------------------------------------------------------


def test_link_is_shown_once_and_only_its_hash_is_stored(login, users, session):
    client = in_english(login(users["ministry"]))
    page = client.get("/calendar/feed").get_data(as_text=True)
    assert "You have no private link." in page
    response = client.post("/calendar/feed", data={"action": "create"})
    token = FEED_LINK.search(response.get_data(as_text=True)).group(1)
    assert len(token) >= 43
    assert response.headers["Cache-Control"] == "no-store"
    (stored,) = session.scalars(select(CalendarToken)).all()
    assert stored.user_id == users["ministry"].id
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.revoked_at is None
    later = client.get("/calendar/feed").get_data(as_text=True)
    assert token not in later
    assert "You have a private link, created on" in later
    assert "Revoke the link" in later


def test_link_changes_are_audited_without_the_secret(login, users, session):
    client = login(users["secretary_a"])
    before = session.scalar(select(func.max(AuditEvent.id))) or 0
    token = create_link(client).removeprefix("/calendar/").removesuffix(".ics")
    client.post("/calendar/feed", data={"action": "revoke"})
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.id > before).order_by(AuditEvent.id)
    ).all()
    assert [(event.entity_type, event.action) for event in events] == [
        ("calendar_tokens", AuditAction.CREATE),
        ("calendar_tokens", AuditAction.UPDATE),
    ]
    assert all(event.actor_id == users["secretary_a"].id for event in events)
    trail = repr([event.changes for event in events])
    assert token not in trail
    assert hashlib.sha256(token.encode()).hexdigest() not in trail


def test_revoking_sets_the_date_and_says_so(login, users, session):
    client = in_english(login(users["secretary_b"]))
    create_link(client)
    response = client.post("/calendar/feed", data={"action": "revoke"}, follow_redirects=True)
    assert "The link has been revoked" in response.get_data(as_text=True)
    assert "You have no private link." in response.get_data(as_text=True)
    (stored,) = session.scalars(select(CalendarToken)).all()
    assert stored.revoked_at is not None
    again = client.post("/calendar/feed", data={"action": "revoke"}, follow_redirects=True)
    assert "There was no link to revoke." in again.get_data(as_text=True)


def test_creating_a_link_again_revokes_the_previous_one(login, users, session):
    client = login(users["admin"])
    create_link(client)
    create_link(client)
    tokens = session.scalars(select(CalendarToken).order_by(CalendarToken.id)).all()
    assert [token.revoked_at is None for token in tokens] == [False, True]


def test_link_page_refuses_unknown_actions_and_non_staff(login, users, session):
    client = in_english(login(users["secretary_a"]))
    response = client.post("/calendar/feed", data={"action": "delete"})
    assert response.status_code == 400
    assert "Choose whether to create or to revoke the link." in response.get_data(as_text=True)
    assert login(users["cso"]).post("/calendar/feed", data={"action": "create"}).status_code == 403
    assert session.scalars(select(CalendarToken)).all() == []


def test_secretary_link_page_offers_the_councils_public_feed(login, users):
    page = login(users["secretary_a"]).get("/calendar/feed").get_data(as_text=True)
    assert f"/councils/{users['secretary_a'].council_id}/meetings.ics" in page
    ministry_page = login(users["ministry"]).get("/calendar/feed").get_data(as_text=True)
    assert "meetings.ics" not in ministry_page
    assert "/meetings/calendar" in ministry_page


# Month view --------------------------------------------------------------------------------


def month_page(client, **query) -> str:
    client.environ_base.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
    response = client.get("/meetings/calendar", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


@pytest.fixture
def march_meetings(make_meeting, council_a, council_b, session):
    """March 2026: meetings in two Prishtinë-district councils and one in Prizren."""
    prizren = council_by_code(session, "22")
    return {
        "a": make_meeting(
            council_a,
            status=MeetingStatus.HELD,
            scheduled_on=date(2026, 3, 3),
            starts_at=time(9, 30),
        ),
        "ab": make_meeting(
            council_a,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            status=MeetingStatus.CANCELLED,
            scheduled_on=date(2026, 3, 17),
            co_hosts=(council_b,),
        ),
        "prizren": make_meeting(
            prizren,
            kind=MeetingKind.COMMUNITY_ACTIVITY,
            status=MeetingStatus.HELD,
            scheduled_on=date(2026, 3, 31),
            starts_at=time(15, 0),
            ends_at=time(17, 0),
        ),
        "april": make_meeting(council_a, scheduled_on=date(2026, 4, 1)),
    }


def test_month_grid_lists_every_councils_meetings_by_day(login, users, march_meetings):
    page = month_page(login(users["ministry"]), month="2026-03")
    assert "March 2026" in page
    # March 2026 begins on a Sunday: the first row is six empty days, then the 1st.
    first_row = page.split("<tbody>")[1].split("</tr>")[0]
    assert first_row.count("<td></td>") == 6
    assert '<time datetime="2026-03-01">' in first_row
    for key in ("a", "ab", "prizren"):
        assert f'href="/meetings/{march_meetings[key].id}"' in page
    assert f'href="/meetings/{march_meetings["april"].id}"' not in page
    assert "09:30 Prishtinë</a>" in page
    assert "10:00 Prishtinë / Graçanicë</a>" in page
    assert "15:00 Prizren</a>" in page
    assert "Cancelled" in page
    assert "Community activity" in page
    assert "3 meetings this month." in page
    assert 'href="/meetings/calendar?month=2026-02"' in page
    assert 'href="/meetings/calendar?month=2026-04"' in page


def test_month_view_names_councils_in_the_readers_language(login, users, march_meetings):
    client = login(users["admin"])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sr"
    page = month_page(client, month="2026-03")
    assert "10:00 Priština / Gračanica</a>" in page
    assert "Mart 2026" in page


def test_month_view_filters_by_district(login, users, march_meetings):
    client = login(users["ministry"])
    page = month_page(client, month="2026-03", district="Prizren")
    assert f'href="/meetings/{march_meetings["prizren"].id}"' in page
    assert f'href="/meetings/{march_meetings["a"].id}"' not in page
    assert "1 meeting this month." in page
    # The neighbouring months keep the filter.
    assert 'href="/meetings/calendar?month=2026-04&amp;district=Prizren"' in page
    prishtina = month_page(client, month="2026-03", district="Prishtinë/Priština")
    assert f'href="/meetings/{march_meetings["ab"].id}"' in prishtina
    assert f'href="/meetings/{march_meetings["prizren"].id}"' not in prishtina


def test_co_hosted_meeting_shows_under_each_hosts_district(
    login, users, make_meeting, council_a, session
):
    gjilan = council_by_code(session, "32")
    shared = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        scheduled_on=date(2026, 5, 12),
        co_hosts=(gjilan,),
    )
    client = login(users["ministry"])
    for district in ("Prishtinë/Priština", "Gjilan/Gnjilane"):
        page = month_page(client, month="2026-05", district=district)
        assert f'href="/meetings/{shared.id}"' in page
    assert f'href="/meetings/{shared.id}"' not in month_page(
        client, month="2026-05", district="Prizren"
    )


def test_month_view_opens_on_the_current_month(login, users):
    page = month_page(login(users["ministry"]))
    assert f'value="{month_of(today()).key}"' in page
    assert 'aria-current="date"' in page


@pytest.mark.parametrize("month", ["2026-13", "March", "2026-3", "1990-01"])
def test_month_view_refuses_a_bad_month_with_a_message(login, users, month):
    client = in_english(login(users["ministry"]))
    response = client.get("/meetings/calendar", query_string={"month": month})
    assert response.status_code == 400
    assert "The month must be written as year and month" in response.get_data(as_text=True)


def test_month_view_refuses_an_unknown_district(login, users):
    response = in_english(login(users["admin"])).get(
        "/meetings/calendar", query_string={"district": "<script>Atlantis</script>"}
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Choose a district from the list." in body
    assert "<script>Atlantis" not in body


@pytest.mark.parametrize("role", ["secretary_a", "secretary_b", "cso"])
def test_month_view_is_for_the_ministry_and_administrators(login, users, role, march_meetings):
    response = login(users[role]).get("/meetings/calendar", query_string={"month": "2026-03"})
    assert response.status_code == 403
    assert f"/meetings/{march_meetings['a'].id}" not in response.get_data(as_text=True)


def test_month_view_query_count_does_not_grow(
    login, users, make_meeting, council_a, council_b, count_queries
):
    client = login(users["ministry"])

    def meetings(number: int) -> None:
        for n in range(number):
            make_meeting(
                council_a if n % 2 else council_b,
                kind=MeetingKind.PUBLIC_CONSULTATION,
                scheduled_on=date(2026, 3, 1 + n % 28),
                co_hosts=(council_b,) if n % 2 else (),
            )

    meetings(2)
    with count_queries() as few:
        month_page(client, month="2026-03")
    meetings(20)
    with count_queries() as many:
        month_page(client, month="2026-03")
    assert few.count == many.count
    assert many.count <= 5
    assert_no_duplicated_queries(many.statements)
