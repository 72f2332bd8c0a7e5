"""The ministry's reviews of councils and the councils' responses.

The ministry records a review of a council (with the council's findings on the review's date
beside the form), replies and closes; the council's secretary answers. A closed review
refuses new messages with 400 and the reason, saving nothing, as the plans' state refusals do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from safety.accounts.models import Role
from safety.auth import role_required
from safety.compliance import review_access as access
from safety.compliance import reviews as services
from safety.compliance.blueprint import bp
from safety.compliance.evaluation import evaluate_council
from safety.compliance.forms import (
    OVERDUE_ONLY,
    CloseReviewForm,
    ReviewFilterForm,
    ReviewForm,
    ReviewMessageForm,
    ReviewReplyForm,
)
from safety.compliance.models import Review, ReviewStatus
from safety.compliance.review_queries import (
    ReviewFilters,
    council_choices,
    open_reviews_of_council,
    overdue_count,
    review_list_query,
    review_of,
    review_with_thread,
)
from safety.compliance.rules import Status
from safety.councils.forms import EARLIEST_APPOINTMENT
from safety.dates import format_date, today
from safety.db import get_session
from safety.errors import render_error
from safety.pagination import paginate

Page = Response | str | tuple[str, int]

REFUSALS = {
    "closed": _l("This review is closed: it takes no more messages."),
    "already_closed": _l("This review is already closed."),
}

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

NEEDS_ATTENTION = (Status.BREACH, Status.WARNING)


def _link(review_id: int) -> str:
    return url_for("compliance.review", review_id=review_id, _external=True)


def _to_review(review: Review) -> Response:
    return redirect(url_for("compliance.review", review_id=review.id))


def _refused(code: str) -> tuple[str, int]:
    get_session().rollback()
    return render_error(400, str(REFUSALS[code]))


# The list ------------------------------------------------------------------------------------


def _problems(form: ReviewFilterForm) -> str:
    return " ".join(
        f"{form[name].label.text}: {' '.join(str(error) for error in errors)}"
        for name, errors in form.errors.items()
    )


@bp.get("/reviews/")
@role_required(Role.MINISTRY, Role.SECRETARY)
def reviews() -> tuple[str, int]:
    """List reviews, overdue first: all for the ministry, a secretary's council's for them."""
    session = get_session()
    day = today()
    form = ReviewFilterForm(formdata=request.args)
    own_council = current_user.council_id if current_user.role == Role.SECRETARY else None
    form.set_councils(council_choices(session, own_council))
    if not form.validate():
        return render_template(
            "compliance/reviews/index.html", form=form, page=None, day=day, problems=_problems(form)
        ), 400
    filters = ReviewFilters(
        # A secretary's list is their council's whatever the address says.
        council_id=own_council if own_council is not None else form.council_id.data,
        status=ReviewStatus(form.status.data) if form.status.data else None,
        overdue_only=form.overdue.data == OVERDUE_ONLY,
    )
    page = paginate(review_list_query(day, filters), session.scalars, form)
    return render_template(
        "compliance/reviews/index.html",
        form=form,
        page=page,
        day=day,
        show_council_filter=own_council is None,
    ), 200


# A new review --------------------------------------------------------------------------------


def _as_of_argument(raw: str | None, day: date) -> date | None:
    """`?as_of=YYYY-MM-DD` (today when absent), or None when it is not a usable past date."""
    if not raw:
        return day
    if not ISO_DAY.fullmatch(raw):
        return None
    try:
        as_of = date.fromisoformat(raw)
    except ValueError:
        return None
    return as_of if EARLIEST_APPOINTMENT <= as_of <= day else None


@bp.route("/councils/<int:council_id>/reviews/new", methods=["GET", "POST"])
@role_required(Role.MINISTRY)
def new_review(council_id: int) -> Page:
    """Record a review of a council, beside its findings on the review's date."""
    session = get_session()
    day = today()
    as_of = _as_of_argument(request.args.get("as_of"), day)
    if as_of is None:
        return render_error(
            400,
            _(
                "Write the date as year-month-day, from %(first)s to today, for example "
                "%(example)s.",
                first=format_date(EARLIEST_APPOINTMENT),
                example=day.isoformat(),
            ),
        )
    compliance = evaluate_council(session, council_id, as_of)
    if compliance is None:
        abort(404)
    attention = [f for f in compliance.findings if f.status in NEEDS_ATTENTION]
    form = ReviewForm()
    if request.method == "GET":
        form.reviewed_as_of.data = as_of
        form.rules.data = [finding.rule for finding in attention]
    if not form.validate_on_submit():
        return render_template(
            "compliance/reviews/new.html",
            form=form,
            compliance=compliance,
            attention=attention,
        ), 400 if request.method == "POST" else 200
    review = services.open_review(
        session,
        current_user,
        council=compliance.council,
        reviewed_as_of=form.reviewed_as_of.data,
        findings=form.findings.data,
        recommendations=form.recommendations.data,
        respond_by=form.respond_by.data,
        rules=form.rules.data or [],
        link=_link,
    )
    session.commit()
    flash(_("The review has been recorded and the council's secretary informed."), "success")
    return _to_review(review)


