"""Raising a concern three ways, the confirmation, and the submitter's private tracking page.

A verified organisation's user submits for it (`submit`); the council's own secretary enters
a concern raised by telephone, on paper or at a meeting (`new`); anyone may use a council's
public form (`report`), protected by a honeypot and a per-address limit, and treated as
anonymous even when signed in. Before saving, similar open concerns of the council are shown
once; the public and organisations see only public, reviewed ones among them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as browser_session
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from safety.accounts.models import AttemptKind, User
from safety.audit.record import set_actor
from safety.concerns import cases
from safety.concerns.access import is_council_secretary, keep_submitter_out_of_the_trail
from safety.concerns.answer_days import answer_days_today
from safety.concerns.blueprint import bp
from safety.concerns.deadlines import deadline
from safety.concerns.intake import (
    ConcernDetails,
    Submission,
    Submitter,
    councils_by_name,
    create_concern,
    followed_council_ids,
)
from safety.concerns.intake_forms import (
    ConcernFieldsForm,
    ReopenForm,
    ReportForm,
    StaffConcernForm,
    SubmitForm,
)
from safety.concerns.models import Concern, ConcernChannel
from safety.concerns.queries import council_or_404
from safety.concerns.similar import SimilarConcern, similar_concerns
from safety.concerns.tracking import concern_by_token, concern_history
from safety.councils.models import Council
from safety.dates import today, utcnow
from safety.db import get_session
from safety.errors import render_error
from safety.i18n import current_language
from safety.organisations.models import Organisation, OrganisationStatus
from safety.throttle import (
    address_limit_message,
    anonymous_send_refusal,
    client_address_key,
    purge_old_attempts,
    record_address_attempt,
)

Page = Response | str | tuple[str, int]

RECEIPT_KEY = "concern_receipt"
"""Where the public form's confirmation waits, in the sender's own session, to be shown once."""


@bp.app_template_global("can_enter_concerns")
def can_enter_concerns(council_id: int) -> bool:
    """May the current user enter concerns raised with this council (its secretary)?"""
    return is_council_secretary(current_user, council_id)


def _details(form: ConcernFieldsForm) -> ConcernDetails:
    return ConcernDetails(
        title=form.title.data,
        description=form.description.data,
        category=form.category.data,
        settlement=form.settlement.data,
        communities=form.communities.data or (),
        observed_on=form.observed_on.data,
        latitude=form.latitude.data,
        longitude=form.longitude.data,
    )


def _similar(
    session: Session, council_id: int, form: ConcernFieldsForm, *, public_only: bool
) -> list[SimilarConcern]:
    """Open concerns of the council like this one; only public, reviewed ones if asked."""
    text = f"{form.title.data} {form.description.data}"
    return similar_concerns(session, council_id, text, public_only=public_only)


def _suggest_first(
    session: Session, council_id: int, form: ConcernFieldsForm, *, public_only: bool
) -> list[SimilarConcern]:
    """Similar concerns to show before saving, once: empty when there are none or they were."""
    if form.checked.data:
        return []
    similar = _similar(session, council_id, form, public_only=public_only)
    if similar:
        form.checked.data = "1"
    return similar


def _tracking_link(token: str) -> str:
    return url_for("concerns.track", token=token, _external=True)


def _create(
    session: Session,
    council: Council,
    form: ConcernFieldsForm,
    submitter: Submitter,
    *,
    actor: User | None,
    **options: Any,
) -> Submission:
    return create_concern(
        session,
        actor,
        council=council,
        details=_details(form),
        submitter=submitter,
        tracking_link=_tracking_link,
        answer_days=answer_days_today(),
        **options,
    )


def _private(response: Response) -> Response:
    """A page holding or reached by a secret link: no cache, no Referer, no index."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# -- The public form ------------------------------------------------------------------------


