"""Routes of account administration: administrators only."""

from __future__ import annotations

import pytest

from tests.routes.base import Route, World, only


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    """A secretary of council A to edit, deactivate and reset; a deactivated one to activate."""
    make_user = request.getfixturevalue("make_user")
    role = world["users"]["secretary_a"].role
    target_user = make_user(role, council_id=world["council_a"])
    deactivated_user = make_user(role, council_id=world["council_a"], is_active=False)
    return {"target_user": target_user.id, "deactivated_user": deactivated_user.id}


ROUTES: list[Route] = [
    Route("admin.users", "GET", lambda w: "/admin/users", only(200, "admin")),
    Route("admin.new_user", "GET", lambda w: "/admin/users/new", only(200, "admin")),
    # 201: the page showing the one-time password is rendered from the POST itself.
    Route(
        "admin.new_user",
        "POST",
        lambda w: "/admin/users/new",
        only(201, "admin"),
        data=lambda w: {
            "email": "new.reviewer@example.org",
            "full_name": "New Reviewer",
            "role": "ministry",
            "council_id": "",
            "organisation_id": "",
            "locale": "sq",
        },
    ),
    Route(
        "admin.edit_user",
        "GET",
        lambda w: f"/admin/users/{w['target_user']}/edit",
        only(200, "admin"),
    ),
    Route(
        "admin.edit_user",
        "POST",
        lambda w: f"/admin/users/{w['target_user']}/edit",
        only(302, "admin"),
        data=lambda w: {
            "full_name": "Renamed Secretary",
            "role": "secretary",
            "council_id": str(w["council_a"]),
            "organisation_id": "",
            "locale": "sr",
        },
    ),
    # Deactivation and password resets: a confirmation page, then its form posted.
    Route(
        "admin.deactivate",
        "GET",
        lambda w: f"/admin/users/{w['target_user']}/deactivate",
        only(200, "admin"),
    ),
    Route(
        "admin.deactivate",
        "POST",
        lambda w: f"/admin/users/{w['target_user']}/deactivate",
        only(302, "admin"),
    ),
    Route(
        "admin.activate",
        "POST",
        lambda w: f"/admin/users/{w['deactivated_user']}/activate",
        only(302, "admin"),
    ),
    Route(
        "admin.reset_password",
        "GET",
        lambda w: f"/admin/users/{w['target_user']}/reset-password",
        only(200, "admin"),
    ),
    Route(
        "admin.reset_password",
        "POST",
        lambda w: f"/admin/users/{w['target_user']}/reset-password",
        only(200, "admin"),
    ),
]
