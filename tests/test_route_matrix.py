"""Every route x role x method answers as the matrix says; unlisted routes fail the suite."""

from __future__ import annotations

from datetime import date

import pytest

from safety import create_app
from safety.councils.models import Gender, MemberRole
from tests.conftest import TEST_PASSWORD, app_config
from tests.route_matrix import ROLES, ROUTES, Route

IGNORED_METHODS = {"HEAD", "OPTIONS"}


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
def test_route_matrix(route: Route, role: str, world, login):
    client = login(world["users"].get(role))
    url = route.url(world)
    if route.method == "GET":
        response = client.get(url)
    else:
        response = client.open(url, method=route.method, data=route.data(world))
    body = response.get_data()
    response.close()
    assert response.status_code == route.expected[role], body[:300]
    if response.status_code in (403, 404):
        assert world["member_a_name"].encode() not in body, "a refusal leaked council A's data"
    if response.status_code == 302 and role == "anonymous" and route.expected[role] == 302:
        assert response.headers["Location"].startswith(("/login", "/")), "redirect stays local"
