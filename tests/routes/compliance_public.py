"""Routes of the compliance product: the public transparency page and open data, the map."""

from __future__ import annotations

from tests.routes.base import Route, only, statuses

ROUTES: list[Route] = [
    Route("compliance.transparency", "GET", lambda w: "/transparency/", statuses(200)),
    Route(
        "compliance.open_data",
        "GET",
        lambda w: "/transparency/data/councils.csv",
        statuses(200),
    ),
    Route("compliance.map", "GET", lambda w: "/compliance/map", only(200, "ministry", "admin")),
]
