"""axe-core over every concerns page each role reaches, forms with their errors, in the three
languages and at 320 px.

The walks make the concerns they need through the forms (the secretary's, the organisation's
and the public's), so they do not depend on what the demo data holds.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from tests.browser.conftest import LiveServer
from tests.browser.helpers import sign_in, sign_out, switch_language
from tests.browser.test_accessibility import Walk, council

pytestmark = pytest.mark.browser

DEMO = "@demo.safety-ks.org"


@pytest.fixture
def walk(page: Any, live_server: LiveServer) -> Walk:
    return Walk(page, live_server)


def fill_concern(page: Any, title: str, category: str = "lighting_and_infrastructure") -> None:
    page.fill("input[name=title]", title)
    page.fill(
        "textarea[name=description]",
        f"{title}: reported by neighbours, it has been like this for three weeks.",
    )
    page.select_option("select[name=category]", category)
    page.fill("input[name=settlement]", "Lagjja e Spitalit")


def send(walk: Walk, where: str, language: str = "en", *, live_server: LiveServer) -> None:
    """Send a filled concern form; if similar concerns come first, check them and send anyway."""
    walk.submit(where, live_server.gettext("Send the concern", language), 200)
    if walk.page.locator("#similar").count():
        walk.submit(
            f"{where}, sent anyway", live_server.gettext("Send my concern anyway", language), 200
        )


def png_upload(name: str = "lamp.png") -> dict[str, Any]:
    """A small real PNG, as a file chosen in the browser."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 150, 40)).save(buffer, "PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


def not_an_image() -> dict[str, Any]:
    return {"name": "notes.png", "mimeType": "image/png", "buffer": b"not an image at all"}


def path_of(walk: Walk) -> str:
    return walk.page.url.removeprefix(walk.base_url)


def test_public_concern_pages(walk, live_server, new_page):
    report = council(live_server, "01", "/concerns/report")
    walk.goto("public form", report)
    walk.submit("public form with errors", "Send the concern", 400)
    # A robot fills the hidden field: the form comes back with a message and nothing saved.
    fill_concern(walk.page, "Axe walk: honeypot")
    walk.page.locator("input[name=website]").evaluate("input => { input.value = 'spam'; }")
    walk.submit("public form, honeypot filled", "Send the concern", 400)
    walk.page.fill("input[name=latitude]", "48.85")
    walk.page.fill("input[name=longitude]", "2.35")
    walk.submit("public form, point outside Kosovo", "Send the concern", 400)

    walk.goto("public form", report)
    fill_concern(walk.page, "Axe walk citizen: fallen lamp post by the Grand Hotel")
    walk.page.fill("input[name=submitter_email]", "axe.citizen@example.org")
    send(walk, "public form sent", live_server=live_server)
    assert walk.page.locator("a[href*='/track/']").count() == 1, path_of(walk)
    tracking = walk.href("main a[href*='/track/']")
    walk.goto("confirmation shown again", "/concerns/submitted")
    walk.goto("tracking page", tracking)
    walk.goto("public concerns page", council(live_server, "01", "/concerns/public"))
    walk.goto(
        "public concerns page of another council", council(live_server, "07", "/concerns/public")
    )
    walk.goto("404 (no such tracking link)", "/track/not-a-token", 404)

    # The secretary resolves it (in another browser), so the link offers reopening.
    secretary = new_page()
    sign_in(secretary, "secretary.prishtine" + DEMO)
    secretary.goto(council(live_server, "01", "/concerns/?q=axe+walk+citizen+lamp"))
    secretary.goto(
        secretary.locator("main table a[href^='/concerns/']").first.get_attribute("href")
    )
    secretary.goto(secretary.url + "/status")
    secretary.select_option("select[name=status]", "resolved")
    secretary.fill("textarea[name=answer]", "The lamp post was removed and replaced on Tuesday.")
    with secretary.expect_navigation():
        secretary.locator("main").get_by_role("button", name="Record the change").click()

    walk.goto("tracking page, resolved", tracking)
    walk.submit("reopen without a reason", "Reopen the concern", 400)

    for language in ("sq", "sr"):
        switch_language(walk.page, language)
        walk.goto(f"tracking page in {language}", tracking)
        walk.goto(
            f"public concerns page in {language}", council(live_server, "01", "/concerns/public")
        )
        walk.goto(f"public form in {language}", report)
        walk.submit(
            f"public form with errors in {language}",
            live_server.gettext("Send the concern", language),
            400,
        )
    walk.assert_clean()


