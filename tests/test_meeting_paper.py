"""Paper: the invitation in Albanian and Serbian side by side, the sheets to sign or tally."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask_babel import force_locale, gettext
from markupsafe import escape

from safety.consultations.models import MeetingKind, MeetingStatus
from safety.councils.models import MemberRole
from safety.labels import label
from tests.conftest import assert_no_duplicated_queries

MEETING_ON = date(2025, 3, 4)


@pytest.fixture(autouse=True)
def english(app):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


def columns(page: str) -> dict[str, str]:
    """The invitation's columns by their lang attribute."""
    found = re.findall(r'<section class="paper-column" lang="([^"]+)">(.*?)</section>', page, re.S)
    return dict(found)


def sheet_names(page: str) -> list[str]:
    """The members pre-printed on the attendance sheet, in order."""
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<th scope="row">([^<]*)</th>', table)


def in_language(language: str, text, **variables) -> str:
    with force_locale(language):
        return label(text) if hasattr(text, "value") else gettext(text, **variables)


def both_languages(app, text, **variables) -> str:
    """`text` as the sheets print it: "Albanian / Serbian", once when the two read the same."""
    with app.test_request_context():
        albanian, serbian = (in_language(lang, text, **variables) for lang in ("sq", "sr"))
    if albanian == serbian:
        return str(escape(albanian))
    albanian, serbian = escape(albanian), escape(serbian)
    return f'<span lang="sq">{albanian}</span> / <span lang="sr-Latn">{serbian}</span>'


# The invitation ------------------------------------------------------------------------------


def test_invitation_has_both_languages_with_names_dates_and_the_agenda(
    app, login, users, council_a, make_meeting
):
    meeting = make_meeting(
        council_a,
        scheduled_on=MEETING_ON,
        title="March meeting",
        agenda=("Report of the police station commander", "Safety around schools"),
        address="Rr. Agim Ramadani 5",
        online_url="https://meet.example.org/council-a",
    )
    page = login(users["secretary_a"]).get(f"/meetings/{meeting.id}/invitation").text
    by_language = columns(page)
    assert list(by_language) == ["sq", "sr-Latn"]
    albanian, serbian = by_language["sq"], by_language["sr-Latn"]
    assert "<strong>Prishtinë</strong>" in albanian
    assert "<strong>Priština</strong>" in serbian
    assert "e martë, 4 mars 2025" in albanian
    assert "utorak, 4. mart 2025." in serbian
    for column in (albanian, serbian):
        assert "<li>Report of the police station commander</li><li>Safety around schools</li>" in (
            column
        )
        assert "March meeting" in column
        assert "10:00\u201312:00" in column
        assert "Rr. Agim Ramadani 5" in column
        assert "https://meet.example.org/council-a" in column
    with app.test_request_context():
        for language, column in (("sq", albanian), ("sr", serbian)):
            assert f"<h3>{in_language(language, 'Agenda')}</h3>" in column
            assert f"<p>{in_language(language, MeetingKind.REGULAR)}</p>" in column
            assert in_language(language, "Chair of the Council") in column


@pytest.mark.parametrize("reader", ["sq", "sr", "en"])
def test_invitation_columns_do_not_follow_the_readers_language(
    login, council_a, make_meeting, reader
):
    consultation = make_meeting(council_a, kind=MeetingKind.PUBLIC_CONSULTATION)
    client = login(None)
    page = client.get(
        f"/meetings/{consultation.id}/invitation", headers={"Accept-Language": reader}
    ).text
    english = client.get(
        f"/meetings/{consultation.id}/invitation", headers={"Accept-Language": "en"}
    ).text
    assert list(columns(page)) == ["sq", "sr-Latn"]
    assert columns(page) == columns(english)


def test_co_hosted_invitation_names_every_host_in_each_language(
    login, council_a, council_b, make_meeting
):
    consultation = make_meeting(
        council_a, kind=MeetingKind.PUBLIC_CONSULTATION, co_hosts=(council_b,)
    )
    page = login(None).get(f"/meetings/{consultation.id}/invitation").text
    assert "<strong>Prishtinë, Graçanicë</strong>" in columns(page)["sq"]
    assert "<strong>Priština, Gračanica</strong>" in columns(page)["sr-Latn"]
    assert "Municipal Community Safety Councils" in page


