"""axe-core over the compliance pages each role reaches, in the three languages, at 320 and 375 px.

The dashboard (ministry and administrators) with its filters, sort orders and refused
filters; a council's compliance page (public, staff, the ministry) on today and a past date,
with its trend, and refused dates; the reviews (ministry and the council's secretary) with
forms sent back with errors; the national report.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LiveServer
from tests.browser.helpers import sign_in, sign_out, switch_language
from tests.browser.test_accessibility import Walk, council

pytestmark = pytest.mark.browser

DEMO = "@demo.safety-ks.org"
DISTRICT = "Prishtinë/Priština"
PHONE_WIDTH = 375


class CompliancePagesWalk(Walk):
    """The house walk, with a window of any narrow width (320 px for reflow, 375 for a phone)."""

    width: int | None = None

    def narrow_to(self, width: int) -> None:
        self.page.set_viewport_size({"width": width, "height": 720})
        self.width = width

    def check(self, where: str) -> None:
        before = len(self.findings)
        super().check(where)
        if self.width is None:
            return
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > self.width:
            problem = f"  the page is {width} pixels wide in a {self.width} window"
            if len(self.findings) > before:
                self.findings[-1] += "\n" + problem
            else:
                path = self.page.url.removeprefix(self.base_url)
                self.findings.append(f"{where} ({path}):\n{problem}")


@pytest.fixture
def walk(page: Any, live_server: LiveServer) -> CompliancePagesWalk:
    return CompliancePagesWalk(page, live_server)


def compliance(live_server: LiveServer, code: str, query: str = "") -> str:
    return council(live_server, code, "/compliance") + query


def dashboard_pages(walk: CompliancePagesWalk) -> None:
    """The dashboard as its readers use it: filtered, sorted, and refused filters."""
    walk.goto("dashboard", "/compliance/")
    walk.goto("dashboard by district", f"/compliance/?district={DISTRICT}")
    walk.goto("dashboard, breaches of R06", "/compliance/?rule=R06&rule_status=breach")
    walk.goto("dashboard on a past date", "/compliance/?as_of=2025-12-31&overall=breach")
    walk.goto("dashboard sorted by R16", "/compliance/?sort=R16&dir=desc")
    walk.goto("dashboard, unknown district", "/compliance/?district=Nowhere", 400)
    walk.goto("dashboard, rule status without a rule", "/compliance/?rule_status=breach", 400)
    walk.goto("dashboard, date ahead", "/compliance/?as_of=2999-01-01", 400)


def map_pages(walk: CompliancePagesWalk) -> None:
    walk.goto("map", "/compliance/map")
    walk.goto("map on a past date", "/compliance/map?as_of=2025-12-31")
    walk.goto("map, bad date", "/compliance/map?as_of=2025-13-01", 400)


def transparency_pages(walk: CompliancePagesWalk) -> None:
    walk.goto("transparency", "/transparency/")
    past = walk.page.locator("select[name=year] option").nth(1).get_attribute("value")
    walk.goto("transparency, a past year", f"/transparency/?year={past}")
    walk.goto("transparency, unknown year", "/transparency/?year=1066", 400)


def review_pages_of_the_ministry(walk: CompliancePagesWalk, live_server: LiveServer) -> None:
    """The list, one review with the reply form sent back empty, a new review with errors."""
    page = walk.page
    walk.goto("home with the overdue count (ministry)", "/councils/")
    walk.goto("reviews", "/reviews/")
    walk.goto("reviews, overdue", "/reviews/?overdue=yes")
    walk.goto("reviews, answered", "/reviews/?status=answered")
    walk.goto("review", walk.href("main table a[href^='/reviews/']"))
    walk.goto("reviews, unknown status", "/reviews/?status=lost", 400)
    walk.goto("reviews, awaiting a response", "/reviews/?status=awaiting_response")
    walk.goto("open review", walk.href("main table a[href^='/reviews/']"))
    walk.submit("reply with errors", "Send to the council", 400)
    walk.goto("new review", council(live_server, "06", "/reviews/new"))
    page.fill("textarea[name=findings]", "")
    page.fill("input[name=respond_by]", "2000-01-01")
    walk.submit("new review with errors", "Record the review", 400)
    walk.goto("new review, bad date", council(live_server, "06", "/reviews/new?as_of=x"), 400)


def test_ministry_compliance_pages(walk, live_server):
    page = walk.page
    sign_in(page, "ministry" + DEMO)
    dashboard_pages(walk)
    walk.goto("council compliance (ministry)", compliance(live_server, "07"))
    walk.goto(
        "council compliance on a past date", compliance(live_server, "01", "?as_of=2024-06-30")
    )
    walk.goto(
        "council compliance, bad date", compliance(live_server, "01", "?as_of=31.12.2025"), 400
    )
    map_pages(walk)
    walk.goto("national reports", "/compliance/national-report/")
    report = walk.href("main a[href^='/compliance/national-report/']:not([href$='.pdf'])")
    walk.goto("national report", report)
    walk.goto("thresholds (ministry)", "/admin/thresholds")
    walk.goto("communities (ministry)", "/admin/communities")
    review_pages_of_the_ministry(walk, live_server)
    for language in ("sq", "sr"):
        switch_language(page, language)
        walk.goto(f"dashboard in {language}", f"/compliance/?district={DISTRICT}")
        walk.goto(f"dashboard with errors in {language}", "/compliance/?rule_status=ok", 400)
        walk.goto(f"council compliance in {language}", compliance(live_server, "07"))
        walk.goto(f"map in {language}", "/compliance/map")
        walk.goto(f"national report in {language}", report)
        walk.goto(f"reviews in {language}", "/reviews/")
    switch_language(page, "en")
    walk.assert_clean()


def test_admin_compliance_pages(walk, live_server):
    page = walk.page
    sign_in(page, "admin" + DEMO)
    walk.goto("dashboard (admin)", "/compliance/")
    walk.goto("dashboard by region (admin)", "/compliance/?osce_region=Gjilan/Gnjilane")
    walk.goto("council compliance (admin)", compliance(live_server, "01"))
    walk.goto("map (admin)", "/compliance/map")
    walk.goto("national reports (admin)", "/compliance/national-report/")
    walk.goto("thresholds", "/admin/thresholds")
    walk.goto("change a threshold", "/admin/thresholds/r06_breach_days")
    page.fill("input[name=value]", "not a number")
    page.fill("textarea[name=reason]", "")
    walk.submit("change a threshold with errors", "Save the change", 400)
    walk.goto("communities", "/admin/communities")
    municipality = walk.href("main a[href^='/admin/municipalities/'][href$='/communities']")
    walk.goto("edit communities", municipality)
    for box in page.locator("main input[name=communities]").all():
        box.uncheck()
    walk.submit("edit communities with errors", "Save", 400)
    walk.goto("403 (reviews, admin)", "/reviews/", 403)
    for language in ("sq", "sr"):
        switch_language(page, language)
        walk.goto(f"thresholds in {language}", "/admin/thresholds")
        walk.goto(f"change a threshold in {language}", "/admin/thresholds/r06_breach_days")
        walk.goto(f"edit communities in {language}", municipality)
    switch_language(page, "en")
    walk.assert_clean()


def test_public_and_staff_council_compliance(walk, live_server):
    page = walk.page
    walk.goto("council compliance (public)", compliance(live_server, "01"))
    walk.goto(
        "council compliance (public), past", compliance(live_server, "07", "?as_of=2025-03-31")
    )
    walk.goto(
        "council compliance, date before 2000",
        compliance(live_server, "07", "?as_of=1990-01-01"),
        400,
    )
    walk.goto("council compliance, no such council", "/councils/999999/compliance", 404)
    walk.goto("dashboard, sign-in required", "/compliance/")
    transparency_pages(walk)
    for language in ("sq", "sr"):
        switch_language(page, language)
        walk.goto(f"council compliance (public) in {language}", compliance(live_server, "07"))
        walk.goto(f"transparency in {language}", "/transparency/")
    switch_language(page, "en")
    sign_in(page, "secretary.prishtine" + DEMO)
    walk.goto("home with open reviews (secretary)", council(live_server, "01"))
    walk.goto("reviews (secretary)", "/reviews/")
    review = walk.href("main table a[href^='/reviews/']")
    walk.goto("review (secretary)", review)
    if page.locator("main textarea[name=body]").count():
        walk.submit("response with errors", "Send the response", 400)
    for language in ("sq", "sr"):
        switch_language(page, language)
        walk.goto(f"review (secretary) in {language}", review)
    switch_language(page, "en")
    sign_out(page)
    sign_in(page, "secretary.gracanice" + DEMO)
    walk.goto("own council's compliance (secretary)", compliance(live_server, "07"))
    walk.goto("another council's compliance (secretary)", compliance(live_server, "01"))
    walk.goto("403 (dashboard, secretary)", "/compliance/", 403)
    sign_out(page)
    sign_in(page, "cso" + DEMO)
    walk.goto("council compliance (CSO)", compliance(live_server, "03"))
    walk.goto("403 (dashboard, CSO)", "/compliance/", 403)
    walk.assert_clean()


@pytest.mark.parametrize("width", [320, PHONE_WIDTH])
def test_compliance_pages_on_narrow_windows(walk, live_server, width):
    walk.narrow_to(width)
    walk.goto("council compliance (public)", compliance(live_server, "07"))
    transparency_pages(walk)
    walk.goto("council compliance, bad date", compliance(live_server, "07", "?as_of=x"), 400)
    sign_in(walk.page, "ministry" + DEMO)
    walk.goto("dashboard", "/compliance/")
    walk.goto("dashboard, breaches of R16", "/compliance/?rule=R16&rule_status=breach")
    walk.goto("dashboard with errors", "/compliance/?rule_status=breach", 400)
    walk.goto("map", "/compliance/map")
    walk.goto("reviews", "/reviews/")
    walk.goto("review", walk.href("main table a[href^='/reviews/']"))
    walk.goto("new review", council(live_server, "06", "/reviews/new"))
    walk.goto("national report", "/compliance/national-report/")
    walk.goto("national report", walk.href("main a[href^='/compliance/national-report/2']"))
    switch_language(walk.page, "sq")
    walk.goto("dashboard in sq", "/compliance/")
    walk.goto("council compliance in sq", compliance(live_server, "01"))
    switch_language(walk.page, "en")
    walk.assert_clean()
