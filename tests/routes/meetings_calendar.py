"""Routes of the meetings calendar: feeds for everyone and by token, the link page, the month.

The public feed answers everyone alike; the private feed answers whoever holds the token,
with no session (calendar apps cannot sign in), so every role gets council A's secretary's
feed. The link page is for staff, the month view for the ministry and administrators.
"""

from __future__ import annotations

import pytest

from safety.consultations.calendar_tokens import issue_token
from safety.dates import utcnow
from tests.routes.base import Route, World, only, statuses

STAFF = ("secretary_a", "secretary_b", "ministry", "admin")


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    """A private-feed link of council A's secretary."""
    session = request.getfixturevalue("session")
    token = issue_token(session, world["users"]["secretary_a"], now=utcnow())
    session.commit()
    return {"calendar_token_secretary_a": token}


ROUTES: list[Route] = [
    Route(
        "consultations.council_feed",
        "GET",
        lambda w: f"/councils/{w['council_a']}/meetings.ics",
        statuses(200),
    ),
    Route(
        "consultations.private_feed",
        "GET",
        lambda w: f"/calendar/{w['calendar_token_secretary_a']}.ics",
        statuses(200),
    ),
    Route("consultations.calendar_feed", "GET", lambda w: "/calendar/feed", only(200, *STAFF)),
    # Creating a link answers with the page showing it (once), not a redirect.
    Route(
        "consultations.calendar_feed",
        "POST",
        lambda w: "/calendar/feed",
        only(200, *STAFF),
        data=lambda w: {"action": "create"},
    ),
    Route(
        "consultations.month", "GET", lambda w: "/meetings/calendar", only(200, "ministry", "admin")
    ),
]
