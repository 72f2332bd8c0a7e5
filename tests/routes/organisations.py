"""Routes of civil-society organisations: public registration, review by the ministry."""

from __future__ import annotations

import pytest

from safety.organisations.models import Organisation, OrganisationStatus
from tests.routes.base import LOGIN_REDIRECT_IF_SIGNED_IN, Route, World, only, statuses

# Where an anonymous 302 is the action succeeding, not a request to sign in first.
ANONYMOUS_SUCCESS_REDIRECTS = {("organisations.register", "POST")}


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    """The CSO user's own (verified) organisation, and another one awaiting verification."""
    make_organisation = request.getfixturevalue("make_organisation")
    session = request.getfixturevalue("session")
    other_organisation = make_organisation(
        name="Another Organisation", status=OrganisationStatus.PENDING
    )
    own = session.get(Organisation, world["users"]["cso"].organisation_id)
    return {
        "cso_organisation": own.id,
        "cso_organisation_version": own.version_id,
        "other_organisation": other_organisation.id,
        "other_organisation_version": other_organisation.version_id,
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
            "version": str(w["cso_organisation_version"]),
        },
    ),
    # Reviewers' decisions: a confirmation page, then its form posted on the version seen.
    Route(
        "organisations.verify",
        "GET",
        lambda w: f"/organisations/{w['other_organisation']}/verify",
        only(200, "ministry", "admin"),
    ),
    Route(
        "organisations.verify",
        "POST",
        lambda w: f"/organisations/{w['other_organisation']}/verify",
        only(302, "ministry", "admin"),
        data=lambda w: {"version": str(w["other_organisation_version"])},
    ),
    Route(
        "organisations.reject",
        "GET",
        lambda w: f"/organisations/{w['other_organisation']}/reject",
        only(200, "ministry", "admin"),
    ),
    Route(
        "organisations.reject",
        "POST",
        lambda w: f"/organisations/{w['other_organisation']}/reject",
        only(302, "ministry", "admin"),
        data=lambda w: {
            "version": str(w["other_organisation_version"]),
            "reason": "The number is not in the register of non-governmental organisations.",
        },
    ),
    Route(
        "organisations.withdraw",
        "GET",
        lambda w: f"/organisations/{w['cso_organisation']}/withdraw",
        only(200, "ministry", "admin"),
    ),
    Route(
        "organisations.withdraw",
        "POST",
        lambda w: f"/organisations/{w['cso_organisation']}/withdraw",
        only(302, "ministry", "admin"),
        data=lambda w: {
            "version": str(w["cso_organisation_version"]),
            "reason": "The organisation was struck off the register.",
        },
    ),
]
