"""Who may read or change plans, comments and activity reports: every plans route asks here.

Deny by default. Drafts are for staff; a plan open for comment, adopted or forwarded is
public, as are submitted activity reports. Only the council's own secretary writes
(records.md, "Who may do what"); the ministry and administrators read.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from safety.accounts.models import Role, User
from safety.db import get_session
from safety.plans.models import ActionPlan, ActivityReport, PlanStatus


def is_council_secretary(user: User, council_id: int) -> bool:
    return user.is_authenticated and user.role == Role.SECRETARY and user.council_id == council_id


def is_council_staff(user: User, council_id: int) -> bool:
    """The council's secretary, the ministry and administrators: they read drafts too."""
    if not user.is_authenticated:
        return False
    return user.role in (Role.MINISTRY, Role.ADMIN) or is_council_secretary(user, council_id)


def can_view_plan(user: User, plan: ActionPlan) -> bool:
    return plan.status != PlanStatus.DRAFT or is_council_staff(user, plan.council_id)


def can_edit_plan(user: User, plan: ActionPlan) -> bool:
    return is_council_secretary(user, plan.council_id)


def can_view_report(user: User, report: ActivityReport) -> bool:
    return report.submitted_on is not None or is_council_staff(user, report.council_id)


def can_edit_report(user: User, report: ActivityReport) -> bool:
    return is_council_secretary(user, report.council_id)


def readable_plan(plan_id: int, *options: Any) -> ActionPlan:
    """The plan, or 404 when it does not exist or the reader may not see it."""
    plan = (
        get_session()
        .scalars(select(ActionPlan).where(ActionPlan.id == plan_id).options(*options))
        .one_or_none()
    )
    if plan is None or not can_view_plan(current_user, plan):
        abort(404)
    return plan


def writable_plan(plan_id: int, *options: Any) -> ActionPlan:
    """404 if the reader may not see the plan, 403 if they may only read it."""
    plan = readable_plan(plan_id, *options)
    if not can_edit_plan(current_user, plan):
        abort(403)
    return plan


def readable_report(report_id: int, *options: Any) -> ActivityReport:
    report = (
        get_session()
        .scalars(select(ActivityReport).where(ActivityReport.id == report_id).options(*options))
        .one_or_none()
    )
    if report is None or not can_view_report(current_user, report):
        abort(404)
    return report


def writable_report(report_id: int, *options: Any) -> ActivityReport:
    report = readable_report(report_id, *options)
    if not can_edit_report(current_user, report):
        abort(403)
    return report
