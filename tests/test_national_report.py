"""The yearly national evaluation report: its figures from hand-built data, the year before,
a fixed number of statements, the SVG charts, the printable page and its PDF, and who may read
them."""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from safety.compliance.charts import bar_chart, grouped_bar_chart, stacked_status_chart
from safety.compliance.evaluation import evaluate_councils
from safety.compliance.national import national_report, report_years
from safety.compliance.rules import Status
from safety.concerns.models import ConcernCategory, ConcernStatus
from safety.consultations.models import MeetingKind, MeetingStatus, ParticipantCommunity
from safety.councils.models import Council, CouncilDecision, DecisionKind, MemberRole
from safety.plans.models import ItemStatus, PlanStatus
from tests.factories.councils import council_by_code

EN = {"Accept-Language": "en"}
TODAY = date(2026, 3, 1)


@pytest.fixture
def constitute(session: Session) -> Callable[..., CouncilDecision]:
    """A decision of the Municipal Assembly (re)constituting `council` on `decided_on`."""

    def factory(
        council: Council, decided_on: date, kind: DecisionKind = DecisionKind.CONSTITUTING
    ) -> CouncilDecision:
        decision = CouncilDecision(
            council_id=council.id,
            kind=kind,
            number=f"01-{decided_on.isoformat()}",
            decided_on=decided_on,
        )
        session.add(decision)
        session.commit()
        return decision

    return factory


