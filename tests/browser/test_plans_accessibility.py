"""axe-core over the action-plan pages each role reaches, in the three languages and at 320 px.

The demo's plans, reports and consultation reports give the read-only pages; the lifecycle's
forms (open for comment, comment, adopt, answer, publish, forward) are walked on a plan the
test drafts itself for Graçanicë's next year, so the demo's plans stay as they are.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from safety.dates import today
from safety.plans.models import ActionPlan, ActivityReport
from tests.browser.conftest import LiveServer
from tests.browser.helpers import sign_in, sign_out, switch_language
from tests.browser.test_accessibility import Walk, council
from tests.browser.test_meetings_journey import click, schedule
from tests.browser.test_plans_journey import free_year

pytestmark = pytest.mark.browser

DEMO = "@demo.safety-ks.org"


@pytest.fixture
def walk(page: Any, live_server: LiveServer) -> Walk:
    return Walk(page, live_server)


def published_plan(live_server: LiveServer, code: str) -> str:
    """The council's newest demo plan whose consultation report is published."""
    with live_server.app.app_context():
        session = live_server.app.extensions["safety.db"]["write"]()
        plan_id = session.scalars(
            select(ActionPlan.id)
            .where(
                ActionPlan.council_id == live_server.council_ids[code],
                ActionPlan.report_published_on.is_not(None),
            )
            .order_by(ActionPlan.year.desc())
        ).first()
        session.close()
    assert plan_id is not None
    return f"/plans/{plan_id}"


def submitted_report(live_server: LiveServer, code: str) -> int:
    with live_server.app.app_context():
        session = live_server.app.extensions["safety.db"]["write"]()
        report_id = session.scalars(
            select(ActivityReport.id)
            .where(
                ActivityReport.council_id == live_server.council_ids[code],
                ActivityReport.submitted_on.is_not(None),
            )
            .order_by(ActivityReport.year.desc(), ActivityReport.id)
        ).first()
        session.close()
    assert report_id is not None
    return report_id


def test_secretary_plan_pages_and_forms_with_errors(walk, live_server):
    page = walk.page
    sign_in(page, "secretary.prishtine" + DEMO)
    walk.goto("plans", council(live_server, "01", "/plans/"))
    plan = published_plan(live_server, "01")
    walk.goto("adopted plan (staff)", plan)
    progress = walk.href("main a[href$='/progress']")
    walk.goto("versions", f"{plan}/versions")
    walk.goto("consultation report (staff)", f"{plan}/consultation-report")
    walk.goto("edit plan", f"{plan}/edit")
    page.fill("input[name=title]", "")
    walk.submit("edit plan with errors", "Save", 400)
    walk.goto("new plan", council(live_server, "01", "/plans/new"))
    page.fill("input[name=year]", str(today().year))
    walk.submit("new plan with errors (year taken, no title)", "Save", 400)

    item = progress.removesuffix("/progress")
    walk.goto("progress", progress)
    page.fill("input[name=progress]", "150")
    walk.submit("progress with errors", "Save", 400)
    walk.goto("item status", f"{item}/status")
    page.select_option("select[name=status]", "cancelled")
    walk.submit("item status with errors", "Save", 400)
    walk.goto("edit item", f"{item}/edit")
    page.fill("textarea[name=objective]", "")
    walk.submit("edit item with errors", "Save", 400)
    walk.goto("new item", f"{plan}/items/new")
    page.fill("input[name=starts_on]", today().isoformat())
    page.fill("input[name=deadline]", (today() - timedelta(days=1)).isoformat())
    walk.submit("new item with errors", "Save", 400)
    walk.goto("import", f"{plan}/import")
    walk.submit("import without a file", "Import", 400)

    reports = council(live_server, "01", "/reports/")
    walk.goto("activity reports", reports)
    report = f"/reports/{submitted_report(live_server, '01')}"
    walk.goto("submitted report (staff)", report)
    walk.goto("printed report", f"{report}/print")
    walk.goto("new report", f"{council(live_server, '01', '/reports/new')}?kind=annual&year=2020")
    page.fill("input[name=year]", "1990")
    walk.submit("new report with errors", "Draft the report", 400)

    for language in ("sq", "sr"):
        switch_language(page, language)
        walk.goto(f"adopted plan (staff) in {language}", plan)
        walk.goto(f"plans in {language}", council(live_server, "01", "/plans/"))
        walk.goto(f"progress in {language}", progress)
        walk.goto(f"activity reports in {language}", reports)
    walk.assert_clean()


