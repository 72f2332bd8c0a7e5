"""Routes of the paper (invitation, sheets) and the public list of consultations and activities.

Council A's council meeting `meeting_a`: its invitation and attendance sheet are for staff who
may read its internal record (secretary A, ministry, admin); everyone else gets 404, as for
the meeting itself. A public consultation's invitation is open to all (tested in
tests/test_meeting_paper.py). The public list is open to everyone.
"""

from __future__ import annotations

from tests.routes.base import Route, statuses

STAFF_OF_A = statuses(404, secretary_a=200, ministry=200, admin=200)

ROUTES: list[Route] = [
    Route(
        "consultations.invitation",
        "GET",
        lambda w: f"/meetings/{w['meeting_a']}/invitation",
        STAFF_OF_A,
    ),
    Route(
        "consultations.attendance_sheet",
        "GET",
        lambda w: f"/meetings/{w['meeting_a']}/attendance-sheet",
        STAFF_OF_A,
    ),
    Route(
        "consultations.public_list",
        "GET",
        lambda w: f"/councils/{w['council_a']}/consultations",
        statuses(200),
    ),
]
