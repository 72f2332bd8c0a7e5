"""A council's compliance page in a browser: axe over the findings and the trend at 320 px,
and the printed page (no controls, the whole trend and its table)."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import Walk, council

pytestmark = pytest.mark.browser


def test_compliance_page_and_trend_are_accessible_to_the_public(page, live_server):
    walk = Walk(page, live_server)
    walk.goto("council compliance", council(live_server, "01", "/compliance"))
    walk.goto(
        "council compliance, past", council(live_server, "07", "/compliance?as_of=2025-06-30")
    )
    walk.goto(
        "council compliance, bad date", council(live_server, "01", "/compliance?as_of=x"), 400
    )
    walk.narrow()
    walk.goto("council compliance at 320 px", council(live_server, "01", "/compliance"))
    walk.assert_clean()


def test_printed_compliance_page_keeps_the_trend_and_drops_the_controls(new_page, live_server):
    page = new_page()
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(council(live_server, "01", "/compliance"))
    assert page.locator("form.as-of-form").is_visible()
    page.emulate_media(media="print")
    for selector in ("form.as-of-form", "header nav", ".council-links", ".trend-details summary"):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator("svg.trend-strip").is_visible()
    table = page.locator("table.trend-table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 19
    # Nothing scrolls on paper: the table and the strip fit an A4 width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    assert page.locator("svg.trend-strip").evaluate("s => s.getBoundingClientRect().width") <= 800
    assert page.locator("#R06").is_visible()
