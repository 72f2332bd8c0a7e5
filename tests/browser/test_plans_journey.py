"""An action plan in Chromium: the secretary drafts it and opens it for comment, a citizen
comments in Serbian, the secretary adopts it at a held meeting, answers the comment, publishes
the consultation report, forwards the plan and marks progress; the public reads the result.

The comment period cannot end during a test, and the product answers comments only once the
period is over or the plan has been adopted (the council weighs them together). So the period
runs from today to today, one day (the product warns that it is too short), the plan is
adopted today at a council meeting recorded as held today, and the answer comes after that.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from safety.dates import today
from safety.plans.models import ActionPlan
from tests.browser.conftest import LiveServer
from tests.browser.helpers import page_language, sign_in
from tests.browser.test_concerns_journey import Words, click_button, click_link, main
from tests.browser.test_meetings_journey import schedule

pytestmark = pytest.mark.browser

DEMO = "@demo.safety-ks.org"
COMMENT = "Predlažem da se i put do groblja u Kosovu Polju osvetli pre zime, deca tuda idu u školu."
COMMENTER = "Milica Petrović"
COMMENTER_EMAIL = "milica.petrovic@example.org"
REASON = (
    "The lighting of the cemetery road is added to next year's plan; this year's budget is spent."
)
REFERENCE = "01-016/journey-77"


def free_year(live_server: LiveServer, code: str) -> int:
    """Next year: the demo gives councils plans up to this year only."""
    year = today().year + 1
    council_id = live_server.council_ids[code]
    with live_server.app.app_context():
        session = live_server.app.extensions["safety.db"]["write"]()
        taken = session.scalars(
            select(ActionPlan.id).where(
                ActionPlan.council_id == council_id, ActionPlan.year == year
            )
        ).first()
        session.close()
    assert taken is None, f"council {code} already has a plan for {year}"
    return year


def add_item(page: Any, words: Words) -> str:
    """Fill the new-item form; return the item's id (its row on the plan page)."""
    click_link(page, words("Add an item"))
    page.fill("textarea[name=objective]", "Safer walk to school in Kalabria")
    page.fill("textarea[name=activity]", "Street lights along the road to the Kalabria school")
    page.fill("textarea[name=indicator]", "Lights working along the road")
    page.fill("input[name=target]", "24 lights")
    page.select_option("select[name=responsible_kind]", "municipal_directorate")
    page.fill("input[name=responsible_name]", "Directorate of Public Services")
    page.fill("input[name=partners]", "Police Station Prishtina North")
    page.fill("input[name=starts_on]", today().isoformat())
    page.fill("input[name=deadline]", (today() + timedelta(days=90)).isoformat())
    page.fill("input[name=budget_eur]", "4800")
    page.fill("input[name=budget_source]", "Municipal budget")
    click_button(page, words("Save"))
    row = main(page).locator("tr[id^='item-']")
    assert row.count() == 1
    return row.get_attribute("id").removeprefix("item-")


