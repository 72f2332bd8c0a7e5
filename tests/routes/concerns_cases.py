"""Routes of case handling: the concern page, status changes, review, notes, deletion, agendas
and the council's answer templates.

The page of council A's public, reviewed concern opens for everyone. The write routes are
tried on the restricted concern: only council A's secretary handles it; the ministry and
administrators read it but may not handle it (403); everyone else may not know it exists
(404). Answer templates belong to council A's secretary alone.
"""

from __future__ import annotations

import pytest

from safety.concerns.models import Concern, ResponseTemplate
from tests.routes.base import Route, World, only, statuses

# The restricted concern: handled by A's secretary, read-only for the ministry and admins.
RESTRICTED_PAGE = statuses(404, anonymous=302, secretary_a=200, ministry=403, admin=403)
RESTRICTED_POST = {**RESTRICTED_PAGE, "secretary_a": 302}


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    session = request.getfixturevalue("session")
    restricted = session.get(Concern, world["concern_a_restricted"])
    template = ResponseTemplate(
        council_id=world["council_a"],
        language="en",
        title="Passed to the police",
        body="We have passed your concern to the police station and will tell you the outcome.",
    )
    session.add(template)
    session.commit()
    return {
        "cases_restricted_version": restricted.version_id,
        "cases_template_a": template.id,
    }


def _restricted(path: str = "") -> object:
    return lambda w: f"/concerns/{w['concern_a_restricted']}{path}"


def _templates(path: str = "") -> object:
    return lambda w: f"/councils/{w['council_a']}/answer-templates{path}"


def _template(path: str) -> object:
    return lambda w: f"/councils/{w['council_a']}/answer-templates/{w['cases_template_a']}{path}"


def _status(world: World) -> dict[str, object]:
    return {
        "status": "referred",
        "answer": "We have referred your concern to the police station.",
        "answer_channel": "in_app",
        "referred_to": "police_station",
        "referred_to_name": "Police station of the centre",
        "version": str(world["cases_restricted_version"]),
    }


def _review(world: World) -> dict[str, object]:
    return {
        "reviewed": "y",
        "category": "domestic_violence",
        "sensitivity": "restricted",
        "settlement": "Ulpiana",
        "communities": ["albanian"],
        "version": str(world["cases_restricted_version"]),
    }


def _template_form(world: World) -> dict[str, object]:
    return {
        "title": "Under review",
        "language": "sq",
        "body": "Shqetësimi juaj është në shqyrtim.",
    }


ROUTES: list[Route] = [
    Route(
        "concerns.show",
        "GET",
        lambda w: f"/concerns/{w['concern_a']}",
        statuses(200),
    ),
    Route(
        "concerns.add_note",
        "POST",
        _restricted("/notes"),
        RESTRICTED_POST,
        data=lambda w: {"body": "Called the family; the police are informed."},
    ),
    Route("concerns.change_status", "GET", _restricted("/status"), RESTRICTED_PAGE),
    Route("concerns.change_status", "POST", _restricted("/status"), RESTRICTED_POST, data=_status),
    Route("concerns.edit", "GET", _restricted("/edit"), RESTRICTED_PAGE),
    Route("concerns.edit", "POST", _restricted("/edit"), RESTRICTED_POST, data=_review),
    Route("concerns.delete", "GET", _restricted("/delete"), RESTRICTED_PAGE),
    Route(
        "concerns.delete",
        "POST",
        _restricted("/delete"),
        RESTRICTED_POST,
        data=lambda w: {"reason": "Entered twice by mistake."},
    ),
    Route("concerns.link_meeting", "GET", _restricted("/meetings"), RESTRICTED_PAGE),
    Route(
        "concerns.link_meeting",
        "POST",
        _restricted("/meetings"),
        RESTRICTED_POST,
        data=lambda w: {"meeting": str(w["meeting_a_scheduled"])},
    ),
    Route("concerns.templates", "GET", _templates(), only(200, "secretary_a")),
    Route("concerns.new_template", "GET", _templates("/new"), only(200, "secretary_a")),
    Route(
        "concerns.new_template",
        "POST",
        _templates("/new"),
        only(302, "secretary_a"),
        data=_template_form,
    ),
    Route("concerns.edit_template", "GET", _template("/edit"), only(200, "secretary_a")),
    Route(
        "concerns.edit_template",
        "POST",
        _template("/edit"),
        only(302, "secretary_a"),
        data=_template_form,
    ),
    Route("concerns.delete_template", "POST", _template("/delete"), only(302, "secretary_a")),
]
