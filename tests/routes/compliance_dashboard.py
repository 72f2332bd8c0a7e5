"""Routes of the compliance product: the ministry dashboard and its CSV and JSON exports."""

from __future__ import annotations

from tests.routes.base import Route, only

ROUTES: list[Route] = [
    Route("compliance.dashboard", "GET", lambda w: "/compliance/", only(200, "ministry", "admin")),
    Route(
        "compliance.export_csv",
        "GET",
        lambda w: "/compliance/export.csv",
        only(200, "ministry", "admin"),
    ),
    Route(
        "compliance.export_json",
        "GET",
        lambda w: "/compliance/export.json",
        only(200, "ministry", "admin"),
    ),
]
