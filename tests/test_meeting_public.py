"""The public record of a council's work with the public: on its page and in the full list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safety.consultations.models import (
    AttendanceStatus,
    Meeting,
    MeetingGuest,
    MeetingKind,
    MeetingStatus,
    ParticipantCommunity,
    RecordStatus,
)
from safety.consultations.public_queries import (
    SECTION_LIMIT,
    council_public_section,
    year_before,
)
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries
from tests.routes.consultations import build_world as consultations_world

ONLINE_LINK = "https://meet.example.org/council-a-private-room"
GUEST = "Genta Guestperson"
HIDDEN_ATTENDEE = "Hana Hiddenname"
RECENT_TITLE = "Consultation on street lighting"
RECENT_RECORD = "Residents asked for lighting near the school."
NEVER_SHOWN = (
    "March meeting of council A",
    "Minutes text of council A",
    "Meeting of council B",
    GUEST,
    HIDDEN_ATTENDEE,
    ONLINE_LINK,
    "Draft record not to be shown",
    "Cancelled sports day",
    "Consultation of council B only",
    "Consultation that never took place",
)


@pytest.fixture(autouse=True)
def english(app):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


@pytest.fixture
def world(
    request,
    session,
    council_a,
    council_b,
    make_meeting,
    make_member,
    make_attendance,
    make_participation,
    make_record,
):
    """The slice's shared world, plus what a public page must show or keep to itself."""
    world = consultations_world(request, {})
    meeting_a = session.get(Meeting, world["meeting_a"])
    meeting_a.online_url = ONLINE_LINK
    session.add(MeetingGuest(meeting_id=meeting_a.id, name=GUEST, institution="LPSC Dardania"))
    session.commit()
    hidden = make_member(council_a, full_name=HIDDEN_ATTENDEE, is_publicly_named=False)
    make_attendance(meeting_a, {hidden: AttendanceStatus.PRESENT})
    day = today()
    recent = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.HELD,
        scheduled_on=day - timedelta(days=30),
        title=RECENT_TITLE,
        settlement="Hajvali",
        online_url="https://meet.example.org/public-consultation",
    )
    make_participation(
        recent,
        57,
        women=25,
        men=30,
        under_30=14,
        communities={
            ParticipantCommunity.ALBANIAN: 40,
            ParticipantCommunity.ASHKALI: 11,
            ParticipantCommunity.UNDISCLOSED: 6,
        },
    )
    make_record(recent, status=RecordStatus.PUBLISHED, body=f"<p>{RECENT_RECORD}</p>")
    drafted = make_meeting(
        council_a,
        kind=MeetingKind.COMMUNITY_ACTIVITY,
        status=MeetingStatus.HELD,
        scheduled_on=day - timedelta(days=40),
        title="Awareness campaign against illegal weapons",
    )
    make_record(drafted, body="<p>Draft record not to be shown</p>")
    make_meeting(
        council_a,
        kind=MeetingKind.COMMUNITY_ACTIVITY,
        status=MeetingStatus.CANCELLED,
        scheduled_on=day + timedelta(days=5),
        title="Cancelled sports day",
    )
    make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        scheduled_on=day - timedelta(days=3),
        title="Consultation that never took place",
    )
    make_meeting(
        council_b,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.HELD,
        scheduled_on=day - timedelta(days=20),
        title="Consultation of council B only",
    )
    return world


def public_section(page: str) -> str:
    return page.split('id="public-activities-heading"')[1].split("</section>")[0]


def pages(client, council_id: int) -> dict[str, str]:
    council_page = client.get(f"/councils/{council_id}")
    full_list = client.get(f"/councils/{council_id}/consultations")
    assert council_page.status_code == full_list.status_code == 200
    return {"council page": council_page.text, "public list": full_list.text}


# Privacy -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, "cso", "secretary_b"])
def test_public_pages_show_participation_and_published_records_only(
    world, login, users, council_a, role
):
    for name, page in pages(login(users.get(role)), council_a.id).items():
        for text in (
            RECENT_TITLE,
            RECENT_RECORD,
            "Hajvali",
            "<strong>57</strong>",
            "women 25 · men 30 · not stated 2",
            "under 30: 14 · 30 and over: 43",
            "Albanian 40 · Ashkali 11 · Did not say 6",
            "Awareness campaign against illegal weapons",
            "Inter-municipal consultation on freedom of movement",
            "the councils of Graçanicë",
        ):
            assert text in page, (name, text)
        for text in NEVER_SHOWN:
            assert text not in page, (name, text)
        assert "Arben Attendee" not in (public_section(page) if name == "council page" else page)


def test_full_list_has_the_older_history_the_council_page_leaves_out(world, login, council_a):
    shown = pages(login(None), council_a.id)
    older = "Public consultation on school safety"  # held on 20.05.2025, over a year ago
    assert older not in public_section(shown["council page"])
    assert older in shown["public list"]
    assert "Albanian 34 · Roma 6" in shown["public list"]
    assert "The commander reported on the security situation." in shown["public list"]


