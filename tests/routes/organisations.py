"""Routes of civil-society organisations: public registration, review by the ministry."""

from __future__ import annotations

import pytest

from tests.routes.base import LOGIN_REDIRECT_IF_SIGNED_IN, Route, World, only, statuses

# Where an anonymous 302 is the action succeeding, not a request to sign in first.
ANONYMOUS_SUCCESS_REDIRECTS = {("organisations.register", "POST")}


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    """The CSO user's own organisation, and another one awaiting verification."""
    make_organisation = request.getfixturevalue("make_organisation")
    other_organisation = make_organisation(name="Another Organisation", is_verified=False)
    return {
        "cso_organisation": world["users"]["cso"].organisation_id,
        "other_organisation": other_organisation.id,
    }


ROUTES: list[Route] = [
    Route("organisations.register", "GET", lambda w: "/register", LOGIN_REDIRECT_IF_SIGNED_IN),
    Route(
        "organisations.register",
        "POST",
        lambda w: "/register",
        statuses(302),
        data=lambda w: {
            "name": "Youth for Safer Streets",
            "registration_number": "5199887766",
            "contact_email": "info@safer-streets.example.org",
            "municipality_ids": [str(w["municipality_a"])],
            "full_name": "Arta Krasniqi",
            "email": "arta@safer-streets.example.org",
            "password": "streets are safer together",
            "confirm_password": "streets are safer together",
        },
    ),
    Route("organisations.index", "GET", lambda w: "/organisations", only(200, "ministry", "admin")),
    Route(
        "organisations.show",
        "GET",
        lambda w: f"/organisations/{w['cso_organisation']}",
        only(200, "cso", "ministry", "admin"),
    ),
    Route(
        "organisations.edit",
        "GET",
        lambda w: f"/organisations/{w['cso_organisation']}/edit",
        only(200, "cso", "admin"),
    ),
    Route(
        "organisations.edit",
        "POST",
        lambda w: f"/organisations/{w['cso_organisation']}/edit",
        only(302, "cso", "admin"),
        data=lambda w: {
            "name": "Community Voice (renamed)",
            "registration_number": "5000000999",
            "contact_email": "contact@cso.example.org",
            "municipality_ids": [str(w["municipality_a"])],
        },
    ),
    Route(
        "organisations.verify",
        "POST",
        lambda w: f"/organisations/{w['other_organisation']}/verify",
        only(302, "ministry", "admin"),
    ),
    Route(
        "organisations.unverify",
        "POST",
        lambda w: f"/organisations/{w['cso_organisation']}/unverify",
        only(302, "ministry", "admin"),
    ),
]
