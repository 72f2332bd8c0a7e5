"""Printed pages: the content without the controls, whole tables, and where the page came from."""

from __future__ import annotations

import pytest

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

HIDDEN_ON_PAPER = (
    "a.skip-link",
    "header nav",
    "header .header-tools",
    "form.filters",
    "main button",
)


def test_printed_council_list_has_content_only(new_page, live_server):
    page = new_page()
    page.goto("/councils/?district=Prizren")
    # On screen, everything is there and the address is not.
    assert page.locator("footer .print-only").is_hidden()
    for selector in HIDDEN_ON_PAPER[1:]:
        assert page.locator(selector).first.is_visible(), selector
    page.emulate_media(media="print")
    for selector in HIDDEN_ON_PAPER:
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator("main h1").is_visible()
    assert page.locator("main table").is_visible()
    address = page.locator("footer .print-only")
    assert address.is_visible()
    assert address.inner_text() == f"Printed from {live_server.url}/councils/?district=Prizren"
    link = page.locator("main table a").first
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(0, 0, 0)"


def test_printed_tables_are_whole_rather_than_scrolled(new_page, live_server):
    page = new_page()
    sign_in(page, "admin@demo.safety-ks.org")
    # About A4's width at 96 dpi; Chrome scales a page that is still wider down to the paper.
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(f"/councils/{live_server.council_ids['01']}")
    region = page.locator(".table-scroll").last
    assert region.evaluate("r => getComputedStyle(r).overflowX") == "auto"
    page.emulate_media(media="print")
    assert region.evaluate("r => getComputedStyle(r).overflowX") == "visible"
    # Every column is on the paper: nothing scrolls, and the widest table fits the page.
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