def test_cancelled_meeting_invitation_says_so_in_both_columns(app, login, users, make_meeting):
    meeting = make_meeting(status=MeetingStatus.CANCELLED, cancelled_reason="No quorum expected")
    page = login(users["secretary_a"]).get(f"/meetings/{meeting.id}/invitation").text
    by_language = columns(page)
    assert list(by_language) == ["sq", "sr-Latn"]
    with app.test_request_context():
        for language, column in (("sq", by_language["sq"]), ("sr", by_language["sr-Latn"])):
            assert in_language(language, "This meeting has been cancelled.") in column


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 404),
        ("cso", 404),
        ("secretary_b", 404),
        ("secretary_a", 200),
        ("ministry", 200),
        ("admin", 200),
    ],
)
def test_a_council_meetings_invitation_is_for_its_staff(login, users, make_meeting, role, status):
    meeting = make_meeting(title="Internal meeting of council A", agenda=("Confidential point",))
    response = login(users.get(role)).get(f"/meetings/{meeting.id}/invitation")
    assert response.status_code == status
    if status == 404:
        assert "Internal meeting of council A" not in response.text
        assert "Confidential point" not in response.text


@pytest.mark.parametrize("role", [None, "cso", "secretary_b"])
def test_a_public_consultations_invitation_is_for_everyone(login, users, make_meeting, role):
    consultation = make_meeting(
        kind=MeetingKind.COMMUNITY_ACTIVITY, title="Youth sports day", agenda=("Football",)
    )
    response = login(users.get(role)).get(f"/meetings/{consultation.id}/invitation")
    assert response.status_code == 200
    assert response.text.count("<li>Football</li>") == 2


def test_print_button_is_wired_by_a_script_from_this_site(login, make_meeting, client):
    consultation = make_meeting(kind=MeetingKind.PUBLIC_CONSULTATION)
    page = login(None).get(f"/meetings/{consultation.id}/invitation").text
    # The CSP runs no inline script: the button starts hidden and print.js shows and wires it.
    assert '<button type="button" class="button-primary" data-print hidden>' in page
    assert '<script src="/static/print.js" defer></script>' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "onclick" not in page
    script = client.get("/static/print.js")
    assert script.status_code == 200
    assert "window.print()" in script.text
    script.close()


def test_unknown_meeting_is_404(login, users):
    client = login(users["admin"])
    assert client.get("/meetings/999999/invitation").status_code == 404
    assert client.get("/meetings/999999/attendance-sheet").status_code == 404


# The attendance sheet ------------------------------------------------------------------------


def test_sheet_lists_exactly_the_members_active_on_the_day_it_was_held(
    app, login, users, council_a, council_b, make_meeting, make_member
):
    held_on = date(2025, 3, 11)  # a week after its planned date: the held date decides
    meeting = make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=MEETING_ON, held_on=held_on
    )
    make_member(council_a, full_name="Arta Active", appointed_on=date(2024, 1, 15))
    make_member(council_a, full_name="Bekim Appointed That Day", appointed_on=held_on)
    make_member(council_a, full_name="Celik Appointed Between", appointed_on=date(2025, 3, 10))
    make_member(
        council_a,
        full_name="Dafina Left Before",
        appointed_on=date(2023, 1, 1),
        left_on=date(2025, 2, 1),
    )
    make_member(
        council_a, full_name="Edon Left That Day", appointed_on=date(2023, 1, 1), left_on=held_on
    )
    make_member(
        council_a,
        full_name="Fatos Leaves Later",
        appointed_on=date(2023, 1, 1),
        left_on=date(2025, 6, 1),
    )
    make_member(council_a, full_name="Gresa Appointed After", appointed_on=date(2025, 3, 12))
    make_member(council_b, full_name="Milan Other Council", appointed_on=date(2020, 1, 1))
    page = login(users["secretary_a"]).get(f"/meetings/{meeting.id}/attendance-sheet").text
    assert sheet_names(page) == [
        "Arta Active",
        "Bekim Appointed That Day",
        "Celik Appointed Between",
        "Fatos Leaves Later",
    ]
    for absent in ("Dafina", "Edon", "Gresa", "Milan"):
        assert absent not in page
    assert "11.03.2025" in page
    quorum = both_languages(
        app,
        "Members on the council on this date: %(active)s. Quorum: at least %(needed)s "
        "present (a substitute counts as present; guests do not).",
        active=4,
        needed=3,
    )
    assert f"<p>{quorum}</p>" in page


def test_sheet_has_bilingual_headings_roles_and_empty_columns_to_fill(
    app, login, users, council_a, make_meeting, make_member
):
    meeting = make_meeting(council_a, scheduled_on=MEETING_ON)
    make_member(
        council_a,
        full_name="Hysen Chair",
        role=MemberRole.CHAIR,
        institution="Municipal Assembly",
    )
    page = login(users["ministry"]).get(f"/meetings/{meeting.id}/attendance-sheet").text
    row = re.search(r'<th scope="row">Hysen Chair</th>(.*?)</tr>', page, re.S)[1]
    role = both_languages(app, MemberRole.CHAIR)
    assert re.findall(r"<td>(.*?)</td>", row) == [role, "Municipal Assembly", "", ""]
    for heading in ("Signature", "Substitute (name, institution)"):
        assert f'<th scope="col" class="sheet-wide">{both_languages(app, heading)}</th>' in page
    # Blank rows where guests sign, which never count for the quorum.
    caption = f'<caption id="guests-caption">{both_languages(app, "Guests")}</caption>'
    guests = page.split(caption)[1].split("</tbody>")[0]
    assert guests.count("<tr><td>") == 6


