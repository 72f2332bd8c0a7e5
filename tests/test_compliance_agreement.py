"""The dashboard, the council pages, the public page and the command agree on the demo data.

Each shows findings from the same evaluation path; this test reads what each one actually
prints (HTML cells, sections, JSON) on several dates and compares rule, status and the
English explanation (decided reading 23), and the thresholds where the output carries them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from html import unescape

import pytest
from flask_login import FlaskLoginClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safety.accounts.models import Role, User
from safety.compliance.models import Review
from safety.councils.models import Council, Municipality
from safety.dates import today
from tests.demo_build import Demo, demo_app

ENGLISH = {"Accept-Language": "en"}
GRID_CELL = re.compile(
    r'<td class="cell rule status-(?P<status>\w+)">\s*'
    r'<a href="/councils/(?P<council>\d+)/compliance[^"#]*#(?P<rule>R\d\d)">'
    r'.*?<span class="explanation">'
    r'<span class="visually-hidden">: </span>(?P<explanation>.*?)</span></a>',
    re.S,
)
PAGE_FINDING = re.compile(
    r'<section class="finding finding-(?P<status>\w+)" id="(?P<rule>R\d\d)".*?'
    r"<dd>(?P<explanation>.*?)</dd>",
    re.S,
)

Cells = dict[tuple[int, str], tuple[str, str]]


def _digest(session: Session) -> str:
    return str(session.scalar(select(func.count(Review.id))))


@pytest.fixture(scope="module")
def demo(database_url: str) -> Iterator[Demo]:
    with demo_app(database_url, today(), _digest) as built:
        yield built


@pytest.fixture(scope="module")
def ministry(demo: Demo) -> FlaskLoginClient:
    demo.app.test_client_class = FlaskLoginClient
    user = demo.session.scalars(select(User).where(User.role == Role.MINISTRY)).first()
    return demo.app.test_client(user=user)


def _grid(html: str) -> Cells:
    return {
        (int(m["council"]), m["rule"]): (m["status"], unescape(m["explanation"]).strip())
        for m in GRID_CELL.finditer(html)
    }


def _command(demo: Demo, day: date) -> tuple[Cells, dict[tuple[int, str], object]]:
    result = demo.app.test_cli_runner().invoke(
        args=["compliance", "--as-of", day.isoformat(), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    ids = {code: council_id for council_id, code in _codes(demo).items()}
    cells, thresholds = {}, {}
    for council in json.loads(result.output):
        for finding in council["findings"]:
            key = (ids[council["code"]], finding["rule"])
            cells[key] = (finding["status"], finding["explanation"])
            thresholds[key] = finding["thresholds"]
    return cells, thresholds


def _codes(demo: Demo) -> dict[int, str]:
    rows = demo.session.execute(
        select(Council.id, Municipality.code).join(Council.municipality)
    ).all()
    return dict(rows)


def _council_page(client: FlaskLoginClient, council_id: int, day: date) -> Cells:
    html = client.get(
        f"/councils/{council_id}/compliance?as_of={day.isoformat()}", headers=ENGLISH
    ).get_data(as_text=True)
    return {
        (council_id, m["rule"]): (m["status"], unescape(m["explanation"]).strip())
        for m in PAGE_FINDING.finditer(html)
    }


def _dates() -> list[date]:
    day = today()
    return [day, date(day.year - 1, 12, 31), date(day.year - 1, 3, 31)]


@pytest.mark.parametrize("day", _dates(), ids=str)
def test_dashboard_command_and_council_pages_agree(demo, ministry, day):
    response = ministry.get(f"/compliance/?as_of={day.isoformat()}", headers=ENGLISH)
    assert response.status_code == 200
    dashboard = _grid(response.get_data(as_text=True))
    command, thresholds = _command(demo, day)
    assert len(dashboard) == 38 * 18
    assert dashboard == command
    pages: Cells = {}
    for council_id in _codes(demo):
        pages.update(_council_page(ministry, council_id, day))
    assert pages == command
    # The demo is varied: every status shows somewhere, and thresholds name their values.
    assert {status for status, _ in command.values()} >= {"ok", "warning", "breach"}
    assert all(isinstance(used, dict) for used in thresholds.values())
    assert any(used.get("r06_breach_days") for used in thresholds.values())


@pytest.mark.parametrize("year", [None, today().year - 1], ids=["today", "last year"])
def test_the_public_page_agrees_with_the_command(demo, year):
    demo.app.test_client_class = FlaskLoginClient
    public = demo.app.test_client()
    url = "/transparency/" + (f"?year={year}" if year else "")
    response = public.get(url, headers=ENGLISH)
    assert response.status_code == 200
    day = date(year, 12, 31) if year else today()
    command, _thresholds = _command(demo, day)
    assert _grid(response.get_data(as_text=True)) == command
