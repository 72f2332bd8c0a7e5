"""Compliance in Chromium: the ministry narrows the dashboard to a district and a rule's
breaches, moves to a past month end, opens a council's finding from its cell, reads the trend
and records a review from there; the council's secretary finds the review on their home page
and answers it; the ministry reads the answer. The public picks a past year on the
transparency page and downloads the councils' open data as CSV.

The rule and the date come from the one evaluation path (the demo is anchored on today): the
latest month end on which a council with a demo secretary was slipping on (or breaching) a
rule that some council of its district breaches today, so every step has rows to show and
the rows shown are compared with the councils the rules find.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from safety.compliance.evaluation import load_compliance, month_ends
from safety.compliance.open_data import DATASETS
from safety.compliance.rules import Status
from safety.dates import today
from tests.browser.conftest import LiveServer
from tests.browser.helpers import sign_in
from tests.browser.test_concerns_journey import click_button, main

pytestmark = pytest.mark.browser

DEMO = "@demo.safety-ks.org"
DISTRICT = "Prishtinë/Priština"
SECRETARIES = {"07": "secretary.gracanice", "01": "secretary.prishtine"}
FINDINGS = "No public consultation has been held since the council's last annual report."
RECOMMENDATIONS = "Hold a public consultation in every zone before the end of the quarter."
RESPONSE = "The council has scheduled public consultations in three zones for next month."


NEEDS_ATTENTION = frozenset({Status.BREACH, Status.WARNING})
WORDS = {Status.BREACH: "Not met", Status.WARNING: "Slipping"}


@dataclass(frozen=True)
class Choice:
    """What the ministry looks at: a rule, a past month end, a council with a secretary."""

    code: str
    council_id: int
    rule: str
    past: date
    status: Status


def district_statuses(
    live_server: LiveServer, as_of: date, rule: str, statuses: frozenset[Status]
) -> set[int]:
    """The ids of the district's councils whose status on `rule` on `as_of` is in `statuses`."""
    with live_server.app.app_context():
        session = live_server.app.extensions["safety.db"]["write"]()
        rows = load_compliance(session).on(as_of)
        found = {
            row.council.id
            for row in rows
            if row.municipality.district == DISTRICT and row.finding(rule).status in statuses
        }
        session.close()
    return found


def choose(live_server: LiveServer, day: date) -> Choice:
    """The latest past month end on which a secretary's council needs attention on a rule
    that some council of the district breaches today.

    The demo's councils with secretaries are exemplary: never in breach today, but slipping
    now and then over the year (a consultation or a plan running late).
    """
    with live_server.app.app_context():
        session = live_server.app.extensions["safety.db"]["write"]()
        facts = load_compliance(session)
        session.close()
    breached_today = {
        finding.rule
        for row in facts.on(day)
        if row.municipality.district == DISTRICT
        for finding in row.findings
        if finding.status == Status.BREACH
    }
    for past in reversed(month_ends(day)[:-1]):
        for code in SECRETARIES:
            row = facts.council_on(live_server.council_ids[code], past)
            for finding in row.findings:
                if finding.rule in breached_today and finding.status in NEEDS_ATTENTION:
                    return Choice(code, row.council.id, finding.rule, past, finding.status)
    raise AssertionError(f"no council of {sorted(SECRETARIES)} needs attention in a year")


def grid_councils(page: Any) -> set[int]:
    """The council ids of the dashboard's rows, read from their links."""
    hrefs = (
        main(page)
        .locator("table.compliance-grid tbody th a")
        .evaluate_all("links => links.map(a => a.getAttribute('href'))")
    )
    return {int(href.split("/")[2]) for href in hrefs}


def show(page: Any) -> None:
    click_button(page, "Show")


