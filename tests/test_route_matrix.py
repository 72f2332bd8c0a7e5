"""Every route x role x method answers as the matrix says; unlisted routes fail the suite."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from sqlalchemy import select

from safety import create_app
from safety.accounts.models import User
from safety.db import Base
from tests.conftest import app_config, dump_rows, empty_tables, load_rows
from tests.routes import ALL_ROUTES, ANONYMOUS_SUCCESS_REDIRECTS, ROUTES_BY_AREA, build_world
from tests.routes.base import ROLES, Route

IGNORED_METHODS = {"HEAD", "OPTIONS"}
# Refusals are meant to write these (the trail and the failed-attempt counts per account and
# per client address), nothing else.
BOOKKEEPING_TABLES = {"audit_events", "login_failures", "address_attempts"}


def snapshot(session) -> dict[str, list[tuple]]:
    """Every row of every table but the bookkeeping ones, in primary-key order."""
    return {
        table.name: [
            tuple(row) for row in session.execute(select(table).order_by(*table.primary_key))
        ]
        for table in Base.metadata.sorted_tables
        if table.name not in BOOKKEEPING_TABLES
    }


def is_refusal(response) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code in (401, 403, 404) or (
        response.status_code == 302 and location.startswith("/login")
    )


def test_every_route_is_in_the_matrix():
    app = create_app(app_config("sqlite://"))
    areas_listing: dict[tuple[str, str], list[str]] = defaultdict(list)
    for area, routes in ROUTES_BY_AREA.items():
        for route in routes:
            areas_listing[(route.endpoint, route.method)].append(area)
    listed_twice = {key: areas for key, areas in areas_listing.items() if len(areas) > 1}
    assert listed_twice == {}, "routes listed more than once (by these area modules)"
    listed = set(areas_listing)
    served = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
    }
    assert served - listed == set(), "routes without a matrix entry"
    assert listed - served == set(), "matrix entries for routes that do not exist"
    assert ANONYMOUS_SUCCESS_REDIRECTS - listed == set(), "redirect exceptions for unlisted routes"


# The world as first built: its values, its users' ids and every row it wrote.
_BUILT: dict[str, Any] = {}


@pytest.fixture
def world(request: pytest.FixtureRequest, app, session):
    """The objects matrix URLs point at, from every area (`tests/routes/__init__.py`).

    Built through the factories once, then restored row by row for each cell: building it
    costs the ORM about two seconds, which a thousand cells would pay again and again.
    """
    if not _BUILT:
        built = build_world(request)
        _BUILT["values"] = {key: value for key, value in built.items() if key != "users"}
        _BUILT["users"] = {role: user.id for role, user in built["users"].items()}
        _BUILT["rows"] = dump_rows(app)
    else:
        empty_tables(app)
        load_rows(app, _BUILT["rows"])
    users = {role: session.get(User, user_id) for role, user_id in _BUILT["users"].items()}
    return {**_BUILT["values"], "users": users}


CELLS = [
    pytest.param(route, role, id=f"{route.method}-{route.endpoint}-{role}")
    for route in ALL_ROUTES
    for role in ROLES
]


@pytest.mark.parametrize(("route", "role"), CELLS)
def test_route_matrix(route: Route, role: str, world, login, session):
    client = login(world["users"].get(role))
    url = route.url(world)
    if route.method == "GET":
        response = client.get(url)
    else:
        before = snapshot(session)
        response = client.open(url, method=route.method, data=route.data(world))
        succeeded = role == "anonymous" and (route.endpoint, route.method) in (
            ANONYMOUS_SUCCESS_REDIRECTS
        )
        if is_refusal(response) and not succeeded:
            assert snapshot(session) == before, "a refused request changed data"
    body = response.get_data()
    response.close()
    assert response.status_code == route.expected[role], body[:300]
    if response.status_code in (403, 404):
        assert world["member_a_name"].encode() not in body, "a refusal leaked council A's data"
    if role == "anonymous" and response.status_code == 302:
        location = response.headers["Location"]
        if (route.endpoint, route.method) in ANONYMOUS_SUCCESS_REDIRECTS:
            assert location.startswith("/")
            assert not location.startswith("//")
        else:
            assert location.startswith("/login?next="), "anonymous users are sent to sign in"
