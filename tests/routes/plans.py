"""The plans slice's shared world; its routes are listed by job in `plans_*.py`.

Council A has: the 2025 plan, adopted at the meeting of 1 April 2025 and forwarded, with
items and an answered comment; a 2026 draft; a 2027 plan open for comment around today.
It has a submitted annual report for 2024 and a mid-year draft for 2025. Council B has a
draft plan and a draft report that council A's secretary must never see.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safety.dates import today
from safety.plans.models import (
    CommentResponse,
    ItemStatus,
    PlanStatus,
    ReportKind,
)
from tests.routes.base import Route, World

ROUTES: list[Route] = []


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    council_a = request.getfixturevalue("council_a")
    council_b = request.getfixturevalue("council_b")
    make_plan = request.getfixturevalue("make_plan")
    make_item = request.getfixturevalue("make_item")
    make_comment = request.getfixturevalue("make_comment")
    make_report = request.getfixturevalue("make_report")

    plan_a = make_plan(
        council_a,
        year=2025,
        status=PlanStatus.FORWARDED_TO_ASSEMBLY,
        comment_starts_on=date(2025, 2, 3),
        comment_ends_on=date(2025, 2, 28),
        adopted_on=date(2025, 4, 1),
        adopted_at_meeting_id=world["meeting_a_next"],
        report_published_on=date(2025, 4, 10),
        forwarded_on=date(2025, 4, 15),
        assembly_reference="01-016/25-0415",
    )
    item_a = make_item(
        plan_a, history=[(ItemStatus.IN_PROGRESS, date(2025, 3, 1), None)], progress=40
    )
    comment_a = make_comment(
        plan_a,
        commenter_name="Private Commenter",
        commenter_email="commenter@example.org",
        response=CommentResponse.ACCEPTED,
        response_reason="Added as item 3.",
        responded_on=date(2025, 3, 5),
    )
    plan_a_draft = make_plan(council_a, year=2026, title="Draft plan of council A for 2026")
    draft_item = make_item(plan_a_draft)
    now = today()
    plan_a_open = make_plan(
        council_a,
        year=2027,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=now - timedelta(days=5),
        comment_ends_on=now + timedelta(days=25),
    )
    plan_b = make_plan(council_b, year=2026, title="Draft plan of council B")
    report_a = make_report(council_a, year=2024, submitted_on=date(2025, 1, 20))
    report_a_draft = make_report(council_a, kind=ReportKind.MIDYEAR, year=2025)
    report_b = make_report(council_b, year=2024, body="<p>Draft report of council B</p>")
    return {
        "plan_a": plan_a.id,
        "plan_a_version": plan_a.version_id,
        "item_a": item_a.id,
        "item_a_version": item_a.version_id,
        "comment_a": comment_a.id,
        "plan_a_draft": plan_a_draft.id,
        "plan_a_draft_title": plan_a_draft.title,
        "plan_a_draft_version": plan_a_draft.version_id,
        "draft_item": draft_item.id,
        "draft_item_version": draft_item.version_id,
        "plan_a_open": plan_a_open.id,
        "plan_a_open_version": plan_a_open.version_id,
        "plan_b": plan_b.id,
        "plan_b_title": plan_b.title,
        "report_a": report_a.id,
        "report_a_draft": report_a_draft.id,
        "report_a_draft_version": report_a_draft.version_id,
        "report_b": report_b.id,
    }
