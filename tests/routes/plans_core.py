"""Routes of the plans' core: the council's list, the plan page, drafting, items, CSV import.

Drafts are for council A's staff: the public, organisations and council B's secretary get
404. Only council A's secretary writes; the ministry and administrators read (403 on writes).
"""

from __future__ import annotations

from tests.routes.base import Route, statuses

ROUTES: list[Route] = [
    Route(
        "plans.show",
        "GET",
        lambda w: f"/plans/{w['plan_a_draft']}",
        statuses(404, secretary_a=200, ministry=200, admin=200),
    ),
]
