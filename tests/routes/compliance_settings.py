"""Routes of the compliance product: settings (thresholds, communities of the municipalities).

Administrators change thresholds and communities; the ministry reads both lists (its reviews
rest on them); everyone else is refused, and anonymous visitors are sent to sign in.
"""

from __future__ import annotations

from safety.dates import today
from tests.routes.base import Route, World, only


def _threshold_change(world: World) -> dict[str, object]:
    return {
        "value": "120",
        "effective_from": today().isoformat(),
        "reason": "The steering group agreed to a longer limit.",
    }


def _communities_url(world: World) -> str:
    return f"/admin/municipalities/{world['municipality_a']}/communities"


ROUTES: list[Route] = [
    Route(
        "compliance.thresholds",
        "GET",
        lambda w: "/admin/thresholds",
        only(200, "admin", "ministry"),
    ),
    Route(
        "compliance.change_threshold",
        "GET",
        lambda w: "/admin/thresholds/r06_breach_days",
        only(200, "admin"),
    ),
    Route(
        "compliance.change_threshold",
        "POST",
        lambda w: "/admin/thresholds/r06_breach_days",
        only(302, "admin"),
        data=_threshold_change,
    ),
    Route(
        "compliance.communities",
        "GET",
        lambda w: "/admin/communities",
        only(200, "admin", "ministry"),
    ),
    Route("compliance.edit_communities", "GET", _communities_url, only(200, "admin")),
    Route(
        "compliance.edit_communities",
        "POST",
        _communities_url,
        only(302, "admin"),
        data=lambda w: {"communities": ["unknown"]},
    ),
]
