"""CSO self-registration, the organisation list, organisation pages and verification."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from safety.accounts.models import AttemptKind, User
from safety.audit.models import AuditAction
from safety.audit.record import record
from safety.collation import collate
from safety.concerns.tracking import organisation_home
from safety.councils.models import Municipality
from safety.councils.queries import by_municipality_name
from safety.dates import today, utcnow
from safety.db import get_or_404, get_session
from safety.errors import render_error
from safety.i18n import current_language
from safety.organisations.forms import (
    DecisionForm,
    OrganisationEditForm,
    OrganisationFilterForm,
    OrganisationForm,
    ReasonedDecisionForm,
    RegistrationForm,
)
from safety.organisations.models import Organisation, OrganisationStatus
from safety.organisations.services import (
    account_with_email,
    register_organisation,
    registration_number_taken,
)
from safety.pagination import paginate
from safety.passwords import burn_verification_time
from safety.throttle import (
    address_limit_message,
    address_limit_reached,
    client_address_key,
    purge_old_attempts,
    record_address_attempt,
    serialise_attempts,
)
from safety.versioning import commit_if_current, rebase_on

bp = Blueprint("organisations", __name__)


def _municipalities() -> list[Municipality]:
    """All 38 municipalities, ordered by name in the reader's language."""
    statement = select(Municipality).order_by(*by_municipality_name(current_language()))
    return list(get_session().scalars(statement))


def _set_municipality_choices(form: OrganisationForm, municipalities: list[Municipality]) -> None:
    locale = current_language()
    form.municipality_ids.choices = [
        SelectChoice(str(m.id), m.name(locale)) for m in municipalities
    ]


def _number_taken_message(form: RegistrationForm) -> None:
    form.registration_number.errors.append(
        _("An organisation with this registration number is already registered.")
    )


@bp.route("/register", methods=["GET", "POST"])
def register() -> Response | str | tuple[str, int]:
    """Register a civil-society organisation and its first user, who then signs in.

    Whether the e-mail already had an account, the answer is the same (as at sign-in), so
    the form cannot be used to find out who has an account. With a taken e-mail nothing is
    created; the attempt is audited against that account, for its owner to be told (there
    is no e-mail sending yet). Registration numbers are public, so a taken one is said.
    """
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegistrationForm()
    municipalities = _municipalities()
    _set_municipality_choices(form, municipalities)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("organisations/register.html", form=form), status
    session = get_session()
    now = utcnow()
    address = client_address_key()
    serialise_attempts(session, address)
    if address_limit_reached(session, AttemptKind.REGISTRATION, address, now):
        flash(address_limit_message(), "error")
        return render_template("organisations/register.html", form=form), 429
    record_address_attempt(session, AttemptKind.REGISTRATION, address, now)
    purge_old_attempts(session, now)
    registration_number = form.registration_number.data.strip()
    if registration_number_taken(session, registration_number):
        session.commit()
        _number_taken_message(form)
        return render_template("organisations/register.html", form=form), 400
    existing = account_with_email(session, form.email.data)
    created = None
    if existing is None:
        chosen = set(form.municipality_ids.data)
        try:
            with session.begin_nested():
                created = register_organisation(
                    session,
                    name=form.name.data,
                    registration_number=registration_number,
                    contact_email=form.contact_email.data,
                    contact_phone=form.contact_phone.data,
                    address=form.address.data,
                    description=form.description.data,
                    municipalities=[m for m in municipalities if m.id in chosen],
                    full_name=form.full_name.data,
                    email=form.email.data,
                    password=form.password.data,
                    locale=current_language(),
                )
        except IntegrityError:
            # Someone registered the same number or e-mail between the checks and the insert.
            if registration_number_taken(session, registration_number):
                session.commit()
                _number_taken_message(form)
                return render_template("organisations/register.html", form=form), 400
            existing = account_with_email(session, form.email.data)
    if created is None:
        # The Argon2 work a new account costs, so the answer takes as long either way.
        burn_verification_time(form.password.data)
        record(
            session,
            AuditAction.REGISTRATION_EMAIL_TAKEN,
            existing,
            details={"organisation": form.name.data, "registration_number": registration_number},
        )
    session.commit()
    flash(
        _(
            "Thank you. Sign in with the e-mail address you gave. If it had no account yet, "
            "your organisation is now registered with it and waits for verification by the "
            "ministry; if it already had one, nothing new was created: use that account's "
            "password."
        ),
        "success",
    )
    return redirect(url_for("auth.login"))