@bp.route("/councils/<int:council_id>/concerns/report", methods=["GET", "POST"])
def report(council_id: int) -> Page:
    """Raise a concern with a council through its public form, without an account."""
    session = get_session()
    council = council_or_404(session, council_id)
    form = ReportForm()

    def page(status: int, **extra: Any) -> tuple[str, int]:
        return render_template("concerns/report.html", council=council, form=form, **extra), status

    if request.method == "GET":
        return page(200)
    now = utcnow()
    address = client_address_key()
    refusal = anonymous_send_refusal(session, address, form.website.data, now)
    if refusal == "limit":
        return page(429, limit_message=address_limit_message(AttemptKind.ANONYMOUS_SUBMISSION))
    if refusal == "honeypot":
        # A robot filled the field people cannot see: nothing is saved and the attempt counts
        # against the address. A person whose browser filled it in sends the form again.
        session.commit()
        form.website.data = ""
        form.form_errors.append(
            _(
                "Your concern has not been saved: a hidden field meant to stop automated "
                "senders was filled in, perhaps by your browser. Please send the form again."
            )
        )
        return page(400)
    if not form.validate_on_submit():
        return page(400)
    similar = _suggest_first(session, council.id, form, public_only=True)
    if similar:
        return page(200, similar=similar)
    record_address_attempt(session, AttemptKind.ANONYMOUS_SUBMISSION, address, now)
    purge_old_attempts(session, now)
    # Signed in or not, the public form is anonymous: the trail does not name an account.
    set_actor(None, "anonymous")
    submission = _create(
        session,
        council,
        form,
        Submitter(
            channel=ConcernChannel.PUBLIC_FORM,
            submitted_on=today(),
            name=form.submitter_name.data,
            email=form.submitter_email.data,
        ),
        actor=None,
        reviewed_on=None,
        with_tracking=True,
        languages=[current_language()],
    )
    session.commit()
    browser_session[RECEIPT_KEY] = {
        "reference": submission.concern.reference,
        "council_id": council.id,
        "token": submission.tracking_token,
        "emailed": submission.emailed,
    }
    return redirect(url_for("concerns.submitted"))


@bp.get("/concerns/submitted")
def submitted() -> Response:
    """Show the public form's confirmation once: the reference and the private link."""
    receipt = browser_session.pop(RECEIPT_KEY, None)
    council = None
    if receipt is not None:
        council = council_or_404(get_session(), receipt["council_id"])
    response = make_response(
        render_template(
            "concerns/submitted.html",
            receipt=receipt,
            council=council,
            tracking_url=_tracking_link(receipt["token"]) if receipt else None,
        )
    )
    return _private(response)


# -- An organisation's concern --------------------------------------------------------------


def _refusal_for(organisation: Organisation | None) -> str:
    """Why this user may not submit in an organisation's name, in a sentence or two."""
    if organisation is None:
        return _(
            "Concerns are submitted here by users of a verified civil-society organisation. "
            "Anyone can raise a concern through a council's public form, on its page."
        )
    if organisation.status == OrganisationStatus.PENDING:
        return _(
            "Your organisation is waiting for verification by the ministry. You can submit "
            "concerns in its name once it is verified; until then, anyone can raise a concern "
            "through a council's public form."
        )
    return _(
        "Your organisation's registration was rejected or its verification withdrawn, so "
        "its users cannot submit concerns in its name. Its page gives the reviewer's reason; "
        "correcting the details asks for a new review."
    )


def _set_council_choices(form: SubmitForm, session: Session, followed: set[int]) -> None:
    """Every council, those where the organisation works first; the first of them by default."""
    language = current_language()
    councils = councils_by_name(session, language)
    mine = [(c.id, c.municipality.name(language)) for c in councils if c.id in followed]
    others = [(c.id, c.municipality.name(language)) for c in councils if c.id not in followed]
    if not mine:
        form.council_id.choices = [("", _("Choose...")), *others]
        return
    form.council_id.choices = {
        _("Where your organisation works"): mine,
        _("Other councils"): others,
    }
    if request.method == "GET":
        form.council_id.data = mine[0][0]


@bp.route("/concerns/submit", methods=["GET", "POST"])
@login_required
def submit() -> Page:
    """Submit a concern in the name of one's verified organisation, to any council."""
    session = get_session()
    keep_submitter_out_of_the_trail(current_user)
    organisation = None
    if current_user.organisation_id is not None:
        organisation = session.get(Organisation, current_user.organisation_id)
    if organisation is None or not organisation.can_act(current_user):
        return render_error(403, _refusal_for(organisation))
    form = SubmitForm()
    _set_council_choices(form, session, followed_council_ids(session, organisation.id))

    def page(status: int, **extra: Any) -> tuple[str, int]:
        return render_template(
            "concerns/submit.html", form=form, organisation=organisation, **extra
        ), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    council = council_or_404(session, form.council_id.data)
    similar = _suggest_first(session, council.id, form, public_only=True)
    if similar:
        return page(200, similar=similar, council=council)
    submission = _create(
        session,
        council,
        form,
        Submitter(
            channel=ConcernChannel.ORGANISATION,
            submitted_on=today(),
            organisation_id=organisation.id,
            user_id=current_user.id,
            name=current_user.full_name,
            email=current_user.email,
        ),
        actor=current_user,
        # The council's secretary reviews it before the public may read it.
        reviewed_on=None,
        with_tracking=False,
        languages=[current_language()],
    )
    session.commit()
    flash(
        _(
            "Your organisation's concern has been submitted with the reference %(reference)s. "
            "The council's answers will appear here.",
            reference=submission.concern.reference,
        ),
        "success",
    )
    return redirect(url_for("concerns.show", concern_id=submission.concern.id))


