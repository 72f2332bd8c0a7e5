"""Routes of the core meeting pages: the list, the meeting page, scheduling and the lifecycle.

Council meetings are read by their council's staff, the ministry and administrators only;
another council's secretary gets 404. Public kinds are read by everyone. Only a host
council's own secretary writes: for the co-hosted consultation, both secretaries.
"""

from __future__ import annotations

from tests.routes.base import Route, statuses

STAFF_OF_A = {"secretary_a": 200, "ministry": 200, "admin": 200}

ROUTES: list[Route] = [
    Route(
        "consultations.index",
        "GET",
        lambda w: f"/councils/{w['council_a']}/meetings/",
        statuses(200),
    ),
    Route(
        "consultations.show",
        "GET",
        lambda w: f"/meetings/{w['meeting_a']}",
        statuses(404, **STAFF_OF_A),
    ),
]
