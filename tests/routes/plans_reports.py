"""Routes of activity reports: the list, drafting, the report, editing, submitting, printing.

The list and submitted reports are public. A draft is for the council's staff: everyone
else, another council's secretary included, gets 404. Only the council's own secretary
drafts, edits and submits; the ministry and administrators, who read every report, get 403.
The world (tests/routes/plans.py) holds report_a (council A's annual report for 2024,
submitted), report_a_draft (its mid-year draft for 2025) and report_b (council B's draft).
"""

from __future__ import annotations

from tests.routes.base import Route, statuses

EVERYONE = statuses(200)


def secretary_a_writes(ok: int) -> dict[str, int]:
    """Council A's draft: its secretary writes, staff readers get 403, the rest 404."""
    return statuses(404, anonymous=302, secretary_a=ok, ministry=403, admin=403)


def secretary_b_writes(ok: int) -> dict[str, int]:
    """Council B's draft, seen from every role."""
    return statuses(404, anonymous=302, secretary_b=ok, ministry=403, admin=403)


ROUTES: list[Route] = [
    Route("plans.reports", "GET", lambda w: f"/councils/{w['council_a']}/reports/", EVERYONE),
    Route(
        "plans.new_report",
        "GET",
        lambda w: f"/councils/{w['council_a']}/reports/new?kind=annual&year=2025",
        statuses(403, anonymous=302, secretary_a=200),
    ),
    Route(
        "plans.new_report",
        "POST",
        lambda w: f"/councils/{w['council_a']}/reports/new",
        statuses(403, anonymous=302, secretary_a=302),
        data=lambda w: {"kind": "annual", "year": "2025"},
    ),
    Route(
        "plans.report",
        "GET",
        lambda w: f"/reports/{w['report_a_draft']}",
        statuses(404, secretary_a=200, ministry=200, admin=200),
    ),
    Route(
        "plans.edit_report",
        "GET",
        lambda w: f"/reports/{w['report_a_draft']}/edit",
        secretary_a_writes(200),
    ),
    Route(
        "plans.edit_report",
        "POST",
        lambda w: f"/reports/{w['report_a_draft']}/edit",
        secretary_a_writes(302),
        data=lambda w: {
            "text": "### Meetings\n\nThe council met six times.",
            "version": str(w["report_a_draft_version"]),
        },
    ),
    Route(
        "plans.submit_report",
        "GET",
        lambda w: f"/reports/{w['report_b']}/submit",
        secretary_b_writes(200),
    ),
    Route(
        "plans.submit_report",
        "POST",
        lambda w: f"/reports/{w['report_a_draft']}/submit",
        secretary_a_writes(302),
        data=lambda w: {
            "submitted_on": "2025-07-15",
            "version": str(w["report_a_draft_version"]),
        },
    ),
    # A submitted report prints for everyone.
    Route("plans.print_report", "GET", lambda w: f"/reports/{w['report_a']}/print", EVERYONE),
]