def test_lifecycle_forms_of_a_new_plan(walk, live_server):
    page = walk.page
    sign_in(page, "secretary.gracanice" + DEMO)
    council_path = council(live_server, "07")
    walk.goto("new plan", f"{council_path}/plans/new")
    page.fill("input[name=year]", str(free_year(live_server, "07")))
    page.fill("input[name=title]", "Akcioni plan (accessibility walk)")
    walk.submit("draft plan", "Save", 200)
    plan = page.url.removeprefix(walk.base_url)
    walk.goto("new item", f"{plan}/items/new")
    page.fill("textarea[name=objective]", "Bezbedan put do škole")
    page.fill("textarea[name=activity]", "Pešački prelaz kod osnovne škole")
    page.select_option("select[name=responsible_kind]", "municipal_directorate")
    page.fill("input[name=responsible_name]", "Direkcija za javne službe")
    walk.submit("draft plan with an item", "Save", 200)

    walk.goto("open for comment", f"{plan}/open-comment")
    page.fill("input[name=ends_on]", (today() - timedelta(days=1)).isoformat())
    walk.submit("open for comment with errors", "Continue", 400)
    page.fill("input[name=starts_on]", today().isoformat())
    page.fill("input[name=ends_on]", (today() + timedelta(days=3)).isoformat())
    walk.submit("period to confirm, too short", "Continue", 200)
    walk.submit("plan open for comment", "Open for public comment", 200)

    # The public comments during the period.
    sign_out(page)
    walk.goto("plan open for comment (public)", plan)
    walk.goto("comment", f"{plan}/comments/new")
    walk.submit("comment with errors", "Send the comment", 400)
    page.fill("textarea[name=body]", "Predlažem i usporivače brzine.")
    page.fill("input[name=commenter_email]", "not-an-address")
    walk.submit("comment with a bad e-mail", "Send the comment", 400)
    page.fill("input[name=commenter_email]", "")
    walk.submit("plan with a comment (public)", "Send the comment", 200)
    walk.goto("comment in sr", f"{plan}/comments/new")
    switch_language(page, "sr")
    walk.check("comment in sr")
    switch_language(page, "en")

    sign_in(page, "secretary.gracanice" + DEMO)
    walk.goto("adopt, no meeting to choose", f"{plan}/adopt")
    # A council meeting held today, through the meetings pages (walked elsewhere).
    meeting = schedule(page, council_path, "Sednica o akcionom planu (walk)", today())
    page.locator("main").get_by_role("link", name="Record as held").click()
    page.fill("input[name=held_on]", today().isoformat())
    click(page, "Record as held")
    walk.goto("adopt", f"{plan}/adopt")
    walk.submit("adopt without a meeting", "Record the adoption", 400)
    page.select_option("select[name=meeting_id]", meeting.rsplit("/", 1)[1])
    walk.submit("adopt, warning not acknowledged", "Record the adoption", 400)
    page.select_option("select[name=meeting_id]", meeting.rsplit("/", 1)[1])
    page.check("input[name=acknowledged]")
    walk.submit("adopted plan with warnings", "Record the adoption", 200)

    answer = walk.href("main a[href*='/comments/'][href$='/answer']")
    walk.goto("answer", answer)
    page.select_option("select[name=response]", "rejected")
    walk.submit("answer with errors", "Save the answer", 400)
    page.fill("textarea[name=reason]", "Usporivači su već u planu za sledeću godinu.")
    walk.submit("plan with an answer", "Save the answer", 200)
    walk.goto("consultation report to publish", f"{plan}/consultation-report")
    walk.goto("forward", f"{plan}/forward")
    page.fill("input[name=forwarded_on]", (today() + timedelta(days=1)).isoformat())
    walk.submit("forward with errors", "Record", 400)
    for language in ("sq", "sr"):
        switch_language(page, language)
        walk.goto(f"adopted plan in {language}", plan)
        walk.goto(f"answer in {language}", answer)
        walk.goto(f"forward in {language}", f"{plan}/forward")
    switch_language(page, "en")

    # The public: the adopted plan, and a comment refused now that the period is over.
    sign_out(page)
    walk.goto("adopted plan (public)", plan)
    walk.goto("comment after adoption", f"{plan}/comments/new", 400)
    walk.assert_clean()


