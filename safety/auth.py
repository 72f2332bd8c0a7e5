"""Sign-in plumbing: LoginManager, roles, role_required, session rotation and invalidation."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from safety.accounts.models import Role, User
from safety.audit.models import AuditAction
from safety.audit.record import SYSTEM_ACTOR, record, set_actor
from safety.councils.models import Council
from safety.dates import utcnow
from safety.db import get_session

__all__ = [
    "Role",
    "init_app",
    "log_in",
    "log_out",
    "renew_session",
    "role_required",
    "safe_next_url",
]

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"
# Flask-Login's "strong" protection hashes IP and user agent; behind mobile networks that
# logs people out at random, and the session version already ends stolen sessions.
login_manager.session_protection = None

F = TypeVar("F", bound=Callable[..., Any])

# Endpoints a user who must change their password may still reach.
PASSWORD_CHANGE_EXEMPT = frozenset(
    {"auth.change_password", "auth.logout", "i18n.set_language", "static"}
)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Load the user named in the cookie, refusing stale session versions and inactive accounts."""
    ident, _, version = user_id.partition(":")
    if not ident.isdigit() or not version.isdigit():
        return None
    user = (
        get_session()
        .scalars(
            select(User)
            .where(User.id == int(ident))
            .options(
                joinedload(User.council).joinedload(Council.municipality),
                joinedload(User.organisation),
            )
        )
        .first()
    )
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.before_request(_identify_actor)


def _identify_actor() -> Any:
    """Resolve the user once per request, name them in the audit trail, enforce resets."""
    if current_user.is_authenticated:
        set_actor(current_user.id, current_user.email)
        if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_EXEMPT:
            return redirect(url_for("auth.change_password"))
    else:
        set_actor(None, "anonymous" if request.endpoint != "static" else SYSTEM_ACTOR)
    return None


def role_required(*roles: Role) -> Callable[[F], F]:
    """Allow only signed-in users with one of `roles`; others get the sign-in page or 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def renew_session(user: User) -> None:
    """Replace the cookie session with a fresh one for `user`, keeping only the language."""
    # Flask's session is a signed cookie; clearing it and minting a new identifier means a
    # cookie planted before sign-in (session fixation) carries nothing into the new session.
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session["sid"] = secrets.token_urlsafe(32)
    login_user(user, remember=False)


def log_in(user: User) -> None:
    """Start a fresh session for `user`: a new session identifier, never the pre-login one."""
    renew_session(user)
    user.last_login_at = utcnow()
    set_actor(user.id, user.email)
    record(get_session(), AuditAction.LOGIN, user)


def log_out(user: User) -> None:
    """End this session and every other session of `user` on the server side."""
    user.end_all_sessions()
    record(get_session(), AuditAction.LOGOUT, user)
    logout_user()
    session.clear()


def safe_next_url(target: str | None) -> str | None:
    """Return `target` only if it is a local path on this site (no scheme, host or `//`)."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 for char in target):
        return None
    return target
