"""CSO self-registration, the organisation list, organisation pages and verification."""

from __future__ import annotations

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

from safety.accounts.models import AttemptKind, Role, User
from safety.audit.models import AuditAction
from safety.audit.record import record
from safety.auth import role_required
from safety.collation import collate
from safety.councils.models import Municipality
from safety.councils.queries import by_municipality_name
from safety.dates import utcnow
from safety.db import get_or_404, get_session
from safety.i18n import current_language
from safety.organisations.forms import (
    OrganisationFilterForm,
    OrganisationForm,
    RegistrationForm,
)
from safety.organisations.models import Organisation
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
@role_required(Role.MINISTRY, Role.ADMIN)
def index() -> str | tuple[str, int]:
    """List organisations, those waiting for verification first."""
    form = OrganisationFilterForm(request.args)
    form.status.choices = [
        SelectChoice("", _("All")),
        SelectChoice("pending", _("Waiting for verification")),
        SelectChoice("verified", _("Verified")),
    ]
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
            Organisation.is_verified,
            collate(Organisation.name, current_language()),
            Organisation.id,
        )
    )
    if form.status.data == "pending":
        query = query.where(Organisation.is_verified.is_(False))
    elif form.status.data == "verified":
        query = query.where(Organisation.is_verified.is_(True))
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
    return render_template("organisations/show.html", organisation=organisation, users=users)


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int) -> Response | str | tuple[str, int]:
    """Change an organisation's details and the municipalities it works in."""
    organisation = get_or_404(
        Organisation, organisation_id, options=[selectinload(Organisation.municipalities)]
    )
    if not organisation.can_edit(current_user):
        abort(403)
    form = OrganisationForm(obj=organisation)
    # The ministry verified the organisation under its registration number; only an
    # administrator may correct it afterwards.
    may_change_number = current_user.role == Role.ADMIN
    if not may_change_number:
        del form.registration_number
    municipalities = _municipalities()
    _set_municipality_choices(form, municipalities)
    if request.method == "GET":
        form.municipality_ids.data = [m.id for m in organisation.municipalities]
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "organisations/edit.html", form=form, organisation=organisation
        ), status
    session = get_session()
    if may_change_number:
        number = form.registration_number.data.strip()
        if registration_number_taken(session, number, except_id=organisation.id):
            form.registration_number.errors.append(
                _("An organisation with this registration number is already registered.")
            )
            return render_template(
                "organisations/edit.html", form=form, organisation=organisation
            ), 400
        organisation.registration_number = number
    chosen = set(form.municipality_ids.data)
    organisation.name = form.name.data.strip()
    organisation.contact_email = form.contact_email.data.strip().lower()
    organisation.contact_phone = (form.contact_phone.data or "").strip() or None
    organisation.address = (form.address.data or "").strip() or None
    organisation.description = (form.description.data or "").strip() or None
    organisation.municipalities = [m for m in municipalities if m.id in chosen]
    session.commit()
    flash(_("The organisation has been saved."), "success")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


def _set_verified(organisation_id: int, is_verified: bool) -> Organisation:
    organisation = get_or_404(Organisation, organisation_id)
    if not organisation.can_verify(current_user):
        abort(403)
    organisation.is_verified = is_verified
    organisation.verified_at = utcnow() if is_verified else None
    get_session().commit()
    return organisation


@bp.post("/organisations/<int:organisation_id>/verify")
@login_required
def verify(organisation_id: int) -> Response:
    """Confirm the organisation is genuine; its users may then act."""
    organisation = _set_verified(organisation_id, True)
    flash(_("%(name)s is now verified.", name=organisation.name), "success")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))


@bp.post("/organisations/<int:organisation_id>/unverify")
@login_required
def unverify(organisation_id: int) -> Response:
    """Withdraw the verification; the organisation's users may no longer act."""
    organisation = _set_verified(organisation_id, False)
    flash(_("%(name)s is no longer verified.", name=organisation.name), "success")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))
