"""The ministry dashboard: the grid's statuses and sentences, filters, sort orders, bad input,
the CSV and JSON exports of the same view, and a query count that does not grow with data."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from safety.collation import sort_key
from safety.compliance.evaluation import evaluate_councils
from safety.compliance.grid import RULE_IDS, SEVERITY, as_record, csv_text
from safety.compliance.rules import Status
from safety.concerns.models import ConcernStatus
from safety.consultations.models import MeetingStatus
from safety.councils.models import CouncilDecision, DecisionKind, Gender, MemberRole, Municipality
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries

AS_OF = date(2025, 6, 10)
LAST_MEETING = AS_OF - timedelta(days=40)
STATUS_CLASSES = {f"status-{status.value}": status for status in Status}


@pytest.fixture(autouse=True)
def english(app):
    """Read pages in English (the msgids)."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


@dataclass
class Cell:
    status: Status | None = None
    text: str = ""
    href: str = ""


@dataclass
class Row:
    cells: list[Cell] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.cells[1].text

    @property
    def name(self) -> str:
        return self.cells[0].text

    @property
    def overall(self) -> Status | None:
        return self.cells[2].status

    def rule(self, rule: str) -> Cell:
        return self.cells[3 + RULE_IDS.index(rule)]

    @property
    def statuses(self) -> list[Status | None]:
        return [cell.status for cell in self.cells[2:]]


