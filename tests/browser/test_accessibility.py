"""axe-core on every page each role reaches: no critical or serious WCAG 2.1 A/AA violation.

Each test signs one role in, in one browser context, and walks its pages: the GET pages, the
lists with a filter applied, forms re-rendered with validation errors, and the error pages.
Problems are collected over the whole walk so that one run lists everything to fix.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LiveServer
from tests.browser.helpers import axe_violations, describe_violations, sign_in, switch_language

pytestmark = pytest.mark.browser

DEMO = "@demo.safety-ks.org"
# WCAG 1.4.10 (reflow): content must fit 320 CSS pixels (1280 pixels at 400% zoom).
REFLOW_WIDTH = 320


class Walk:
    """Pages visited in one browser tab, with the problems found on each."""

    def __init__(self, page: Any, live_server: LiveServer) -> None:
        self.page = page
        self.base_url = live_server.url
        self.findings: list[str] = []
        self.visited = 0
        self.reflow = False

    def narrow(self) -> None:
        """From now on, a 320 pixel wide window in which no page may scroll sideways.

        Wide tables scroll inside their own region instead; axe checks that the region can
        be scrolled with the keyboard.
        """
        self.page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
        self.reflow = True

    def goto(self, where: str, url: str, status: int = 200) -> None:
        response = self.page.goto(url)
        assert response.status == status, f"{where}: {url} answered {response.status}"
        self.check(where)

    def submit(self, where: str, button: str, status: int) -> None:
        """Click `button` in the page's main content and check the page that comes back."""
        with self.page.expect_navigation() as navigation:
            self.page.locator("main").get_by_role("button", name=button, exact=True).click()
        self.page.wait_for_load_state()
        answered = navigation.value.status
        assert answered == status, f"{where}: {self.page.url} answered {answered}"
        self.check(where)

    def check(self, where: str) -> None:
        self.visited += 1
        problems = describe_violations(axe_violations(self.page))
        if self.reflow:
            width = self.page.evaluate("document.documentElement.scrollWidth")
            if width > REFLOW_WIDTH:
                problems.append(f"the page is {width} pixels wide in a {REFLOW_WIDTH} window")
        if problems:
            path = self.page.url.removeprefix(self.base_url)
            self.findings.append(f"{where} ({path}):\n" + "\n".join(f"  {p}" for p in problems))

    def href(self, selector: str) -> str:
        """Where the first link matching `selector` on the current page goes."""
        return self.page.locator(selector).first.get_attribute("href")

    def assert_clean(self) -> None:
        assert not self.findings, (
            f"Accessibility problems on {len(self.findings)} of {self.visited} pages:\n"
            + "\n".join(self.findings)
        )


@pytest.fixture
def walk(page: Any, live_server: LiveServer) -> Walk:
    return Walk(page, live_server)


def council(live_server: LiveServer, code: str, suffix: str = "") -> str:
    return f"/councils/{live_server.council_ids[code]}{suffix}"


def organisation(live_server: LiveServer, account: str, suffix: str = "") -> str:
    return f"/organisations/{live_server.organisation_ids[account]}{suffix}"


def test_anonymous_pages(walk, live_server):
    walk.goto("home", "/")
    walk.goto("sign-in", "/login")
    walk.page.fill("input[name=email]", "nobody" + DEMO)
    walk.page.fill("input[name=password]", "not-the-password")
    walk.submit("failed sign-in", "Sign in", 401)
    walk.goto("register", "/register")
    walk.submit("register with errors", "Register", 400)
    walk.goto("council list", "/councils/")
    walk.goto("council list filtered", "/councils/?q=Pri")
    walk.goto("council list, nothing matches", "/councils/?q=zzzz")
    walk.goto("council page", council(live_server, "01"))
    walk.goto("404", "/no-such-page", 404)
    walk.goto("405", "/logout", 405)
    walk.goto("sign-in required", council(live_server, "01", "/edit"))
    # The other languages: longer words, and every `lang` attribute must stay valid.
    for language in ("sq", "sr"):
        switch_language(walk.page, language)
        walk.check(f"council page in {language}")
        walk.goto(f"register in {language}", "/register")
        register = live_server.gettext("Register", language)
        walk.submit(f"register with errors in {language}", register, 400)
    walk.assert_clean()


def test_cso_pages(walk, live_server):
    sign_in(walk.page, "cso" + DEMO)
    walk.goto("home", "/")
    walk.goto("own organisation", organisation(live_server, "cso"))
    walk.goto("organisation edit", organisation(live_server, "cso", "/edit"))
    walk.page.fill("input[name=name]", "")
    walk.submit("organisation edit with errors", "Save", 400)
    walk.goto("council list", "/councils/")
    walk.goto("council page", council(live_server, "01"))
    walk.goto("change password", "/account/password")
    walk.submit("change password with errors", "Change password", 400)
    walk.goto("403 (organisation list)", "/organisations", 403)
    walk.goto("403 (another organisation)", organisation(live_server, "cso.pending"), 403)
    walk.goto("403 (council edit)", council(live_server, "01", "/edit"), 403)
    walk.assert_clean()


