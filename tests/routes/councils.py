"""Routes of councils: public pages; only the council's own secretary and administrators edit."""

from __future__ import annotations

from datetime import date

import pytest

from safety.councils.models import CouncilDecision, DecisionKind, Gender, MemberRole
from tests.routes.base import Route, World, only, statuses


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    """A member of council A (whose name a refusal must not leak), and one of council B."""
    make_member = request.getfixturevalue("make_member")
    council_a = request.getfixturevalue("council_a")
    council_b = request.getfixturevalue("council_b")
    member_a = make_member(council_a, role=MemberRole.CIVIL_SOCIETY, gender=Gender.MALE)
    make_member(council_b, appointed_on=date(2023, 3, 1))
    session = request.getfixturevalue("session")
    decision_a = CouncilDecision(
        council_id=council_a.id,
        kind=DecisionKind.CONSTITUTING,
        number="01-016/2023-114",
        decided_on=date(2023, 3, 30),
    )
    session.add(decision_a)
    session.commit()
    return {
        "decision_a": decision_a.id,
        "member_a": member_a.id,
        "member_a_name": member_a.full_name,
        "member_a_version": member_a.version_id,
        "council_a_version": council_a.version_id,
    }


ROUTES: list[Route] = [
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
    Route(
        "councils.reappoint_member",
        "GET",
        lambda w: f"/councils/{w['council_a']}/members/{w['member_a']}/reappoint",
        only(200, "secretary_a", "admin"),
    ),
    Route(
        "councils.reappoint_member",
        "POST",
        lambda w: f"/councils/{w['council_a']}/members/{w['member_a']}/reappoint",
        only(302, "secretary_a", "admin"),
        data=lambda w: {
            "role": "chair",
            "appointed_on": "2025-06-30",
            "version": str(w["member_a_version"]),
        },
    ),
    Route(
        "councils.delete_member",
        "GET",
        lambda w: f"/councils/{w['council_a']}/members/{w['member_a']}/delete",
        only(200, "secretary_a", "admin"),
    ),
    Route(
        "councils.delete_member",
        "POST",
        lambda w: f"/councils/{w['council_a']}/members/{w['member_a']}/delete",
        only(302, "secretary_a", "admin"),
        data=lambda w: {"reason": "Entered twice by mistake"},
    ),
    Route(
        "councils.new_decision",
        "GET",
        lambda w: f"/councils/{w['council_a']}/decisions/new",
        only(200, "secretary_a", "admin"),
    ),
    Route(
        "councils.new_decision",
        "POST",
        lambda w: f"/councils/{w['council_a']}/decisions/new",
        only(302, "secretary_a", "admin"),
        data=lambda w: {
            "kind": "reconstituting",
            "number": "01-016/2025-301",
            "decided_on": "2025-12-04",
        },
    ),
    Route(
        "councils.delete_decision",
        "GET",
        lambda w: f"/councils/{w['council_a']}/decisions/{w['decision_a']}/delete",
        only(200, "secretary_a", "admin"),
    ),
    Route(
        "councils.delete_decision",
        "POST",
        lambda w: f"/councils/{w['council_a']}/decisions/{w['decision_a']}/delete",
        only(302, "secretary_a", "admin"),
        data=lambda w: {"reason": "Recorded for the wrong council"},
    ),
]
