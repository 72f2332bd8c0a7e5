"""What every area's route list is made of: roles, `Route`, expected-status helpers, the world.

The world is the dict of ids and values the matrix URLs and form data point at. `base_world`
holds what every area may use (a user per role, councils A and B); each area module adds its
own objects in its `build_world`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.factories.accounts import TEST_PASSWORD

# "cso" is a verified organisation's user; "cso_pending" one whose organisation awaits review.
ROLES = ("anonymous", "cso_pending", "cso", "secretary_a", "secretary_b", "ministry", "admin")

World = dict[str, Any]


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    url: Callable[[World], str]
    expected: dict[str, int]
    # Valid form data for POSTs, so allowed roles prove the action works (not just "not 403").
    data: Callable[[World], dict[str, Any]] = field(default=lambda world: {})


def statuses(default: int, **per_role: int) -> dict[str, int]:
    """Expected statuses: `default` for every role, with per-role exceptions."""
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    return {role: per_role.get(role, default) for role in ROLES}


def signed_in_only(ok: int) -> dict[str, int]:
    return statuses(ok, anonymous=302)


def only(ok: int, *roles: str) -> dict[str, int]:
    """Allowed roles answer `ok`, other signed-in roles 403, anonymous is sent to sign in."""
    return statuses(403, anonymous=302, **dict.fromkeys(roles, ok))


LOGIN_REDIRECT_IF_SIGNED_IN = statuses(302, anonymous=200)


def base_world(request: pytest.FixtureRequest) -> World:
    """What every area may point at: one user per role, councils A and B."""
    users = request.getfixturevalue("users")
    council_a = request.getfixturevalue("council_a")
    council_b = request.getfixturevalue("council_b")
    return {
        "users": users,
        "password": TEST_PASSWORD,
        "council_a": council_a.id,
        "council_b": council_b.id,
        "municipality_a": council_a.municipality_id,
    }