@pytest.fixture
def national_world(
    session: Session,
    council_a: Council,
    council_b: Council,
    constitute: Callable[..., CouncilDecision],
    make_member: Callable[..., Any],
    make_meeting: Callable[..., Any],
    make_participation: Callable[..., Any],
    make_plan: Callable[..., Any],
    make_item: Callable[..., Any],
    make_concern: Callable[..., Any],
    make_threshold_change: Callable[..., Any],
) -> dict[str, Any]:
    """Two years of a few councils' records, with the figures worked out by hand below."""
    council_c = council_by_code(session, "02")
    # A since 2013 (re-constituted in 2025: still not new), B new in 2025, C new in 2024.
    constitute(council_a, date(2013, 5, 10))
    constitute(council_a, date(2025, 12, 1), DecisionKind.RECONSTITUTING)
    constitute(council_b, date(2025, 2, 1))
    constitute(council_c, date(2024, 6, 1))
    make_member(council_a, role=MemberRole.CHAIR, appointed_on=date(2013, 6, 1))

    held = MeetingStatus.HELD
    make_meeting(council_a, status=held, scheduled_on=date(2025, 3, 4))
    make_meeting(council_a, status=held, scheduled_on=date(2025, 4, 1))
    make_meeting(
        council_a, kind=MeetingKind.EXTRAORDINARY, status=held, scheduled_on=date(2025, 5, 5)
    )
    make_meeting(council_a, scheduled_on=date(2025, 6, 1))
    make_meeting(council_a, status=MeetingStatus.CANCELLED, scheduled_on=date(2025, 7, 1))
    consultation = MeetingKind.PUBLIC_CONSULTATION
    co_hosted = make_meeting(
        council_a,
        kind=consultation,
        status=held,
        scheduled_on=date(2025, 6, 10),
        co_hosts=[council_b],
    )
    community = ParticipantCommunity
    make_participation(
        co_hosted,
        40,
        women=15,
        under_30=10,
        communities={community.ALBANIAN: 25, community.SERB: 10, community.UNDISCLOSED: 5},
    )
    second = make_meeting(council_b, kind=consultation, status=held, scheduled_on=date(2025, 9, 9))
    make_participation(second, 20, women=10, under_30=5, communities={community.SERB: 20})
    make_meeting(
        council_a, kind=MeetingKind.COMMUNITY_ACTIVITY, status=held, scheduled_on=date(2025, 10, 10)
    )
    make_meeting(council_a, status=held, scheduled_on=date(2024, 11, 5))
    earlier = make_meeting(council_a, kind=consultation, status=held, scheduled_on=date(2024, 5, 5))
    make_participation(earlier, 10, women=3, under_30=2, communities={community.ALBANIAN: 10})
    make_meeting(council_a, status=held, scheduled_on=date(2026, 1, 10))

    adopted = PlanStatus.ADOPTED
    plan = make_plan(council_a, year=2025, status=adopted, adopted_on=date(2025, 3, 20))
    make_item(plan, history=[(ItemStatus.DONE, date(2025, 6, 1), None)])
    make_item(plan, history=[(ItemStatus.IN_PROGRESS, date(2025, 3, 1), None)])
    make_item(
        plan,
        deadline=date(2025, 9, 30),
        history=[(ItemStatus.CANCELLED, date(2025, 5, 1), "No budget")],
    )
    make_item(plan, deadline=date(2025, 12, 31))
    # Done only after the year's end: in progress and overdue on 31 December.
    make_item(
        plan,
        deadline=date(2025, 10, 1),
        history=[
            (ItemStatus.IN_PROGRESS, date(2025, 4, 1), None),
            (ItemStatus.DONE, date(2026, 1, 15), None),
        ],
    )
    # Two changes on one day: the one recorded last wins.
    make_item(
        plan,
        deadline=date(2025, 5, 1),
        history=[
            (ItemStatus.IN_PROGRESS, date(2025, 4, 1), None),
            (ItemStatus.DONE, date(2025, 4, 1), None),
        ],
    )
    draft = make_plan(council_b, year=2025)
    make_item(draft)
    before = make_plan(council_a, year=2024, status=adopted, adopted_on=date(2024, 4, 1))
    make_item(before)
    make_plan(council_b, year=2024, status=adopted, adopted_on=date(2025, 1, 10))

    answered = ConcernStatus.RESOLVED
    make_concern(
        submitted_on=date(2025, 3, 3),
        history=[
            (ConcernStatus.UNDER_REVIEW, date(2025, 3, 5), "We are looking into it."),
            (answered, date(2025, 3, 20), "The lights were repaired."),
        ],
    )
    make_concern(
        submitted_on=date(2025, 4, 1),
        category=ConcernCategory.DRUGS,
        history=[(answered, date(2025, 6, 1), "The police patrol the park.")],
    )
    make_concern(submitted_on=date(2025, 11, 20), category=ConcernCategory.WEAPONS)
    make_concern(
        submitted_on=date(2025, 12, 10),
        category=ConcernCategory.DRUGS,
        history=[(ConcernStatus.REFERRED, date(2026, 1, 5), "Sent to the police.")],
    )
    make_concern(
        submitted_on=date(2025, 5, 5),
        category=ConcernCategory.DRUGS,
        deleted_on=date(2025, 5, 6),
        deleted_reason="Advertising",
    )
    make_concern(
        submitted_on=date(2024, 12, 30),
        history=[(answered, date(2025, 1, 10), "Repaired.")],
    )
    make_concern(submitted_on=date(2026, 1, 2))
    # R16's limit was raised during 2025: the 61-day answer is in time for 2025.
    make_threshold_change("r16_breach_days", 70, date(2025, 6, 1))
    session.commit()
    return {"council_c": council_c}


