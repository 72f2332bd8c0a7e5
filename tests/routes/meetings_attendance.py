"""Routes of attendance registers and participation: written by a host council's secretary only.

The register of a council meeting is a write form: the ministry and administrators read the
attendance on the meeting page and get 403 here; anyone who may not see the meeting (CSOs,
the public, another council's secretary) gets 404. Participation belongs to public kinds,
which everyone may see, so every signed-in reader but the host's secretary gets 403.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from safety.councils.models import Member
from tests.routes.base import Route, World, only, statuses

# Must be meeting_a's held date in tests/routes/consultations.py.
MEETING_A_HELD_ON = date(2025, 3, 4)


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    """Council A's members active on meeting_a's date, so the valid register marks them all.

    Read from the database after the earlier areas added their members; an area built later
    that adds a member of council A appointed by that date must come before this one.
    """
    session = request.getfixturevalue("session")
    roster = session.scalars(
        select(Member.id)
        .where(
            Member.council_id == world["council_a"],
            Member.appointed_on <= MEETING_A_HELD_ON,
        )
        .where((Member.left_on.is_(None)) | (Member.left_on > MEETING_A_HELD_ON))
        .order_by(Member.id)
    ).all()
    organisation = request.getfixturevalue("make_organisation")(name="Youth for Peace Prishtinë")
    return {"meeting_a_roster": list(roster), "verified_organisation": organisation.id}


def _register(world: World) -> dict[str, str]:
    data = {"version": str(world["meeting_a_version"])}
    for index, member_id in enumerate(world["meeting_a_roster"]):
        data[f"members-{index}-member_id"] = str(member_id)
        data[f"members-{index}-status"] = "present" if index else "excused"
        if not index:
            data[f"members-{index}-substitute_name"] = "Vjosa Krasniqi"
            data[f"members-{index}-substitute_institution"] = "Kosovo Police, Prishtinë station"
    data["guests-0-name"] = "Shpresa Morina"
    data["guests-0-institution"] = "Director, Ismail Qemali primary school"
    return data


def _participation(world: World) -> dict[str, str | list[str]]:
    return {
        "version": str(world["consultation_a_version"]),
        "total": "42",
        "women": "20",
        "men": "21",
        "gender_undisclosed": "1",
        "under_30": "12",
        "aged_30_plus": "28",
        "age_undisclosed": "2",
        "community_albanian": "30",
        "community_roma": "8",
        "community_undisclosed": "4",
        "organisations": [str(world["verified_organisation"])],
        "other_organisations": "Local Public Safety Committee of Sofalia",
    }


# Only council A's secretary writes; who may not see a council meeting is told it does not exist.
REGISTER = statuses(404, anonymous=302, ministry=403, admin=403)

ROUTES: list[Route] = [
    Route(
        "consultations.attendance",
        "GET",
        lambda w: f"/meetings/{w['meeting_a']}/attendance",
        {**REGISTER, "secretary_a": 200},
    ),
    Route(
        "consultations.attendance",
        "POST",
        lambda w: f"/meetings/{w['meeting_a']}/attendance",
        {**REGISTER, "secretary_a": 302},
        data=_register,
    ),
    Route(
        "consultations.participation",
        "GET",
        lambda w: f"/meetings/{w['consultation_a']}/participation",
        only(200, "secretary_a"),
    ),
    Route(
        "consultations.participation",
        "POST",
        lambda w: f"/meetings/{w['consultation_a']}/participation",
        only(302, "secretary_a"),
        data=_participation,
    ),
]
