"""Routes of the audit trail: read-only, for administrators and ministry reviewers."""

from __future__ import annotations

from tests.routes.base import Route, only

ROUTES: list[Route] = [
    Route("audit.index", "GET", lambda w: "/audit/", only(200, "ministry", "admin")),
    Route(
        "audit.export_csv",
        "GET",
        lambda w: "/audit/export.csv?action=update",
        only(200, "ministry", "admin"),
    ),
]