def test_secretary_pages(walk, live_server):
    sign_in(walk.page, "secretary.prishtine" + DEMO)
    walk.goto("home", "/")
    walk.goto("own council", council(live_server, "01"))
    member_edit = walk.href("main a[href*='/members/'][href$='/edit']")
    walk.goto("council edit", council(live_server, "01", "/edit"))
    walk.page.fill("input[name=coordinator_email]", "not an address")
    walk.submit("council edit with errors", "Save", 400)
    walk.goto("new member", council(live_server, "01", "/members/new"))
    walk.submit("new member with errors", "Save", 400)
    walk.goto("member edit", member_edit)
    # A version nobody saved: the form comes back (409) beside the stored values.
    walk.page.locator("input[name=version]").evaluate("input => { input.value = '999999'; }")
    walk.submit("member edit conflict", "Save", 409)
    walk.goto("another council", council(live_server, "07"))
    walk.goto("council list", "/councils/")
    walk.goto("change password", "/account/password")
    walk.goto("403 (another council's edit)", council(live_server, "07", "/edit"), 403)
    walk.goto("404 (no such member)", council(live_server, "01", "/members/999999/edit"), 404)
    walk.assert_clean()


def test_ministry_pages(walk, live_server):
    sign_in(walk.page, "ministry" + DEMO)
    walk.goto("council list", "/councils/")
    district = walk.page.locator("select[name=district] option").nth(1).get_attribute("value")
    walk.goto("council list filtered", f"/councils/?district={district}&majority=albanian")
    walk.goto("council page", council(live_server, "07"))
    walk.goto("organisation list", "/organisations")
    walk.goto("organisation list filtered", "/organisations?status=pending")
    walk.goto("organisation (verified)", organisation(live_server, "cso"))
    walk.goto("organisation (pending)", organisation(live_server, "cso.pending"))
    # Decisions: the confirmation pages only (the journeys take them), and a missing reason.
    walk.goto("verify (confirmation)", organisation(live_server, "cso.pending", "/verify"))
    walk.goto("withdraw (confirmation)", organisation(live_server, "cso", "/withdraw"))
    walk.goto("reject (confirmation)", organisation(live_server, "cso.pending", "/reject"))
    walk.submit("reject without a reason", "Reject the registration", 400)
    walk.goto("audit trail", "/audit/")
    walk.goto("audit trail filtered", "/audit/?action=login&actor=demo")
    walk.goto("audit trail with errors", "/audit/?date_from=2026-02-01&date_to=2026-01-01", 400)
    walk.goto("change password", "/account/password")
    walk.goto("403 (accounts)", "/admin/users", 403)
    walk.goto("403 (organisation edit)", organisation(live_server, "cso.pending", "/edit"), 403)
    walk.assert_clean()


def test_admin_pages(walk, live_server):
    sign_in(walk.page, "admin" + DEMO)
    walk.goto("accounts", "/admin/users")
    walk.goto("accounts filtered", "/admin/users?q=demo&role=secretary&active=1")
    secretary = walk.href("main a[href$='/edit']")
    walk.goto("accounts filter with errors", "/admin/users?role=nobody&active=maybe", 400)
    walk.goto("edit account", secretary)
    walk.goto("council edit", council(live_server, "07", "/edit"))
    walk.page.locator("input[name=version]").evaluate("input => { input.value = '999999'; }")
    walk.submit("council edit conflict", "Save", 409)
    walk.goto("council page", council(live_server, "07"))
    walk.goto("member edit", walk.href("main a[href*='/members/'][href$='/edit']"))
    walk.goto("organisation list", "/organisations")
    walk.goto("organisation (pending)", organisation(live_server, "cso.pending"))
    walk.goto("organisation edit", organisation(live_server, "cso.pending", "/edit"))
    walk.goto("audit trail", "/audit/")
    walk.goto("change password", "/account/password")
    walk.goto("404 (no such account)", "/admin/users/999999/edit", 404)
    # The pages after creating, resetting and deactivating an account: on an account made
    # here, so the demo accounts other tests sign in with stay as they are.
    walk.goto("new account", "/admin/users/new")
    walk.submit("new account with errors", "Create the account", 400)
    walk.page.fill("input[name=email]", "axe.check" + DEMO)
    walk.page.fill("input[name=full_name]", "Axe Check")
    walk.page.select_option("select[name=role]", "ministry")
    walk.page.select_option("select[name=locale]", "sq")
    walk.submit("account created (temporary password)", "Create the account", 201)
    walk.goto("accounts search", "/admin/users?q=axe.check")
    edit = walk.href("main a[href$='/edit']")
    walk.goto("edit new account", edit)
    walk.goto("reset password (confirmation)", walk.href("main a[href$='/reset-password']"))
    walk.submit("password reset (temporary password)", "Reset the password", 200)
    walk.goto("edit new account", edit)
    walk.goto("deactivate (confirmation)", walk.href("main a[href$='/deactivate']"))
    walk.submit("account deactivated (flash message)", "Deactivate the account", 200)
    walk.goto("edit deactivated account", edit)
    walk.assert_clean()


def test_pages_at_320_pixels(walk, live_server):
    walk.narrow()
    walk.goto("home", "/")
    walk.goto("register with errors", "/register")
    walk.submit("register with errors", "Register", 400)
    walk.goto("council list", "/councils/")
    walk.goto("council page (public)", council(live_server, "01"))
    sign_in(walk.page, "admin" + DEMO)
    walk.goto("council page", council(live_server, "01"))
    walk.goto("member edit", walk.href("main a[href*='/members/'][href$='/edit']"))
    walk.goto("organisation list", "/organisations")
    walk.goto("organisation", organisation(live_server, "cso"))
    walk.goto("accounts", "/admin/users")
    walk.goto("edit account", walk.href("main a[href$='/edit']"))
    walk.goto("audit trail", "/audit/")
    walk.assert_clean()
