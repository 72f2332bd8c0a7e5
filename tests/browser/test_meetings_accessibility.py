"""axe-core over the meetings pages each role reaches, in the three languages and at 320 px."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LiveServer
from tests.browser.helpers import sign_in, switch_language
from tests.browser.test_accessibility import Walk, council

pytestmark = pytest.mark.browser

DEMO = "@demo.safety-ks.org"


@pytest.fixture
def walk(page: Any, live_server: LiveServer) -> Walk:
    return Walk(page, live_server)


def first_meeting(walk: Walk, list_url: str, kind: str) -> str:
    """The first meeting of `kind` on a council's meeting list."""
    walk.goto(f"meetings of kind {kind}", f"{list_url}?kind={kind}&status=held")
    return walk.href("main table a[href^='/meetings/']")


def test_secretary_meeting_pages(walk, live_server):
    sign_in(walk.page, "secretary.prishtine" + DEMO)
    meetings = council(live_server, "01", "/meetings/")
    walk.goto("meetings", meetings)
    regular = first_meeting(walk, meetings, "regular")
    consultation = first_meeting(walk, meetings, "public_consultation")
    walk.goto("held meeting", regular)
    walk.goto("edit meeting", f"{regular}/edit")
    walk.goto("attendance register", f"{regular}/attendance")
    walk.goto("minutes", f"{regular}/record")
    walk.goto("signed scan", f"{regular}/record/scan")
    walk.goto("invitation", f"{regular}/invitation")
    walk.goto("attendance sheet", f"{regular}/attendance-sheet")
    walk.goto("consultation", consultation)
    walk.goto("participation", f"{consultation}/participation")
    walk.goto("tally sheet", f"{consultation}/attendance-sheet")
    walk.goto("new meeting", council(live_server, "01", "/meetings/new"))
    walk.page.fill("input[name=title]", "")
    walk.submit("new meeting with errors", "Save", 400)
    walk.goto("monthly series", council(live_server, "01", "/meetings/series"))
    walk.goto("calendar feed link", "/calendar/feed")
    walk.goto("upcoming", f"{meetings}?status=scheduled")
    upcoming = walk.href("main table a[href^='/meetings/']")
    walk.goto("hold", f"{upcoming}/hold")
    walk.goto("postpone", f"{upcoming}/postpone")
    walk.goto("cancel", f"{upcoming}/cancel")
    walk.submit("cancel without a reason", "Cancel the meeting", 400)
    for language in ("sq", "sr"):
        switch_language(walk.page, language)
        walk.goto(f"held meeting in {language}", regular)
        walk.goto(f"attendance register in {language}", f"{regular}/attendance")
        walk.goto(f"participation in {language}", f"{consultation}/participation")
    walk.assert_clean()


def test_ministry_and_public_meeting_pages(walk, live_server):
    walk.goto("public consultations", council(live_server, "01", "/consultations"))
    consultation = walk.href("main a[href^='/meetings/']")
    walk.goto("consultation (public)", consultation)
    walk.goto("meetings (public)", council(live_server, "07", "/meetings/"))
    sign_in(walk.page, "ministry" + DEMO)
    walk.goto("month view", "/meetings/calendar")
    walk.goto("month view, bad month", "/meetings/calendar?month=2026-13", 400)
    meetings = council(live_server, "07", "/meetings/")
    walk.goto("meetings (ministry)", meetings)
    walk.goto("meeting (ministry)", first_meeting(walk, meetings, "regular"))
    switch_language(walk.page, "sr")
    walk.check("meeting (ministry) in sr")
    walk.goto("month view in sr", "/meetings/calendar")
    walk.assert_clean()


def test_meeting_pages_at_320_pixels(walk, live_server):
    walk.narrow()
    sign_in(walk.page, "secretary.prishtine" + DEMO)
    meetings = council(live_server, "01", "/meetings/")
    walk.goto("meetings", meetings)
    regular = first_meeting(walk, meetings, "regular")
    walk.goto("held meeting", regular)
    walk.goto("attendance register", f"{regular}/attendance")
    walk.goto("minutes", f"{regular}/record")
    walk.goto("public consultations", council(live_server, "01", "/consultations"))
    walk.assert_clean()
