"""A council's compliance page: findings, remedies, sources, the date asked for, the trend."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from flask import url_for

from safety.compliance.evaluation import evaluate_council, load_compliance, month_ends
from safety.compliance.remedies import SOURCES, remedy, source
from safety.compliance.rules import DEFAULT_THRESHOLDS, REASONS, RULES, Finding, Status
from safety.compliance.sections import SECTIONS
from safety.compliance.trend import OVERALL, ROW_KEYS, council_trend
from safety.concerns.models import ConcernStatus
from safety.consultations.models import MeetingKind, MeetingStatus
from safety.councils.models import CouncilDecision, DecisionKind, MemberRole, Municipality
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries

ENGLISH = {"Accept-Language": "en"}
HELD = MeetingStatus.HELD
CONSTITUTED_ON = date(2023, 3, 15)
ALL_RULES = [f"R{number:02d}" for number in range(1, len(RULES) + 1)]


def page_url(council_id: int, as_of: str | None = None) -> str:
    query = f"?as_of={as_of}" if as_of is not None else ""
    return f"/councils/{council_id}/compliance{query}"


def dmy(day: date) -> str:
    return f"{day:%d.%m.%Y}"


@pytest.fixture
def constituted_a(session, council_a, make_member):
    """Council A constituted on 15 March 2023 with a chair (no police commander)."""
    session.add(
        CouncilDecision(
            council_id=council_a.id,
            kind=DecisionKind.CONSTITUTING,
            number="01-016/23",
            decided_on=CONSTITUTED_ON,
        )
    )
    session.commit()
    make_member(
        council_a,
        full_name="Named Arben Hoxha",
        role=MemberRole.CHAIR,
        appointed_on=CONSTITUTED_ON,
    )
    make_member(
        council_a,
        full_name="Withheld Teuta Krasniqi",
        role=MemberRole.CIVIL_SOCIETY,
        appointed_on=CONSTITUTED_ON,
        is_publicly_named=False,
    )
    return council_a


@pytest.fixture
def busy_year(constituted_a, make_meeting, make_concern):
    """A year of varied activity so the trend's months differ: meetings that stop, a concern
    left unanswered, a public consultation."""
    day = today()
    for months_ago in (11, 10, 9, 8, 3):
        make_meeting(constituted_a, status=HELD, scheduled_on=day - timedelta(days=30 * months_ago))
    make_meeting(
        constituted_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=HELD,
        scheduled_on=day - timedelta(days=200),
    )
    make_concern(constituted_a, submitted_on=day - timedelta(days=150))
    return constituted_a


class _Page(HTMLParser):
    """The finding sections' statuses, the trend table's cells and the SVG's accessible parts."""

    def __init__(self) -> None:
        super().__init__()
        self.finding_status: dict[str, str] = {}
        self.svg_attrs: dict[str, str | None] = {}
        self.svg_children: list[str] = []
        self.header_cells: list[str] = []
        self.rows: list[list[str]] = []
        self._in_svg = False
        self._table = False
        self._section: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "section" and "finding" in classes:
            status = next(c.removeprefix("finding-") for c in classes if c != "finding")
            self.finding_status[values["id"] or ""] = status
        elif tag == "svg":
            self._in_svg = True
            self.svg_attrs = values
        elif self._in_svg and tag in ("title", "desc"):
            self.svg_children.append(tag)
        elif tag == "table" and "trend-table" in classes:
            self._table = True
        elif self._table and tag == "tr":
            self.rows.append([])
        elif self._table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_svg = False
        elif tag == "table":
            self._table = False
        elif self._table and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


# -- The page ------------------------------------------------------------------------------