def test_figures_of_the_year_and_the_year_before(session: Session, national_world: Any) -> None:
    report = national_report(session, 2025, TODAY)
    now, before = report.current, report.previous
    assert (now.year, now.as_of, before.year, before.as_of) == (
        2025,
        date(2025, 12, 31),
        2024,
        date(2024, 12, 31),
    )
    assert (now.councils, now.constituted, now.newly_constituted) == (38, 3, 1)
    assert (before.councils, before.constituted, before.newly_constituted) == (38, 2, 1)

    assert now.meetings == {
        "regular": 2,
        "extraordinary": 1,
        "public_consultation": 2,
        "community_activity": 1,
    }
    assert before.meetings == {"regular": 1, "public_consultation": 1}
    assert (now.consultations, now.meetings_held, before.consultations) == (2, 6, 1)

    people = now.participants
    assert (people.total, people.women, people.men, people.gender_undisclosed) == (60, 25, 35, 0)
    assert (people.under_30, people.aged_30_plus, people.age_undisclosed) == (15, 45, 0)
    assert people.by_community == {"albanian": 25, "serb": 30, "undisclosed": 5}
    assert before.participants.total == 10
    assert before.participants.by_community == {"albanian": 10}
    assert now.women_share == pytest.approx(25 / 60)

    assert (now.plans_adopted, before.plans_adopted) == (1, 1)
    assert now.items == {"done": 2, "in_progress": 2, "cancelled": 1, "not_started": 1}
    assert (now.items_overdue, now.items_total) == (2, 6)
    assert (before.items, before.items_overdue) == ({"not_started": 1}, 1)

    assert now.concerns_by_category == {
        "lighting_and_infrastructure": 1,
        "drugs": 2,
        "weapons": 1,
    }
    assert now.concerns_by_status == {"resolved": 2, "submitted": 2}
    assert (now.answer_days, now.concerns_answered_in_time) == (70, 3)
    assert now.answered_share == pytest.approx(3 / 4)
    assert before.concerns_by_category == {"lighting_and_infrastructure": 1}
    assert before.concerns_by_status == {"submitted": 1}
    assert (before.answer_days, before.concerns_answered_in_time) == (30, 1)


def _expected_counts(
    session: Session, day: date
) -> tuple[dict[str, Counter[Status]], Counter[str]]:
    rules: dict[str, Counter[Status]] = {}
    districts: Counter[str] = Counter()
    for council in evaluate_councils(session, day):
        for finding in council.findings:
            rules.setdefault(finding.rule, Counter())[finding.status] += 1
        districts[council.municipality.district] += 1
    return rules, districts


def test_compliance_by_rule_and_district_on_each_last_day(
    session: Session, national_world: Any
) -> None:
    report = national_report(session, 2025, TODAY)
    for figures in (report.current, report.previous):
        rules, districts = _expected_counts(session, figures.as_of)
        assert list(figures.by_rule) == [f"R{number:02d}" for number in range(1, 19)]
        for rule, counts in figures.by_rule.items():
            assert Counter({s: n for s, n in counts.items() if n}) == rules[rule]
        assert {d: sum(c.values()) for d, c in figures.by_district.items()} == dict(districts)
    # Only council A has an active member: R01 is met there and broken everywhere else.
    assert report.current.by_rule["R01"] == {
        Status.OK: 1,
        Status.WARNING: 0,
        Status.BREACH: 37,
        Status.NOT_APPLICABLE: 0,
    }


def test_a_running_year_stands_on_today(session: Session, national_world: Any) -> None:
    report = national_report(session, 2026, TODAY)
    assert (report.current.as_of, report.previous.as_of) == (TODAY, date(2025, 12, 31))
    assert report.current.meetings == {"regular": 1}
    assert report.current.concerns_by_category == {"lighting_and_infrastructure": 1}
    assert report.previous.items_overdue == 2


def test_statement_count_does_not_grow_with_the_data(
    session: Session,
    national_world: Any,
    council_b: Council,
    count_queries: Callable[[], Any],
    make_meeting: Callable[..., Any],
    make_participation: Callable[..., Any],
    make_concern: Callable[..., Any],
    make_plan: Callable[..., Any],
    make_item: Callable[..., Any],
) -> None:
    with count_queries() as few:
        national_report(session, 2025, TODAY)
    plan = make_plan(
        national_world["council_c"],
        year=2025,
        status=PlanStatus.ADOPTED,
        adopted_on=date(2025, 2, 1),
    )
    for day in range(1, 11):
        meeting = make_meeting(
            council_b,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            status=MeetingStatus.HELD,
            scheduled_on=date(2025, 2, day),
        )
        make_participation(meeting, 12, women=6, communities={ParticipantCommunity.ROMA: 12})
        make_concern(council_b, submitted_on=date(2025, 2, day), category=ConcernCategory.OTHER)
        make_item(plan, history=[(ItemStatus.DONE, date(2025, 3, day), None)])
    session.expire_all()
    with count_queries() as many:
        report = national_report(session, 2025, TODAY)
    assert report.current.consultations == 12
    assert report.current.items["done"] == 12
    assert few.count == many.count == 12


