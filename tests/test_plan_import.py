"""CSV import of plan items: the template, encodings and separators, every row checked, limits."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from html import escape

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from safety.plans.csv_import import COLUMNS, MAX_BYTES, read_items
from safety.plans.models import PlanItem, PlanVersion, ResponsibleKind

HEADER = "objective,activity,responsible_kind,responsible_name,starts_on,deadline,budget_eur"


@pytest.fixture
def login(login):
    """Clients that read the pages in English."""

    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


@pytest.fixture
def secretary(login, users):
    return login(users["secretary_a"])


@pytest.fixture
def draft(make_plan, council_a):
    return make_plan(council_a, year=2026, title="Draft plan")


def upload(client, plan, content: bytes, name="items.csv"):
    # Built in memory: the test client spools big bodies to files it leaves open.
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), name)})
    return client.post(
        f"/plans/{plan.id}/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def rows(count: int, bad_row: int | None = None, bad_deadline: str = "2026-01-01") -> str:
    """A header and `count` item rows; data row `bad_row` (1-based) has a deadline too early."""
    lines = [HEADER]
    for number in range(1, count + 1):
        deadline = bad_deadline if number == bad_row else "2026-06-30"
        lines.append(
            f"Objective {number},Activity {number},school,School {number},2026-02-01,"
            f"{deadline},100.00"
        )
    return "\r\n".join(lines) + "\r\n"


def item_count(session):
    return session.scalar(select(func.count()).select_from(PlanItem))


# --- the template ------------------------------------------------------------------------------


def test_the_template_has_a_bom_the_columns_and_an_example(client):
    response = client.get("/plans/import-template.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    content = response.data
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) == 2


def test_the_template_imports_as_it_is(secretary, client, draft, session):
    template = client.get("/plans/import-template.csv").data
    response = upload(secretary, draft, template)
    assert response.status_code == 302
    item = session.scalars(select(PlanItem)).one()
    assert item.responsible_kind == ResponsibleKind.MUNICIPAL_DIRECTORATE
    assert item.budget_eur == Decimal("12000.00")


# --- what is read ------------------------------------------------------------------------------


def test_a_semicolon_file_with_a_bom_and_regional_numbers_is_read(secretary, draft, session):
    content = (
        "\ufeffObjective;Activity;Responsible kind;Responsible name;Starts on;Deadline;"
        "Budget EUR;Budget source\r\n"
        "Rrugë më e sigurt;Ndriçim në rrugën e shkollës;Police station;Stacioni i Policisë;"
        "01.03.2026;30.09.2026;1 500,50;Buxheti komunal\r\n"
        ";;;;;;;\r\n"
        "Bezbedniji put;Čuvari na prelazu;lpsc;LPSC Gračanica;;;;\r\n"
        ";;;;;;;\r\n"
    ).encode()
    response = upload(secretary, draft, content)
    assert response.status_code == 302
    items = session.scalars(select(PlanItem).order_by(PlanItem.position)).all()
    assert [(i.objective, i.responsible_kind) for i in items] == [
        ("Rrugë më e sigurt", ResponsibleKind.POLICE_STATION),
        ("Bezbedniji put", ResponsibleKind.LPSC),
    ]
    assert items[0].budget_eur == Decimal("1500.50")
    assert (items[0].starts_on, items[0].deadline) == (date(2026, 3, 1), date(2026, 9, 30))
    assert items[1].activity == "Čuvari na prelazu"
    # The import is one new version of the plan, holding both items.
    version = session.scalars(select(PlanVersion)).one()
    assert len(json.loads(version.snapshot)["items"]) == 2
    page = secretary.get(f"/plans/{draft.id}").text
    assert "2 rows read: 2 items saved, none refused." in page


def test_a_comma_file_without_a_bom_is_read(secretary, draft, session):
    assert upload(secretary, draft, rows(3).encode()).status_code == 302
    assert item_count(session) == 3


def test_imported_items_follow_the_existing_ones(secretary, draft, make_item, session):
    make_item(draft, position=1)
    upload(secretary, draft, rows(2).encode())
    assert session.scalars(select(PlanItem.position).order_by(PlanItem.position)).all() == [
        1,
        2,
        3,
    ]


def test_300_rows_with_one_bad_row_save_nothing_and_name_the_row(secretary, draft, session):
    content = rows(300, bad_row=137).encode()
    response = upload(secretary, draft, content)
    assert response.status_code == 400
    page = response.text
    assert "Rows read: 300. Saved: 0. Refused: 1." in page
    # Data row 137 is row 138 of the spreadsheet: the column names are row 1.
    problems = read_items(content).problems
    assert [(p.row, p.column, p.message) for p in problems] == [
        (138, "deadline", "The deadline cannot be before the start date.")
    ]
    assert "<td>138</td>" in page
    assert "The deadline cannot be before the start date." in page
    assert item_count(session) == 0
    assert session.scalar(select(func.count()).select_from(PlanVersion)) == 0


def test_every_faulty_row_is_listed_with_its_column(secretary, draft, session):
    content = (
        b"objective;activity;responsible_kind;responsible_name;starts_on;deadline;budget_eur\n"
        b"Good;Good activity;school;School;2026-02-01;2026-06-30;10\n"
        b"Bad dates;Activity;school;School;2026-07-01;2026-06-30;10\n"
        b";Activity;mayor;School;;;-3\n"
        b"Too many;Activity;school;School;;;;extra\n"
    )
    response = upload(secretary, draft, content)
    assert response.status_code == 400
    problems = read_items(content).problems
    assert [(p.row, p.column) for p in problems] == [
        (3, "deadline"),
        (4, "objective"),
        (4, "responsible_kind"),
        (4, "budget_eur"),
        (5, None),
    ]
    page = response.text
    assert "Rows read: 4. Saved: 0. Refused: 3." in page
    for problem in problems:
        assert escape(problem.message) in page
    assert "“mayor” is not a responsible body" in problems[2].message
    assert problems[4].message == "This row has 8 cells but the file has 7 columns."
    assert item_count(session) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("objective,activity\r\nRrugë,Čuvari\r\n".encode("cp1250"), "The file is not in UTF-8."),
        (b"Cilj,Aktivnost\r\nA,B\r\n", "columns this import does not know: cilj"),
        (b"objective,activity,responsible_name\r\nA,B,C\r\n", "lacks these columns: respons"),
        (b"objective,objective,activity\r\n", "appear more than once: objective"),
        (b"", "The file is empty"),
        (HEADER.encode() + b"\r\n,,,,,,\r\n", "no rows of items"),
        (b"objective\x00,activity\r\n", "not a CSV text file"),
        (
            f'{HEADER}\r\n"unclosed,{"x" * 140000}'.encode(),
            "could not be read as CSV near row",
        ),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_message(
    secretary, draft, session, content, message
):
    response = upload(secretary, draft, content)
    assert response.status_code == 400
    assert message in response.text
    assert "Nothing has been saved." in response.text
    assert item_count(session) == 0


def test_no_file_is_a_form_error(secretary, draft):
    response = secretary.post(f"/plans/{draft.id}/import", data={})
    assert response.status_code == 400
    assert "Choose the CSV file to import." in response.text


# --- limits ------------------------------------------------------------------------------------


def test_2000_rows_are_read_and_2001_refused(secretary, draft, session):
    assert read_items(rows(2000).encode()).is_valid
    response = upload(secretary, draft, rows(2001).encode())
    assert response.status_code == 400
    assert "The file has more than 2000 rows: split it into smaller files." in response.text
    assert item_count(session) == 0


def test_a_file_over_2_mib_gets_a_clear_413(secretary, draft, session):
    content = (HEADER + "\r\n").encode() + b"x" * MAX_BYTES
    response = upload(secretary, draft, content)
    assert response.status_code == 413
    assert "at most 2 MiB" in response.text
    assert item_count(session) == 0


def test_only_the_councils_secretary_imports(login, users, draft, session):
    for role, status in [("ministry", 403), ("admin", 403), ("secretary_b", 404), ("cso", 404)]:
        response = upload(login(users[role]), draft, rows(1).encode())
        assert response.status_code == status
    assert item_count(session) == 0
