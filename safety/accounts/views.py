"""Sign in, sign out and change password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from safety.accounts.forms import ChangePasswordForm, LoginForm
from safety.accounts.models import User
from safety.audit.models import AuditAction
from safety.audit.record import record
from safety.auth import log_in, log_out, renew_session, safe_next_url
from safety.dates import utcnow
from safety.db import get_session
from safety.passwords import (
    burn_verification_time,
    hash_password,
    needs_rehash,
    verify_password,
)
from safety.throttle import (
    clear_failures,
    locked_until,
    normalise_email,
    purge_old_failures,
    record_failure,
    serialise_attempts,
)

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    """Sign in with e-mail and password; the same answer whether or not the account exists."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/login.html", form=form), status
    session = get_session()
    email = normalise_email(form.email.data)
    serialise_attempts(session, email)
    now = utcnow()
    if locked_until(session, email, now):
        # Do the Argon2 work anyway so a locked account is not told apart by timing.
        burn_verification_time(form.password.data)
        record(session, AuditAction.LOGIN_FAILED, details={"email": email, "reason": "locked"})
        session.commit()
        return render_template("auth/login.html", form=form, locked=True), 429
    user = session.scalars(select(User).where(User.email == email)).first()
    if user is None:
        burn_verification_time(form.password.data)
        is_valid = False
    else:
        is_valid = verify_password(user.password_hash, form.password.data)
    if not is_valid or user is None or not user.is_active:
        record_failure(session, email, now)
        purge_old_failures(session, now)
        record(session, AuditAction.LOGIN_FAILED, details={"email": email})
        session.commit()
        flash(_("The e-mail or password is not correct."), "error")
        return render_template("auth/login.html", form=form), 401
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(form.password.data)
    clear_failures(session, email)
    log_in(user)
    session.commit()
    target = safe_next_url(request.args.get("next"))
    return redirect(target or url_for("main.index"))


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Sign out here and on every other device."""
    user = current_user._get_current_object()
    log_out(user)
    get_session().commit()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Response | str | tuple[str, int]:
    """Change the password; every other session of this account ends."""
    form = ChangePasswordForm(account_email=current_user.email)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/change_password.html", form=form), status
    user: User = current_user._get_current_object()
    if not verify_password(user.password_hash, form.current_password.data):
        form.current_password.errors.append(_("The current password is not correct."))
        return render_template("auth/change_password.html", form=form), 400
    session = get_session()
    user.password_hash = hash_password(form.new_password.data)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    user.end_all_sessions()
    record(session, AuditAction.PASSWORD_CHANGE, user)
    # Keep this browser signed in under the new session version; other cookies stop working.
    renew_session(user)
    session.commit()
    flash(_("Your password has been changed. Other devices have been signed out."), "success")
    return redirect(url_for("main.index"))