def test_report_years_run_from_the_first_year_with_data(
    session: Session, national_world: Any, make_concern: Callable[..., Any]
) -> None:
    assert report_years(session, TODAY) == list(range(2026, 2012, -1))
    # Data from before 2010 (a typing error, say) does not open reports before 2010.
    make_concern(submitted_on=date(1999, 1, 4))
    assert report_years(session, TODAY)[-1] == 2010


def test_without_data_only_the_current_year(app: Any, session: Session) -> None:
    assert report_years(session, TODAY) == [2026]


# Charts ---------------------------------------------------------------------------------------


def test_bar_chart_scales_to_the_largest_value_and_writes_every_value() -> None:
    chart = bar_chart([("Regular council meeting", 10), ("Public consultation", 5), ("None", 0)])
    widths = [row.segments[0].width for row in chart.rows]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert widths[2] == 0
    assert [row.segments[0].text for row in chart.rows] == ["10", "5", "0"]
    longest = chart.rows[0].segments[0]
    assert longest.x + longest.width <= chart.width
    assert longest.text_x > longest.x + longest.width
    assert longest.fill == "#0b4f8a"


def test_grouped_bars_put_the_year_above_the_year_before_with_a_legend() -> None:
    chart = grouped_bar_chart([("Drugs", 4, 8), ("Weapons", 0, 0)], "2025", "2024")
    assert [(entry.tone, entry.label) for entry in chart.legend] == [
        ("current", "2025"),
        ("previous", "2024"),
    ]
    now, before = chart.rows[0].segments
    assert (now.tone, now.value, before.tone, before.value) == ("current", 4, "previous", 8)
    assert before.y > now.y
    assert before.width == pytest.approx(2 * now.width)
    # Rows start below the legend and do not overlap.
    assert chart.rows[0].segments[0].y >= 20
    assert chart.rows[1].segments[0].y >= before.y + before.height


def test_stacked_status_bars_split_by_status_and_total_after_the_bar() -> None:
    labels = {"ok": "Met", "warning": "Warning", "breach": "Not met", "not_applicable": "N/A"}
    chart = stacked_status_chart(
        [("R01", {"ok": 30, "warning": 0, "breach": 7, "not_applicable": 1})], labels
    )
    row = chart.rows[0]
    assert [(s.tone, s.value) for s in row.segments] == [
        ("ok", 30),
        ("breach", 7),
        ("not_applicable", 1),
    ]
    # Segments follow each other; a segment too narrow for its number leaves it to the table.
    assert row.segments[1].x == pytest.approx(row.segments[0].x + row.segments[0].width)
    assert row.segments[0].text == "30"
    assert row.segments[2].text == ""
    assert row.note == "38"
    assert row.note_x > row.segments[-1].x + row.segments[-1].width
    assert len(chart.legend) == 4


# The page, the PDF and who may read them ------------------------------------------------------


@pytest.fixture
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """The report views read today's date through `safety.dates.today`: fix it."""
    monkeypatch.setattr("safety.compliance.views.report.today", lambda: TODAY)
    return TODAY


def test_page_shows_the_figures_and_the_change(
    session: Session,
    national_world: Any,
    users: dict[str, Any],
    login: Callable[..., Any],
    frozen_today: date,
    count_queries: Callable[[], Any],
) -> None:
    client = login(users["ministry"])
    with count_queries() as counter:
        response = client.get("/compliance/national-report/2025", headers=EN)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "National evaluation report 2025" in page
    assert "Figures as of 31.12.2025, compared with 2024 (as of 31.12.2024)." in page
    # Meetings: regular 2 against 1 (+1); all meetings 6 against 2 (+4).
    assert _row(page, "Regular council meeting") == ["2", "1", "+1"]
    assert _row(page, "All meetings held") == ["6", "2", "+4"]
    assert _row(page, "Women") == ["25", "3", "+22"]
    assert _row(page, "Serb") == ["30", "0", "+30"]
    assert _row(page, "Overdue at the end of the year") == ["2", "1", "+1"]
    assert _row(page, "Drugs") == ["2", "0", "+2"]
    assert _row(page, "All concerns") == ["4", "1", "+3"]
    assert "answered within 70 days" in page
    assert "75%" in page
    assert _row(page, "R01") == ["1", "0", "37", "0", "37", "0"]
    # Every chart is an image with a title and a description, coloured by class and fill.
    assert page.count('role="img"') == page.count("<desc id=") == 9
    assert 'class="chart-current" fill="#0b4f8a"' in page
    assert "style=" not in page
    assert "<script>" not in page
    # The signed-in user, the year range, then the report's twelve statements.
    assert counter.count == 14


