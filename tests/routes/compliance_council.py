"""Routes of the compliance product: a council's compliance page (public)."""

from __future__ import annotations

from tests.routes.base import Route, statuses

ROUTES: list[Route] = [
    # Public: explanations hold counts, dates and thresholds, never a name (reading 23), so
    # every role reads every council's page, another council's secretary included.
    Route(
        "compliance.council",
        "GET",
        lambda w: f"/councils/{w['council_a']}/compliance?as_of=2025-12-31",
        statuses(200),
    ),
]