def test_co_hosted_consultation_is_on_every_hosts_page_naming_the_others(world, login, council_b):
    page = login(None).get(f"/councils/{council_b.id}").text
    section = public_section(page)
    assert "Inter-municipal consultation on freedom of movement" in section
    assert "the councils of Prishtinë" in section
    assert "Inter-Municipal Declaration for inter-community dialogue" in section
    assert RECENT_TITLE not in section
    assert "Consultation of council B only" in section


# The council page's section ------------------------------------------------------------------


def test_section_counts_council_meetings_held_in_the_last_12_months(
    session, council_a, council_b, make_meeting
):
    day = date(2024, 2, 29)
    since = date(2023, 2, 28)
    for held_on in (since, since + timedelta(days=1), date(2023, 9, 1), day):
        make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=held_on)
    make_meeting(
        council_a,
        kind=MeetingKind.EXTRAORDINARY,
        status=MeetingStatus.HELD,
        scheduled_on=date(2023, 12, 1),
    )
    # Not counted: after the day, cancelled, scheduled, another council's, a consultation.
    make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=day + timedelta(days=1))
    make_meeting(council_a, status=MeetingStatus.CANCELLED, scheduled_on=date(2023, 10, 3))
    make_meeting(council_a, scheduled_on=date(2024, 2, 6))
    make_meeting(council_b, status=MeetingStatus.HELD, scheduled_on=date(2023, 10, 3))
    make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.HELD,
        scheduled_on=date(2023, 10, 3),
    )
    section = council_public_section(session, council_a.id, day, "en")
    assert section.since == since
    assert section.council_meetings_held == 4
    assert [activity.on for activity in section.held] == [date(2023, 10, 3)]
    assert council_public_section(session, council_b.id, day, "en").council_meetings_held == 1


def test_section_of_a_council_with_nothing_recorded(login, session, council_b):
    section = council_public_section(session, council_b.id, date(2025, 1, 1), "en")
    assert (section.upcoming, section.held, section.has_more) == ([], [], False)
    assert section.council_meetings_held == 0
    page = public_section(login(None).get(f"/councils/{council_b.id}").text)
    assert "Council meetings held in the last 12 months: 0" in page
    assert "No public consultation or activity is scheduled." in page
    assert "No public consultation or activity was held in the last 12 months." in page


def test_section_shows_the_count_on_the_page(login, council_a, make_meeting):
    for days_ago in (1, 100, 300):
        make_meeting(
            council_a, status=MeetingStatus.HELD, scheduled_on=today() - timedelta(days=days_ago)
        )
    page = public_section(login(None).get(f"/councils/{council_a.id}").text)
    assert "Council meetings held in the last 12 months: 3" in page
    assert f'href="/councils/{council_a.id}/consultations"' in page


def test_section_lists_upcoming_soonest_first_and_held_newest_first(
    session, council_a, make_meeting
):
    day = date(2025, 6, 15)

    def consultation(title: str, on: date, **values) -> None:
        make_meeting(
            council_a, kind=MeetingKind.PUBLIC_CONSULTATION, scheduled_on=on, title=title, **values
        )

    consultation("Next week", day + timedelta(days=7))
    consultation("Next month, postponed", day + timedelta(days=30), status=MeetingStatus.POSTPONED)
    consultation("Today", day)
    consultation("Planned but not recorded", day - timedelta(days=1))
    consultation("Held in May", date(2025, 5, 2), status=MeetingStatus.HELD)
    consultation("Held last summer", date(2024, 6, 16), status=MeetingStatus.HELD)
    consultation("Held a year ago", date(2024, 6, 15), status=MeetingStatus.HELD)
    section = council_public_section(session, council_a.id, day, "en")
    assert [a.title for a in section.upcoming] == ["Today", "Next week", "Next month, postponed"]
    assert [a.title for a in section.held] == ["Held in May", "Held last summer"]
    assert not section.has_more


def test_section_is_limited_and_links_to_the_rest(session, council_a, make_meeting):
    day = date(2025, 6, 15)
    for number in range(SECTION_LIMIT + 2):
        make_meeting(
            council_a,
            kind=MeetingKind.COMMUNITY_ACTIVITY,
            status=MeetingStatus.HELD,
            scheduled_on=day - timedelta(days=number),
            title=f"Activity {number}",
        )
    section = council_public_section(session, council_a.id, day, "en")
    assert [a.title for a in section.held] == [f"Activity {n}" for n in range(SECTION_LIMIT)]
    assert section.has_more


def test_year_before_a_leap_day_is_the_28th():
    assert year_before(date(2024, 2, 29)) == date(2023, 2, 28)
    assert year_before(date(2025, 3, 1)) == date(2024, 3, 1)


