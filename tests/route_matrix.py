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


# Where an anonymous 302 is the action succeeding, not a request to sign in first.
ANONYMOUS_SUCCESS_REDIRECTS = {
    ("i18n.set_language", "POST"),
    ("organisations.register", "POST"),
}

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
    # Account administration: administrators only.
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
    Route(
        "admin.deactivate",
        "POST",
        lambda w: f"/admin/users/{w['target_user']}/deactivate",
        only(302, "admin"),
    ),
    Route(
        "admin.activate",
        "POST",
        lambda w: f"/admin/users/{w['target_user']}/activate",
        only(302, "admin"),
    ),
    Route(
        "admin.reset_password",
        "POST",
        lambda w: f"/admin/users/{w['target_user']}/reset-password",
        only(200, "admin"),
    ),
    # Civil-society organisations.
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
    # The audit trail: read-only, for administrators and ministry reviewers.
    Route("audit.index", "GET", lambda w: "/audit/", only(200, "ministry", "admin")),
    # Councils: public pages; only the council's own secretary and administrators edit.
    Route("councils.index", "GET", lambda w: "/councils/", statuses(200)),
    Route("councils.show", "GET", lambda w: f"/councils/{w['council_a']}", statuses(200)),
    Route(
        "councils.edit",
        "GET",
        lambda w: f"/councils/{w['council_a']}/edit",
        only(200, "secretary_a", "admin"),
    ),
    Route(
        "councils.edit",
        "POST",
        lambda w: f"/councils/{w['council_a']}/edit",
        only(302, "secretary_a", "admin"),
        data=lambda w: {
            "decision_number": "01-016/2023-114",
            "decision_on": "2023-03-30",
            "coordinator_name": "Drita Berisha",
            "coordinator_email": "kksb@prishtina.example.org",
            "coordinator_phone": "+383 38 000 000",
            "notes": "Meets on the first Tuesday of the month.",
            "version": str(w["council_a_version"]),
        },
    ),
    Route(
        "councils.new_member",
        "GET",
        lambda w: f"/councils/{w['council_a']}/members/new",
        only(200, "secretary_a", "admin"),
    ),
    Route(
        "councils.new_member",
        "POST",
        lambda w: f"/councils/{w['council_a']}/members/new",
        only(302, "secretary_a", "admin"),
        data=lambda w: {
            "full_name": "Besa Gashi",
            "role": "civil_society",
            "gender": "female",
            "appointed_on": "2025-02-01",
            "version": "1",
        },
    ),
    Route(
        "councils.edit_member",
        "GET",
        lambda w: f"/councils/{w['council_a']}/members/{w['member_a']}/edit",
        only(200, "secretary_a", "admin"),
    ),
    Route(
        "councils.edit_member",
        "POST",
        lambda w: f"/councils/{w['council_a']}/members/{w['member_a']}/edit",
        only(302, "secretary_a", "admin"),
        data=lambda w: {
            "full_name": "Besnik Gashi",
            "role": "civil_society",
            "gender": "male",
            "appointed_on": "2024-01-15",
            "left_on": "2025-06-30",
            "version": str(w["member_a_version"]),
        },
    ),
]