def test_public_and_ministry_plan_pages(walk, live_server):
    page = walk.page
    walk.goto("plans (public)", council(live_server, "07", "/plans/"))
    plan = published_plan(live_server, "07")
    walk.goto("adopted plan (public)", plan)
    walk.goto("consultation report (public)", f"{plan}/consultation-report")
    walk.goto("activity reports (public)", council(live_server, "07", "/reports/"))
    report = f"/reports/{submitted_report(live_server, '07')}"
    walk.goto("submitted report (public)", report)
    walk.goto("printed report (public)", f"{report}/print")
    walk.goto("council page with its plan", council(live_server, "07"))
    for language in ("sq", "sr"):
        switch_language(page, language)
        walk.goto(f"adopted plan (public) in {language}", plan)
        walk.goto(f"consultation report (public) in {language}", f"{plan}/consultation-report")
    switch_language(page, "en")
    sign_in(page, "ministry" + DEMO)
    walk.goto("adopted plan (ministry)", plan)
    walk.goto("versions (ministry)", f"{plan}/versions")
    walk.goto("activity reports (ministry)", council(live_server, "07", "/reports/"))
    walk.assert_clean()


def test_holiday_pages_for_administrators(walk, live_server):
    page = walk.page
    sign_in(page, "admin" + DEMO)
    walk.goto("holidays", "/admin/holidays")
    walk.goto("new holiday", "/admin/holidays/new")
    walk.submit("new holiday with errors", "Save", 400)
    day = today().replace(year=today().year + 8, month=6, day=15)
    page.fill("input[name=day]", day.isoformat())
    page.fill("input[name=name_sq]", "Dita e provës")
    page.fill("input[name=name_sr]", "Dan probe")
    page.fill("input[name=name_en]", "Test day")
    walk.submit("holidays of that year", "Save", 200)
    edit = walk.href("main a[href^='/admin/holidays/'][href$='/edit']")
    walk.goto("edit holiday", edit)
    for language in ("sq", "sr"):
        switch_language(page, language)
        walk.goto(f"holidays in {language}", f"/admin/holidays?year={day.year}")
        walk.goto(f"edit holiday in {language}", edit)
    switch_language(page, "en")
    # Deleted again: the day must not count as a holiday for anyone else.
    walk.goto("edit holiday", edit)
    walk.submit("holidays after deleting", "Delete the holiday", 200)
    walk.assert_clean()


def test_plan_pages_at_320_pixels(walk, live_server):
    walk.narrow()
    sign_in(walk.page, "secretary.prishtine" + DEMO)
    walk.goto("plans", council(live_server, "01", "/plans/"))
    plan = published_plan(live_server, "01")
    walk.goto("adopted plan (staff)", plan)
    progress = walk.href("main a[href$='/progress']")
    walk.goto("versions", f"{plan}/versions")
    walk.goto("consultation report", f"{plan}/consultation-report")
    walk.goto("progress", progress)
    walk.goto("new item", f"{plan}/items/new")
    walk.goto("import", f"{plan}/import")
    walk.goto("activity reports", council(live_server, "01", "/reports/"))
    walk.goto("submitted report", f"/reports/{submitted_report(live_server, '01')}")
    walk.assert_clean()
