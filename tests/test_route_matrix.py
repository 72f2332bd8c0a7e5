"""Every route x role x method answers as the matrix says; unlisted routes fail the suite."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from safety import create_app
from safety.councils.models import Gender, MemberRole
from safety.db import Base
from tests.conftest import TEST_PASSWORD, app_config
from tests.route_matrix import ANONYMOUS_SUCCESS_REDIRECTS, ROLES, ROUTES, Route

IGNORED_METHODS = {"HEAD", "OPTIONS"}
# Refusals are meant to write these two (the trail and the failed-login count), nothing else.
BOOKKEEPING_TABLES = {"audit_events", "login_failures"}


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
    listed = {(route.endpoint, route.method) for route in ROUTES}
    served = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
    }
    assert served - listed == set(), "routes without a matrix entry"
    assert listed - served == set(), "matrix entries for routes that do not exist"


@pytest.fixture
def world(users, council_a, council_b, make_member, make_organisation, make_user, session):
    """The objects matrix URLs point at: all of them belong to council A or its people."""
    member_a = make_member(council_a, role=MemberRole.CIVIL_SOCIETY, gender=Gender.MALE)
    make_member(council_b, appointed_on=date(2023, 3, 1))
    other_organisation = make_organisation(name="Another Organisation", is_verified=False)
    target_user = make_user(users["secretary_a"].role, council_id=council_a.id)
    return {
        "users": users,
        "password": TEST_PASSWORD,
        "council_a": council_a.id,
        "council_b": council_b.id,
        "municipality_a": council_a.municipality_id,
        "member_a": member_a.id,
        "member_a_name": member_a.full_name,
        "member_a_version": member_a.version_id,
        "council_a_version": council_a.version_id,
        "cso_organisation": users["cso"].organisation_id,
        "other_organisation": other_organisation.id,
        "target_user": target_user.id,
    }


CELLS = [
    pytest.param(route, role, id=f"{route.method}-{route.endpoint}-{role}")
    for route in ROUTES
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
        if is_refusal(response):
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
