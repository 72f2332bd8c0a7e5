"""Public comment on a plan, the council's answers, the consultation report, adoption, forwarding.

Only the council's own secretary opens a period, answers, publishes, adopts and forwards
(`writable_plan`). During the period anyone who can read the plan comments: a verified
organisation's user in its name, everyone else (a pending organisation's users included)
as the public, anonymously, behind the same honeypot and per-address limit as anonymous
concerns. A refusal because of the plan's state answers 400 with the reason and saves nothing.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload
from werkzeug.wrappers import Response

from safety.accounts.models import AttemptKind
from safety.audit.record import set_actor
from safety.consultations.models import COUNCIL_MEETING_KINDS, Meeting, MeetingStatus
from safety.councils.models import Council
from safety.dates import format_date, today, utcnow
from safety.db import get_session
from safety.errors import render_error
from safety.forms import Form
from safety.i18n import current_language
from safety.organisations.models import Organisation, OrganisationStatus
from safety.plans import lifecycle
from safety.plans.access import (
    can_edit_plan,
    is_council_staff,
    readable_plan,
    writable_plan,
)
from safety.plans.blueprint import bp
from safety.plans.comment_forms import (
    AdoptionForm,
    AnswerForm,
    CommentForm,
    CommentPeriodForm,
    ForwardForm,
    PublicCommentForm,
    PublishReportForm,
)
from safety.plans.models import ActionPlan, PlanComment
from safety.plans.services import PlanChangeRefusedError, earliest_record_on
from safety.plans.working_days import (
    MIN_COMMENT_WORKING_DAYS,
    holiday_days,
    period_working_days,
    working_days,
)
from safety.throttle import (
    address_limit_message,
    anonymous_send_refusal,
    client_address_key,
    purge_old_attempts,
    record_address_attempt,
)
from safety.versioning import commit_if_current, rebase_on

Page = Response | str | tuple[str, int]

REFUSALS = {
    "not_draft": _l("A comment period can be opened only on a draft plan."),
    "starts_in_past": _l(
        "The period starts today or later: the plan is public from the day its comment period "
        "is opened here."
    ),
    "ends_before_start": _l("The last day cannot come before the first day."),
    "not_open": _l("This plan is not open for public comment."),
    "not_yet_open": _l("The public comment period on this plan has not started yet."),
    "closed": _l(
        "The public comment period on this plan has ended: comments can no longer be sent."
    ),
    "item_not_in_plan": _l("Choose the whole plan or one of its actions."),
    "no_period": _l("This plan had no public comment period."),
    "report_published": _l(
        "The consultation report has been published: its answers can no longer be changed."
    ),
    "period_running": _l(
        "The comments are answered once the comment period has ended, so that the council "
        "can weigh them together."
    ),
    "no_such_comment": _l("This comment does not exist or has been deleted."),
    "reason_required": _l("Say why the comment was rejected or only partly accepted."),
    "already_published": _l("The consultation report has already been published."),
    "already_adopted": _l("This plan has already been adopted."),
    "no_meeting": _l("Choose the meeting that adopted the plan."),
    "other_council": _l("A plan is adopted at a meeting of its own council."),
    "not_council_meeting": _l(
        "A plan is adopted at a council meeting, not at a public consultation or an activity."
    ),
    "meeting_not_held": _l(
        "A plan can only be adopted at a meeting that was held. Record the meeting as held first."
    ),
    "too_early": _l(
        "The chosen meeting was held too early: a plan is adopted in its own year or the year "
        "before."
    ),
    "before_period": _l(
        "The chosen meeting was held before the comment period began: a plan commented on "
        "after its adoption had no comment period."
    ),
    "not_adopted": _l("Only an adopted plan that has not been sent yet is sent to the Assembly."),
    "forwarded_in_future": _l("This date cannot be in the future."),
    "forwarded_before_adoption": _l("The plan cannot be sent before it was adopted."),
    "reference_required": _l("Enter the Assembly's reference."),
}

ADOPTION_WARNINGS = {
    "no_comment_period": _l(
        "This plan had no public comment period. Adopting it now is recorded as it happened, "
        "and rule R13 (public consultation) will be in breach for this plan."
    ),
    "before_period_end": _l(
        "The meeting was held before the comment period ended: only the working days up to "
        "the adoption count for rule R13."
    ),
    "short_period": _l(
        "The comment period had fewer than %(days)d working days before the adoption: rule "
        "R13 will show a warning for this plan.",
        days=MIN_COMMENT_WORKING_DAYS,
    ),
}


def _refused(code: str, detail: str | None = None) -> tuple[str, int]:
    return render_error(400, detail or str(REFUSALS[code]))


def _to_plan(plan: ActionPlan, anchor: str | None = None) -> Response:
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor=anchor))


def _heading_options() -> tuple[Any, ...]:
    """The plan with its council's name, for the pages' heading."""
    return (joinedload(ActionPlan.council).joinedload(Council.municipality),)


def _comments(session: Session, plan_id: int) -> list[PlanComment]:
    """The plan's comments that are not deleted, oldest first, with organisation and item."""
    return list(
        session.scalars(
            select(PlanComment)
            .where(PlanComment.plan_id == plan_id, PlanComment.deleted_on.is_(None))
            .options(joinedload(PlanComment.organisation), joinedload(PlanComment.item))
            .order_by(PlanComment.submitted_on, PlanComment.id)
        )
    )