@pytest.mark.parametrize("role", [None, "cso", "secretary_b"])
def test_sheet_is_404_for_anyone_but_the_councils_staff(
    login, users, council_a, make_meeting, make_member, role
):
    meeting = make_meeting(council_a, title="March meeting of council A")
    make_member(council_a, full_name="Arta Active")
    response = login(users.get(role)).get(f"/meetings/{meeting.id}/attendance-sheet")
    assert response.status_code == 404
    assert "Arta Active" not in response.text
    assert "March meeting of council A" not in response.text


def test_a_consultation_gets_a_tally_sheet_with_counts_and_no_names(
    app, login, users, council_a, council_b, make_meeting, make_member
):
    consultation = make_meeting(
        council_a, kind=MeetingKind.PUBLIC_CONSULTATION, co_hosts=(council_b,)
    )
    make_member(council_a, full_name="Arta Active")
    page = login(users["secretary_b"]).get(f"/meetings/{consultation.id}/attendance-sheet").text
    assert "Participation sheet" in page
    assert "Arta Active" not in page
    assert "Prishtinë/Priština, Graçanicë/Gračanica" in page
    captions = re.findall(r"<caption id=\"[^\"]+\">(.*?)</caption>", page)
    assert captions == [
        both_languages(app, caption)
        for caption in (
            "Participants by community",
            "Participants by gender",
            "Participants by age",
            "Organisations that attended",
        )
    ]
    by_community = page.split(f'">{captions[0]}</caption>')[1].split("</table>")[0]
    # Eleven communities, "did not say" and the total.
    assert by_community.count('<th scope="row">') == 13
    with app.test_request_context():
        assert in_language("sr", "Women") in page
    assert login(None).get(f"/meetings/{consultation.id}/attendance-sheet").status_code == 404
    assert (
        login(users["cso"]).get(f"/meetings/{consultation.id}/attendance-sheet").status_code == 404
    )


def test_sheet_query_count_does_not_grow_with_members(
    login, users, council_a, make_meeting, make_member, count_queries
):
    url = f"/meetings/{make_meeting(council_a, scheduled_on=MEETING_ON).id}/attendance-sheet"
    client = login(users["secretary_a"])

    def queries() -> list[str]:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.statements

    for _ in range(3):
        make_member(council_a)
    few = queries()
    for _ in range(30):
        make_member(council_a)
    many = queries()
    assert len(few) == len(many) <= 6
    assert_no_duplicated_queries(many)


# The links on the meeting page ---------------------------------------------------------------


def paper_links(page: str) -> str:
    if 'id="paper-heading"' not in page:
        return ""
    return page.split('id="paper-heading"')[1].split("</section>")[0]


def test_meeting_page_links_to_the_paper_its_reader_may_open(login, users, make_meeting):
    meeting = make_meeting()
    consultation = make_meeting(kind=MeetingKind.PUBLIC_CONSULTATION)
    staff = paper_links(login(users["secretary_a"]).get(f"/meetings/{meeting.id}").text)
    assert f'href="/meetings/{meeting.id}/invitation"' in staff
    assert f'href="/meetings/{meeting.id}/attendance-sheet"' in staff
    public = paper_links(login(None).get(f"/meetings/{consultation.id}").text)
    assert f'href="/meetings/{consultation.id}/invitation"' in public
    assert "attendance-sheet" not in public
    staff_on_consultation = paper_links(
        login(users["ministry"]).get(f"/meetings/{consultation.id}").text
    )
    assert f'href="/meetings/{consultation.id}/attendance-sheet"' in staff_on_consultation


@pytest.mark.parametrize("language", ["sq", "sr", "en"])
def test_paper_renders_in_every_language(
    login, users, council_a, make_meeting, make_member, language
):
    make_member(council_a, full_name="Arta Active")
    meeting = make_meeting(council_a, scheduled_on=MEETING_ON)
    consultation = make_meeting(council_a, kind=MeetingKind.PUBLIC_CONSULTATION)
    client = login(users["admin"])
    headers = {"Accept-Language": language}
    for url in (
        f"/meetings/{meeting.id}/invitation",
        f"/meetings/{meeting.id}/attendance-sheet",
        f"/meetings/{consultation.id}/attendance-sheet",
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
    assert "Arta Active" in client.get(f"/meetings/{meeting.id}/attendance-sheet").text
