"""Routes of intake: the three ways in, the public form's confirmation, the tracking page.

Only a verified organisation's user submits in its name (a pending one is told why, 403);
only council A's secretary enters concerns for council A; the public form, its confirmation
and the private tracking page are open to everyone, signed in or not. Reopening is tried on
a resolved concern with its own tracking token, so every role proves it works.
"""

from __future__ import annotations

from datetime import date

import pytest

from safety.concerns.models import ConcernChannel, ConcernStatus
from safety.concerns.tracking import token_hash
from tests.routes.base import Route, World, only, statuses

RESOLVED_TOKEN = "tracking-token-of-the-resolved-concern-0123456789"

# Success is a redirect for everyone here, the anonymous visitor included.
ANONYMOUS_SUCCESS_REDIRECTS = {
    ("concerns.report", "POST"),
    ("concerns.reopen", "POST"),
}


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    make_concern = request.getfixturevalue("make_concern")
    council_a = request.getfixturevalue("council_a")
    resolved = make_concern(
        council_a,
        title="Broken fence at the playground",
        channel=ConcernChannel.PUBLIC_FORM,
        tracking_token_hash=token_hash(RESOLVED_TOKEN),
        history=[
            (ConcernStatus.UNDER_REVIEW, date(2025, 3, 5), None),
            (ConcernStatus.RESOLVED, date(2025, 3, 20), "The fence has been repaired."),
        ],
    )
    return {"intake_resolved": resolved.id, "intake_resolved_token": RESOLVED_TOKEN}


def _concern_form(world: World) -> dict[str, object]:
    return {
        "title": "Potholes on the road to the market",
        "description": "Deep potholes make cyclists swerve into traffic every morning.",
        "category": "traffic_and_school_safety",
        "settlement": "Arbëria",
        "communities": ["albanian", "roma"],
        "observed_on": "2025-03-01",
        # The similar concerns step is taken: this send saves.
        "checked": "1",
    }


def _submit_form(world: World) -> dict[str, object]:
    return {**_concern_form(world), "council_id": str(world["council_a"])}


def _staff_form(world: World) -> dict[str, object]:
    return {
        **_concern_form(world),
        "channel": "phone",
        "submitted_on": "2025-03-02",
        "submitter_name": "A Caller",
        "submitter_phone": "044 123 456",
    }


def _report_form(world: World) -> dict[str, object]:
    return {**_concern_form(world), "submitter_email": "citizen@example.org"}


def _new_url(world: World) -> str:
    return f"/councils/{world['council_a']}/concerns/new"


def _report_url(world: World) -> str:
    return f"/councils/{world['council_a']}/concerns/report"


ROUTES: list[Route] = [
    Route("concerns.submit", "GET", lambda w: "/concerns/submit", only(200, "cso")),
    Route(
        "concerns.submit",
        "POST",
        lambda w: "/concerns/submit",
        only(302, "cso"),
        data=_submit_form,
    ),
    Route("concerns.new", "GET", _new_url, only(200, "secretary_a")),
    Route("concerns.new", "POST", _new_url, only(302, "secretary_a"), data=_staff_form),
    Route("concerns.report", "GET", _report_url, statuses(200)),
    Route("concerns.report", "POST", _report_url, statuses(302), data=_report_form),
    Route("concerns.submitted", "GET", lambda w: "/concerns/submitted", statuses(200)),
    Route("concerns.track", "GET", lambda w: f"/track/{w['tracking_token']}", statuses(200)),
    Route(
        "concerns.reopen",
        "POST",
        lambda w: f"/track/{w['intake_resolved_token']}/reopen",
        statuses(302),
        data=lambda w: {"reason": "The fence is broken again at the same place."},
    ),
]
