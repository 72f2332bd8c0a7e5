"""Security headers, CSRF, request limits (size, files, ids), and error pages without internals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.routing import IntegerConverter, ValidationError
from werkzeug.wrappers import Response

from safety.audit.models import AuditAction
from safety.audit.record import record
from safety.db import get_session
from safety.errors import render_error

csrf = CSRFProtect()

F = TypeVar("F", bound=Callable[..., Any])

MAX_ID = 2**31 - 1
"""The largest id a table holds: ids are INTEGER columns, 32-bit on PostgreSQL."""

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


class IdConverter(IntegerConverter):
    """`<int:...>` that does not match numbers beyond any id (404, not an overflow 500).

    PostgreSQL refuses to compare an INTEGER column with 2^31 ("integer out of range") and
    SQLite's driver cannot even send 2^63; no row has such an id, so the URL matches nothing.
    """

    def to_python(self, value: str) -> Any:
        number = super().to_python(value)
        if number > MAX_ID:
            raise ValidationError()
        return number


def accepts_uploads(max_bytes: int) -> Callable[[F], F]:
    """Let a view receive files, in request bodies of up to `max_bytes`.

    Every other view answers 400 to a file part (a text field sent as a file would reach the
    form as an object it cannot check) and 413 to bodies over MAX_CONTENT_LENGTH (1 MiB).
    Put it under the route decorator::

        @bp.post("/concerns/<int:concern_id>/files")
        @accepts_uploads(max_bytes=20 * 1024 * 1024)
        @login_required
        def upload(concern_id: int) -> Response: ...
    """

    def decorator(view: F) -> F:
        view.upload_max_bytes = max_bytes  # type: ignore[attr-defined]
        return view

    return decorator


def init_app(app: Flask) -> None:
    # Converters are looked up when rules are added: before any blueprint is registered.
    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_untrusted_host)
    # Before CSRFProtect's own hook, which reads the body: an upload view's limit must be set
    # before anything reads it.
    app.before_request(_limit_request_body)
    csrf.init_app(app)
    app.before_request(_refuse_nul_bytes)
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    # Unhandled exceptions reach _http_error as InternalServerError (Flask logs the traceback);
    # under TESTING they propagate so a bug fails its test loudly.
    app.register_error_handler(HTTPException, _http_error)


def _refuse_untrusted_host() -> Response | None:
    """Answer 400 to a Host header outside TRUSTED_HOSTS, before anything else runs.

    No URL of this site can be built for such a request, so the usual error page (with its
    links) cannot be rendered: a short text answer it is.
    """
    if isinstance(request.routing_exception, SecurityError):
        return Response(_("Bad request"), status=400, mimetype="text/plain")
    return None


def _limit_request_body() -> None:
    """Apply the view's upload allowance, if any; refuse file parts sent to any other view."""
    view = current_app.view_functions.get(request.endpoint or "")
    max_bytes = getattr(view, "upload_max_bytes", None)
    if max_bytes is not None:
        request.max_content_length = max_bytes
    elif request.files:
        abort(400)


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


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MiB"
    return f"{limit / 1024:g} KiB"


def _too_large_detail() -> str | None:
    """Say the limit when the body as a whole was too large (not one field of it)."""
    limit = request.max_content_length
    if limit is None or (request.content_length or 0) <= limit:
        return None
    return _("This page accepts at most %(size)s at a time.", size=_size(limit))


def _http_error(error: HTTPException) -> Response | tuple[str, int]:
    if error.code is None or error.code < 400:
        return error.get_response()
    if error.code == 403:
        _record_refusal()
    else:
        get_session().rollback()
    return render_error(error.code, _too_large_detail() if error.code == 413 else None)