@bp.get("/organisations")
@login_required
def index() -> str | tuple[str, int]:
    """List organisations, those waiting for verification first, with changes since then."""
    if not current_user.can_review_organisations():
        abort(403)
    form = OrganisationFilterForm(request.args)
    if not form.validate():
        return render_template("organisations/index.html", form=form, rows=[]), 400
    user_counts = (
        select(User.organisation_id, func.count(User.id).label("user_count"))
        .where(User.organisation_id.is_not(None))
        .group_by(User.organisation_id)
        .subquery()
    )
    query = (
        select(Organisation, func.coalesce(user_counts.c.user_count, 0))
        .outerjoin(user_counts, user_counts.c.organisation_id == Organisation.id)
        .options(selectinload(Organisation.municipalities))
        .order_by(
            Organisation.status != OrganisationStatus.PENDING,
            collate(Organisation.name, current_language()),
            Organisation.id,
        )
    )
    if form.status.data:
        query = query.where(Organisation.status == form.status.data)
    page = paginate(query, get_session().execute, form)
    return render_template(
        "organisations/index.html",
        form=form,
        rows=page.items,
        newer_url=page.newer_url,
        older_url=page.older_url,
    )


@bp.get("/organisations/<int:organisation_id>")
@login_required
def show(organisation_id: int) -> str:
    """Show an organisation's details, municipalities, users and verification status."""
    organisation = get_or_404(
        Organisation,
        organisation_id,
        options=[selectinload(Organisation.municipalities), selectinload(Organisation.users)],
    )
    if not organisation.can_view(current_user):
        abort(403)
    users = sorted(organisation.users, key=lambda user: (user.full_name, user.id))
    # Its own users' home: their concerns' answers and the consultations of their councils.
    home = None
    if organisation.can_act(current_user):
        home = organisation_home(get_session(), organisation.id, today())
    return render_template(
        "organisations/show.html", organisation=organisation, users=users, home=home
    )


def _organisation_for_edit(organisation_id: int) -> Organisation:
    return get_or_404(
        Organisation, organisation_id, options=[selectinload(Organisation.municipalities)]
    )


def _edit_page(
    organisation: Organisation, form: OrganisationEditForm, status: int = 200, **extra: object
) -> tuple[str, int]:
    page = render_template("organisations/edit.html", form=form, organisation=organisation, **extra)
    return page, status


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int) -> Response | str | tuple[str, int]:
    """Change an organisation's details; identifying changes send it back to review."""
    organisation = _organisation_for_edit(organisation_id)
    if not organisation.can_edit(current_user):
        abort(403)
    form = OrganisationEditForm(obj=organisation, version=organisation.version_id)
    municipalities = _municipalities()
    _set_municipality_choices(form, municipalities)
    if request.method == "GET":
        form.municipality_ids.data = [m.id for m in organisation.municipalities]
    if not form.validate_on_submit():
        return _edit_page(organisation, form, 400 if request.method == "POST" else 200)
    session = get_session()
    number_taken = _("An organisation with this registration number is already registered.")
    if registration_number_taken(session, form.registration_number.data, except_id=organisation.id):
        form.registration_number.errors.append(number_taken)
        return _edit_page(organisation, form, 400)
    was_verified = organisation.is_verified
    form.populate_obj(organisation)
    chosen = set(form.municipality_ids.data)
    organisation.municipalities = [m for m in municipalities if m.id in chosen]
    back_to_review = organisation.return_to_review()
    try:
        saved = commit_if_current(session, organisation, form.version.data)
    except IntegrityError:
        # Another organisation took the number between the check and the commit.
        session.rollback()
        form.registration_number.errors.append(number_taken)
        return _edit_page(_organisation_for_edit(organisation_id), form, 400)
    if not saved:
        organisation = _organisation_for_edit(organisation_id)
        rebase_on(form.version, organisation)
        return _edit_page(organisation, form, 409, conflict=True)
    if back_to_review and was_verified:
        flash(
            _(
                "The organisation has been saved. Its name or registration number changed, so "
                "it waits for the ministry to verify it again; until then its users cannot act "
                "in its name."
            ),
            "warning",
        )
    elif back_to_review:
        flash(_("The organisation has been saved and sent for verification again."), "success")
    else:
        flash(_("The organisation has been saved."), "success")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