def _period_holidays(session: Session, plan: ActionPlan) -> set[date]:
    """The holidays inside the plan's comment period, loaded once per request.

    The plan page's comment and adoption sections both count the period's working days.
    """
    loaded = g.setdefault("plan_period_holidays", {})
    key = (plan.id, plan.comment_starts_on, plan.comment_ends_on)
    if key not in loaded:
        loaded[key] = holiday_days(session, plan.comment_starts_on, plan.comment_ends_on)
    return loaded[key]


def _period_days(session: Session, plan: ActionPlan, until: date | None = None) -> int | None:
    """Working days of the plan's comment period (up to `until` if earlier), or None."""
    if plan.comment_starts_on is None or plan.comment_ends_on is None:
        return None
    end = plan.comment_ends_on if until is None else min(plan.comment_ends_on, until)
    return working_days(plan.comment_starts_on, end, _period_holidays(session, plan))


def _conflict(template: str, plan_id: int, form: Form, **extra: Any) -> tuple[str, int]:
    """409: someone changed the plan since the page was opened; the input stays in the form."""
    get_session().rollback()
    plan = writable_plan(plan_id, *_heading_options())
    rebase_on(form.version, plan)
    return render_template(template, plan=plan, form=form, conflict=True, **extra), 409


# The comment period ---------------------------------------------------------------------------


def suggested_end(session: Session, starts_on: date) -> date:
    """The first day by which a period starting on `starts_on` holds R13's working days."""
    horizon = starts_on + timedelta(days=MIN_COMMENT_WORKING_DAYS * 3)
    holidays = holiday_days(session, starts_on, horizon)
    day = starts_on
    while working_days(starts_on, day, holidays) < MIN_COMMENT_WORKING_DAYS and day < horizon:
        day += timedelta(days=1)
    return day


