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
    assert sign_in(page, account + DEMO) == 200
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
    assert sign_in(page, "ministry" + DEMO, password="not-the-demo-password") == 401
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


def test_public_council_search_ignores_accents(page, live_server):
    page.goto("/councils/")
    page.get_by_label("Name").fill("Gracanica")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert "q=Gracanica" in page.url
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    link = rows.first.get_by_role("link")
    assert "Gračanica" in link.inner_text()
    link.click()
    assert page.url == f"{live_server.url}/councils/{live_server.council_ids['07']}"


def test_secretary_adds_a_member_through_the_form(page, live_server, tmp_path):
    sign_in(page, "secretary.prishtine" + DEMO)
    council_url = f"{live_server.url}/councils/{live_server.council_ids['01']}"
    assert page.url == council_url
    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Full name").fill("Teuta Shfletuesi")
    page.get_by_label("Role on the council").select_option("civil_society")
    page.get_by_label("Institution or organisation").fill("OJQ Lagjja e Sigurt")
    page.get_by_label("Community").select_option("albanian")
    page.get_by_label("Gender").select_option("female")
    page.get_by_label("Year of birth").fill("2001")
    page.get_by_label("Appointed on").fill("2026-09-15")
    page.get_by_label("May be named publicly (the member agreed)").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.url == council_url
    assert page.locator(".flash-success").inner_text() == live_server.gettext(
        "%(name)s has been added to the council.", "en", name="Teuta Shfletuesi"
    )
    row = page.locator("main table tbody tr", has_text="Teuta Shfletuesi")
    assert row.count() == 1
    assert "OJQ Lagjja e Sigurt" in row.inner_text()
    page.screenshot(path=str(tmp_path / "council.png"), full_page=True)


def test_secretary_sees_an_error_for_an_incomplete_member(page, live_server):
    sign_in(page, "secretary.gracanice" + DEMO)
    page.get_by_role("link", name="Add a member").click()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label("Full name").get_attribute("aria-invalid") == "true"


def register(page, number: str, email: str) -> None:
    """Fill in and submit the registration form for an organisation in Mamushë."""
    page.goto("/")
    page.get_by_role("link", name="Register a civil-society organisation").click()
    page.get_by_label("Name of the organisation").fill("Zëri i Lagjes Mamushë")
    page.get_by_label("Registration number").fill(number)
    page.get_by_label("Contact e-mail").fill("info@zeri-lagjes.example.org")
    page.get_by_label("Municipalities where it works").select_option(label="Mamushë")
    page.get_by_label("Your full name").fill("Zeynep Kaya")
    page.get_by_label("Your e-mail (to sign in)").fill(email)
    page.get_by_label("Password", exact=True).fill("rruga-e-shkolles-me-drite")
    page.get_by_label("Repeat the password").fill("rruga-e-shkolles-me-drite")
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()


REGISTERED = (
    "Thank you. Sign in with the e-mail address you gave. If it had no account yet, your "
    "organisation is now registered with it and waits for verification by the ministry; if "
    "it already had one, nothing new was created: use that account's password."
)


def test_cso_registers_signs_in_and_waits_for_verification(new_page, live_server):
    page = new_page()
    register(page, "5119999", "zeynep@zeri-lagjes.example.org")
    # Registration does not sign in (a taken address must get the same answer): sign in.
    assert page.url == live_server.url + "/login"
    message = live_server.gettext(REGISTERED, "en")
    assert page.locator(".flash-success").inner_text() == message
    assert page.locator("header form[action='/logout']").count() == 0
    assert sign_in(page, "zeynep@zeri-lagjes.example.org", "rruga-e-shkolles-me-drite") == 200
    assert re.fullmatch(rf"{re.escape(live_server.url)}/organisations/\d+", page.url)
    assert page.locator("h1").inner_text() == "Zëri i Lagjes Mamushë"
    assert page.locator(".badge-warn").inner_text() == live_server.gettext(
        "Waiting for verification", "en"
    )

    # The same address again, from another browser: the very same answer, nothing new.
    other = new_page()
    register(other, "5119998", "Zeynep@Zeri-Lagjes.example.org")
    assert other.url == live_server.url + "/login"
    assert other.locator(".flash-success").inner_text() == message


def test_ministry_rejects_a_registration_and_the_organisation_corrects_it(new_page, live_server):
    """Reject with a reason, read it as the organisation, correct and resubmit (ends pending)."""
    pending = f"/organisations/{live_server.organisation_ids['cso.pending']}"
    reason = "The registration number is not in the NGO register: send the one on your certificate."
    reviewer = new_page()
    sign_in(reviewer, "ministry" + DEMO)
    reviewer.goto(pending)
    reviewer.get_by_role("link", name="Reject the registration").click()
    assert reviewer.url == f"{live_server.url}{pending}/reject"
    # Without a reason nothing happens, and the form says why.
    reviewer.get_by_role("button", name="Reject the registration").click()
    reviewer.wait_for_load_state()
    assert reviewer.get_by_label("Reason").get_attribute("aria-invalid") == "true"
    reviewer.get_by_label("Reason").fill(reason)
    reviewer.get_by_role("button", name="Reject the registration").click()
    reviewer.wait_for_load_state()
    assert reviewer.url == f"{live_server.url}{pending}"
    assert reviewer.locator(".badge-bad").inner_text() == "Registration rejected"

    member = new_page()
    sign_in(member, "cso.pending" + DEMO)
    member.goto(pending)
    assert reason in member.locator("main").inner_text()
    member.get_by_role("link", name="Edit").click()
    member.get_by_role("button", name="Save").click()
    member.wait_for_load_state()
    assert member.url == f"{live_server.url}{pending}"
    assert member.locator(".badge-warn").inner_text() == "Waiting for verification"

    # The reviewer sees it waiting again, with the reason given last time.
    reviewer.goto(pending)
    assert reviewer.locator(".badge-warn").inner_text() == "Waiting for verification"
    assert reason in reviewer.locator("main").inner_text()
