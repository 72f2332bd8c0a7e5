"""Error pages: one template, a translated title and explanation per HTTP status."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l

ERROR_TEXTS = {
    400: (
        _l("Bad request"),
        _l(
            "The request could not be understood. If you were submitting a form, go back, "
            "reload the page and try again."
        ),
    ),
    403: (_l("Access refused"), _l("You do not have permission to see this page.")),
    404: (
        _l("Page not found"),
        _l("The page you asked for does not exist or is not available to you."),
    ),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    409: (
        _l("Someone else changed this record"),
        _l(
            "The record was changed by someone else after you opened it. Reload it to see the "
            "current version, then make your change again."
        ),
    ),
    413: (_l("File too large"), _l("The data you sent is too large.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a while and try again.")),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. The team has been notified; please try again later."),
    ),
}
GENERIC_TEXT = (_l("Error"), _l("The request could not be completed."))


def render_error(code: int, detail: str | None = None) -> tuple[str, int]:
    """The error page for `code`, with an optional extra sentence (never internals)."""
    title, explanation = ERROR_TEXTS.get(code, GENERIC_TEXT)
    page = render_template(
        "errors/error.html", title=title, explanation=explanation, detail=detail, code=code
    )
    return page, code