def test_page_shows_every_rule_with_its_status_explanation_source_and_remedy(
    client, session, constituted_a
):
    response = client.get(page_url(constituted_a.id), headers=ENGLISH)
    assert response.status_code == 200
    text = response.text
    expected = evaluate_council(session, constituted_a.id, today())
    page = parse(text)
    # Every rule once, with the status the one evaluation path gives.
    assert page.finding_status == {
        finding.rule: str(finding.status) for finding in expected.findings
    }
    assert page.finding_status["R01"] == "ok"
    assert page.finding_status["R03"] == "breach"
    assert f"Constituted on {dmy(CONSTITUTED_ON)}; 2 active members." in text
    assert "No active member is the police station commander." in text
    assert "Record the police station commander as a member of the council." in text
    assert "Kosovo Police page on the councils (led by the mayor)" in text
    # Thresholds with their values, and the overall status.
    assert (
        "A council that has not met for more than this many days is slipping. "
        "<strong>31 days</strong> <code>r06_warning_days</code>"
    ) in text
    assert "<strong>31.03.</strong> <code>r12_plan_due</code>" in text
    assert f"Overall status on {dmy(today())}:" in text
    # An anchor per finding, in the four sections, each rule once.
    sections = [rule for _key, rules in SECTIONS for rule in rules]
    assert sorted(sections) == ALL_RULES
    positions = [text.index(f'id="{rule}"') for rule in sections]
    assert positions == sorted(positions)
    # A met rule has nothing to fix.
    r01 = text[text.index('id="R01"') : text.index('id="R02"')]
    assert "What would fix it" not in r01
    assert "What would fix it" in text[text.index('id="R03"') : text.index('id="R04"')]


def test_page_uses_the_thresholds_in_force_on_the_date(
    client, session, constituted_a, make_threshold_change
):
    make_threshold_change("r06_warning_days", 45, today() - timedelta(days=400))
    session.commit()
    text = client.get(page_url(constituted_a.id), headers=ENGLISH).text
    assert "<strong>45 days</strong> <code>r06_warning_days</code>" in text
    assert "the next meeting must follow within 45 days" in text


def test_a_past_date_changes_the_findings(client, constituted_a):
    before = client.get(page_url(constituted_a.id, "2023-03-01"), headers=ENGLISH)
    assert before.status_code == 200
    page = parse(before.text)
    assert page.finding_status["R01"] == "breach"
    assert "The constituting decision is dated 15.03.2023, after this date." in before.text
    # Reading 1: before the constituting date activity is not judged.
    assert {page.finding_status[rule] for rule in ALL_RULES[5:]} == {"not_applicable"}
    assert "Overall status on 01.03.2023:" in before.text
    now = parse(client.get(page_url(constituted_a.id), headers=ENGLISH).text)
    assert now.finding_status["R01"] == "ok"


def test_the_municipality_communities_and_multi_ethnic(client, session, council_a, set_communities):
    url = page_url(council_a.id)
    municipality = session.get(Municipality, council_a.municipality_id)
    text = client.get(url, headers=ENGLISH).text
    assert "not recorded yet" in text
    set_communities(municipality, ["albanian", "roma", "ashkali"])
    session.commit()
    text = client.get(url, headers=ENGLISH).text
    assert "Albanian, Roma, Ashkali" in text
    assert re.search(r"<dt>Multi-ethnic</dt>\s*<dd>Yes", text)
    set_communities(municipality, ["albanian"])
    session.commit()
    text = client.get(url, headers=ENGLISH).text
    assert re.search(r"<dt>Multi-ethnic</dt>\s*<dd>No", text)
    assert parse(text).finding_status["R10"] == "not_applicable"


@pytest.mark.parametrize(
    "as_of", ["2026-13-01", "yesterday", "20260331", "2026-W13-2", "2026-3-1", "1999-12-31"]
)
def test_an_invalid_date_is_400_with_a_message(client, council_a, as_of):
    response = client.get(page_url(council_a.id, as_of), headers=ENGLISH)
    assert response.status_code == 400
    assert "Write the date as year-month-day" in response.text or (
        "Choose a date from 01.01.2000 to" in response.text
    )


