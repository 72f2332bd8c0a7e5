"""Routes of the compliance product: a council's compliance page (public)."""

from __future__ import annotations

from tests.routes.base import Route, statuses

ROUTES: list[Route] = [
    Route(
        "compliance.council",
        "GET",
        lambda w: f"/councils/{w['council_a']}/compliance",
        statuses(404),
    ),
]