def test_a_plan_from_draft_to_progress_with_a_serbian_comment(new_page, live_server):
    words = Words(live_server, "en")
    year = free_year(live_server, "01")
    council_path = f"/councils/{live_server.council_ids['01']}"

    # The secretary drafts the plan and its item.
    secretary = new_page()
    assert sign_in(secretary, "secretary.prishtine" + DEMO) == 200
    secretary.goto(f"{council_path}/plans/new")
    secretary.fill("input[name=year]", str(year))
    secretary.fill("input[name=title]", f"Community safety action plan {year} (journey)")
    secretary.fill("textarea[name=summary]", "Safer roads to school and better street lighting.")
    click_button(secretary, words("Save"))
    plan_url = secretary.url
    plan_path = plan_url.removeprefix(live_server.url)
    assert words("Draft") in main(secretary).inner_text()
    item_id = add_item(secretary, words)

    # Opened for comment from today to today: the product counts the days and warns.
    click_link(secretary, words("Open for public comment"))
    secretary.fill("input[name=starts_on]", today().isoformat())
    secretary.fill("input[name=ends_on]", today().isoformat())
    click_button(secretary, words("Continue"))
    short = words(
        "This period is shorter than %(min)d working days, the minimum for public consultation "
        "(rule R13). You can still open it, but the plan's consultation will show a warning. A "
        "longer period avoids it.",
        min=15,
    )
    assert main(secretary).get_by_role("alert").inner_text() == short
    click_button(secretary, words("Open for public comment"))
    assert secretary.url == plan_url
    assert words("Open for public comment") in main(secretary).locator(".badge").first.inner_text()

    # A citizen reading Serbian comments on the item, anonymously, with a private contact.
    serbian = Words(live_server, "sr")
    citizen = new_page(locale="sr")
    citizen.goto(plan_path)
    assert page_language(citizen) == "sr"
    with citizen.expect_navigation():
        main(citizen).locator(f"a[href='{plan_path}/comments/new']").click()
    citizen.select_option("select[name=item_id]", item_id)
    citizen.fill("textarea[name=body]", COMMENT)
    citizen.fill("input[name=commenter_name]", COMMENTER)
    citizen.fill("input[name=commenter_email]", COMMENTER_EMAIL)
    click_button(citizen, serbian("Send the comment"))
    assert citizen.url.startswith(f"{live_server.url}{plan_path}")
    thanks = serbian(
        "Thank you: your comment has been received. The council answers every comment "
        "after the comment period ends and publishes the answers in its consultation report."
    )
    assert thanks in citizen.locator(".flashes").inner_text()
    assert COMMENT in main(citizen).inner_text()
    assert COMMENTER not in citizen.content()
    assert COMMENTER_EMAIL not in citizen.content()

    # The secretary sees the commenter's contact, then records a council meeting held today.
    secretary.reload()
    assert COMMENTER_EMAIL in main(secretary).inner_text()
    meeting_url = schedule(
        secretary, council_path, "Adoption of the action plan (journey)", today()
    )
    click_link(secretary, words("Record as held"))
    secretary.fill("input[name=held_on]", today().isoformat())
    click_button(secretary, words("Record as held"))
    meeting_id = meeting_url.rsplit("/", 1)[1]

    # Adopted at that meeting: the short period is a warning to acknowledge, not a refusal.
    secretary.goto(plan_path)
    click_link(secretary, words("Record the adoption"))
    secretary.select_option("select[name=meeting_id]", meeting_id)
    click_button(secretary, words("Record the adoption"))
    assert (
        words("Tick the box to record the adoption despite the warning.")
        in main(secretary).inner_text()
    )
    secretary.select_option("select[name=meeting_id]", meeting_id)
    secretary.check("input[name=acknowledged]")
    click_button(secretary, words("Record the adoption"))
    assert secretary.url.startswith(plan_url)
    assert (
        words("The adoption of the plan has been recorded.")
        in secretary.locator(".flashes").inner_text()
    )

    # The adoption ended the period: the comment is answered, the report published.
    click_link(secretary, words("Answer this comment"))
    secretary.select_option("select[name=response]", "partly_accepted")
    click_button(secretary, words("Save the answer"))
    assert (
        words("Say why the comment was rejected or only partly accepted.")
        in main(secretary).inner_text()
    )
    secretary.fill("textarea[name=reason]", REASON)
    click_button(secretary, words("Save the answer"))
    assert words("The answer has been saved.") in secretary.locator(".flashes").inner_text()
    click_link(secretary, words("Review and publish the consultation report"))
    secretary.fill("textarea[name=summary]", "The draft was open for comment for one day.")
    click_button(secretary, words("Publish the report"))
    assert (
        words("The consultation report has been published.")
        in secretary.locator(".flashes").inner_text()
    )

    # Forwarded to the Assembly with its reference.
    secretary.goto(plan_path)
    click_link(secretary, words("Record sending it to the Assembly"))
    secretary.fill("input[name=assembly_reference]", REFERENCE)
    click_button(secretary, words("Record"))
    assert (
        words("The plan is recorded as sent to the Municipal Assembly.")
        in secretary.locator(".flashes").inner_text()
    )

    # Work starts on the item and its progress is reported.
    row = main(secretary).locator(f"#item-{item_id}")
    with secretary.expect_navigation():
        row.get_by_role("link", name=f"{words('Status')} Street lights", exact=False).click()
    secretary.select_option("select[name=status]", "in_progress")
    click_button(secretary, words("Save"))
    with secretary.expect_navigation():
        row.get_by_role("link", name=f"{words('Progress')} Street lights", exact=False).click()
    secretary.fill("input[name=progress]", "40")
    secretary.fill("textarea[name=note]", "The first 10 lights are up.")
    click_button(secretary, words("Save"))
    assert words("The progress has been recorded.") in secretary.locator(".flashes").inner_text()

    # What the public sees: the forwarded plan, progress, the answer, never the contact.
    public = new_page()
    public.goto(plan_path)
    text = main(public).inner_text()
    assert words("Forwarded to the Municipal Assembly") in text
    assert REFERENCE in text
    assert words("In progress") in main(public).locator(f"#item-{item_id}").inner_text()
    bars = main(public).locator("progress")
    assert [bars.nth(index).get_attribute("value") for index in range(bars.count())] == ["40", "40"]
    assert words("A member of the public") in text
    assert COMMENT in text
    assert words("Partly accepted") in text
    assert REASON in text
    assert "Adoption of the action plan (journey)" not in text  # a council meeting: staff only
    assert COMMENTER not in public.content()
    assert COMMENTER_EMAIL not in public.content()
    click_link(public, words("Consultation report"))
    report = main(public).inner_text()
    assert COMMENT in report
    assert REASON in report
    assert COMMENTER_EMAIL not in public.content()

    # The citizen, back in Serbian, reads the council's answer.
    citizen.goto(plan_path)
    assert REASON in main(citizen).inner_text()
    assert serbian("Partly accepted") in main(citizen).inner_text()
