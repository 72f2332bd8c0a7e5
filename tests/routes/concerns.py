"""The concerns slice's shared world; its routes are listed by job in `concerns_*.py`.

Council A has: a public, reviewed concern submitted by the verified CSO's organisation and
answered once; a restricted domestic-violence concern entered by phone with the caller's
name; an anonymous public-form concern not yet reviewed, with a tracking token. Council B
has one concern that council A's secretary must never see.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from safety.concerns.models import (
    ConcernCategory,
    ConcernChannel,
    ConcernStatus,
    Sensitivity,
)
from tests.routes.base import Route, World

ROUTES: list[Route] = []

TRACKING_TOKEN = "tracking-token-of-the-anonymous-concern-0123456789"


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    council_a = request.getfixturevalue("council_a")
    council_b = request.getfixturevalue("council_b")
    make_concern = request.getfixturevalue("make_concern")
    cso = world["users"]["cso"]

    concern_a = make_concern(
        council_a,
        title="Unlit underpass at Dardania",
        channel=ConcernChannel.ORGANISATION,
        organisation_id=cso.organisation_id,
        submitted_by_id=cso.id,
        submitter_name="Vjosa CSO Officer",
        submitter_email="officer@cso.example.org",
        history=[(ConcernStatus.UNDER_REVIEW, date(2025, 3, 10), "We are looking into it.")],
    )
    concern_a_restricted = make_concern(
        council_a,
        title="Restricted matter in Ulpiana",
        description="Restricted text that must never leak.",
        category=ConcernCategory.DOMESTIC_VIOLENCE,
        sensitivity=Sensitivity.RESTRICTED,
        channel=ConcernChannel.PHONE,
        submitter_name="Hidden Caller",
        submitter_phone="+383 44 000 111",
    )
    concern_a_anonymous = make_concern(
        council_a,
        title="Stray dogs near the bus station",
        channel=ConcernChannel.PUBLIC_FORM,
        reviewed_on=None,
        submitter_email="citizen@example.org",
        tracking_token_hash=hashlib.sha256(TRACKING_TOKEN.encode()).hexdigest(),
    )
    concern_b = make_concern(
        council_b,
        title="Concern of council B",
        submitter_name="Council B Caller",
    )
    return {
        "concern_a": concern_a.id,
        "concern_a_version": concern_a.version_id,
        "concern_a_title": concern_a.title,
        "concern_a_restricted": concern_a_restricted.id,
        "concern_a_anonymous": concern_a_anonymous.id,
        "tracking_token": TRACKING_TOKEN,
        "concern_b": concern_b.id,
        "concern_b_title": concern_b.title,
    }
