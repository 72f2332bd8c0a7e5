"""Sign in, sign out and change password."""

from __future__ import annotations

import math

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from safety.accounts.emails import canonical_email
from safety.accounts.forms import ChangePasswordForm, LoginForm
from safety.accounts.models import AttemptKind, User
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
    address_limit_message,
    address_limit_reached,
    clear_failures,
    client_address_key,
    locked_until,
    purge_old_attempts,
    purge_old_failures,
    record_address_attempt,
    record_failure,
    serialise_attempts,
)

bp = Blueprint("auth", __name__)


def _minutes(seconds: int) -> int:
    return max(math.ceil(seconds / 60), 1)


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
    # People type passwords into the e-mail box: only a valid address is counted per account
    # or written to the audit trail (no account can have an invalid one).
    email = canonical_email(form.email.data)
    address = client_address_key()
    serialise_attempts(session, address, *([email] if email else []))
    now = utcnow()
    if address_limit_reached(session, AttemptKind.FAILED_SIGN_IN, address, now):
        record(
            session, AuditAction.LOGIN_FAILED, details={"email": email, "reason": "address_limit"}
        )
        session.commit()
        flash(address_limit_message(), "error")
        return render_template("auth/login.html", form=form), 429
    if email and locked_until(session, email, now):
        # Do the Argon2 work anyway so a locked account is not told apart by timing.
        burn_verification_time(form.password.data)
        record(session, AuditAction.LOGIN_FAILED, details={"email": email, "reason": "locked"})
        session.commit()
        return render_template("auth/login.html", form=form, locked=True), 429
    user = session.scalars(select(User).where(User.email == email)).first() if email else None
    if user is None:
        burn_verification_time(form.password.data)
        is_valid = False
    else:
        is_valid = verify_password(user.password_hash, form.password.data)
    if not is_valid or user is None or not user.is_active:
        if email:
            record_failure(session, email, now)
        record_address_attempt(session, AttemptKind.FAILED_SIGN_IN, address, now)
        purge_old_failures(session, now)
        purge_old_attempts(session, now)
        record(session, AuditAction.LOGIN_FAILED, details={"email": email})
        session.commit()
        flash(_("The e-mail or password is not correct."), "error")
        return render_template("auth/login.html", form=form), 401
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(form.password.data)
    clear_failures(session, user.email)
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


def _reuse_problem(user: User, new_password: str) -> str | None:
    """Why `new_password` may not replace the account's password, or None.

    Never the current password; after an administrator set a temporary one, neither that
    nor the password the account had before the reset.
    """
    if verify_password(user.password_hash, new_password):
        if user.must_change_password:
            return _("Choose a new password, not the temporary one.")
        return _("The new password is the same as the current one. Choose a different one.")
    if (
        user.must_change_password
        and user.previous_password_hash
        and verify_password(user.previous_password_hash, new_password)
    ):
        return _("Choose a password you have not used before the reset.")
    return None


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Response | str | tuple[str, int]:
    """Change the password; every other session of this account ends."""
    form = ChangePasswordForm(account_email=current_user.email)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/change_password.html", form=form), status
    session = get_session()
    user: User = current_user._get_current_object()
    # Wrong current passwords count toward the same lock as failed sign-ins: a stolen session
    # must not become a way to guess the password without limit.
    serialise_attempts(session, user.email)
    now = utcnow()
    if locked_until(session, user.email, now):
        record(session, AuditAction.PASSWORD_CHANGE_FAILED, user, details={"reason": "locked"})
        session.commit()
        minutes = _minutes(current_app.config["LOGIN_LOCK_SECONDS"])
        flash(
            ngettext(
                "Too many wrong passwords. For your security, password changes and sign-in "
                "are paused for %(count)d minute.",
                "Too many wrong passwords. For your security, password changes and sign-in "
                "are paused for %(count)d minutes.",
                minutes,
                count=minutes,
            ),
            "error",
        )
        return render_template("auth/change_password.html", form=form), 429
    if not verify_password(user.password_hash, form.current_password.data):
        record_failure(session, user.email, now)
        purge_old_failures(session, now)
        record(session, AuditAction.PASSWORD_CHANGE_FAILED, user)
        session.commit()
        form.current_password.errors.append(_("The current password is not correct."))
        return render_template("auth/change_password.html", form=form), 400
    if problem := _reuse_problem(user, form.new_password.data):
        form.new_password.errors.append(problem)
        return render_template("auth/change_password.html", form=form), 400
    user.password_hash = hash_password(form.new_password.data)
    user.password_changed_at = now
    user.must_change_password = False
    user.end_all_sessions()
    clear_failures(session, user.email)
    record(session, AuditAction.PASSWORD_CHANGE, user)
    # Keep this browser signed in under the new session version; other cookies stop working.
    renew_session(user)
    session.commit()
    flash(_("Your password has been changed. Other devices have been signed out."), "success")
    return redirect(url_for("main.index"))