def test_dates_more_than_a_year_ahead_are_400(client, council_a):
    day = today()
    a_year_on = day.replace(year=day.year + 1) if (day.month, day.day) != (2, 29) else None
    a_year_on = a_year_on or date(day.year + 1, 2, 28)
    ok = client.get(page_url(council_a.id, a_year_on.isoformat()), headers=ENGLISH)
    assert ok.status_code == 200
    later = client.get(
        page_url(council_a.id, (a_year_on + timedelta(days=1)).isoformat()), headers=ENGLISH
    )
    assert later.status_code == 400
    assert f"Choose a date from 01.01.2000 to {dmy(a_year_on)}." in later.text
    assert client.get(page_url(council_a.id, "2000-01-01")).status_code == 200


def test_unknown_council_is_404(client):
    assert client.get(page_url(999999)).status_code == 404


@pytest.mark.parametrize("role", [None, "cso", "secretary_b"])
def test_no_personal_names_or_concern_text_for_the_public(
    login, users, busy_year, make_concern, role
):
    concern = make_concern(
        busy_year, submitted_on=today() - timedelta(days=40), title="Fight at the bus station"
    )
    text = login(users[role] if role else None).get(page_url(busy_year.id), headers=ENGLISH).text
    assert "Arben" not in text
    assert "Teuta" not in text
    assert "Member Person" not in text
    assert concern.title not in text
    assert "bus station" not in text
    # The findings still count the withheld member and the concern.
    assert "2 active members" in text
    assert "has waited" in text


def test_reviews_links_only_for_the_ministry_and_the_councils_secretary(
    app, login, users, council_a
):
    with app.test_request_context():
        reviews = f'href="{url_for("compliance.reviews", council_id=council_a.id)}"'
        new_review = f'href="{url_for("compliance.new_review", council_id=council_a.id)}'
    url = page_url(council_a.id)
    # The reviews list opens to the ministry and secretaries (their own council's) only;
    # only the ministry writes a review.
    for role, reads, writes in [
        (None, False, False),
        ("cso", False, False),
        ("secretary_b", False, False),
        ("admin", False, False),
        ("secretary_a", True, False),
        ("ministry", True, True),
    ]:
        text = login(users[role] if role else None).get(url, headers=ENGLISH).text
        assert (reviews in text) is reads, role
        assert (new_review in text) is writes, role


def test_the_page_prints_with_its_own_stylesheet(client, council_a):
    text = client.get(page_url(council_a.id)).text
    assert "/static/compliance/council.css" in text
    with client.get("/static/compliance/council.css") as css:
        assert css.status_code == 200
        assert b"@media print" in css.data
    # The date form is a form (hidden on paper by the print rules); the table is open.
    assert '<details class="trend-details" open>' in text
    assert "<script" not in text.split("<main", 1)[1]
    assert 'style="' not in text


def test_the_council_page_links_here(client, council_a):
    text = client.get(f"/councils/{council_a.id}").text
    assert f'href="/councils/{council_a.id}/compliance"' in text


def test_query_count_is_fixed_and_does_not_grow_with_records(
    login, users, busy_year, make_meeting, make_concern, make_member, count_queries
):
    # Read before counting: each request expires the test's objects.
    url = page_url(busy_year.id)

    def page_queries(user_key: str | None) -> int:
        client = login(users[user_key] if user_key else None)
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        assert_no_duplicated_queries(counter.statements)
        return counter.count

    # Five for the facts (council, meetings, concerns, plans, thresholds), one for the
    # municipality's communities; the signed-in user's load is one more.
    assert page_queries(None) == 6
    assert page_queries("secretary_a") == 7
    day = today()
    for n in range(12):
        make_meeting(busy_year, status=HELD, scheduled_on=day - timedelta(days=7 + 20 * n))
        make_concern(busy_year, submitted_on=day - timedelta(days=5 + 25 * n))
        make_member(busy_year, appointed_on=day - timedelta(days=30 * n))
    assert page_queries(None) == 6
    assert page_queries("secretary_a") == 7


