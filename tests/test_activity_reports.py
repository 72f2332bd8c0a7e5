"""Activity reports: periods and due dates, the product's draft from the period's records,
uniqueness, editing with versions, submission dates, privacy, printing, constant queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from safety.accounts.models import Role
from safety.concerns.models import ConcernCategory, ConcernStatus, Sensitivity
from safety.consultations.models import (
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    ParticipantCommunity,
)
from safety.consultations.records import body_text, text_to_html
from safety.councils.models import CouncilDecision, DecisionKind, Municipality
from safety.dates import today
from safety.plans.models import (
    ActivityReport,
    ItemStatus,
    PlanStatus,
    ProgressUpdate,
    ReportKind,
)
from safety.plans.reports import Period, ReportState, report_years
from tests.conftest import assert_no_duplicated_queries

HELD = MeetingStatus.HELD
MIDYEAR, ANNUAL = ReportKind.MIDYEAR, ReportKind.ANNUAL
MEMBER_NAME = "Private Member Name"
SUBMITTER_NAME = "Private Submitter Name"
RESTRICTED_TITLE = "Restricted title never shown"
RESTRICTED_TEXT = "Restricted description never shown"


@pytest.fixture(autouse=True)
def english(app):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


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


@pytest.fixture
def secretary(login, users):
    return login(users["secretary_a"])


def reports_of(session, council) -> list[ActivityReport]:
    session.expire_all()
    return list(
        session.scalars(select(ActivityReport).where(ActivityReport.council_id == council.id))
    )


def draft(client, council, kind: str = "midyear", year: int = 2025):
    return client.post(f"/councils/{council.id}/reports/new", data={"kind": kind, "year": year})


# -- Periods, due dates, the list ---------------------------------------------------------------


def test_periods_and_due_dates():
    midyear, annual = Period(MIDYEAR, 2024), Period(ANNUAL, 2024)
    assert (midyear.first_day, midyear.last_day, midyear.due_on) == (
        date(2024, 1, 1),
        date(2024, 6, 30),
        date(2024, 7, 31),
    )
    assert (annual.first_day, annual.last_day, annual.due_on) == (
        date(2024, 1, 1),
        date(2024, 12, 31),
        date(2025, 1, 31),
    )
    assert midyear.cutoff(date(2024, 5, 1)) == date(2024, 5, 1)
    assert midyear.cutoff(date(2025, 1, 1)) == date(2024, 6, 30)
    assert annual.cutoff(date(2024, 12, 31)) == date(2024, 12, 31)


def states(years, year: int) -> tuple[ReportState, ReportState]:
    row = next(row for row in years if row.year == year)
    return row.midyear.state, row.annual.state


def test_report_years_say_what_is_submitted_due_or_missing(session, constituted_a, make_report):
    make_report(constituted_a, kind=ANNUAL, year=2023, submitted_on=date(2024, 1, 20))
    make_report(constituted_a, kind=MIDYEAR, year=2024)  # a draft
    day = date(2025, 1, 15)
    staff_view = report_years(session, constituted_a.id, day, sees_drafts=True)
    # From this year back to the constituting year, newest first.
    assert [row.year for row in staff_view] == [2025, 2024, 2023]
    assert states(staff_view, 2025) == (ReportState.RUNNING, ReportState.RUNNING)
    # The 2024 annual report is due by 31 January; the mid-year draft was due 31 July.
    assert states(staff_view, 2024) == (ReportState.DRAFT, ReportState.DUE)
    assert next(row for row in staff_view if row.year == 2024).midyear.late
    # The 2023 mid-year period ended after the constituting date (15 March): missing.
    assert states(staff_view, 2023) == (ReportState.MISSING, ReportState.SUBMITTED)
    public_view = report_years(session, constituted_a.id, day, sees_drafts=False)
    assert states(public_view, 2024) == (ReportState.MISSING, ReportState.DUE)
    assert next(row for row in public_view if row.year == 2024).midyear.report_id is None
    # On 1 February the annual report for 2024 is missing.
    later = report_years(session, constituted_a.id, date(2025, 2, 1), sees_drafts=False)
    assert states(later, 2024)[1] == ReportState.MISSING


def test_report_years_before_the_constituting_date_are_not_due(
    session, council_a, council_b, make_report
):
    session.add(
        CouncilDecision(
            council_id=council_b.id,
            kind=DecisionKind.CONSTITUTING,
            number="02-001/24",
            decided_on=date(2024, 7, 1),
        )
    )
    session.commit()
    years = report_years(session, council_b.id, date(2024, 8, 5), sees_drafts=True)
    assert states(years, 2024) == (ReportState.NOT_DUE, ReportState.RUNNING)
    # Without a constituting decision nothing is due; a report's year still shows.
    make_report(council_a, kind=ANNUAL, year=2021, submitted_on=date(2022, 1, 10))
    unconstituted = report_years(session, council_a.id, date(2022, 3, 1), sees_drafts=False)
    assert [row.year for row in unconstituted] == [2022, 2021]
    assert states(unconstituted, 2022) == (ReportState.NOT_DUE, ReportState.NOT_DUE)
    assert states(unconstituted, 2021)[1] == ReportState.SUBMITTED


def test_list_page_shows_submitted_reports_to_everyone_and_drafts_to_staff(
    login, users, constituted_a, make_report
):
    submitted = make_report(constituted_a, kind=ANNUAL, year=2024, submitted_on=date(2025, 1, 20))
    drafted = make_report(constituted_a, kind=MIDYEAR, year=2025)
    url = f"/councils/{constituted_a.id}/reports/"
    public = login(None).get(url)
    assert public.status_code == 200
    assert f"/reports/{submitted.id}" in public.text
    assert "Submitted on 20.01.2025" in public.text
    assert f"/reports/{drafted.id}" not in public.text
    assert "Draft it" not in public.text
    for role in ("secretary_a", "ministry"):
        assert f"/reports/{drafted.id}" in login(users[role]).get(url).text
    own = login(users["secretary_a"]).get(url).text
    assert "Draft it" in own
    assert f"/councils/{constituted_a.id}/reports/new?kind=annual&amp;year=2025" in own
    assert "Draft it" not in login(users["secretary_b"]).get(url).text
    assert login(None).get("/councils/999999/reports/").status_code == 404


def test_list_page_query_count_does_not_grow_with_reports(
    login, users, constituted_a, make_report, count_queries
):
    def page_queries() -> int:
        client = login(users["secretary_a"])
        with count_queries() as counter:
            response = client.get(f"/councils/{constituted_a.id}/reports/")
        assert response.status_code == 200
        assert_no_duplicated_queries(counter.statements)
        return counter.count

    few = page_queries()
    for year in range(2015, 2023):
        make_report(constituted_a, kind=ANNUAL, year=year, submitted_on=date(year + 1, 1, 10))
        make_report(constituted_a, kind=MIDYEAR, year=year)
    assert page_queries() == few


# -- The draft -----------------------------------------------------------------------------------


@pytest.fixture
def period_records(
    session,
    constituted_a,
    council_b,
    make_member,
    make_meeting,
    make_attendance,
    make_participation,
    make_concern,
    make_plan,
    make_item,
):
    """Council A's first half of 2025: three council meetings, two consultations and an
    activity, concerns of several kinds, and its adopted 2025 plan; with what must be left
    out around them."""
    members = [
        make_member(constituted_a, full_name=MEMBER_NAME, appointed_on=date(2023, 3, 15))
        for _ in range(4)
    ]
    quorate = make_meeting(constituted_a, status=HELD, scheduled_on=date(2025, 2, 11))
    make_attendance(quorate, dict.fromkeys(members[:3], AttendanceStatus.PRESENT))
    inquorate = make_meeting(constituted_a, status=HELD, scheduled_on=date(2025, 3, 11))
    make_attendance(
        inquorate,
        {members[0]: AttendanceStatus.PRESENT, members[1]: AttendanceStatus.ABSENT},
    )
    make_meeting(
        constituted_a,
        kind=MeetingKind.EXTRAORDINARY,
        status=HELD,
        scheduled_on=date(2025, 5, 6),
    )
    # Not held, or outside the period: left out of the mid-year report.
    make_meeting(constituted_a, scheduled_on=date(2025, 6, 10))
    make_meeting(
        constituted_a,
        status=MeetingStatus.CANCELLED,
        scheduled_on=date(2025, 4, 8),
        cancelled_reason="No quorum expected",
    )
    make_meeting(constituted_a, status=HELD, scheduled_on=date(2025, 7, 8))
    make_meeting(constituted_a, status=HELD, scheduled_on=date(2024, 12, 10))
    consultation = make_meeting(
        constituted_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=HELD,
        scheduled_on=date(2025, 4, 10),
    )
    make_participation(
        consultation,
        40,
        women=20,
        under_30=10,
        communities={ParticipantCommunity.ALBANIAN: 30, ParticipantCommunity.SERB: 10},
    )
    # Organised by council B with council A as co-host: it counts for A too.
    co_hosted = make_meeting(
        council_b,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=HELD,
        scheduled_on=date(2025, 5, 20),
        co_hosts=[constituted_a],
    )
    make_participation(co_hosted, 10, women=2, communities={ParticipantCommunity.SERB: 10})
    activity = make_meeting(
        constituted_a,
        kind=MeetingKind.COMMUNITY_ACTIVITY,
        status=HELD,
        scheduled_on=date(2025, 6, 1),
    )
    make_participation(
        activity,
        60,
        women=30,
        under_30=40,
        communities={ParticipantCommunity.ROMA: 20, ParticipantCommunity.UNDISCLOSED: 40},
    )
    # Council B's own consultation is not council A's.
    other = make_meeting(
        council_b,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=HELD,
        scheduled_on=date(2025, 3, 3),
    )
    make_participation(other, 500, communities={ParticipantCommunity.TURKISH: 500})

    lighting = ConcernCategory.LIGHTING_AND_INFRASTRUCTURE
    make_concern(
        constituted_a,
        submitted_on=date(2025, 2, 1),
        submitter_name=SUBMITTER_NAME,
        history=[(ConcernStatus.RESOLVED, date(2025, 2, 10), "The lights were repaired.")],
    )
    make_concern(constituted_a, submitted_on=date(2025, 3, 1), category=lighting)
    make_concern(
        constituted_a,
        submitted_on=date(2025, 6, 20),
        category=ConcernCategory.DOMESTIC_VIOLENCE,
        sensitivity=Sensitivity.RESTRICTED,
        title=RESTRICTED_TITLE,
        description=RESTRICTED_TEXT,
    )
    # Answered only after the period: unanswered at its end, and overdue by then.
    make_concern(
        constituted_a,
        submitted_on=date(2025, 5, 2),
        category=ConcernCategory.STRAY_DOGS,
        history=[(ConcernStatus.RESOLVED, date(2025, 7, 2), "Collected by the shelter.")],
    )
    # Outside the period, spam deleted in it, and another council's: left out.
    make_concern(constituted_a, submitted_on=date(2025, 7, 5))
    make_concern(
        constituted_a,
        submitted_on=date(2025, 3, 2),
        deleted_on=date(2025, 3, 5),
        deleted_reason="Spam",
    )
    make_concern(council_b, submitted_on=date(2025, 3, 3))

    plan = make_plan(
        constituted_a,
        year=2025,
        status=PlanStatus.FORWARDED_TO_ASSEMBLY,
        comment_starts_on=date(2025, 2, 3),
        comment_ends_on=date(2025, 2, 28),
        adopted_on=date(2025, 3, 20),
        forwarded_on=date(2025, 4, 1),
    )
    lights = make_item(
        plan,
        activity="Install lights on the school road",
        deadline=date(2025, 5, 31),
        history=[(ItemStatus.DONE, date(2025, 5, 1), None)],
        progress=100,
    )
    patrols = make_item(
        plan,
        activity="Patrols near schools <script>alert(1)</script>",
        deadline=date(2025, 9, 30),
        history=[
            (ItemStatus.IN_PROGRESS, date(2025, 3, 1), None),
            (ItemStatus.DONE, date(2025, 8, 1), None),
        ],
        progress=100,
    )
    make_item(
        plan,
        activity="Cancelled outreach",
        deadline=None,
        history=[(ItemStatus.CANCELLED, date(2025, 4, 1), "No funds")],
    )
    session.add_all(
        [
            ProgressUpdate(item_id=lights.id, progress=100, reported_on=date(2025, 5, 1)),
            ProgressUpdate(item_id=patrols.id, progress=40, reported_on=date(2025, 4, 1)),
            ProgressUpdate(item_id=patrols.id, progress=100, reported_on=date(2025, 8, 1)),
        ]
    )
    session.commit()
    return constituted_a


def test_the_mid_year_draft_tells_the_periods_records(session, secretary, period_records):
    response = draft(secretary, period_records)
    (report,) = reports_of(session, period_records)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/reports/{report.id}"
    assert (report.kind, report.year, report.submitted_on) == (MIDYEAR, 2025, None)
    body = report.body
    # The secretary edits it as text, and saving that text unchanged stores the same HTML.
    assert text_to_html(body_text(body)) == body
    assert body.startswith("<h3>Mid-year activity report 2025</h3>")
    assert "period 01.01.2025 to 30.06.2025." in body
    # Council meetings: held in the period only, with the quorum as R07 counts it.
    assert "<p>3 council meetings were held; 1 had a quorum.</p>" in body
    assert (
        "<ul><li>11.02.2025: Regular council meeting, with a quorum</li>"
        "<li>11.03.2025: Regular council meeting, without a quorum</li>"
        "<li>06.05.2025: Extraordinary council meeting, attendance not recorded</li></ul>"
    ) in body
    # Consultations (the co-hosted one included) and the activity.
    assert "Public consultations held: 2. Community activities held: 1." in body
    assert "110 participants took part: 52 women (47%) and 50 under 30." in body
    assert "<li>10.04.2025: Public consultation, 40 participants</li>" in body
    assert "<li>01.06.2025: Community activity, 60 participants</li>" in body
    assert "Communities reached: Albanian (30), Roma (20), Serb (20)." in body
    assert "Turkish" not in body
    # Concerns: counted by category, as they stood at the end of June.
    assert (
        "4 concerns were received; 1 had a first answer and 2 waited more than 30 days without one."
    ) in body
    assert (
        "<li>Street lighting and infrastructure: 2 received, 1 answered, 1 overdue</li>"
        "<li>Stray dogs: 1 received, 0 answered, 1 overdue</li>"
        "<li>Domestic violence: 1 received, 0 answered, 0 overdue</li>"
    ) in body
    # The plan, its items' status and progress at the end of June.
    assert (
        "The action plan for 2025 was adopted on 20.03.2025 and forwarded to the Municipal "
        "Assembly on 01.04.2025."
    ) in body
    assert "Items done: 1 of 2 (cancelled items are not counted)." in body
    assert (
        "<li>Install lights on the school road (Municipal directorate, deadline 31.05.2025): "
        "Done, 100%</li>"
    ) in body
    assert (
        "<li>Patrols near schools &lt;script&gt;alert(1)&lt;/script&gt; (Municipal "
        "directorate, deadline 30.09.2025): In progress, 40%</li>"
    ) in body
    assert "Cancelled outreach (Municipal directorate, no deadline): Cancelled, 0%" in body


def test_the_draft_names_no_one_and_quotes_no_concern(session, secretary, period_records):
    draft(secretary, period_records)
    (report,) = reports_of(session, period_records)
    for private in (
        MEMBER_NAME,
        SUBMITTER_NAME,
        RESTRICTED_TITLE,
        RESTRICTED_TEXT,
        "The lights were repaired",
        "Broken street lights",
        "No quorum expected",
        "<script",
    ):
        assert private not in report.body
    # Nothing but the record tags, and no attribute.
    assert "=" not in report.body.replace("&", "")


def test_the_annual_draft_covers_the_whole_year(session, secretary, period_records):
    draft(secretary, period_records, kind="annual")
    (report,) = reports_of(session, period_records)
    body = report.body
    assert body.startswith("<h3>Annual activity report 2025</h3>")
    assert "<p>4 council meetings were held; 1 had a quorum.</p>" in body
    assert "08.07.2025: Regular council meeting, attendance not recorded" in body
    assert "5 concerns were received; 2 had a first answer" in body
    assert "Items done: 2 of 2 (cancelled items are not counted)." in body
    assert (
        "alert(1)&lt;/script&gt; (Municipal directorate, deadline 30.09.2025): Done, 100%" in body
    )


def test_a_draft_of_a_running_period_says_so_and_an_empty_one_says_none(
    session, secretary, constituted_a
):
    year = today().year
    draft(secretary, constituted_a, kind="annual", year=year)
    (report,) = reports_of(session, constituted_a)
    if today() < date(year, 12, 31):
        assert "The period is not over: the figures are those recorded up to" in report.body
    assert "0 council meetings were held; 0 had a quorum." in report.body
    assert "Public consultations held: 0. Community activities held: 0." in report.body
    assert "0 concerns were received" in report.body
    assert f"The council has no action plan for {year}." in report.body


def test_the_draft_is_written_in_the_secretarys_language(session, login, make_user, period_records):
    albanian = make_user(Role.SECRETARY, council_id=period_records.id, locale="sq")
    draft(login(albanian), period_records)
    (report,) = reports_of(session, period_records)
    assert "Mbledhje e rregullt e këshillit" in report.body
    assert "Regular council meeting" not in report.body


def test_one_report_per_council_kind_and_year(session, secretary, period_records, make_report):
    make_report(period_records, kind=MIDYEAR, year=2025)
    response = draft(secretary, period_records)
    assert response.status_code == 400
    assert "The council already has this report: open it to edit it." in response.text
    assert len(reports_of(session, period_records)) == 1
    # The other kind, or another year, is a new report.
    assert draft(secretary, period_records, kind="annual").status_code == 302
    assert draft(secretary, period_records, year=2024).status_code == 302
    assert len(reports_of(session, period_records)) == 3


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "quarterly", "year": "2025"},
        {"kind": "annual", "year": ""},
        {"kind": "annual", "year": "1998"},
        {"kind": "annual", "year": str(today().year + 1)},
        {"kind": "annual", "year": "twenty"},
    ],
)
def test_bad_input_drafts_nothing(session, secretary, constituted_a, data):
    response = secretary.post(f"/councils/{constituted_a.id}/reports/new", data=data)
    assert response.status_code == 400
    assert "Please correct the marked fields." in response.text
    assert reports_of(session, constituted_a) == []


def test_the_new_report_page_is_filled_in_from_the_list_link(secretary, constituted_a):
    page = secretary.get(f"/councils/{constituted_a.id}/reports/new?kind=annual&year=2024")
    assert page.status_code == 200
    assert '<option selected value="annual">' in page.text
    assert 'value="2024"' in page.text


def test_drafting_runs_the_same_queries_whatever_the_period_holds(
    session,
    secretary,
    constituted_a,
    make_meeting,
    make_participation,
    make_concern,
    make_plan,
    make_item,
    count_queries,
):
    def drafting_queries(year: int) -> int:
        # Read before counting: each request expires the test's objects.
        url = f"/councils/{constituted_a.id}/reports/new"
        with count_queries() as counter:
            response = secretary.post(url, data={"kind": "annual", "year": year})
        assert response.status_code == 302
        return counter.count

    def fill(year: int, count: int) -> None:
        plan = make_plan(
            constituted_a, year=year, status=PlanStatus.ADOPTED, adopted_on=date(year, 3, 1)
        )
        for n in range(count):
            day = date(year, 2, 1) + timedelta(days=14 * n)
            make_meeting(constituted_a, status=HELD, scheduled_on=day)
            event = make_meeting(
                constituted_a, kind=MeetingKind.PUBLIC_CONSULTATION, status=HELD, scheduled_on=day
            )
            make_participation(event, 10, women=5, communities={ParticipantCommunity.SERB: 10})
            make_concern(constituted_a, submitted_on=day)
            make_item(plan, history=[(ItemStatus.IN_PROGRESS, day, None)])

    fill(2023, 1)
    fill(2024, 12)
    assert drafting_queries(2023) == drafting_queries(2024)


# -- Reading, editing, submitting ------------------------------------------------------------


def test_a_draft_is_for_staff_and_a_submitted_report_for_everyone(
    login, users, constituted_a, make_report
):
    drafted = make_report(constituted_a, kind=MIDYEAR, year=2025, body="<p>Draft words</p>")
    for role in (None, "cso", "secretary_b"):
        client = login(users[role] if role else None)
        for url in (f"/reports/{drafted.id}", f"/reports/{drafted.id}/print"):
            response = client.get(url)
            assert response.status_code == 404
            assert "Draft words" not in response.text
    staff_page = login(users["ministry"]).get(f"/reports/{drafted.id}")
    assert "Draft words" in staff_page.text
    assert "Edit the text" not in staff_page.text
    own_page = login(users["secretary_a"]).get(f"/reports/{drafted.id}")
    assert "Edit the text" in own_page.text
    assert "Record the submission" in own_page.text

    submitted = make_report(
        constituted_a,
        kind=ANNUAL,
        year=2024,
        body="<p>Public words</p>",
        submitted_on=date(2025, 1, 20),
    )
    for role in (None, "cso", "secretary_b"):
        page = login(users[role] if role else None).get(f"/reports/{submitted.id}")
        assert page.status_code == 200
        assert "Public words" in page.text
        assert "Submitted to the Municipal Assembly on 20.01.2025" in page.text
    assert "Edit the text" not in login(users["secretary_a"]).get(f"/reports/{submitted.id}").text


def test_a_stored_body_is_sanitised_again_when_shown(login, constituted_a, make_report):
    report = make_report(
        constituted_a,
        year=2024,
        body='<p onclick="x()">Fine</p><script>alert(1)</script><a href="http://x">link</a>',
        submitted_on=date(2025, 1, 20),
    )
    text = login(None).get(f"/reports/{report.id}").text
    assert "<p>Fine</p>" in text
    assert "alert(1)" not in text
    assert 'href="http://x"' not in text


def test_editing_the_text_like_minutes(session, secretary, constituted_a, make_report):
    report = make_report(
        constituted_a, kind=MIDYEAR, year=2025, body="<h3>Meetings</h3><p>Six.</p>"
    )
    form = secretary.get(f"/reports/{report.id}/edit")
    assert form.status_code == 200
    assert "### Meetings\n\nSix." in form.text
    response = secretary.post(
        f"/reports/{report.id}/edit",
        data={
            "text": "### Meetings\n\nThe council met **six** times.\n\n"
            "- Patrols <b>near</b> schools",
            "version": report.version_id,
        },
    )
    assert response.status_code == 302
    session.refresh(report)
    assert report.body == (
        "<h3>Meetings</h3><p>The council met <strong>six</strong> times.</p>"
        "<ul><li>Patrols &lt;b&gt;near&lt;/b&gt; schools</li></ul>"
    )


def test_a_stale_edit_gets_409_and_keeps_what_was_typed(
    session, secretary, constituted_a, make_report
):
    report = make_report(constituted_a, kind=MIDYEAR, year=2025, body="<p>First</p>")
    opened = report.version_id
    report.body = "<p>Saved meanwhile</p>"
    session.commit()
    response = secretary.post(
        f"/reports/{report.id}/edit", data={"text": "My own words", "version": opened}
    )
    assert response.status_code == 409
    assert "My own words" in response.text
    assert "Saved meanwhile" in response.text
    session.refresh(report)
    assert report.body == "<p>Saved meanwhile</p>"


@pytest.mark.parametrize("text", ["", "   ", "\u200b"])
def test_an_empty_text_is_refused(session, secretary, constituted_a, make_report, text):
    report = make_report(constituted_a, kind=MIDYEAR, year=2025, body="<p>Kept</p>")
    response = secretary.post(
        f"/reports/{report.id}/edit", data={"text": text, "version": report.version_id}
    )
    assert response.status_code == 400
    session.refresh(report)
    assert report.body == "<p>Kept</p>"


@pytest.mark.parametrize(
    ("submitted_on", "status"),
    [
        ("2025-06-29", 400),  # the mid-year period is not over
        ("2025-06-30", 302),  # its last day
        ("2025-07-15", 302),
        ("", 400),
        ("31.06.2025", 400),
    ],
)
def test_submission_dates(session, secretary, constituted_a, make_report, submitted_on, status):
    report = make_report(constituted_a, kind=MIDYEAR, year=2025)
    response = secretary.post(
        f"/reports/{report.id}/submit",
        data={"submitted_on": submitted_on, "version": report.version_id},
    )
    assert response.status_code == status
    session.refresh(report)
    if status == 302:
        assert report.submitted_on.isoformat() == submitted_on
    else:
        assert report.submitted_on is None
    if submitted_on == "2025-06-29":
        assert "A report cannot be submitted before the end of its period, 30.06.2025." in (
            response.text
        )


def test_submission_date_not_in_the_future_nor_before_a_running_periods_end(
    session, secretary, constituted_a, make_report
):
    year = today().year
    running = make_report(constituted_a, kind=ANNUAL, year=year)
    tomorrow = today() + timedelta(days=1)
    response = secretary.post(
        f"/reports/{running.id}/submit",
        data={"submitted_on": tomorrow.isoformat(), "version": running.version_id},
    )
    assert response.status_code == 400
    assert "This date cannot be in the future." in response.text
    session.refresh(running)
    assert running.submitted_on is None
    # The form offers no date while the period runs, today's once it is over.
    if today() < date(year, 12, 31):
        form = secretary.get(f"/reports/{running.id}/submit").text
        assert f'value="{today().isoformat()}"' not in form
    past = make_report(constituted_a, kind=ANNUAL, year=year - 1)
    assert f'value="{today().isoformat()}"' in secretary.get(f"/reports/{past.id}/submit").text


def test_a_submitted_report_is_read_only(session, secretary, constituted_a, make_report):
    report = make_report(
        constituted_a, year=2024, body="<p>Final</p>", submitted_on=date(2025, 1, 20)
    )
    for url, data in (
        (f"/reports/{report.id}/edit", {"text": "Changed", "version": report.version_id}),
        (
            f"/reports/{report.id}/submit",
            {"submitted_on": "2025-02-01", "version": report.version_id},
        ),
    ):
        assert secretary.get(url).status_code == 400
        response = secretary.post(url, data=data)
        assert response.status_code == 400
        assert "can no longer change" in response.text
    session.refresh(report)
    assert (report.body, report.submitted_on) == ("<p>Final</p>", date(2025, 1, 20))


def test_a_stale_submission_gets_409(session, secretary, constituted_a, make_report):
    report = make_report(constituted_a, kind=MIDYEAR, year=2025)
    opened = report.version_id
    report.body = "<p>Edited meanwhile</p>"
    session.commit()
    response = secretary.post(
        f"/reports/{report.id}/submit", data={"submitted_on": "2025-07-20", "version": opened}
    )
    assert response.status_code == 409
    session.refresh(report)
    assert report.submitted_on is None


def test_the_whole_way_from_draft_to_public(login, users, session, secretary, period_records):
    draft(secretary, period_records)
    (report,) = reports_of(session, period_records)
    assert login(None).get(f"/reports/{report.id}").status_code == 404
    secretary.post(
        f"/reports/{report.id}/submit",
        data={"submitted_on": "2025-07-20", "version": report.version_id},
    )
    public = login(None).get(f"/reports/{report.id}")
    assert public.status_code == 200
    assert "3 council meetings were held; 1 had a quorum." in public.text
    listing = login(None).get(f"/councils/{period_records.id}/reports/").text
    assert "Submitted on 20.07.2025" in listing


# -- Printing and query counts ------------------------------------------------------------------


def test_print_has_both_official_languages_and_the_text_as_written(
    session, login, constituted_a, make_report
):
    municipality = session.get(Municipality, constituted_a.municipality_id)
    names = (municipality.name_sq, municipality.name_sr)
    report = make_report(
        constituted_a,
        kind=MIDYEAR,
        year=2025,
        body="<p>The council met six times.</p>",
        submitted_on=date(2025, 7, 15),
    )
    page = login(None).get(f"/reports/{report.id}/print")
    assert page.status_code == 200
    text = page.text
    assert '<section class="paper-column" lang="sq">' in text
    assert '<section class="paper-column" lang="sr' in text
    assert "Republika e Kosovës" in text
    assert text.count("The council met six times.") == 1
    # Dates as letters write them, in each language.
    assert "15 korrik 2025" in text
    for name in names:
        assert name in text


@pytest.mark.parametrize("suffix", ["", "/print"])
def test_report_pages_run_a_fixed_number_of_queries(
    login, users, constituted_a, make_report, count_queries, suffix
):
    report = make_report(constituted_a, kind=MIDYEAR, year=2025)
    client = login(users["secretary_a"])
    with count_queries() as counter:
        response = client.get(f"/reports/{report.id}{suffix}")
    assert response.status_code == 200
    assert_no_duplicated_queries(counter.statements)
    assert counter.count <= 3


def test_the_council_page_links_to_its_reports(client, constituted_a):
    page = client.get(f"/councils/{constituted_a.id}").text
    assert f'href="/councils/{constituted_a.id}/reports/"' in page