def _row(page: str, name: str) -> list[str]:
    """The cells after the row header starting `name` in the page's report tables."""
    match = re.search(
        rf'<th scope="row">{re.escape(name)}[^<]*</th>((?:<td class="number">[^<]*</td>)+)', page
    )
    assert match, f"no row {name!r}"
    return [cell.replace("&minus;", "-") for cell in re.findall(r">([^<]*)</td>", match[1])]


def test_pdf_is_the_same_report_as_an_attachment(
    session: Session,
    national_world: Any,
    users: dict[str, Any],
    login: Callable[..., Any],
    frozen_today: date,
) -> None:
    response = login(users["admin"]).get("/compliance/national-report/2025.pdf", headers=EN)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="national-report-2025.pdf"'
    )
    body = response.get_data()
    assert body.startswith(b"%PDF")
    assert len(body) > 20_000
    # A cover and one page per section at least: the print style sheet was applied.
    assert _page_count(body) >= 8


def _page_count(pdf: bytes) -> int:
    """The page count of the PDF's page tree, which WeasyPrint writes in a compressed stream."""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            text = zlib.decompress(stream)
        except zlib.error:
            continue
        found = re.search(rb"/Type /Pages/Kids \[[^]]*\]/Count (\d+)", text)
        if found:
            return int(found[1])
    raise AssertionError("no page tree found")


@pytest.mark.parametrize(
    "url", ["/compliance/national-report/2009", "/compliance/national-report/2027.pdf"]
)
def test_years_outside_the_range_are_not_found(
    session: Session,
    national_world: Any,
    users: dict[str, Any],
    login: Callable[..., Any],
    frozen_today: date,
    url: str,
) -> None:
    response = login(users["ministry"]).get(url, headers=EN)
    assert response.status_code == 404
    assert "reports cover 2013 to 2026" in response.get_data(as_text=True)


def test_list_of_years_links_each_report(
    session: Session,
    national_world: Any,
    users: dict[str, Any],
    login: Callable[..., Any],
    frozen_today: date,
) -> None:
    page = login(users["ministry"]).get("/compliance/national-report/", headers=EN)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for year in (2026, 2019, 2013):
        assert f'href="/compliance/national-report/{year}"' in text
        assert f'href="/compliance/national-report/{year}.pdf"' in text
    assert "/compliance/national-report/2012" not in text


@pytest.mark.parametrize("role", ["cso", "cso_pending", "secretary_a", "secretary_b"])
def test_others_are_refused(
    users: dict[str, Any], login: Callable[..., Any], frozen_today: date, role: str
) -> None:
    client = login(users[role])
    for url in ("/", "/2025", "/2025.pdf"):
        assert client.get(f"/compliance/national-report{url}").status_code == 403


def test_pdf_reads_only_the_apps_static_files(app: Any) -> None:
    from safety.compliance.pdf import _static_file

    root = "http://localhost/"
    with app.app_context():
        body, content_type = _static_file("http://localhost/static/compliance/report.css", root)
        assert b".report-section" in body
        assert content_type == "text/css"
        for refused in (
            "https://example.org/static/app.css",
            "http://localhost/static/../setup.cfg",
            "http://localhost/static/missing.css",
            "file:///etc/passwd",
        ):
            with pytest.raises(ValueError, match="static file"):
                _static_file(refused, root)