def test_secretary_concern_pages(walk, live_server):
    sign_in(walk.page, "secretary.prishtine" + DEMO)
    concerns = council(live_server, "01", "/concerns/")
    walk.goto("council's concerns", concerns)
    walk.goto(
        "council's concerns filtered",
        f"{concerns}?status=submitted&status=reopened&category=stray_dogs&overdue=y"
        "&sort=due&order=asc&submitted_from=2020-01-01",
    )
    walk.goto(
        "council's concerns with bad filters",
        f"{concerns}?status=lost&category=aliens&submitted_from=2025-13-01&order=sideways",
    )
    walk.goto(
        "council's concerns, reversed dates",
        f"{concerns}?submitted_from=2025-07-01&submitted_to=2025-01-01",
    )
    walk.goto("council's concerns, nothing matches", f"{concerns}?q=zzzzqqqq")

    new = council(live_server, "01", "/concerns/new")
    walk.goto("new concern", new)
    walk.submit("new concern with errors", "Send the concern", 400)
    title = "Axe walk: guard rail missing on the Veternik bridge"
    walk.page.select_option("select[name=channel]", "phone")
    fill_concern(walk.page, title)
    walk.page.fill("input[name=submitter_name]", "Axe Walk Caller")
    walk.page.fill("input[name=submitter_phone]", "+383 44 123 456")
    send(walk, "new concern sent", live_server=live_server)
    concern = path_of(walk)
    # The same words again: the similar concerns come first this time.
    walk.goto("new concern", new)
    walk.page.select_option("select[name=channel]", "paper")
    fill_concern(walk.page, title, category="domestic_violence")
    walk.submit("new concern, similar concerns shown", "Send the concern", 200)
    walk.submit("restricted concern sent anyway", "Send my concern anyway", 200)
    restricted = path_of(walk)
    assert restricted != concern

    walk.goto("concern page", concern)
    walk.submit("concern page, empty note refused", "Add the note", 400)
    walk.goto("status form", f"{concern}/status")
    walk.page.select_option("select[name=status]", "rejected")
    walk.submit("status form with errors", "Record the change", 400)
    walk.goto("review form", f"{concern}/edit")
    walk.page.check("input[name=serious_incident]")
    walk.submit("review form with errors", "Save", 400)
    walk.goto("put on an agenda", f"{concern}/meetings")
    walk.goto("photos", f"{concern}/photos")
    walk.page.set_input_files("input[name=photos]", [not_an_image()])
    walk.submit("photos with errors", "Upload", 400)
    walk.page.set_input_files("input[name=photos]", [png_upload()])
    walk.submit("photos with one uploaded", "Upload", 200)
    walk.goto("concern page with a photo", concern)

    templates = council(live_server, "01", "/answer-templates")
    walk.goto("answer templates", templates)
    walk.goto("new answer template", f"{templates}/new")
    walk.submit("new answer template with errors", "Save", 400)
    walk.page.fill("input[name=title]", "Axe walk: referred to the directorate")
    walk.page.fill("textarea[name=body]", "We passed your concern to the directorate in charge.")
    walk.submit("answer templates with one more", "Save", 200)
    template_edit = walk.href(f"main a[href^='{templates}/'][href$='/edit']")
    walk.goto("edit answer template", template_edit)
    template_id = template_edit.rsplit("/", 2)[1]
    walk.goto(
        "status form from a template",
        f"{concern}/status?status=under_review&template={template_id}",
    )

    for language in ("sq", "sr"):
        switch_language(walk.page, language)
        walk.goto(f"council's concerns in {language}", concerns)
        walk.goto(f"concern page in {language}", concern)
        walk.goto(f"restricted concern in {language}", restricted)
        walk.goto(f"status form in {language}", f"{concern}/status")
        walk.page.select_option("select[name=status]", "referred")
        walk.submit(
            f"status form with errors in {language}",
            live_server.gettext("Record the change", language),
            400,
        )
        walk.goto(f"review form in {language}", f"{concern}/edit")
        walk.goto(f"answer templates in {language}", templates)
    switch_language(walk.page, "en")

    walk.goto("status form", f"{concern}/status")
    walk.page.select_option("select[name=status]", "resolved")
    walk.page.fill("textarea[name=answer]", "The rail was fixed by the directorate.")
    walk.submit("concern page, answered", "Record the change", 200)
    walk.goto("status form of a resolved concern", f"{concern}/status", 400)
    walk.goto("delete confirmation", f"{restricted}/delete")
    walk.submit("delete without a reason", "Delete the concern", 400)
    walk.page.fill("textarea[name=reason]", "Entered twice by mistake.")
    walk.submit("deleted concern", "Delete the concern", 200)
    walk.goto("403 (another council's list)", council(live_server, "07", "/concerns/"), 403)
    walk.assert_clean()


