"""Routes of the compliance product: the yearly national evaluation report, page and PDF.

The current year always has a report (the range ends today), whatever the world holds.
"""

from __future__ import annotations

from safety.dates import today
from tests.routes.base import Route, only

ROUTES: list[Route] = [
    Route(
        "compliance.national_reports",
        "GET",
        lambda w: "/compliance/national-report/",
        only(200, "ministry", "admin"),
    ),
    Route(
        "compliance.national_report",
        "GET",
        lambda w: f"/compliance/national-report/{today().year}",
        only(200, "ministry", "admin"),
    ),
    Route(
        "compliance.national_report_pdf",
        "GET",
        lambda w: f"/compliance/national-report/{today().year}.pdf",
        only(200, "ministry", "admin"),
    ),
]
