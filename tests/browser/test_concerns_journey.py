"""Concerns in Chromium: a citizen's concern through the public form, answered and read back
through the private tracking link; an organisation's concern answered and read in its account.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LiveServer
from tests.browser.helpers import sign_in, switch_language

pytestmark = pytest.mark.browser

DEMO = "@demo.safety-ks.org"


class Words:
    """The app's words in one language, as the catalogues render them today."""

    def __init__(self, live_server: LiveServer, language: str) -> None:
        self.live_server = live_server
        self.language = language

    def __call__(self, message: str, **variables: Any) -> str:
        return self.live_server.gettext(message, self.language, **variables)


def main(page: Any) -> Any:
    return page.locator("main")


def click_button(page: Any, name: str) -> None:
    with page.expect_navigation():
        main(page).get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def click_link(page: Any, name: str) -> None:
    with page.expect_navigation():
        main(page).get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def send_concern(page: Any, words: Words) -> None:
    """Send the concern form; if similar concerns are shown first, send it anyway."""
    click_button(page, words("Send the concern"))
    if page.locator("#similar").count():
        # Shown once before saving: the person read them and still sends their own.
        click_button(page, words("Send my concern anyway"))


def fill_concern(page: Any, *, title: str, description: str, category: str, settlement: str):
    page.fill("input[name=title]", title)
    page.fill("textarea[name=description]", description)
    page.select_option("select[name=category]", category)
    page.fill("input[name=settlement]", settlement)


def open_from_council_list(page: Any, words: Words, search: str, reference: str) -> None:
    """From the header's "Concerns" link, search the council's list and open the concern.

    The search reads titles and descriptions (not references), as the issue asks.
    """
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name=words("Concerns"), exact=True).click()
    page.fill("main input[name=q]", search)
    click_button(page, words("Filter"))
    click_link(page, reference)


def reference_of(page: Any) -> str:
    """The concern page's heading is "reference: title"."""
    return page.locator("h1").inner_text().split(":", 1)[0].strip()


def test_citizen_sends_a_concern_and_reads_the_answer_through_the_tracking_link(
    new_page, live_server
):
    words = Words(live_server, "en")
    citizen = new_page()
    council_path = f"/councils/{live_server.council_ids['01']}"
    citizen.goto(council_path)
    click_link(citizen, words("Raise a concern with this council"))
    assert citizen.url == f"{live_server.url}{council_path}/concerns/report"

    fill_concern(
        citizen,
        title="Crossing without markings at Qyteza Pejton kindergarten",
        description="Parents cross the avenue with small children where drivers do not slow.",
        category="traffic_and_school_safety",
        settlement="Qyteza Pejton",
    )
    citizen.fill("input[name=submitter_email]", "parent.pejton@example.org")
    send_concern(citizen, words)
    assert citizen.locator("h1").inner_text() == words("Your concern has been sent")
    reference = main(citizen).locator("strong").first.inner_text()
    tracking_url = main(citizen).locator("a[href*='/track/']").get_attribute("href")
    assert reference.startswith("01-")
    assert tracking_url.startswith(f"{live_server.url}/track/")
    # The link is shown once: the confirmation does not survive a reload.
    citizen.reload()
    assert citizen.locator("h1").inner_text() == words("Confirmation already shown")
    assert citizen.locator("a[href*='/track/']").count() == 0

    # The council's secretary finds it in the council's list, reviews it and notes something.
    secretary = new_page()
    assert sign_in(secretary, "secretary.prishtine" + DEMO) == 200
    open_from_council_list(secretary, words, "pejton kindergarten", reference)
    unreviewed = words(
        "Not reviewed yet: the public cannot see this concern until the secretary has reviewed it."
    )
    assert unreviewed in main(secretary).inner_text()
    assert "parent.pejton@example.org" in main(secretary).inner_text()
    concern_url = secretary.url
    click_link(secretary, words("Review and classify"))
    secretary.check("input[name=reviewed]")
    click_button(secretary, words("Save"))
    assert secretary.url == concern_url
    internal = "Caller sounded like the kindergarten director; check with the traffic police."
    secretary.fill("textarea[name=body]", internal)
    click_button(secretary, words("Add the note"))
    assert internal in main(secretary).inner_text()

    # The answer: referred to the police station, with what the submitter reads.
    click_link(secretary, words("Change the status and answer"))
    secretary.select_option("select[name=status]", "referred")
    answer = "We asked the traffic police to patrol the crossing at school times from Monday."
    secretary.fill("textarea[name=answer]", answer)
    secretary.select_option("select[name=referred_to]", "police_station")
    secretary.fill("input[name=referred_to_name]", "Stacioni Policor Qendra")
    click_button(secretary, words("Record the change"))
    assert secretary.url == concern_url
    assert words("The new status has been recorded.") in secretary.locator(".flashes").inner_text()

    # The citizen, with no account, reads the answer through the private link.
    citizen.goto(tracking_url)
    tracked = main(citizen).inner_text()
    assert reference in citizen.locator("h1").inner_text()
    assert answer in tracked
    assert "Stacioni Policor Qendra" in tracked
    assert words("Referred") in tracked
    # Never the internal note, nor which staff member recorded the change.
    assert internal not in citizen.content()
    assert "Arta Kelmendi" not in citizen.content()