# -- The secretary's entry ------------------------------------------------------------------


@bp.route("/councils/<int:council_id>/concerns/new", methods=["GET", "POST"])
@login_required
def new(council_id: int) -> Page:
    """Enter a concern raised by telephone, on paper, at a meeting, in person or by e-mail."""
    session = get_session()
    council = council_or_404(session, council_id)
    if not is_council_secretary(current_user, council.id):
        abort(403)
    form = StaffConcernForm()
    if request.method == "GET":
        form.submitted_on.data = today()

    def page(status: int, **extra: Any) -> tuple[str, int]:
        return render_template("concerns/new.html", council=council, form=form, **extra), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    similar = _suggest_first(session, council.id, form, public_only=False)
    if similar:
        return page(200, similar=similar)
    submission = _create(
        session,
        council,
        form,
        Submitter(
            channel=form.channel.data,
            submitted_on=form.submitted_on.data,
            name=form.submitter_name.data,
            email=form.submitter_email.data,
            phone=form.submitter_phone.data,
        ),
        actor=current_user,
        # Entered by the secretary: reviewed as it is entered.
        reviewed_on=today(),
        with_tracking=bool(form.submitter_email.data),
        # The citizen's language is not known: the receipt is written in each language.
        languages=current_app.config["LANGUAGES"],
    )
    session.commit()
    message = _(
        "The concern has been saved with the reference %(reference)s.",
        reference=submission.concern.reference,
    )
    if submission.emailed:
        message = " ".join(
            [
                message,
                _(
                    "An e-mail with the reference and a private link to follow the concern "
                    "will be sent to the citizen."
                ),
            ]
        )
    flash(message, "success")
    return redirect(url_for("concerns.show", concern_id=submission.concern.id))


# -- The submitter's tracking page ----------------------------------------------------------


def _tracked(token: str) -> Concern:
    concern = concern_by_token(get_session(), token)
    if concern is None:
        abort(404)
    return concern


def _tracking_page(
    template: str, concern: Concern, token: str, form: ReopenForm, status: int
) -> Response:
    session = get_session()
    history = concern_history(session, concern.id)
    page = render_template(
        template,
        concern=concern,
        token=token,
        history=history,
        deadline=deadline(
            submitted_on=concern.submitted_on,
            reopened_on=concern.reopened_on,
            events=history,
            today=today(),
            days=answer_days_today(),
        ),
        can_reopen=concern.reopened_on is None and concern.status in cases.REOPENABLE,
        form=form,
    )
    return _private(make_response(page, status))


@bp.get("/track/<token>")
def track(token: str) -> Response:
    """The submitter's private page: status, due date and every answer, without an account."""
    concern = _tracked(token)
    return _tracking_page("concerns/track.html", concern, token, ReopenForm(formdata=None), 200)


REOPEN_REFUSALS: dict[str, Callable[[], str]] = {
    "already_reopened": lambda: _("This concern has already been reopened once."),
    "not_reopenable": lambda: _("Only a resolved or rejected concern can be reopened."),
    "reason_required": lambda: _("Say why the concern should be looked at again."),
    "deleted": lambda: _("This concern has been deleted."),
}


@bp.post("/track/<token>/reopen")
def reopen(token: str) -> Response:
    """Reopen a resolved or rejected concern once, with a reason, through the private link."""
    concern = _tracked(token)
    form = ReopenForm()
    if not form.validate_on_submit():
        return _tracking_page("concerns/reopen.html", concern, token, form, 400)
    session = get_session()
    try:
        cases.reopen(session, concern, form.reason.data, today())
    except cases.CaseChangeRefusedError as refusal:
        session.rollback()
        form.reason.errors = [*form.reason.errors, REOPEN_REFUSALS[refusal.code]()]
        return _tracking_page("concerns/reopen.html", _tracked(token), token, form, 400)
    session.commit()
    flash(_("The concern has been reopened. The council will look at it again."), "success")
    return _private(redirect(url_for("concerns.track", token=token)))
