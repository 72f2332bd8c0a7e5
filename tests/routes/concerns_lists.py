"""Routes of the concern lists: a council's list and export (its staff), the list and export
across councils (ministry and administrators), a CSO's own list, and the public page.

A secretary asking for the list across councils is sent to their own council's list (302);
the export across councils refuses them (403). Council A's lists refuse council B's
secretary. Both CSO users (verified or pending) have a list of their own concerns.
"""

from __future__ import annotations

from tests.routes.base import Route, only, statuses

COUNCIL_LIST = only(200, "secretary_a", "ministry", "admin")

ROUTES: list[Route] = [
    Route("concerns.index", "GET", lambda w: f"/councils/{w['council_a']}/concerns/", COUNCIL_LIST),
    Route(
        "concerns.export",
        "GET",
        lambda w: f"/councils/{w['council_a']}/concerns/export.csv",
        COUNCIL_LIST,
    ),
    Route(
        "concerns.all",
        "GET",
        lambda w: "/concerns/",
        {**only(200, "ministry", "admin"), "secretary_a": 302, "secretary_b": 302},
    ),
    Route(
        "concerns.export_all",
        "GET",
        lambda w: "/concerns/export.csv",
        only(200, "ministry", "admin"),
    ),
    Route("concerns.mine", "GET", lambda w: "/concerns/mine", only(200, "cso", "cso_pending")),
    Route(
        "concerns.public",
        "GET",
        lambda w: f"/councils/{w['council_a']}/concerns/public",
        statuses(200),
    ),
]