# One review and its thread -----------------------------------------------------------------


@dataclass
class ReviewForms:
    respond: ReviewMessageForm | None = None
    reply: ReviewReplyForm | None = None
    close: CloseReviewForm | None = None


def _review_page(review_id: int, forms: ReviewForms, status: int) -> tuple[str, int]:
    review = access.readable(review_with_thread(get_session(), review_id))
    user = current_user
    if forms.respond is None and access.can_respond(user, review):
        forms.respond = ReviewMessageForm(formdata=None)
    if forms.reply is None and access.can_reply(user, review):
        forms.reply = ReviewReplyForm(formdata=None)
    if forms.close is None and access.can_close(user, review):
        forms.close = CloseReviewForm(formdata=None)
    return render_template(
        "compliance/reviews/show.html",
        review=review,
        rules=services.rule_list(review),
        forms=forms,
        is_overdue=review.is_overdue(today()),
    ), status


@bp.get("/reviews/<int:review_id>")
@role_required(*access.READER_ROLES)
def review(review_id: int) -> tuple[str, int]:
    """Show a review: findings, recommendations, deadline, the thread and what may be done."""
    return _review_page(review_id, ReviewForms(), 200)


def _writable(review_id: int, may: Any) -> Review:
    """404 if the reader may not know of the review, 403 if they may not do this to it."""
    review = access.readable(review_of(get_session(), review_id))
    if not may(current_user, review):
        if review.status == ReviewStatus.CLOSED:
            return review  # the service refuses it with the reason
        abort(403)
    return review


@bp.post("/reviews/<int:review_id>/respond")
@role_required(Role.SECRETARY)
def respond_to_review(review_id: int) -> Page:
    """The council's secretary answers the review."""
    session = get_session()
    review = _writable(review_id, access.can_respond)
    form = ReviewMessageForm()
    if review.status == ReviewStatus.CLOSED:
        return _refused("closed")
    if not form.validate():
        session.rollback()
        return _review_page(review_id, ReviewForms(respond=form), 400)
    services.respond(session, current_user, review, body=form.body.data, link=_link)
    session.commit()
    flash(_("Your response has been sent to the ministry."), "success")
    return _to_review(review)


@bp.post("/reviews/<int:review_id>/reply")
@role_required(Role.MINISTRY)
def reply_to_review(review_id: int) -> Page:
    """The ministry writes again; the council is to respond (by a new date, if given)."""
    session = get_session()
    review = _writable(review_id, access.can_reply)
    form = ReviewReplyForm()
    if review.status == ReviewStatus.CLOSED:
        return _refused("closed")
    if not form.validate():
        session.rollback()
        return _review_page(review_id, ReviewForms(reply=form), 400)
    services.reply(
        session,
        current_user,
        review,
        body=form.body.data,
        respond_by=form.respond_by.data,
        link=_link,
    )
    session.commit()
    flash(_("Your message has been sent to the council's secretary."), "success")
    return _to_review(review)


@bp.post("/reviews/<int:review_id>/close")
@role_required(Role.MINISTRY)
def close_review(review_id: int) -> Page:
    """The ministry closes the review."""
    session = get_session()
    review = _writable(review_id, access.can_close)
    form = CloseReviewForm()
    if not form.validate():
        session.rollback()
        return _review_page(review_id, ReviewForms(close=form), 400)
    try:
        services.close(session, current_user, review, day=today())
    except services.ReviewRefusedError as refusal:
        return _refused(refusal.code)
    session.commit()
    flash(_("The review has been closed."), "success")
    return _to_review(review)


# On the home pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewNotice:
    """What a home page says of reviews: a secretary's open ones, or the overdue count."""

    day: date
    open_reviews: list[Review]
    overdue: int


@bp.app_template_global()
def review_notice(council_id: int | None = None) -> ReviewNotice | None:
    """For the council's own secretary, its open reviews; for the ministry, how many are
    overdue; for anyone else None (and no query)."""
    user = current_user
    day = today()
    if council_id is not None and access.is_council_secretary(user, council_id):
        reviews = open_reviews_of_council(get_session(), council_id, day)
        overdue = sum(review.is_overdue(day) for review in reviews)
        return ReviewNotice(day, reviews, overdue)
    if council_id is None and access.is_ministry(user):
        return ReviewNotice(day, [], overdue_count(get_session(), day))
    return None
