"""Journeys through the real app in Chromium: signing in, languages, keyboard, sign-out."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import page_language, sign_in, sign_out, switch_language

pytestmark = pytest.mark.browser

DEMO = "@demo.safety-ks.org"


@pytest.mark.parametrize(
    ("account", "home"),
    [
        ("admin", "/admin/users"),
        ("ministry", "/councils/"),
        ("secretary.prishtine", "/councils/{council_01}"),
        ("secretary.gracanice", "/councils/{council_07}"),
        ("cso", "/organisations/{organisation}"),
    ],
)
def test_each_role_signs_in_and_lands_on_its_home_page(page, live_server, account, home):
    sign_in(page, account + DEMO)
    expected = home.format(
        council_01=live_server.council_ids["01"],
        council_07=live_server.council_ids["07"],
        organisation=live_server.organisation_ids["cso"],
    )
    assert page.url == live_server.url + expected
    assert page.locator("header form[action='/logout']").is_visible()


def test_wrong_password_shows_an_error_in_the_current_language(new_page, live_server):
    page = new_page(locale="de-DE")
    page.goto("/")
    switch_language(page, "sr")
    sign_in(page, "ministry" + DEMO, password="not-the-demo-password")
    error = live_server.gettext("The e-mail or password is not correct.", "sr")
    assert page.locator(".flash-error").inner_text() == error
    assert page_language(page) == "sr"
    assert page.url == live_server.url + "/login"
    # The address is kept so a typo in the password alone is quick to fix.
    assert page.input_value("input[name=email]") == "ministry" + DEMO
    assert page.input_value("input[name=password]") == ""


def test_language_switcher_works_without_javascript(new_page, live_server):
    # A browser asking for none of our languages gets Albanian.
    page = new_page(locale="de-DE", javascript=False)
    page.goto("/")
    assert page_language(page) == "sq"
    skip_link = page.locator("a.skip-link")
    assert skip_link.inner_text() == live_server.gettext("Skip to main content", "sq")
    for language in ("sr", "en"):
        switch_language(page, language)
        assert page_language(page) == language
        assert page.url == live_server.url + "/"
        assert skip_link.inner_text() == live_server.gettext("Skip to main content", language)
    # The choice sticks for the next page.
    page.goto("/login")
    assert page_language(page) == "en"


def test_language_switcher_returns_to_the_same_page(page, live_server):
    page.goto("/login?next=/councils/")
    switch_language(page, "sq")
    assert page.url == live_server.url + "/login?next=/councils/"
    assert page_language(page) == "sq"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    assert page.locator("a.skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")


def test_signing_out_then_back_does_not_show_protected_content(page, live_server):
    sign_in(page, "admin" + DEMO)
    page.goto("/account/password")
    assert page.locator("input[name=current_password]").count() == 1
    sign_out(page)
    page.go_back()
    page.wait_for_load_state()
    # The protected page is fetched again (no-store), and the server now asks to sign in.
    assert page.locator("input[name=current_password]").count() == 0
    assert re.search(r"/login", page.url)
    assert page.locator("header form[action='/logout']").count() == 0