def test_council_page_takes_its_findings_from_the_evaluation(
    login, users, busy_year, session, count_queries, make_threshold_change
):
    # A threshold in force today is what the council page judges by, as every page does.
    make_threshold_change("r16_breach_days", 400, today() - timedelta(days=10))
    session.commit()
    url = f"/councils/{busy_year.id}"
    # The ministry: the council's own secretary also loads its open reviews there.
    client = login(users["ministry"])
    with count_queries() as counter:
        text = client.get(url, headers=ENGLISH).text
    assert_no_duplicated_queries(counter.statements)
    # One fewer than the four loaders and the council's own three queries took.
    assert counter.count <= 8
    finding = evaluate_council(session, busy_year.id, today()).finding("R16")
    assert finding.status == Status.WARNING
    waited = f"submitted on {dmy(today() - timedelta(days=150))}, has waited 150 days."
    assert waited in text
    assert f"{waited} That is more than" not in text


# -- The trend -----------------------------------------------------------------------------


def test_trend_statuses_equal_evaluate_council_at_each_month_end(
    session, busy_year, make_threshold_change
):
    day = today()
    # A change in the middle of the year: each month end reads the values in force on it.
    make_threshold_change("r06_breach_days", 120, day - timedelta(days=150))
    session.commit()
    trend = council_trend(load_compliance(session, [busy_year.id]), busy_year.id, day)
    assert list(trend.days) == month_ends(day)
    assert [row.key for row in trend.rows] == [OVERALL, *ALL_RULES]
    for column, month_end in enumerate(trend.days):
        expected = evaluate_council(session, busy_year.id, month_end)
        assert trend.rows[0].statuses[column] == expected.overall
        for row in trend.rows[1:]:
            assert row.statuses[column] == expected.finding(row.key).status, (row.key, month_end)
    # The year is not flat: the test would notice a trend that repeats one date.
    assert len(set(trend.rows[ROW_KEYS.index("R06")].statuses)) > 1


def test_trend_svg_and_its_table(client, busy_year, session):
    text = client.get(page_url(busy_year.id), headers=ENGLISH).text
    page = parse(text)
    assert page.svg_attrs["role"] == "img"
    assert page.svg_attrs["aria-labelledby"] == "trend-title trend-desc"
    assert page.svg_children[:2] == ["title", "desc"]
    svg = text[text.index("<svg") : text.index("</svg>")]
    # 19 rows x 12 months of cells, each with a sign as well as a colour.
    assert svg.count("<rect ") == 19 * 12
    assert 'style="' not in svg
    header, *rows = page.rows
    assert len(header) == 1 + 12
    assert header[1:] == [dmy(day) for day in month_ends(today())]
    assert len(rows) == 19
    assert all(len(row) == 1 + 12 for row in rows)
    assert rows[0][0] == "Overall"
    assert [row[0].split()[0] for row in rows[1:]] == ALL_RULES
    trend = council_trend(load_compliance(session, [busy_year.id]), busy_year.id, today())
    words = {"ok": "Met", "warning": "Slipping", "breach": "Not met", "not_applicable": "N/A"}
    for row, cells in zip(trend.rows, rows, strict=True):
        for status, cell in zip(row.statuses, cells[1:], strict=True):
            if status == Status.NOT_APPLICABLE:
                assert cell.endswith("Not applicable")
            else:
                assert cell.endswith(words[status])


def test_trend_for_a_past_date_ends_on_that_date(client, busy_year):
    page = parse(client.get(page_url(busy_year.id, "2024-02-29"), headers=ENGLISH).text)
    assert page.rows[0][1:] == [dmy(day) for day in month_ends(date(2024, 2, 29))]
    assert page.rows[0][-1] == "29.02.2024"
    assert page.rows[0][1] == "31.03.2023"