# Reviewers' decisions. Each has a confirmation page (GET) saying what will happen, and is
# taken by POSTing that page's form, on the version of the organisation the reviewer saw.


def _for_review(organisation_id: int) -> Organisation:
    organisation = get_or_404(Organisation, organisation_id)
    if not organisation.can_review(current_user):
        abort(403)
    return organisation


def _decide(
    organisation_id: int,
    *,
    decision: str,
    form_class: type[DecisionForm],
    allowed: Callable[[Organisation], bool],
    not_now: str,
    apply: Callable[[Organisation, DecisionForm], None],
    done: str,
) -> Response | str | tuple[str, int]:
    """Show the confirmation page of `decision`, or take it when its form is posted."""
    organisation = _for_review(organisation_id)
    if not allowed(organisation):
        # A stale button: someone else decided first, or the organisation changed.
        return render_error(409, not_now % {"name": organisation.name})
    form = form_class(version=organisation.version_id)
    template = "organisations/decide.html"
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            template, organisation=organisation, form=form, decision=decision
        ), status
    session = get_session()
    apply(organisation, form)
    if not commit_if_current(session, organisation, form.version.data):
        organisation = _for_review(organisation_id)
        rebase_on(form.version, organisation)
        page = render_template(
            template, organisation=organisation, form=form, decision=decision, conflict=True
        )
        return page, 409
    flash(done % {"name": organisation.name}, "success")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/verify", methods=["GET", "POST"])
@login_required
def verify(organisation_id: int) -> Response | str | tuple[str, int]:
    """Confirm the organisation is genuine as its details stand; its users may then act."""
    return _decide(
        organisation_id,
        decision="verify",
        form_class=DecisionForm,
        allowed=lambda organisation: organisation.can_verify(current_user),
        not_now=_("%(name)s is already verified."),
        apply=lambda organisation, form: organisation.verify(utcnow()),
        done=_("%(name)s is now verified."),
    )


@bp.route("/organisations/<int:organisation_id>/reject", methods=["GET", "POST"])
@login_required
def reject(organisation_id: int) -> Response | str | tuple[str, int]:
    """Refuse a pending registration, with a reason the organisation reads on its page."""
    return _decide(
        organisation_id,
        decision="reject",
        form_class=ReasonedDecisionForm,
        allowed=lambda organisation: organisation.can_reject(current_user),
        not_now=_("%(name)s is not waiting for verification, so there is nothing to reject."),
        apply=lambda organisation, form: organisation.reject(form.reason.data),
        done=_("The registration of %(name)s has been rejected."),
    )


@bp.route("/organisations/<int:organisation_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(organisation_id: int) -> Response | str | tuple[str, int]:
    """Withdraw the verification, with a reason; the organisation's users may no longer act."""
    return _decide(
        organisation_id,
        decision="withdraw",
        form_class=ReasonedDecisionForm,
        allowed=lambda organisation: organisation.can_withdraw(current_user),
        not_now=_("%(name)s is not verified, so there is no verification to withdraw."),
        apply=lambda organisation, form: organisation.withdraw(form.reason.data),
        done=_("%(name)s is no longer verified."),
    )
