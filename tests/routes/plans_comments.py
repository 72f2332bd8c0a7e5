"""Routes of public comment, the consultation report, adoption, forwarding and the holiday table.

Anyone who can read a plan open for comment comments on it (`plan_a_open`): a verified CSO in
its organisation's name, everyone else as the public. Only council A's secretary opens a
period (on the 2026 draft), answers, publishes, adopts and forwards; the ministry and
administrators read plans but change none (403), council B's secretary cannot see A's draft
(404). The holiday table is for administrators only.

This world adds council A's 2023 plan, whose comment period has ended with one comment still
unanswered (answered, then adopted at a meeting of March 2023), and its 2022 plan, adopted with
every comment answered but neither its report published nor the plan forwarded yet.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safety.consultations.models import MeetingStatus
from safety.dates import today
from safety.plans.models import CommentResponse, Holiday, HolidayKind, PlanStatus
from tests.routes.base import Route, World, only, statuses

# A comment is sent by anyone, signed in or not: success is a redirect to the plan.
ANONYMOUS_SUCCESS_REDIRECTS = {("plans.new_comment", "POST")}


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    session = request.getfixturevalue("session")
    council_a = request.getfixturevalue("council_a")
    make_plan = request.getfixturevalue("make_plan")
    make_comment = request.getfixturevalue("make_comment")
    make_meeting = request.getfixturevalue("make_meeting")

    closed = make_plan(
        council_a,
        year=2023,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=date(2023, 1, 16),
        comment_ends_on=date(2023, 2, 10),
    )
    unanswered = make_comment(
        closed,
        submitted_on=date(2023, 1, 20),
        commenter_name="Hidden Commenter",
        commenter_email="hidden@example.org",
    )
    adoption_meeting = make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=date(2023, 3, 7)
    )
    answered_meeting = make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=date(2022, 3, 1)
    )
    answered = make_plan(
        council_a,
        year=2022,
        status=PlanStatus.ADOPTED,
        comment_starts_on=date(2022, 1, 17),
        comment_ends_on=date(2022, 2, 11),
        adopted_on=date(2022, 3, 1),
        adopted_at_meeting_id=answered_meeting.id,
    )
    make_comment(
        answered,
        submitted_on=date(2022, 1, 25),
        response=CommentResponse.PARTLY_ACCEPTED,
        response_reason="The lighting is in item 2; the cameras are not the council's to buy.",
        responded_on=date(2022, 2, 20),
    )
    holiday = Holiday(
        day=date(2026, 5, 11),
        name_sq="Dita e Evropës (ditë pushimi e shtyrë)",
        name_sr="Dan Evrope (slobodan dan)",
        name_en="Europe Day (observed)",
        kind=HolidayKind.SUBSTITUTE,
    )
    session.add(holiday)
    session.commit()
    return {
        "plan_a_closed": closed.id,
        "plan_a_closed_version": closed.version_id,
        "comment_unanswered": unanswered.id,
        "adoption_meeting": adoption_meeting.id,
        "plan_a_answered": answered.id,
        "plan_a_answered_version": answered.version_id,
        "holiday": holiday.id,
    }


def _open_comment_url(world: World) -> str:
    return f"/plans/{world['plan_a_draft']}/open-comment"


def _period(world: World) -> dict[str, object]:
    return {
        "starts_on": today().isoformat(),
        "ends_on": (today() + timedelta(days=30)).isoformat(),
        "confirmed": "1",
        "version": world["plan_a_draft_version"],
    }


def _comment_url(world: World) -> str:
    return f"/plans/{world['plan_a_open']}/comments/new"


def _comment(world: World) -> dict[str, object]:
    return {"item_id": "", "body": "Please light the path behind the school as well."}


def _answer_url(world: World) -> str:
    return f"/plans/{world['plan_a_closed']}/comments/{world['comment_unanswered']}/answer"


def _answer(world: World) -> dict[str, object]:
    return {"response": "rejected", "reason": "Street cameras are the police's to decide."}


def _adopt_url(world: World) -> str:
    return f"/plans/{world['plan_a_closed']}/adopt"


def _adoption(world: World) -> dict[str, object]:
    return {
        "meeting_id": world["adoption_meeting"],
        "version": world["plan_a_closed_version"],
    }


def _forward_url(world: World) -> str:
    return f"/plans/{world['plan_a_answered']}/forward"


def _forwarding(world: World) -> dict[str, object]:
    return {
        "forwarded_on": "2022-03-10",
        "assembly_reference": "01-016/22-0310",
        "version": world["plan_a_answered_version"],
    }


def _holiday_form(world: World) -> dict[str, object]:
    return {
        "day": "2026-11-28",
        "name_sq": "Dita e Flamurit",
        "name_sr": "Dan zastave",
        "name_en": "Flag Day",
        "kind": "other",
    }


def _on_a_draft(ok: int) -> dict[str, int]:
    """Council A's draft: its secretary acts, ministry and admin read only, others see nothing."""
    return statuses(404, anonymous=302, secretary_a=ok, ministry=403, admin=403)


ROUTES: list[Route] = [
    Route("plans.open_comment", "GET", _open_comment_url, _on_a_draft(200)),
    Route("plans.open_comment", "POST", _open_comment_url, _on_a_draft(302), data=_period),
    Route("plans.new_comment", "GET", _comment_url, statuses(200)),
    Route("plans.new_comment", "POST", _comment_url, statuses(302), data=_comment),
    Route("plans.answer_comment", "GET", _answer_url, only(200, "secretary_a")),
    Route("plans.answer_comment", "POST", _answer_url, only(302, "secretary_a"), data=_answer),
    Route(
        "plans.consultation_report",
        "GET",
        lambda w: f"/plans/{w['plan_a']}/consultation-report",
        statuses(200),
    ),
    Route(
        "plans.publish_report",
        "POST",
        lambda w: f"/plans/{w['plan_a_answered']}/report/publish",
        only(302, "secretary_a"),
        data=lambda w: {
            "summary": "Announced on the municipality's notice board and website.",
            "version": w["plan_a_answered_version"],
        },
    ),
    Route("plans.adopt", "GET", _adopt_url, only(200, "secretary_a")),
    Route("plans.adopt", "POST", _adopt_url, only(302, "secretary_a"), data=_adoption),
    Route("plans.forward", "GET", _forward_url, only(200, "secretary_a")),
    Route("plans.forward", "POST", _forward_url, only(302, "secretary_a"), data=_forwarding),
    Route("plans.holidays", "GET", lambda w: "/admin/holidays", only(200, "admin")),
    Route("plans.new_holiday", "GET", lambda w: "/admin/holidays/new", only(200, "admin")),
    Route(
        "plans.new_holiday",
        "POST",
        lambda w: "/admin/holidays/new",
        only(302, "admin"),
        data=_holiday_form,
    ),
    Route(
        "plans.edit_holiday",
        "GET",
        lambda w: f"/admin/holidays/{w['holiday']}/edit",
        only(200, "admin"),
    ),
    Route(
        "plans.edit_holiday",
        "POST",
        lambda w: f"/admin/holidays/{w['holiday']}/edit",
        only(302, "admin"),
        data=_holiday_form,
    ),
    Route(
        "plans.delete_holiday",
        "POST",
        lambda w: f"/admin/holidays/{w['holiday']}/delete",
        only(302, "admin"),
    ),
]