def test_organisation_submits_in_serbian_and_reads_the_councils_answer(new_page, live_server):
    words = Words(live_server, "sr")
    council_07 = live_server.council_ids["07"]
    cso = new_page()
    assert sign_in(cso, "cso" + DEMO) == 200
    switch_language(cso, "sr")
    home = cso.url
    click_link(cso, words("Submit a concern"))
    # Graçanicë is one of the municipalities where the demo organisation works.
    cso.select_option("select[name=council_id]", str(council_07))
    fill_concern(
        cso,
        title="Psi lutalice kod autobuske stanice u Gračanici",
        description="Čopor pasa lutalica svako jutro prati decu na putu do osnovne škole.",
        category="stray_dogs",
        settlement="Gračanica",
    )
    cso.check("input[name=communities][value=serb]")
    send_concern(cso, words)
    reference = reference_of(cso)
    concern_url = cso.url
    flash = cso.locator(".flashes").inner_text()
    assert flash == words(
        "Your organisation's concern has been submitted with the reference %(reference)s. "
        "The council's answers will appear here.",
        reference=reference,
    )
    # The organisation sees who submitted it: its own user.
    assert "Valon Gashi" in main(cso).inner_text()

    # Graçanicë's secretary, also reading Serbian, answers it.
    secretary = new_page()
    assert sign_in(secretary, "secretary.gracanice" + DEMO) == 200
    switch_language(secretary, "sr")
    # Typed without the diacritics, as people often search.
    open_from_council_list(secretary, words, "gracanici autobuske", reference)
    assert secretary.url == concern_url
    click_link(secretary, words("Change the status and answer"))
    secretary.select_option("select[name=status]", "resolved")
    answer = "Opštinska služba je uhvatila pse i smestila ih u prihvatilište u Prištini."
    secretary.fill("textarea[name=answer]", answer)
    click_button(secretary, words("Record the change"))
    assert words("The new status has been recorded.") in secretary.locator(".flashes").inner_text()

    # The organisation reads it on its home page, in its list and on the concern's page.
    cso.goto(home)
    latest = cso.locator("#cso-concerns-heading").locator("xpath=..").inner_text()
    assert reference in latest
    assert answer in latest
    click_link(cso, words("All your organisation's concerns"))
    row = main(cso).locator("tbody tr", has=cso.get_by_role("link", name=reference, exact=True))
    assert words("Resolved") in row.inner_text()
    click_link(cso, reference)
    assert cso.url == concern_url
    page = main(cso).inner_text()
    assert words("History and answers") in page
    assert answer in page
    assert cso.locator("html").get_attribute("lang") == "sr-Latn"