# The full list -------------------------------------------------------------------------------


@pytest.fixture
def history(council_a, make_meeting):
    """Five held consultations over 2023 and 2024."""
    for on in (date(2023, 3, 1), date(2023, 9, 1), date(2024, 2, 1), date(2024, 5, 1)):
        make_meeting(
            council_a,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            status=MeetingStatus.HELD,
            scheduled_on=on,
            title=f"Consultation of {on:%d.%m.%Y}",
        )
    make_meeting(
        council_a,
        kind=MeetingKind.COMMUNITY_ACTIVITY,
        status=MeetingStatus.HELD,
        scheduled_on=date(2024, 12, 1),
        title="Consultation of 01.12.2024",
    )


def listed_titles(page: str) -> list[str]:
    return [
        part.split("</a>")[0].split(">")[-1]
        for part in page.split('<article class="card public-activity"')[1:]
    ]


def test_list_filters_by_year_and_pages_keep_the_filter(app, history, login, council_a):
    app.config["PAGE_SIZE"] = 2
    client = login(None)
    url = f"/councils/{council_a.id}/consultations"
    page = client.get(url).text
    assert listed_titles(page) == ["Consultation of 01.12.2024", "Consultation of 01.05.2024"]
    assert '<option value="2024">2024</option>' in page
    assert '<option value="2023">2023</option>' in page
    page = client.get(f"{url}?year=2024").text
    assert listed_titles(page) == ["Consultation of 01.12.2024", "Consultation of 01.05.2024"]
    assert f'href="{url}?year=2024&amp;page=2"' in page
    page = client.get(f"{url}?year=2024&page=2").text
    assert listed_titles(page) == ["Consultation of 01.02.2024"]
    page = client.get(f"{url}?year=2023").text
    assert listed_titles(page) == ["Consultation of 01.09.2023", "Consultation of 01.03.2023"]


@pytest.mark.parametrize("year", ["1999", "abc"])
def test_list_refuses_an_unknown_year_with_a_message(history, login, council_a, year):
    response = login(None).get(f"/councils/{council_a.id}/consultations?year={year}")
    assert response.status_code == 400
    assert 'class="error"' in response.text
    assert listed_titles(response.text) == []


def test_list_of_an_unknown_council_is_404(client):
    assert client.get("/councils/999999/consultations").status_code == 404


# Query counts --------------------------------------------------------------------------------


def test_public_pages_query_counts_do_not_grow_with_activities(
    login,
    users,
    council_a,
    council_b,
    make_meeting,
    make_participation,
    make_record,
    count_queries,
):
    urls = (f"/councils/{council_a.id}", f"/councils/{council_a.id}/consultations")

    def add(number: int) -> None:
        for index in range(number):
            consultation = make_meeting(
                council_a,
                kind=MeetingKind.PUBLIC_CONSULTATION,
                status=MeetingStatus.HELD,
                scheduled_on=today() - timedelta(days=index + 1),
                co_hosts=(council_b,) if index % 2 else (),
            )
            make_participation(
                consultation, 10, women=4, communities={ParticipantCommunity.ROMA: 10}
            )
            make_record(consultation, status=RecordStatus.PUBLISHED)
            make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=today())

    def counts() -> list[int]:
        found = []
        for client in (login(None), login(users["cso"])):
            for url in urls:
                with count_queries() as counter:
                    assert client.get(url).status_code == 200
                assert_no_duplicated_queries(counter.statements)
                found.append(counter.count)
                # The section (and each page of the list) is one statement of activities.
                assert sum("by_community" in sql for sql in counter.statements) == 1
        return found

    add(3)
    few = counts()
    add(37)
    many = counts()
    assert few == many
    # The list: the council, the years to filter by, one page of activities (and the user).
    assert many[1] == 3
    assert many[3] == 4


def test_a_record_is_sanitised_again_as_it_is_shown(login, council_a, make_meeting, make_record):
    consultation = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.HELD,
        scheduled_on=today() - timedelta(days=2),
    )
    # Stored by other means than the record form, which sanitises as it saves.
    make_record(
        consultation,
        status=RecordStatus.PUBLISHED,
        body='<p onclick="steal()">Safe words</p><script>alert(1)</script><a href="x">link</a>',
    )
    for page in pages(login(None), council_a.id).values():
        assert "<p>Safe words</p>" in page
        assert "steal()" not in page
        assert "alert(1)" not in page
        assert '<a href="x">' not in page


@pytest.mark.parametrize("language", ["sq", "sr", "en"])
def test_public_pages_render_in_every_language(world, login, council_a, language):
    client = login(None)
    for url in (f"/councils/{council_a.id}", f"/councils/{council_a.id}/consultations"):
        response = client.get(url, headers={"Accept-Language": language})
        assert response.status_code == 200
        assert RECENT_TITLE in response.text
