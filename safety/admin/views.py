"""Administrator pages for accounts: list, create (invite), edit, deactivate, reset password."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from safety.accounts.models import User
from safety.admin.forms import ConfirmForm, NewUserForm, UserDetailsForm, UserFilterForm
from safety.audit.models import AuditAction
from safety.audit.record import record
from safety.collation import collate
from safety.councils.models import Council
from safety.councils.queries import by_municipality_name
from safety.dates import utcnow
from safety.db import get_or_404, get_session
from safety.i18n import current_language
from safety.organisations.models import Organisation
from safety.pagination import paginate
from safety.passwords import hash_password
from safety.throttle import normalise_email

bp = Blueprint("admin", __name__, url_prefix="/admin")

TEMPORARY_PASSWORD_BYTES = 18
"""secrets.token_urlsafe(18) gives 24 characters (144 random bits), above the 12-character rule."""


def temporary_password() -> str:
    return secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)


@bp.before_request
@login_required
def _administrators_only() -> None:
    """Every page here, present and future, is for account administrators only."""
    if not current_user.can_administer_accounts():
        abort(403)


def _set_choices(form: UserDetailsForm) -> None:
    """Fill the council and organisation selects from the database (two queries)."""
    session = get_session()
    locale = current_language()
    councils = session.scalars(
        select(Council)
        .join(Council.municipality)
        .options(contains_eager(Council.municipality))
        .order_by(*by_municipality_name(locale))
    ).all()
    council_choices = [SelectChoice(str(c.id), c.municipality.name(locale)) for c in councils]
    organisations = session.execute(
        select(Organisation.id, Organisation.name).order_by(
            collate(Organisation.name, locale), Organisation.id
        )
    ).all()
    form.council_id.choices = [SelectChoice("", _("None")), *council_choices]
    form.organisation_id.choices = [
        SelectChoice("", _("None")),
        *(SelectChoice(str(org_id), name) for org_id, name in organisations),
    ]


def _refuse(user: User, message: str) -> tuple[str, int]:
    return render_template("admin/refused.html", user=user, message=message), 403


@bp.get("/users")
def users() -> str | tuple[str, int]:
    """List accounts, filtered by role, status and a name or e-mail search."""
    form = UserFilterForm(request.args)
    if not form.validate():
        return render_template("admin/users.html", form=form, users=[]), 400
    query = select(User).options(
        joinedload(User.council).joinedload(Council.municipality),
        joinedload(User.organisation),
    )
    if form.role.data:
        query = query.where(User.role == form.role.data)
    if form.active.data:
        query = query.where(User.is_active == (form.active.data == "1"))
    if form.q.data:
        needle = form.q.data.strip().lower()
        query = query.where(
            or_(
                func.lower(User.full_name).contains(needle, autoescape=True),
                func.lower(User.email).contains(needle, autoescape=True),
            )
        )
    by_name = (collate(User.full_name, current_language()), User.id)
    page = paginate(query.order_by(*by_name), get_session().scalars, form)
    return render_template(
        "admin/users.html",
        form=form,
        users=page.items,
        newer_url=page.newer_url,
        older_url=page.older_url,
    )


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> str | tuple[str, int]:
    """Create an account with a one-time temporary password the person must change."""
    form = NewUserForm()
    _set_choices(form)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("admin/new_user.html", form=form), status
    session = get_session()
    email = normalise_email(form.email.data)
    duplicate = session.scalars(select(User.id).where(User.email == email)).first()
    if duplicate is not None:
        form.email.errors.append(_("An account with this e-mail address already exists."))
        return render_template("admin/new_user.html", form=form), 400
    password = temporary_password()
    user = User(password_hash=hash_password(password), must_change_password=True)
    form.populate_obj(user)
    user.email = email
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        # Another administrator created the same e-mail between the check and the commit.
        session.rollback()
        form.email.errors.append(_("An account with this e-mail address already exists."))
        return render_template("admin/new_user.html", form=form), 400
    # No redirect (PRG) here on purpose: the password must be shown exactly once and must
    # not travel in a URL or in the flash messages kept in the signed (readable) cookie.
    return render_template("admin/password.html", user=user, password=password, created=True), 201


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id: int) -> Response | str | tuple[str, int]:
    """Change name, role, council, organisation and language of an account (not its e-mail)."""
    user = get_or_404(User, user_id)
    form = UserDetailsForm(obj=user)
    _set_choices(form)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("admin/edit_user.html", form=form, user=user), status
    if form.role.data != user.role and not user.can_change_role(current_user):
        form.role.errors.append(_("You cannot change your own role."))
        return render_template("admin/edit_user.html", form=form, user=user), 400
    # A different role, council or organisation changes what the person may see: sessions
    # opened under the old rights end now rather than when they next sign out.
    rights_changed = (form.role.data, form.council_id.data, form.organisation_id.data) != (
        user.role,
        user.council_id,
        user.organisation_id,
    )
    form.populate_obj(user)
    if rights_changed:
        user.end_all_sessions()
    get_session().commit()
    if rights_changed:
        flash(_("The account has been saved. Its open sessions have been ended."), "success")
    else:
        flash(_("The account has been saved."), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
def deactivate(user_id: int) -> Response | str | tuple[str, int]:
    """Confirm, then stop an account from signing in and end its open sessions."""
    user = get_or_404(User, user_id)
    if not user.can_deactivate(current_user):
        return _refuse(user, _("You cannot deactivate your own account."))
    form = ConfirmForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "admin/confirm.html", form=form, user=user, action="deactivate"
        ), status
    # Deactivating also ends every session (User._end_sessions_on_deactivation).
    user.is_active = False
    get_session().commit()
    flash(_("%(name)s can no longer sign in.", name=user.full_name), "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/activate")
def activate(user_id: int) -> Response | tuple[str, int]:
    """Let a deactivated account sign in again (nothing to confirm: it undoes a deactivation)."""
    user = get_or_404(User, user_id)
    if not user.can_activate(current_user):
        abort(403)
    user.is_active = True
    get_session().commit()
    flash(_("%(name)s can sign in again.", name=user.full_name), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/reset-password", methods=["GET", "POST"])
def reset_password(user_id: int) -> str | tuple[str, int]:
    """Confirm, then replace the password with a temporary one, shown once; end all sessions."""
    user = get_or_404(User, user_id)
    if not user.can_reset_password(current_user):
        abort(403)
    form = ConfirmForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(
            "admin/confirm.html", form=form, user=user, action="reset_password"
        ), status
    session = get_session()
    password = temporary_password()
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.must_change_password = True
    user.end_all_sessions()
    record(session, AuditAction.PASSWORD_RESET, user)
    session.commit()
    # Rendered directly, not redirected, for the same reason as in new_user.
    return render_template("admin/password.html", user=user, password=password, created=False)