def _date_argument(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.route("/plans/<int:plan_id>/open-comment", methods=["GET", "POST"])
@login_required
def open_comment(plan_id: int) -> Page:
    """Open a draft plan for public comment: choose the period, see its working days, confirm."""
    session = get_session()
    plan = writable_plan(plan_id, *_heading_options())
    refusal = lifecycle.opening_refusal(plan)
    if refusal:
        return _refused(refusal)
    form = CommentPeriodForm(version=plan.version_id)
    if request.method == "GET":
        # "Change the dates" on the confirmation comes back here with the dates it had.
        form.starts_on.data = _date_argument("starts_on") or today()
        form.ends_on.data = _date_argument("ends_on") or suggested_end(session, form.starts_on.data)

    def page(status: int, **extra: Any) -> tuple[str, int]:
        return render_template(
            "plans/open_comment.html",
            plan=plan,
            form=form,
            minimum=MIN_COMMENT_WORKING_DAYS,
            **extra,
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    days = period_working_days(session, form.starts_on.data, form.ends_on.data)
    if form.confirmed.data != "1":
        form.confirmed.data = "1"
        return page(200, confirm=True, working_days=days, is_short=lifecycle.is_short_period(days))
    try:
        lifecycle.open_comment_period(
            session,
            current_user,
            plan,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            today=today(),
        )
    except PlanChangeRefusedError as refusal_error:
        form.form_errors.append(str(REFUSALS[refusal_error.code]))
        return page(400)
    if not commit_if_current(session, plan, form.version.data):
        # Back to choosing the dates: the period is confirmed again on the current plan.
        form.confirmed.data = ""
        return _conflict("plans/open_comment.html", plan_id, form, minimum=MIN_COMMENT_WORKING_DAYS)
    message = _(
        "The plan is open for public comment from %(start)s to %(end)s (%(days)d working days).",
        start=format_date(form.starts_on.data),
        end=format_date(form.ends_on.data),
        days=days,
    )
    flash(message, "warning" if lifecycle.is_short_period(days) else "success")
    return _to_plan(plan)


# Comments ----------------------------------------------------------------------------------------


def _acting_organisation(session: Session) -> Organisation | None:
    """The verified organisation the current user comments for, if any."""
    if not current_user.is_authenticated or current_user.organisation_id is None:
        return None
    organisation = session.get(Organisation, current_user.organisation_id)
    if organisation is None or not organisation.can_act(current_user):
        return None
    return organisation


def _public_notice(session: Session) -> str | None:
    """Why a CSO user whose organisation cannot act comments as the public, or None."""
    if not current_user.is_authenticated or current_user.organisation_id is None:
        return None
    organisation = session.get(Organisation, current_user.organisation_id)
    if organisation is None:
        return None
    if organisation.status == OrganisationStatus.PENDING:
        return _(
            "Your organisation is waiting for verification by the ministry, so you comment "
            "as a member of the public, not in its name. Once it is verified, its users "
            "comment in its name."
        )
    return _(
        "Your organisation is not verified, so you comment as a member of the public, not "
        "in its name."
    )


def _item_choices(plan: ActionPlan) -> list[tuple[Any, str]]:
    return [
        ("", _("The whole plan")),
        *(
            (item.id, textwrap.shorten(f"{item.position}. {item.activity}", 120, placeholder="…"))
            for item in plan.items
        ),
    ]


@bp.route("/plans/<int:plan_id>/comments/new", methods=["GET", "POST"])
def new_comment(plan_id: int) -> Page:
    """Comment on a plan open for comment, or on one of its actions, while the period runs."""
    session = get_session()
    plan = readable_plan(plan_id, *_heading_options(), selectinload(ActionPlan.items))
    refusal = lifecycle.commenting_refusal(plan, today())
    if refusal:
        return _refused(refusal)
    organisation = _acting_organisation(session)
    form: CommentForm = CommentForm() if organisation else PublicCommentForm()
    form.item_id.choices = _item_choices(plan)
    if request.method == "GET":
        wanted = request.args.get("item", type=int)
        if any(item.id == wanted for item in plan.items):
            form.item_id.data = wanted

    def page(status: int, **extra: Any) -> tuple[str, int]:
        return render_template(
            "plans/comment_form.html",
            plan=plan,
            form=form,
            organisation=organisation,
            public_notice=None if organisation else _public_notice(session),
            **extra,
        ), status

    if request.method == "GET":
        return page(200)
    now = utcnow()
    address = client_address_key()
    if organisation is None:
        screened = anonymous_send_refusal(session, address, form.website.data, now)
        if screened == "limit":
            return page(429, limit_message=address_limit_message(AttemptKind.ANONYMOUS_SUBMISSION))
        if screened == "honeypot":
            # A robot filled the field people cannot see: the attempt counts, nothing else.
            session.commit()
            form.website.data = ""
            form.form_errors.append(
                _(
                    "Your comment has not been saved: a hidden field meant to stop automated "
                    "senders was filled in, perhaps by your browser. Please send the form again."
                )
            )
            return page(400)
    if not form.validate_on_submit():
        return page(400)
    item = next((item for item in plan.items if item.id == form.item_id.data), None)
    if organisation is not None:
        commenter = lifecycle.Commenter(organisation_id=organisation.id, author_id=current_user.id)
    else:
        record_address_attempt(session, AttemptKind.ANONYMOUS_SUBMISSION, address, now)
        purge_old_attempts(session, now)
        # Signed in or not, a public comment is anonymous: the trail does not name an account.
        set_actor(None, "anonymous")
        commenter = lifecycle.Commenter(
            name=form.commenter_name.data, email=form.commenter_email.data
        )
    lifecycle.submit_comment(
        session,
        plan,
        item=item,
        body=form.body.data,
        language=current_language(),
        commenter=commenter,
        today=today(),
    )
    session.commit()
    flash(
        _(
            "Thank you: your comment has been received. The council answers every comment "
            "after the comment period ends and publishes the answers in its consultation report."
        ),
        "success",
    )
    return _to_plan(plan, "comments")


@bp.route("/plans/<int:plan_id>/comments/<int:comment_id>/answer", methods=["GET", "POST"])
@login_required
def answer_comment(plan_id: int, comment_id: int) -> Page:
    """Answer a comment once the period is over: accepted, partly accepted or rejected, why."""
    session = get_session()
    plan = writable_plan(plan_id, *_heading_options())
    comment = session.scalars(
        select(PlanComment)
        .where(
            PlanComment.id == comment_id,
            PlanComment.plan_id == plan.id,
            PlanComment.deleted_on.is_(None),
        )
        .options(joinedload(PlanComment.organisation), joinedload(PlanComment.item))
    ).one_or_none()
    if comment is None:
        abort(404)
    refusal = lifecycle.answering_refusal(plan, today())
    if refusal:
        return _refused(refusal)
    form = AnswerForm()
    if request.method == "GET" and comment.response is not None:
        form.response.data = comment.response
        form.reason.data = comment.response_reason

    def page(status: int) -> tuple[str, int]:
        return render_template(
            "plans/answer_comment.html", plan=plan, comment=comment, form=form
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    try:
        lifecycle.answer_comment(
            plan, comment, response=form.response.data, reason=form.reason.data, today=today()
        )
    except PlanChangeRefusedError as refusal_error:
        form.form_errors.append(str(REFUSALS[refusal_error.code]))
        return page(400)
    session.commit()
    flash(_("The answer has been saved."), "success")
    return _to_plan(plan, "comments")


# The consultation report -------------------------------------------------------------------------


def _report_page(
    session: Session, plan: ActionPlan, form: PublishReportForm | None, status: int, **extra: Any
) -> tuple[str, int]:
    comments = _comments(session, plan.id)
    can_publish = (
        can_edit_plan(current_user, plan)
        and lifecycle.publication_refusal(plan, comments, today()) is None
    )
    if can_publish and form is None:
        form = PublishReportForm(formdata=None, version=plan.version_id)
        form.summary.data = plan.report_summary or None
    return render_template(
        "plans/consultation_report.html",
        plan=plan,
        comments=comments,
        working_days=_period_days(session, plan),
        unanswered_count=len(lifecycle.unanswered(comments)),
        can_edit=can_edit_plan(current_user, plan),
        publish_form=form if can_publish else None,
        today=today(),
        **extra,
    ), status


@bp.get("/plans/<int:plan_id>/consultation-report")
def consultation_report(plan_id: int) -> tuple[str, int]:
    """The consultation report: every comment with its answer; public once published."""
    plan = readable_plan(plan_id, *_heading_options())
    if plan.comment_starts_on is None and plan.report_published_on is None:
        # Without a comment period there is nothing to report on.
        abort(404)
    if plan.report_published_on is None and not is_council_staff(current_user, plan.council_id):
        abort(404)
    return _report_page(get_session(), plan, None, 200)


def _unanswered_message(count: int) -> str:
    return ngettext(
        "%(num)d comment is still unanswered. Answer every comment before publishing the "
        "consultation report.",
        "%(num)d comments are still unanswered. Answer every comment before publishing the "
        "consultation report.",
        count,
    )


@bp.post("/plans/<int:plan_id>/report/publish")
@login_required
def publish_report(plan_id: int) -> Page:
    """Publish the consultation report today, once every comment has its answer."""
    session = get_session()
    plan = writable_plan(plan_id, *_heading_options())
    comments = _comments(session, plan.id)
    refusal = lifecycle.publication_refusal(plan, comments, today())
    if refusal == "unanswered":
        return _refused(refusal, _unanswered_message(len(lifecycle.unanswered(comments))))
    if refusal:
        return _refused(refusal)
    form = PublishReportForm()
    if not form.validate_on_submit():
        return _report_page(session, plan, form, 400)
    lifecycle.publish_consultation_report(
        plan, comments, summary=form.summary.data or "", today=today()
    )
    if not commit_if_current(session, plan, form.version.data):
        session.rollback()
        plan = writable_plan(plan_id, *_heading_options())
        rebase_on(form.version, plan)
        return _report_page(session, plan, form, 409, conflict=True)
    flash(_("The consultation report has been published."), "success")
    return redirect(url_for("plans.consultation_report", plan_id=plan.id))


# Adoption and forwarding ----------------------------------------------------------------------


def _adoption_meetings(session: Session, plan: ActionPlan) -> list[Meeting]:
    """Held council meetings of the plan's council that may have adopted it, newest first."""
    statement = select(Meeting).where(
        Meeting.council_id == plan.council_id,
        Meeting.kind.in_(COUNCIL_MEETING_KINDS),
        Meeting.status == MeetingStatus.HELD,
        Meeting.held_on.is_not(None),
    )
    earliest = earliest_record_on(plan)
    if plan.comment_starts_on is not None:
        earliest = max(earliest, plan.comment_starts_on)
    statement = statement.where(Meeting.held_on >= earliest)
    return list(session.scalars(statement.order_by(Meeting.held_on.desc(), Meeting.id.desc())))


def _warnings(session: Session, plan: ActionPlan, adopted_on: date | None) -> list[str]:
    """R13's warnings for adopting on `adopted_on` (working days counted up to that day)."""
    days = _period_days(session, plan, adopted_on) or 0
    return [
        str(ADOPTION_WARNINGS[code]) for code in lifecycle.adoption_warnings(plan, adopted_on, days)
    ]


@bp.route("/plans/<int:plan_id>/adopt", methods=["GET", "POST"])
@login_required
def adopt(plan_id: int) -> Page:
    """Record the plan's adoption at a held meeting of its council, on that meeting's date."""
    session = get_session()
    plan = writable_plan(plan_id, *_heading_options())
    refusal = lifecycle.adoption_refusal(plan)
    if refusal:
        return _refused(refusal)
    form = AdoptionForm(version=plan.version_id)
    meetings = _adoption_meetings(session, plan)
    form.meeting_id.choices = [
        ("", _("Choose...")),
        *((m.id, f"{format_date(m.held_on)}: {m.title}") for m in meetings),
    ]
    extra: dict[str, Any] = {"meetings": meetings, "warnings": _warnings(session, plan, None)}

    def page(status: int) -> tuple[str, int]:
        return render_template("plans/adopt.html", plan=plan, form=form, **extra), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    meeting = session.get(Meeting, form.meeting_id.data)
    if meeting is not None:
        extra["warnings"] = _warnings(session, plan, meeting.held_on)
    try:
        if meeting is not None and extra["warnings"] and not form.acknowledged.data:
            form.acknowledged.errors = [
                *form.acknowledged.errors,
                _("Tick the box to record the adoption despite the warning."),
            ]
            return page(400)
        lifecycle.adopt_plan(session, current_user, plan, meeting, note=form.note.data)
    except PlanChangeRefusedError as refusal_error:
        form.meeting_id.errors = [*form.meeting_id.errors, str(REFUSALS[refusal_error.code])]
        return page(400)
    if not commit_if_current(session, plan, form.version.data):
        return _conflict("plans/adopt.html", plan_id, form, **extra)
    flash(_("The adoption of the plan has been recorded."), "success")
    return _to_plan(plan, "adoption")


@bp.route("/plans/<int:plan_id>/forward", methods=["GET", "POST"])
@login_required
def forward(plan_id: int) -> Page:
    """Record the day the adopted plan was sent to the Municipal Assembly, with its reference."""
    session = get_session()
    plan = writable_plan(plan_id, *_heading_options())
    refusal = lifecycle.forwarding_refusal(plan)
    if refusal:
        return _refused(refusal)
    form = ForwardForm(adopted_on=plan.adopted_on, version=plan.version_id)
    if request.method == "GET":
        form.forwarded_on.data = today()

    def page(status: int) -> tuple[str, int]:
        return render_template("plans/forward.html", plan=plan, form=form), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    try:
        lifecycle.forward_plan(
            session,
            current_user,
            plan,
            forwarded_on=form.forwarded_on.data,
            reference=form.assembly_reference.data,
            today=today(),
        )
    except PlanChangeRefusedError as refusal_error:
        form.forwarded_on.errors = [*form.forwarded_on.errors, str(REFUSALS[refusal_error.code])]
        return page(400)
    if not commit_if_current(session, plan, form.version.data):
        return _conflict("plans/forward.html", plan_id, form)
    flash(_("The plan is recorded as sent to the Municipal Assembly."), "success")
    return _to_plan(plan, "adoption")


# What the plan page asks of this module -----------------------------------------------------------


@dataclass
class Consultation:
    """The plan page's comment section: the period, the comments, what the reader may do."""

    comments: list[PlanComment]
    working_days: int | None
    is_short: bool
    can_edit: bool
    can_open: bool
    can_comment: bool
    can_answer: bool
    can_publish: bool
    unanswered_count: int
    shows_private: bool
    # Answers can change until the report is published: until then they are staff's.
    shows_answers: bool
    report_visible: bool
    refusal: str | None = None
    minimum: int = MIN_COMMENT_WORKING_DAYS


@bp.app_template_global()
def plan_consultation(plan: ActionPlan) -> Consultation:
    """The comment section of `plan`'s page (two queries: the comments, the holidays)."""
    session = get_session()
    day = today()
    comments = _comments(session, plan.id)
    days = _period_days(session, plan)
    editor = can_edit_plan(current_user, plan)
    staff = is_council_staff(current_user, plan.council_id)
    commenting = lifecycle.commenting_refusal(plan, day)
    return Consultation(
        comments=comments,
        working_days=days,
        is_short=days is not None and lifecycle.is_short_period(days),
        can_edit=editor,
        can_open=editor and lifecycle.opening_refusal(plan) is None,
        can_comment=commenting is None,
        can_answer=editor and lifecycle.answering_refusal(plan, day) is None,
        can_publish=editor and lifecycle.publication_refusal(plan, comments, day) is None,
        unanswered_count=len(lifecycle.unanswered(comments)),
        shows_private=staff,
        shows_answers=staff or plan.report_published_on is not None,
        report_visible=plan.comment_starts_on is not None
        and (plan.report_published_on is not None or staff),
        refusal=commenting,
    )


@dataclass
class Adoption:
    """The plan page's adoption section: the meeting, R13's warnings, what the secretary may do."""

    meeting: Meeting | None
    links_meeting: bool
    warnings: list[str]
    can_adopt: bool
    can_forward: bool


@bp.app_template_global()
def plan_adoption(plan: ActionPlan) -> Adoption:
    """The adoption section of `plan`'s page (the meeting, if not loaded yet; the holidays)."""
    session = get_session()
    editor = can_edit_plan(current_user, plan)
    meeting = None
    warnings: list[str] = []
    if plan.adopted_at_meeting_id is not None:
        meeting = session.get(Meeting, plan.adopted_at_meeting_id)
        warnings = _warnings(session, plan, plan.adopted_on)
    return Adoption(
        meeting=meeting,
        # Council meetings are staff pages; consultations are public.
        links_meeting=meeting is not None
        and (meeting.kind.is_public or is_council_staff(current_user, plan.council_id)),
        warnings=warnings,
        can_adopt=editor and lifecycle.adoption_refusal(plan) is None,
        can_forward=editor and lifecycle.forwarding_refusal(plan) is None,
    )