def test_ministry_concern_pages(walk, live_server):
    sign_in(walk.page, "ministry" + DEMO)
    walk.goto("every council's concerns", "/concerns/")
    walk.goto(
        "every council's concerns filtered",
        f"/concerns/?council={live_server.council_ids['07']}&status=resolved&sensitivity=public",
    )
    district = walk.page.locator("select[name=district] option").nth(1).get_attribute("value")
    walk.goto("every council's concerns by district", f"/concerns/?district={district}")
    walk.goto(
        "every council's concerns with bad filters",
        "/concerns/?council=999999&district=Nowhere&status=lost&serious=maybe",
    )
    concerns = council(live_server, "01", "/concerns/")
    walk.goto("a council's concerns", f"{concerns}?sensitivity=restricted")
    walk.goto("a council's concerns, serious incidents", f"{concerns}?serious=y")
    walk.goto("a council's concerns, all", concerns)
    walk.goto("a concern (ministry)", walk.href("main table a[href^='/concerns/']"))
    walk.goto("403 (a secretary's entry form)", council(live_server, "01", "/concerns/new"), 403)
    switch_language(walk.page, "sr")
    walk.goto("every council's concerns in sr", "/concerns/")
    walk.goto("a council's concerns in sr", concerns)
    walk.assert_clean()


def test_organisation_concern_pages(walk, live_server):
    sign_in(walk.page, "cso" + DEMO)
    walk.goto("our concerns", "/concerns/mine")
    walk.goto("our concerns filtered", "/concerns/mine?status=resolved&sort=status&order=asc")
    walk.goto("our concerns with bad filters", "/concerns/mine?status=lost&submitted_to=yesterday")
    walk.goto("submit", "/concerns/submit")
    walk.page.select_option("select[name=council_id]", str(live_server.council_ids["03"]))
    walk.submit("submit with errors", "Send the concern", 400)
    walk.page.fill("input[name=latitude]", "forty-two")
    walk.submit("submit with a bad coordinate", "Send the concern", 400)
    walk.page.fill("input[name=latitude]", "")
    fill_concern(walk.page, "Axe walk organisation: unlit path behind the Fushë Kosovë station")
    walk.page.check("input[name=communities][value=ashkali]")
    send(walk, "submitted concern", live_server=live_server)
    concern = path_of(walk)
    walk.goto("our concern", concern)
    walk.goto("photos of our concern", f"{concern}/photos")
    walk.page.set_input_files("input[name=photos]", [not_an_image()])
    walk.submit("photos of our concern with errors", "Upload", 400)
    walk.goto("403 (our concern's status form)", f"{concern}/status", 403)
    walk.goto("organisation home", organisation_home(live_server))
    switch_language(walk.page, "sq")
    walk.goto("our concerns in sq", "/concerns/mine")
    walk.goto("our concern in sq", concern)
    walk.goto("submit in sq", "/concerns/submit")
    walk.submit("submit with errors in sq", live_server.gettext("Send the concern", "sq"), 400)
    switch_language(walk.page, "en")
    sign_out(walk.page)
    sign_in(walk.page, "cso.pending" + DEMO)
    walk.goto("403 (submit while awaiting verification)", "/concerns/submit", 403)
    walk.goto("our concerns (awaiting verification)", "/concerns/mine")
    walk.assert_clean()


def organisation_home(live_server: LiveServer) -> str:
    return f"/organisations/{live_server.organisation_ids['cso']}"


def test_concern_pages_at_320_pixels(walk, live_server):
    walk.narrow()
    report = council(live_server, "01", "/concerns/report")
    walk.goto("public form", report)
    walk.submit("public form with errors", "Send the concern", 400)
    walk.goto("public concerns page", council(live_server, "01", "/concerns/public"))
    sign_in(walk.page, "secretary.prishtine" + DEMO)
    walk.goto("council's concerns", council(live_server, "01", "/concerns/"))
    walk.goto("new concern", council(live_server, "01", "/concerns/new"))
    walk.submit("new concern with errors", "Send the concern", 400)
    walk.page.select_option("select[name=channel]", "meeting")
    fill_concern(walk.page, "Axe walk narrow: potholes on the road to Hajvali")
    send(walk, "new concern sent", live_server=live_server)
    concern = path_of(walk)
    walk.goto("status form", f"{concern}/status")
    walk.submit("status form with errors", "Record the change", 400)
    walk.goto("review form", f"{concern}/edit")
    walk.goto("delete confirmation", f"{concern}/delete")
    walk.goto("put on an agenda", f"{concern}/meetings")
    walk.goto("photos", f"{concern}/photos")
    walk.page.set_input_files("input[name=photos]", [png_upload("road.png")])
    walk.submit("photos with one uploaded", "Upload", 200)
    walk.goto("concern page", concern)
    walk.goto("answer templates", council(live_server, "01", "/answer-templates"))
    walk.goto("new answer template", council(live_server, "01", "/answer-templates/new"))
    sign_out(walk.page)
    sign_in(walk.page, "ministry" + DEMO)
    walk.goto("every council's concerns", "/concerns/")
    sign_out(walk.page)
    sign_in(walk.page, "cso" + DEMO)
    walk.goto("our concerns", "/concerns/mine")
    walk.goto("submit", "/concerns/submit")
    walk.submit("submit with errors", "Send the concern", 400)
    walk.assert_clean()