class GridParser(HTMLParser):
    """The grid's body rows: each cell's status class, visible text and link."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.in_body = False
        self.cell: Cell | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append(Row())
        elif self.in_body and tag in ("th", "td"):
            classes = (attributes.get("class") or "").split()
            status = next((STATUS_CLASSES[c] for c in classes if c in STATUS_CLASSES), None)
            self.cell = Cell(status=status)
            self.rows[-1].cells.append(self.cell)
        elif self.cell is not None and tag == "a":
            self.cell.href = attributes["href"]

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag in ("th", "td") and self.cell is not None:
            self.cell.text = " ".join(self.cell.text.split())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.text += data


def grid(response) -> list[Row]:
    assert response.status_code == 200, response.text[:500]
    parser = GridParser()
    parser.feed(response.text)
    return parser.rows


def codes(response) -> list[str]:
    return [row.code for row in grid(response)]


@pytest.fixture
def ministry(login, users):
    return login(users["ministry"])


@pytest.fixture
def known_a(session, council_a, make_member, make_meeting):
    """Council A, constituted in 2023 with every group R04 asks for, last met 40 days before
    AS_OF (R06: slipping) and four times in the 12 months before it."""
    session.add(
        CouncilDecision(
            council_id=council_a.id,
            kind=DecisionKind.CONSTITUTING,
            number="01-016/23",
            decided_on=date(2023, 3, 15),
        )
    )
    session.commit()
    appointed = {"appointed_on": date(2023, 3, 15)}
    for role in (
        MemberRole.CHAIR,
        MemberRole.POLICE_COMMANDER,
        MemberRole.RELIGIOUS_COMMUNITY,
        MemberRole.CIVIL_SOCIETY,
        MemberRole.COMMUNITY_REPRESENTATIVE,
    ):
        make_member(council_a, role=role, gender=Gender.MALE, **appointed)
    make_member(council_a, gender=Gender.FEMALE, birth_year=2001, **appointed)
    for months in range(4):
        make_meeting(
            council_a,
            status=MeetingStatus.HELD,
            scheduled_on=LAST_MEETING - timedelta(days=30 * months),
        )
    return council_a


def test_grid_shows_each_status_with_its_sentence_and_link(ministry, known_a, council_b):
    rows = {row.code: row for row in grid(ministry.get(f"/compliance/?as_of={AS_OF}"))}
    assert len(rows) == 38
    a, b = rows["01"], rows["07"]
    assert a.rule("R01").status == Status.OK
    assert a.rule("R01").text.startswith("\u2713 Met")
    r06 = a.rule("R06")
    assert r06.status == Status.WARNING
    assert r06.text == (
        f"! Slipping: The last council meeting was held on {LAST_MEETING:%d.%m.%Y}, 40 days "
        "earlier. That is more than 31 days."
    )
    assert r06.href == f"/councils/{known_a.id}/compliance?as_of={AS_OF}#R06"
    assert b.rule("R01").status == Status.BREACH
    assert b.rule("R01").text == (
        "\u2715 Not met: No constituting decision (number and date) is recorded."
    )
    # Not constituted: activity is not judged (decided reading 1).
    assert b.rule("R09").status == Status.NOT_APPLICABLE
    assert b.rule("R09").text.startswith("\u2013 Not applicable: ")
    assert b.overall == Status.BREACH
    assert b.cells[2].text == "\u2715 Not met"
    assert a.name == "Prishtinë/Priština"


def test_grid_agrees_with_the_one_evaluation_path(session, ministry, known_a):
    expected = {
        found.code: [found.overall, *(finding.status for finding in found.findings)]
        for found in evaluate_councils(session, AS_OF)
    }
    rows = grid(ministry.get(f"/compliance/?as_of={AS_OF}"))
    assert {row.code: row.statuses for row in rows} == expected


def test_grid_header_counts_and_totals(ministry, known_a):
    page = ministry.get(f"/compliance/?as_of={AS_OF}").text
    assert '<abbr title="It meets regularly">R06</abbr>' in page
    assert '<span class="visually-hidden"> It meets regularly</span>' in page
    assert "38 councils shown." in page
    # Every council breaches: the 37 others R01, council A R07 (no attendance recorded).
    assert "</span> Not met: 38</span>" in page
    assert "Compliance of the councils on 10.06.2025." in page
    # Footer: council A alone is slipping on R06; the 37 others breach R01.
    footer = page[page.index("<tfoot>") : page.index("</tfoot>")]
    breach_row, warning_row = footer.split("</tr>")[:2]
    breach_counts = [int(n) for n in _cells(breach_row)]
    warning_counts = [int(n) for n in _cells(warning_row)]
    assert breach_counts[0] == 38  # overall
    assert breach_counts[1 + RULE_IDS.index("R01")] == 37
    assert warning_counts[1 + RULE_IDS.index("R06")] == 1
    assert warning_counts[1 + RULE_IDS.index("R01")] == 0


def _cells(row_html: str) -> list[str]:
    parts = row_html.split("<td")[1:]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in parts]


def test_default_date_is_today(ministry):
    page = ministry.get("/compliance/").text
    assert f'name="as_of" type="date" value="{today().isoformat()}"' in page
    assert f"as of {today():%d.%m.%Y}" in page


def _codes_where(session, *conditions) -> list[str]:
    return sorted(session.scalars(select(Municipality.code).where(*conditions)))


@pytest.mark.parametrize("name", ["district", "osce_region", "majority"])
def test_place_filters_narrow_to_their_municipalities(session, ministry, council_b, name):
    municipality = session.get(Municipality, council_b.municipality_id)
    column, value = {
        "district": (Municipality.district, municipality.district),
        "osce_region": (Municipality.osce_region, municipality.osce_region),
        "majority": (Municipality.majority_community, municipality.majority_community.value),
    }[name]
    expected = _codes_where(session, column == value)
    assert 0 < len(expected) < 38
    shown = codes(ministry.get("/compliance/", query_string={name: value, "sort": "code"}))
    assert shown == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"rule": "R01", "rule_status": "ok"}, ["01"]),
        # A rule alone keeps the councils not meeting it or slipping on it.
        ({"rule": "R06"}, ["01"]),
        ({"overall": "warning"}, []),
    ],
)
def test_status_filters(ministry, known_a, query, expected):
    assert codes(ministry.get("/compliance/", query_string={"as_of": AS_OF, **query})) == expected


def test_rule_status_filter_keeps_exactly_that_status(session, ministry, known_a):
    shown = codes(
        ministry.get(
            "/compliance/",
            query_string={"as_of": AS_OF, "rule": "R06", "rule_status": "not_applicable"},
        )
    )
    assert len(shown) == 37
    assert "01" not in shown
    everyone = codes(
        ministry.get("/compliance/", query_string={"as_of": AS_OF, "overall": "breach"})
    )
    assert len(everyone) == 38


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"as_of": "2025-13-01"}, "Not a valid date value."),
        (
            {"as_of": (today() + timedelta(days=1)).isoformat()},
            "This date cannot be in the future.",
        ),
        ({"as_of": "1990-01-01"}, "No council existed before 10.06.1999."),
        ({"district": "Nowhere"}, "Not a valid choice."),
        ({"majority": "martian"}, "Not a valid choice."),
        ({"overall": "bad"}, "Not a valid choice."),
        ({"rule": "R19"}, "Not a valid choice."),
        ({"rule_status": "breach"}, "Choose the rule this status is about."),
        ({"sort": "name; drop table"}, "Not a valid choice."),
        ({"dir": "sideways"}, "Not a valid choice."),
    ],
)
def test_bad_filters_are_400_with_a_message(ministry, query, message):
    response = ministry.get("/compliance/", query_string=query)
    assert response.status_code == 400
    assert message in response.text
    assert "<tbody>" not in response.text
    for export in ("/compliance/export.csv", "/compliance/export.json"):
        response = ministry.get(export, query_string=query)
        assert response.status_code == 400
        assert message in response.text


def _names_in_order(language: str, names: list[str]) -> list[str]:
    return sorted(names, key=sort_key(language))


def test_sort_orders(ministry, known_a):
    def rows(**query):
        return grid(ministry.get("/compliance/", query_string={"as_of": AS_OF, **query}))

    by_name = rows()
    names = [row.cells[0].text for row in by_name]
    assert names == _names_in_order("en", names)
    assert [row.code for row in rows(sort="municipality", dir="desc")] == [
        row.code for row in reversed(by_name)
    ]
    all_codes = [f"{n:02d}" for n in range(1, 39)]
    assert [row.code for row in rows(sort="code")] == all_codes
    assert [row.code for row in rows(sort="code", dir="desc")] == all_codes[::-1]
    # A status column starts worst first: council A, alone met on R01, comes last.
    worst_first = rows(sort="R01")
    assert [row.code for row in worst_first][-1] == "01"
    ties = [row.cells[0].text for row in worst_first[:-1]]
    assert ties == _names_in_order("en", ties)
    assert rows(sort="R01", dir="asc")[0].code == "01"
    # R06: council A slipping first, then the not-applicable rest.
    assert rows(sort="R06")[0].code == "01"
    severities = [SEVERITY[row.overall] for row in rows(sort="overall")]
    assert severities == sorted(severities, reverse=True)


def test_sorted_column_says_so_and_its_link_reverses(ministry):
    page = ministry.get("/compliance/?sort=R06").text
    header = page[page.index('aria-sort="descending"') :]
    assert header.split("</th>", 1)[0].count("R06") >= 1
    assert "sort=R06&amp;dir=asc" in header.split("</th>", 1)[0]
    assert page.count("aria-sort=") == 1
    # A filter form keeps the chosen order.
    assert '<input type="hidden" name="sort" value="R06">' in page


def test_exports_hold_the_grid_for_the_same_filters(ministry, known_a):
    query = {"as_of": AS_OF, "rule": "R06", "rule_status": "not_applicable", "sort": "code"}
    rows = grid(ministry.get("/compliance/", query_string=query))
    shown = {row.code: row.statuses for row in rows}

    response = ministry.get("/compliance/export.json", query_string=query)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="compliance-2025-06-10.json"'
    )
    records = json.loads(response.text)
    assert [record["code"] for record in records] == [row.code for row in rows]
    assert {
        record["code"]: [Status(record["overall"])]
        + [Status(finding["status"]) for finding in record["findings"]]
        for record in records
    } == shown

    response = ministry.get("/compliance/export.csv", query_string=query)
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="compliance-2025-06-10.csv"'
    )
    lines = list(csv.DictReader(io.StringIO(response.text)))
    assert len(lines) == len(rows) * 18
    by_code: dict[str, list[Status]] = {}
    for line in lines:
        by_code.setdefault(line["code"], [Status(line["overall"])]).append(Status(line["status"]))
    assert by_code == shown
    assert [line["rule"] for line in lines[:18]] == list(RULE_IDS)


def test_export_csv_cells_are_neutralised(session, app, known_a):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        row = evaluate_councils(session, AS_OF, [known_a.id])[0]
        record = as_record(row, "en")
    record["municipality"] = "=HYPERLINK(1)"
    record["findings"][0]["explanation"] = "@SUM(1)"
    record["findings"][1]["thresholds"] = {"-x": 1}
    lines = list(csv.reader(io.StringIO(csv_text([record]))))
    assert lines[1][1] == "'=HYPERLINK(1)"
    assert lines[1][5] == "'@SUM(1)"
    assert lines[2][6] == "'-x=1"
    assert lines[1][6] == ""  # R01 uses no threshold


def test_query_count_does_not_grow_with_records(
    ministry, known_a, council_b, make_meeting, make_concern, count_queries
):
    def page_queries() -> int:
        with count_queries() as counter:
            response = ministry.get(f"/compliance/?as_of={AS_OF}")
        assert response.status_code == 200
        assert_no_duplicated_queries(counter.statements)
        return counter.count

    few = page_queries()
    # The signed-in user, then load_compliance's five.
    assert few == 6
    for n in range(12):
        for council in (known_a, council_b):
            make_meeting(
                council,
                status=MeetingStatus.HELD,
                scheduled_on=AS_OF - timedelta(days=7 * n + 3),
            )
            make_concern(
                council,
                submitted_on=AS_OF - timedelta(days=10 + n),
                history=[(ConcernStatus.UNDER_REVIEW, AS_OF - timedelta(days=5), "Seen")],
            )
    assert page_queries() == few
    with count_queries() as counter:
        assert ministry.get(f"/compliance/export.json?as_of={AS_OF}").status_code == 200
    assert counter.count == few
