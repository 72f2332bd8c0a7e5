"""The route-by-role matrix: every endpoint x method x role with the status it must answer.

Each area lists its own routes in `tests/routes/<area>.py`, which exports:

- `ROUTES`: its `Route` entries (helpers in `tests/routes/base.py`);
- optionally `ANONYMOUS_SUCCESS_REDIRECTS`: its (endpoint, method) pairs where an anonymous
  302 is the action succeeding, not a request to sign in first;
- optionally `build_world(request, world) -> dict`: the ids its URLs and form data point
  at, made with the area's factories through `request.getfixturevalue(...)`; it may read
  what `base_world` and earlier areas put in `world`, and must return only new keys.

This module is the collector: a new slice adds `tests/routes/<slice>.py` and its module to
`AREAS` below, without editing any other area's module. A route missing from every area
fails `test_every_route_is_in_the_matrix`, as does a route listed twice; a wrong cell fails
`test_route_matrix`. Anonymous users are sent to sign in (302) where a role is required.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.routes import (
    admin,
    audit,
    compliance,
    compliance_council,
    compliance_dashboard,
    compliance_public,
    compliance_report,
    compliance_reviews,
    compliance_settings,
    concerns,
    concerns_cases,
    concerns_intake,
    concerns_lists,
    concerns_photos,
    consultations,
    core,
    councils,
    meetings_attendance,
    meetings_calendar,
    meetings_core,
    meetings_public,
    meetings_records,
    organisations,
    plans,
    plans_comments,
    plans_core,
    plans_reports,
)
from tests.routes.base import Route, World, base_world

# In the order their worlds are built: an area may read what earlier ones added.
AREAS: tuple[ModuleType, ...] = (
    core,
    councils,
    organisations,
    admin,
    audit,
    consultations,
    meetings_core,
    meetings_attendance,
    meetings_records,
    meetings_calendar,
    meetings_public,
    concerns,
    concerns_intake,
    concerns_cases,
    concerns_lists,
    concerns_photos,
    plans,
    plans_core,
    plans_comments,
    plans_reports,
    compliance,
    compliance_dashboard,
    compliance_council,
    compliance_settings,
    compliance_reviews,
    compliance_report,
    compliance_public,
)

ROUTES_BY_AREA: dict[str, list[Route]] = {area.__name__: area.ROUTES for area in AREAS}
ALL_ROUTES: list[Route] = [route for routes in ROUTES_BY_AREA.values() for route in routes]
ANONYMOUS_SUCCESS_REDIRECTS: set[tuple[str, str]] = {
    pair for area in AREAS for pair in getattr(area, "ANONYMOUS_SUCCESS_REDIRECTS", ())
}


def build_world(request: pytest.FixtureRequest) -> World:
    """The base world plus every area's objects; two areas may not claim the same key."""
    world = base_world(request)
    for area in AREAS:
        builder = getattr(area, "build_world", None)
        if builder is None:
            continue
        added = builder(request, world)
        clashes = world.keys() & added.keys()
        if clashes:
            raise ValueError(f"{area.__name__} redefines world keys {sorted(clashes)}")
        world.update(added)
    return world
