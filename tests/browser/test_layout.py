"""Long unbroken values never widen a page: the council list and all 38 council pages at
320 CSS pixels, in all three languages, fit the window (tables may scroll in their region).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from safety.audit.record import set_actor
from safety.councils.models import (
    Community,
    Council,
    CouncilDecision,
    DecisionKind,
    Gender,
    Member,
    MemberRole,
    Municipality,
)
from tests.browser.conftest import LiveServer
from tests.browser.helpers import page_language, sign_in, switch_language

pytestmark = pytest.mark.browser

WIDTH = 320  # WCAG 1.4.10 reflow: 1280 CSS pixels at 400% zoom
# Councils that get the long values; the others are checked as the demo data left them.
LONG_VALUE_COUNCILS = ("09", "31", "38")
LONG_INSTITUTION = "Drejtoria" + "Komunale" * 13 + "PërSigurinëNëBashkësi"  # 134, no space
LONG_DECISION = "01/016-2026/KKSB-MITROVICESESEVERIUT-VENDIMI-0000000000123"
LONG_EMAIL = "koordinatori.i.keshillit.komunal.per.siguri.ne.bashkesi@mitrovice-e-veriut.example"
LONG_NOTE = (
    "Procesverbali: https://kk.example.org/dokumente/2026/kksb/procesverbali-i-mbledhjes-se-"
    "rregullt-te-keshillit-komunal-per-siguri-ne-bashkesi-nr-000000000000000123.pdf"
)

# Everything wider than the window, or reaching past its right edge, outside a table's own
# scroll region (the region itself must fit). Elements moved off-screen to the left on
# purpose (the skip link) end before 0 and are not counted.
OVERFLOW_SCRIPT = """
() => {
  const width = window.innerWidth;
  const found = [];
  const page = document.documentElement.scrollWidth;
  if (page > width) found.push(`the page is ${page}px wide`);
  for (const element of document.body.querySelectorAll("*")) {
    if (element.parentElement.closest(".table-scroll")) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.width > width + 0.5 || box.right > width + 0.5) {
      const classes = element.className ? "." + element.className : "";
      const name = element.tagName.toLowerCase() + classes;
      found.push(`${name} is ${Math.round(box.width)}px wide, ends at ${Math.round(box.right)}px`);
    }
  }
  return found;
}
"""


@pytest.fixture(scope="module")
def long_values(live_server: LiveServer) -> None:
    """A member with a 134-letter institution, a long decision number, e-mail and link."""
    with live_server.app.app_context():
        set_actor(None, "test:browser")
        session = live_server.app.extensions["safety.db"]["write"]()
        councils = session.scalars(
            select(Council)
            .join(Council.municipality)
            .where(Municipality.code.in_(LONG_VALUE_COUNCILS))
        ).all()
        for council in councils:
            council.coordinator_name = "Arbëresha-Aleksandra Krasniqi-Petrović-Đorđević"
            council.coordinator_email = LONG_EMAIL
            council.notes = LONG_NOTE
            session.add(
                CouncilDecision(
                    council_id=council.id,
                    kind=DecisionKind.CONSTITUTING,
                    number=LONG_DECISION,
                    decided_on=date(2026, 2, 3),
                )
            )
            session.add(
                Member(
                    council_id=council.id,
                    full_name="Aleksandra Petrović-Krasniqi",
                    role=MemberRole.CIVIL_SOCIETY,
                    institution=LONG_INSTITUTION,
                    community=Community.SERB,
                    gender=Gender.FEMALE,
                    birth_year=1985,
                    appointed_on=date(2026, 2, 3),
                    appointing_decision=LONG_DECISION,
                    is_publicly_named=True,
                )
            )
        session.commit()
        assert len(councils) == len(LONG_VALUE_COUNCILS)
        session.close()


def overflow(page: Any) -> list[str]:
    return page.evaluate(OVERFLOW_SCRIPT)


def test_no_page_is_wider_than_320_pixels(new_page, live_server, long_values):
    page = new_page()
    page.set_viewport_size({"width": WIDTH, "height": 640})
    paths = ["/councils/"] + [
        f"/councils/{cid}" for cid in sorted(live_server.council_ids.values())
    ]
    problems: list[str] = []
    visited = 0
    for language in ("sq", "sr", "en"):
        page.goto("/councils/")
        switch_language(page, language)
        assert page_language(page).startswith(language)
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, f"{path} answered {response.status}"
            visited += 1
            problems.extend(f"{language} {path}: {problem}" for problem in overflow(page))
    assert visited == 3 * 39
    assert not problems, "\n".join(problems)


def test_the_long_values_are_on_the_pages_checked(new_page, live_server, long_values):
    # Proves the check above saw the long values rather than pages without them.
    page = new_page()
    page.goto(f"/councils/{live_server.council_ids['09']}")
    content = page.content()
    for value in (LONG_INSTITUTION, LONG_DECISION):
        assert value in content


def test_staff_pages_with_long_values_fit_too(new_page, live_server, long_values):
    # Signed in, a council page also shows the coordinator, the notes and personal columns.
    page = new_page()
    page.set_viewport_size({"width": WIDTH, "height": 640})
    sign_in(page, "admin@demo.safety-ks.org")
    problems: list[str] = []
    for language in ("sq", "sr", "en"):
        switch_language(page, language)
        for code in LONG_VALUE_COUNCILS:
            path = f"/councils/{live_server.council_ids[code]}"
            assert page.goto(path).status == 200
            main = page.inner_text("main")
            assert LONG_EMAIL in main
            assert LONG_NOTE in main
            problems.extend(f"{language} {path}: {problem}" for problem in overflow(page))
    assert not problems, "\n".join(problems)


def test_the_check_catches_an_overflowing_page(new_page, live_server):
    page = new_page()
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto("/councils/")
    page.evaluate(
        "document.querySelector('main h1').style.setProperty('overflow-wrap', 'normal');"
        "document.querySelector('main h1').textContent = 'X'.repeat(200);"
    )
    assert any(problem.startswith("the page is") for problem in overflow(page))
    page.evaluate("document.querySelector('main h1').style.setProperty('width', '400px');")
    assert any(problem.startswith("h1 is 400px wide") for problem in overflow(page))
