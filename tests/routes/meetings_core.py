"""Routes of the core meeting pages: the list, the meeting page, scheduling and the lifecycle.

Council meetings are read by their council's staff, the ministry and administrators only;
another council's secretary (and the public) get 404. Public kinds are read by everyone.
Only a host council's own secretary writes: for the co-hosted consultation, both secretaries.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from safety.consultations.models import Meeting
from safety.dates import today
from tests.routes.base import Route, World, only, statuses

STAFF_OF_A = {"secretary_a": 200, "ministry": 200, "admin": 200}

# A council meeting of A: unseen by B's secretary and the public (404), read-only for the
# ministry and administrators (403), written by A's secretary.
A_ONLY_WRITES = statuses(404, anonymous=302, secretary_a=200, ministry=403, admin=403)
A_ONLY_WRITES_POST = {**A_ONLY_WRITES, "secretary_a": 302}

# The consultation co-hosted by A and B: public, so others who may not write get 403.
CO_HOSTS_WRITE = statuses(403, anonymous=302, secretary_a=200, secretary_b=200)
CO_HOSTS_WRITE_POST = {**CO_HOSTS_WRITE, "secretary_a": 302, "secretary_b": 302}


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    """The co-hosted consultation's version and date, for a valid edit form."""
    session = request.getfixturevalue("session")
    consultation = session.get(Meeting, world["consultation_ab"])
    return {
        "core_consultation_ab_version": consultation.version_id,
        "core_consultation_ab_on": consultation.scheduled_on,
    }


def _meeting_form(world: World) -> dict[str, object]:
    return {
        "kind": "public_consultation",
        "title": "Inter-municipal consultation on freedom of movement",
        "scheduled_on": world["core_consultation_ab_on"].isoformat(),
        "starts_at": "17:00",
        "ends_at": "19:00",
        "place_name": "Cultural centre",
        "languages": ["sq", "sr"],
        "interpretation": "y",
        "co_hosts": [str(world["council_b"])],
        "declaration": "Inter-Municipal Declaration for inter-community dialogue",
        "agenda": "Opening\nFreedom of movement\nQuestions from citizens",
        "version": str(world["core_consultation_ab_version"]),
    }


def _new_meeting(world: World) -> dict[str, object]:
    return {
        "kind": "regular",
        "title": "Regular meeting",
        "scheduled_on": (today() + timedelta(days=40)).isoformat(),
        "starts_at": "10:00",
        "ends_at": "12:00",
        "languages": ["sq"],
        "agenda": "Report of the police station commander",
    }


def _series(world: World) -> dict[str, object]:
    next_year = today().year + 1
    return {
        "week_of_month": "1",
        "weekday": "1",
        "first_month_on": f"{next_year}-01",
        "months": "3",
        "kind": "regular",
        "title": "Regular council meeting",
        "starts_at": "10:00",
        "languages": ["sq", "sr"],
        "action": "create",
    }


def _lifecycle_url(action: str) -> object:
    return lambda w: f"/meetings/{w['meeting_a_scheduled']}/{action}"


ROUTES: list[Route] = [
    Route(
        "consultations.index",
        "GET",
        lambda w: f"/councils/{w['council_a']}/meetings/",
        statuses(200),
    ),
    Route(
        "consultations.show",
        "GET",
        lambda w: f"/meetings/{w['meeting_a']}",
        statuses(404, **STAFF_OF_A),
    ),
    Route(
        "consultations.new",
        "GET",
        lambda w: f"/councils/{w['council_a']}/meetings/new",
        only(200, "secretary_a"),
    ),
    Route(
        "consultations.new",
        "POST",
        lambda w: f"/councils/{w['council_a']}/meetings/new",
        only(302, "secretary_a"),
        data=_new_meeting,
    ),
    Route(
        "consultations.new_series",
        "GET",
        lambda w: f"/councils/{w['council_a']}/meetings/series",
        only(200, "secretary_a"),
    ),
    Route(
        "consultations.new_series",
        "POST",
        lambda w: f"/councils/{w['council_a']}/meetings/series",
        only(302, "secretary_a"),
        data=_series,
    ),
    Route(
        "consultations.edit",
        "GET",
        lambda w: f"/meetings/{w['consultation_ab']}/edit",
        CO_HOSTS_WRITE,
    ),
    Route(
        "consultations.edit",
        "POST",
        lambda w: f"/meetings/{w['consultation_ab']}/edit",
        CO_HOSTS_WRITE_POST,
        data=_meeting_form,
    ),
    Route("consultations.hold", "GET", _lifecycle_url("hold"), A_ONLY_WRITES),
    Route(
        "consultations.hold",
        "POST",
        _lifecycle_url("hold"),
        A_ONLY_WRITES_POST,
        data=lambda w: {"held_on": today().isoformat()},
    ),
    Route("consultations.cancel", "GET", _lifecycle_url("cancel"), A_ONLY_WRITES),
    Route(
        "consultations.cancel",
        "POST",
        _lifecycle_url("cancel"),
        A_ONLY_WRITES_POST,
        data=lambda w: {"reason": "The police station commander could not attend."},
    ),
    Route("consultations.postpone", "GET", _lifecycle_url("postpone"), A_ONLY_WRITES),
    Route(
        "consultations.postpone",
        "POST",
        _lifecycle_url("postpone"),
        A_ONLY_WRITES_POST,
        data=lambda w: {
            "to_on": (w["meeting_a_scheduled_on"] + timedelta(days=7)).isoformat(),
            "reason": "The hall is being renovated.",
        },
    ),
]
