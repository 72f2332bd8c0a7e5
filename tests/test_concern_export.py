"""CSV export of concern lists: streamed, exactly the filtered list, formula-safe, private."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from safety.concerns.models import ConcernCategory, ConcernStatus, Sensitivity
from tests.conftest import assert_no_duplicated_queries
from tests.routes import concerns as concerns_world
from tests.test_concern_lists import add_many_concerns, council_list, references


@pytest.fixture
def login(login):
    """Clients reading English, whatever the machine's language."""

    def english(user):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return english


@pytest.fixture
def world(request, users):
    """The matrix's concerns world: A's public, restricted and anonymous concerns, and B's."""
    return {"users": users, **concerns_world.build_world(request, {"users": users})}


def export_url(council, **params) -> str:
    return council_list(council, **params).replace("/concerns/?", "/concerns/export.csv?")


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff"), "spreadsheets need the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def test_export_is_a_streamed_attachment(login, users, council_a, world):
    response = login(users["secretary_a"]).get(export_url(council_a))
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert disposition.endswith('.csv"')
    header, *rows = read_csv(response)
    assert header[:3] == ["Reference", "Title", "Category"]
    listed = references(login(users["secretary_a"]).get(council_list(council_a)))
    assert [row[0] for row in rows] == listed


def test_submitters_only_for_the_councils_secretary(login, users, council_a, world):
    header, *rows = read_csv(login(users["secretary_a"]).get(export_url(council_a)))
    assert header[-4:] == [
        "Submitting organisation",
        "Submitter's name",
        "Submitter's e-mail",
        "Submitter's telephone",
    ]
    caller = next(row for row in rows if "Restricted matter in Ulpiana" in row)
    # A leading + would start a formula: the number is kept as text.
    assert caller[-2:] == ["", "'+383 44 000 111"]
    assert caller[-3] == "Hidden Caller"
    for role in ("ministry", "admin"):
        body = login(users[role]).get(export_url(council_a)).get_data(as_text=True)
        assert "Restricted matter in Ulpiana" in body  # staff read restricted titles
        for private in ("Submitter", "Hidden Caller", "+383 44 000 111", "officer@cso.example.org"):
            assert private not in body
        assert "Restricted text that must never leak." not in body


def test_formulas_are_neutralised(login, users, council_a, make_concern):
    make_concern(
        council_a,
        title='=HYPERLINK("http://evil.example","Click")',
        settlement="+cmd|' /C calc'!A0",
        submitter_name="@SUM(1+1)",
        submitter_phone="-2+3",
        submitter_email="\tsomeone@example.org",
    )
    make_concern(council_a, title="\rCarriage return first", settlement="Plain")
    _header, *rows = read_csv(login(users["secretary_a"]).get(export_url(council_a)))
    cells = {cell for row in rows for cell in row}
    assert '\'=HYPERLINK("http://evil.example","Click")' in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert "'@SUM(1+1)" in cells
    assert "'-2+3" in cells
    assert "'\tsomeone@example.org" in cells
    assert "'\rCarriage return first" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "open", "sort": "due", "order": "asc"},
        {"category": "weapons"},
        {"q": "lights", "sort": "category"},
        {"overdue": "y", "serious": "y"},
        {"sensitivity": "restricted"},
        {"status": "nonsense", "submitted_from": "2025-04-01"},
        {"submitted_from": "2025-09-01", "submitted_to": "2025-01-01"},
    ],
)
def test_rows_are_exactly_the_filtered_list(app, login, users, council_a, make_concern, params):
    app.config["PAGE_SIZE"] = 500
    make_concern(council_a, title="Guns in the park", category=ConcernCategory.WEAPONS)
    make_concern(
        council_a,
        title="Shots at the wedding",
        category=ConcernCategory.WEAPONS,
        serious_incident=True,
        incident_on=date(2025, 3, 1),
        submitted_on=date(2025, 3, 2),
    )
    make_concern(
        council_a,
        title="Answered lights",
        submitted_on=date(2025, 5, 1),
        history=[(ConcernStatus.RESOLVED, date(2025, 5, 2), "Fixed.")],
    )
    make_concern(
        council_a,
        title="Family matter",
        category=ConcernCategory.DOMESTIC_VIOLENCE,
        sensitivity=Sensitivity.RESTRICTED,
        submitted_on=date(2025, 8, 1),
    )
    client = login(users["secretary_a"])
    listed = references(client.get(council_list(council_a, **params)))
    _header, *rows = read_csv(client.get(export_url(council_a, **params)))
    assert [row[0] for row in rows] == listed


def test_export_across_councils_has_the_council_and_its_filters(
    login, users, council_a, council_b, world
):
    client = login(users["ministry"])
    header, *rows = read_csv(client.get("/concerns/export.csv"))
    assert header[:2] == ["Reference", "Council"]
    assert "Submitter's name" not in header
    titles = {row[2] for row in rows}
    assert world["concern_b_title"] in titles
    assert "Unlit underpass at Dardania" in titles
    _header, *rows = read_csv(client.get(f"/concerns/export.csv?council={council_b.id}"))
    assert [row[2] for row in rows] == [world["concern_b_title"]]
    assert login(users["secretary_a"]).get("/concerns/export.csv").status_code == 403


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("secretary_a", "/councils/{a}/concerns/export.csv?status=open&q=bulk"),
        ("ministry", "/concerns/export.csv?overdue=y&sort=category"),
    ],
)
def test_export_runs_the_same_few_queries_for_any_number_of_rows(
    session, login, users, council_a, count_queries, role, url
):
    url = url.format(a=council_a.id)
    client = login(users[role])
    add_many_concerns(session, council_a, 10)

    def run() -> tuple[list[str], int]:
        with count_queries() as counter:
            response = client.get(url)
            rows = read_csv(response)
        return counter.statements, len(rows) - 1

    few, few_rows = run()
    add_many_concerns(session, council_a, 1200)
    many, many_rows = run()
    assert (few_rows, many_rows) == (10, 1210)
    # The user, the council (or the councils to choose from), the answer limit in force
    # (R16's threshold history), and the rows.
    assert len(few) == len(many) <= 4
    assert_no_duplicated_queries(many)