@pytest.mark.parametrize(
    ("last", "first", "expected_tail"),
    [
        # Mid-month: the latest "month end" is the day itself.
        (date(2026, 3, 15), date(2025, 4, 30), [date(2026, 2, 28), date(2026, 3, 15)]),
        # Across a year boundary.
        (date(2026, 1, 31), date(2025, 2, 28), [date(2025, 12, 31), date(2026, 1, 31)]),
        # The 31st, into months of 30 days and a leap February.
        (date(2024, 8, 31), date(2023, 9, 30), [date(2024, 7, 31), date(2024, 8, 31)]),
        (date(2024, 2, 29), date(2023, 3, 31), [date(2024, 1, 31), date(2024, 2, 29)]),
        (date(2025, 12, 1), date(2025, 1, 31), [date(2025, 11, 30), date(2025, 12, 1)]),
    ],
)
def test_month_ends(last, first, expected_tail):
    ends = month_ends(last)
    assert len(ends) == 12
    assert ends[0] == first
    assert ends[-2:] == expected_tail
    assert ends == sorted(set(ends))
    # Every one but the last is the last day of its month.
    assert all((day + timedelta(days=1)).day == 1 for day in ends[:-1])
    months = [(day.year, day.month) for day in ends]
    assert len(set(months)) == 12


# -- Remedies and sources ------------------------------------------------------------------


@pytest.mark.parametrize(("rule", "reason"), [(r, x) for r in REASONS for x in REASONS[r]])
def test_every_reason_has_a_remedy_when_not_ok(rule, reason):
    for status in (Status.WARNING, Status.BREACH):
        finding = Finding(rule, status, reason, {}, dict(DEFAULT_THRESHOLDS))
        text = remedy(finding)
        assert text
        assert "%(" not in text
        assert "Check the records this rule reads" not in text, (rule, reason)
    for status in (Status.OK, Status.NOT_APPLICABLE):
        assert remedy(Finding(rule, status, reason)) == ""


def test_remedies_carry_the_thresholds_used():
    limits = {**DEFAULT_THRESHOLDS, "r06_warning_days": 20, "r16_warning_days": 10}
    r06 = Finding("R06", Status.BREACH, "last_meeting", {}, limits)
    assert remedy(r06) == (
        "Hold a council meeting and record it as held; the next meeting must follow within 20 days."
    )
    r16 = Finding("R16", Status.WARNING, "unanswered", {}, limits)
    assert "more than 10 days" in remedy(r16)
    r04 = Finding("R04", Status.BREACH, "groups_missing", {"missing": ["woman", "youth"]})
    assert remedy(r04) == (
        "Ask the Municipal Assembly to appoint a woman, a person under 30, and record the "
        "appointment."
    )
    # A rule that records no thresholds falls back to the defaults.
    r12 = Finding("R12", Status.BREACH, "not_adopted", {})
    assert "31.03." in remedy(r12)


def test_every_rule_has_a_source():
    assert set(SOURCES) == set(ALL_RULES)
    assert source("R04") == (
        "OSCE 2012 (composition); KCSS 2010 (poor representation of women, youth, minorities)"
    )
    assert all(source(rule) for rule in ALL_RULES)
    assert source("R99") == ""


def test_a_remedy_shows_while_a_concern_waits_and_goes_once_it_is_answered(
    client, constituted_a, make_concern
):
    day = today()
    submitted = day - timedelta(days=150)
    make_concern(
        constituted_a,
        submitted_on=submitted,
        history=[(ConcernStatus.UNDER_REVIEW, day - timedelta(days=100), "Police will patrol.")],
    )

    def r16_on(as_of: date) -> str:
        text = client.get(page_url(constituted_a.id, as_of.isoformat()), headers=ENGLISH).text
        return text[text.index('id="R16"') : text.index('id="R12"')]

    waiting = r16_on(day - timedelta(days=110))
    assert "Not met" in waiting
    assert "Give a first answer to every concern waiting more than 21 days" in waiting
    answered = r16_on(day)
    assert "Give a first answer" not in answered
    assert "Police will patrol" not in answered


@pytest.mark.parametrize("language", ["sq", "sr"])
def test_the_page_in_albanian_and_serbian(client, busy_year, language):
    response = client.get(page_url(busy_year.id), headers={"Accept-Language": language})
    assert response.status_code == 200
    assert f'lang="{"sr-Latn" if language == "sr" else "sq"}"' in response.text
    page = parse(response.text)
    assert len(page.rows) == 1 + 19
    assert sorted(page.finding_status) == ALL_RULES