def test_ministry_reviews_a_council_and_the_secretary_answers(new_page, live_server):
    day = today()
    chosen = choose(live_server, day)
    rule, past, council_id = chosen.rule, chosen.past, chosen.council_id

    ministry = new_page()
    assert sign_in(ministry, "ministry" + DEMO) == 200
    ministry.goto("/compliance/")
    assert main(ministry).locator("table.compliance-grid tbody tr").count() == 38

    # A district: its councils only.
    ministry.select_option("select[name=district]", DISTRICT)
    show(ministry)
    in_district = grid_councils(ministry)
    assert council_id in in_district
    assert 1 < len(in_district) < 38

    # The rule's breaches in that district, today.
    ministry.select_option("select[name=rule]", rule)
    ministry.select_option("select[name=rule_status]", "breach")
    show(ministry)
    breaching = district_statuses(live_server, day, rule, frozenset({Status.BREACH}))
    assert breaching
    assert grid_councils(ministry) == breaching
    cells = main(ministry).locator(f"table.compliance-grid tbody td a[href$='#{rule}']")
    # The word is hidden off-screen beside the sign, so the browser may break the line there.
    assert [" ".join(text.split(":")[0].split()) for text in cells.all_inner_texts()] == (
        ["\u2715 Not met"] * len(breaching)
    )

    # A past month end, and the councils not meeting the rule or slipping on it then.
    ministry.fill("input[name=as_of]", past.isoformat())
    ministry.select_option("select[name=rule_status]", "")
    show(ministry)
    assert f"as_of={past.isoformat()}" in ministry.url
    assert ministry.input_value("select[name=district]") == DISTRICT
    assert ministry.input_value("select[name=rule]") == rule
    assert past.strftime("%d.%m.%Y") in main(ministry).locator("caption").inner_text()
    assert grid_councils(ministry) == district_statuses(live_server, past, rule, NEEDS_ATTENTION)

    # The council's cell opens its finding on that date.
    row = main(ministry).locator(
        f"table.compliance-grid tbody tr:has(th a[href^='/councils/{council_id}/compliance'])"
    )
    with ministry.expect_navigation():
        row.locator(f"td a[href$='#{rule}']").click()
    assert ministry.url.endswith(
        f"/councils/{council_id}/compliance?as_of={past.isoformat()}#{rule}"
    )
    finding = ministry.locator(f"section#{rule}")
    assert ministry.locator("section:target").get_attribute("id") == rule
    assert finding.evaluate("s => s.getBoundingClientRect().top >= 0")
    assert finding.evaluate("s => s.getBoundingClientRect().top < window.innerHeight")
    assert WORDS[chosen.status] in finding.locator("h3").inner_text()
    assert finding.locator("dd.remedy").is_visible()

    # The trend: 19 rows (overall and R01-R18) by 12 month ends, drawn and as a table.
    trend = ministry.locator("svg.trend-strip")
    trend.scroll_into_view_if_needed()
    assert trend.is_visible()
    assert trend.locator("g.trend-cell").count() == 19 * 12
    table = ministry.locator("table.trend-table")
    assert table.locator("tbody tr").count() == 19
    assert table.locator("thead th").count() == 1 + 12
    assert table.locator("tbody tr").last.locator("th").inner_text().startswith("R18")

    # The review of that date, from the council's page; the rule is ticked already.
    with ministry.expect_navigation():
        main(ministry).get_by_role("link", name="Review this council", exact=True).click()
    assert ministry.url.endswith(f"/councils/{council_id}/reviews/new?as_of={past.isoformat()}")
    assert ministry.input_value("input[name=reviewed_as_of]") == past.isoformat()
    assert ministry.is_checked(f"input[name=rules][value={rule}]")
    ministry.fill("textarea[name=findings]", FINDINGS)
    ministry.fill("textarea[name=recommendations]", RECOMMENDATIONS)
    ministry.fill("input[name=respond_by]", (day + timedelta(days=30)).isoformat())
    click_button(ministry, "Record the review")
    review = ministry.url.removeprefix(live_server.url)
    assert review.startswith("/reviews/"), review
    text = main(ministry).inner_text()
    assert FINDINGS in text
    assert RECOMMENDATIONS in text
    assert "Awaiting the council's response" in text
    assert "No messages yet." in text

    # The council's secretary: the review on the home page, answered there.
    secretary = new_page()
    assert sign_in(secretary, SECRETARIES[chosen.code] + DEMO) == 200
    assert secretary.url == f"{live_server.url}/councils/{council_id}"
    notice = secretary.locator("section.review-notice")
    assert notice.locator("h2").inner_text() == "Ministry reviews"
    with secretary.expect_navigation():
        notice.locator(f"a[href='{review}']").click()
    assert FINDINGS in main(secretary).inner_text()
    click_button(secretary, "Send the response")
    assert secretary.locator("textarea[name=body][aria-invalid=true]").count() == 1
    secretary.fill("textarea[name=body]", RESPONSE)
    click_button(secretary, "Send the response")
    assert secretary.url == f"{live_server.url}{review}"
    text = main(secretary).inner_text()
    assert "Your response has been sent to the ministry." in secretary.inner_text("body")
    assert RESPONSE in text
    assert "Answered by the council" in text
    assert main(secretary).locator("li.review-message-council").count() == 1

    # The ministry reads the answer in the thread and may write again or close.
    ministry.reload()
    message = main(ministry).locator("li.review-message-council")
    assert message.count() == 1
    assert RESPONSE in message.inner_text()
    assert "Answered by the council" in main(ministry).inner_text()
    assert main(ministry).get_by_role("button", name="Close the review").is_visible()


def test_the_public_reads_a_past_year_and_downloads_the_open_data(page, live_server):
    page.goto("/transparency/")
    years = page.locator("select[name=year] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    past = [value for value in years if value.isdigit()]
    assert past, years
    year = int(past[-1])
    page.select_option("select[name=year]", str(year))
    show(page)
    assert page.url.endswith(f"/transparency/?year={year}")
    assert page.input_value("select[name=year]") == str(year)
    caption = main(page).locator("table.compliance-grid caption").inner_text()
    assert f"31.12.{year}" in caption
    assert main(page).locator("table.compliance-grid tbody tr").count() == 38
    # Each council links to its page on that year's last day.
    first = main(page).locator("table.compliance-grid tbody th a").first.get_attribute("href")
    assert first.endswith(f"/compliance?as_of={year}-12-31")

    section = main(page).locator("section[aria-labelledby=dataset-councils]")
    with page.expect_download() as download_info:
        section.locator("a[href$='/councils.csv']").click()
    download = download_info.value
    assert download.suggested_filename == f"councils-{today().isoformat()}.csv"
    with open(download.path(), encoding="utf-8") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert rows[0] == DATASETS["councils"].column_names
    assert sorted(row[0] for row in rows[1:]) == sorted(live_server.council_ids)
