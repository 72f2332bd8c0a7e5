"""Printed compliance pages: a council's compliance and the national report on A4, with the
trend and the tables whole, nothing cut off at the paper's right edge and no navigation.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from safety.dates import today
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

DEMO = "@demo.safety-ks.org"
# A4's printable width at 96 CSS pixels an inch: 210 mm less the report's 16 mm margins on
# each side (178 mm); the council page, with the browser's own margins, has more room.
A4_CONTENT_WIDTH = round((210 - 2 * 16) / 25.4 * 96)
HIDDEN_ON_PAPER = ("a.skip-link", "header nav", "header .header-tools", "main form", "main button")

# The elements of `main` whose right edge lies beyond the window: cut off on paper. Elements
# drawn with no size (the visually hidden words for screen readers) take no room on paper.
BEYOND_THE_EDGE = """width => Array.from(document.querySelectorAll('main *'))
  .filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 1 && r.right > width + 0.5;
  })
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''))"""


def print_on_a4(page: Any) -> None:
    page.set_viewport_size({"width": A4_CONTENT_WIDTH, "height": 1100})
    page.emulate_media(media="print")


def assert_fits_the_paper(page: Any) -> None:
    """No control on paper, nothing wider than the paper, every table whole."""
    for selector in HIDDEN_ON_PAPER:
        shown = [e for e in page.locator(selector).all() if e.is_visible()]
        assert not shown, selector
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_CONTENT_WIDTH
    assert page.evaluate(BEYOND_THE_EDGE, A4_CONTENT_WIDTH) == []
    regions = page.locator("main .table-scroll")
    assert regions.count() > 0
    for region in regions.all():
        assert region.evaluate("r => getComputedStyle(r).overflowX") == "visible"
        assert region.evaluate("r => r.scrollWidth <= r.clientWidth + 1")


def pdf_pages(pdf: bytes) -> int:
    assert pdf.startswith(b"%PDF-")
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_printed_council_compliance_has_the_findings_trend_and_table(page, live_server):
    council_id = live_server.council_ids["07"]
    response = page.goto(f"/councils/{council_id}/compliance?as_of={today().isoformat()}")
    assert response.status == 200
    # On screen the trend table sits in a region that scrolls sideways when it must.
    assert (
        page.locator("main .table-scroll").first.evaluate("r => getComputedStyle(r).overflowX")
        == "auto"
    )
    print_on_a4(page)
    assert_fits_the_paper(page)
    assert page.locator("main h1").is_visible()
    assert page.locator("main section.finding").count() == 18
    assert all(section.is_visible() for section in page.locator("main section.finding").all())
    strip = page.locator("svg.trend-strip")
    assert strip.is_visible()
    box = strip.bounding_box()
    assert box["width"] > A4_CONTENT_WIDTH / 2
    assert box["x"] + box["width"] <= A4_CONTENT_WIDTH
    # The colours mean something beside the signs: the strip prints them.
    assert strip.evaluate("s => getComputedStyle(s).printColorAdjust") == "exact"
    # The table is printed open, without the control that folds it.
    table = page.locator("table.trend-table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 19
    assert page.locator("details.trend-details summary").is_hidden()
    address = page.locator("footer .print-only")
    assert address.is_visible()
    assert f"/councils/{council_id}/compliance" in address.inner_text()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf_pages(pdf) >= 2


def test_printed_national_report_has_every_section_on_a4(new_page, live_server):
    page = new_page()
    sign_in(page, "ministry" + DEMO)
    page.goto("/compliance/national-report/")
    report = page.locator("main a[href^='/compliance/national-report/']:not([href$='.pdf'])")
    href = report.first.get_attribute("href")
    response = page.goto(href)
    assert response.status == 200
    print_on_a4(page)
    assert_fits_the_paper(page)
    # The report prints without the site's header and footer.
    assert page.locator("header.site-header").is_hidden()
    assert page.locator("footer.site-footer").is_hidden()
    sections = page.locator("main section.report-section")
    assert sections.count() >= 7
    for section in sections.all():
        assert section.is_visible()
        assert section.evaluate("s => getComputedStyle(s).breakBefore") == "page"
    charts = page.locator("main .report-chart svg")
    assert charts.count() > 0
    for chart in charts.all():
        box = chart.bounding_box()
        assert box["width"] > 0
        assert box["x"] + box["width"] <= A4_CONTENT_WIDTH
    tables = page.locator("main table.report-table")
    assert tables.count() > 0
    assert all(table.is_visible() for table in tables.all())
    # A page per section (after the cover), each laid out on A4 by the page's own @page rule.
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) >= 1 + sections.count()
    # The server's PDF of the same report.
    download = page.request.get(f"{href}.pdf")
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.body().startswith(b"%PDF-")
