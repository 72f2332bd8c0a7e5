"""Security headers, CSRF, and error pages that never show internals."""

from __future__ import annotations

from flask import Flask, abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from safety.audit.models import AuditAction
from safety.audit.record import record
from safety.db import get_session
from safety.errors import render_error

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.before_request(_refuse_nul_bytes)
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    # Unhandled exceptions reach _http_error as InternalServerError (Flask logs the traceback);
    # under TESTING they propagate so a bug fails its test loudly.
    app.register_error_handler(HTTPException, _http_error)


def _refuse_nul_bytes() -> None:
    """Answer 400 to any NUL character in the query or form: PostgreSQL cannot store it."""
    for data in (request.args, request.form):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                abort(400)


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault(
            "Strict-Transport-Security",
            f"max-age={current_app.config['HSTS_MAX_AGE']}; includeSubDomains",
        )
    if current_user and current_user.is_authenticated:
        # Pages behind sign-in hold personal data: keep them out of shared caches.
        headers.setdefault("Cache-Control", "no-store")
    return response


def _record_refusal() -> None:
    """Write the refused access to the audit trail in a transaction of its own."""
    session = get_session()
    session.rollback()
    record(session, AuditAction.ACCESS_DENIED, details={"method": request.method})
    session.commit()


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    get_session().rollback()
    return render_error(
        400, _("The form has expired or was sent from another page. Reload the page and try again.")
    )


def _http_error(error: HTTPException) -> Response | tuple[str, int]:
    if error.code is None or error.code < 400:
        return error.get_response()
    if error.code == 403:
        _record_refusal()
    else:
        get_session().rollback()
    return render_error(error.code)
