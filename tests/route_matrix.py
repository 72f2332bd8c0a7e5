"""The route-by-role matrix: every endpoint x method x role with the status it must answer.

A route missing from here fails `test_every_route_is_in_the_matrix`; a wrong cell fails
`test_route_matrix`. Anonymous users are sent to sign in (302) where a role is required.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "cso", "secretary_a", "secretary_b", "ministry", "admin")

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

ROUTES: list[Route] = [
    Route("static", "GET", lambda w: "/static/app.css", statuses(200)),
    Route("main.index", "GET", lambda w: "/", statuses(302, anonymous=200)),
    Route("auth.login", "GET", lambda w: "/login", LOGIN_REDIRECT_IF_SIGNED_IN),
    # Anonymous POST with a wrong password: 401; signed-in users are sent home.
    Route(
        "auth.login",
        "POST",
        lambda w: "/login",
        statuses(302, anonymous=401),
        data=lambda w: {"email": "nobody@example.org", "password": "wrong password here"},
    ),
    Route("auth.logout", "POST", lambda w: "/logout", signed_in_only(302)),
    Route("auth.change_password", "GET", lambda w: "/account/password", signed_in_only(200)),
    Route(
        "auth.change_password",
        "POST",
        lambda w: "/account/password",
        signed_in_only(302),
        data=lambda w: {
            "current_password": w["password"],
            "new_password": "a brand new passphrase for testing",
            "confirm_password": "a brand new passphrase for testing",
        },
    ),
    Route(
        "i18n.set_language",
        "POST",
        lambda w: "/language",
        statuses(302),
        data=lambda w: {"language": "en", "next": "/"},
    ),
]
