"""A secretary's month in Chromium: schedule a meeting, hold it, take attendance, write and
circulate the minutes, then approve them at the next meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest

from safety.dates import today
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

DEMO = "@demo.safety-ks.org"


def schedule(page, council_path: str, title: str, day) -> str:
    """Fill the new-meeting form; return the new meeting page's path."""
    page.goto(f"{council_path}/meetings/new")
    page.select_option("select[name=kind]", "regular")
    page.fill("input[name=title]", title)
    page.fill("input[name=scheduled_on]", day.isoformat())
    page.fill("input[name=starts_at]", "10:00")
    page.fill("input[name=ends_at]", "12:00")
    page.fill("input[name=place_name]", "Salla e Kuvendit Komunal")
    page.fill("textarea[name=agenda]", "Security situation report\nSchool road lighting")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Save", exact=True).click()
    assert title in page.locator("h1").inner_text()
    return page.url


def click(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name, exact=True).click()


def test_secretary_records_a_meeting_and_approves_its_minutes_at_the_next(page, live_server):
    assert sign_in(page, "secretary.prishtine" + DEMO) == 200
    council_path = f"/councils/{live_server.council_ids['01']}"
    first_day = today() - timedelta(days=6)
    next_day = today() - timedelta(days=1)

    first = schedule(page, council_path, "Journey meeting one", first_day)
    assert "School road lighting" in page.locator("main").inner_text()

    # Held on the day it was planned.
    page.locator("main").get_by_role("link", name="Record as held").click()
    page.fill("input[name=held_on]", first_day.isoformat())
    click(page, "Record as held")
    assert page.url == first

    # Attendance: everyone present; the page then shows the quorum as reached.
    page.locator("main").get_by_role("link", name="Record attendance").click()
    for radio in page.locator("input[type=radio][value=present]").all():
        radio.check()
    click(page, "Save the register")
    assert page.url == first
    assert "Quorum reached" in page.locator("main").inner_text()

    # Minutes: written, then circulated.
    page.locator("main").get_by_role("link", name="Write the minutes").click()
    page.fill("textarea[name=text]", "The commander reported **no serious incidents**.")
    page.fill("textarea[name=decisions]", "Ask the directorate to repair the lights")
    page.fill("input[name=written_on]", (first_day + timedelta(days=1)).isoformat())
    click(page, "Save")
    page.locator("main").get_by_role("link", name="Record as circulated").click()
    page.fill("input[name=circulated_on]", (first_day + timedelta(days=2)).isoformat())
    click(page, "Record as circulated")
    main = page.locator("main").inner_text()
    assert "no serious incidents" in main
    assert "Ask the directorate to repair the lights" in main

    # The next meeting is held; the minutes of the first are approved at it.
    second = schedule(page, council_path, "Journey meeting two", next_day)
    page.locator("main").get_by_role("link", name="Record as held").click()
    page.fill("input[name=held_on]", next_day.isoformat())
    click(page, "Record as held")
    page.goto(first)
    page.locator("main").get_by_role("link", name="Record the approval").click()
    page.select_option("select[name=approved_at]", second.rsplit("/", 1)[1])
    click(page, "Record the approval")
    assert page.url == first
    assert "Approved" in page.locator("main").inner_text()
    # The approving meeting says whose minutes it approved.
    page.goto(second)
    approved_here = page.locator("#approved-here-heading").locator("xpath=..").inner_text()
    assert "Minutes approved at this meeting" in approved_here
    first_path = first.removeprefix(live_server.url)
    assert page.locator(f"#approved-here-heading ~ * a[href='{first_path}']").count() == 1
