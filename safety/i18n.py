"""Locale selection (user preference, then browser, then Albanian) and the language switcher."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, redirect, request, session, url_for
from flask_babel import Babel, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from safety.auth import safe_next_url
from safety.db import get_session
from safety.errors import render_error

LANGUAGE_NAMES = {"sq": "Shqip", "sr": "Srpski", "en": "English"}
# BCP 47 tags for `lang` attributes: Serbian is written in Latin script here, and a bare
# "sr" tells screen readers and hyphenation to expect Cyrillic.
LANGUAGE_TAGS = {"sq": "sq", "sr": "sr-Latn", "en": "en"}

babel = Babel()
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The signed-in user's preference, then the switcher's choice, the browser, then `sq`."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.jinja_env.globals["LANGUAGE_TAGS"] = LANGUAGE_TAGS


@bp.post("/language")
def set_language() -> Response | tuple[str, int]:
    """Remember the chosen language (on the account too, when signed in) and go back."""
    language = request.form.get("language", "")
    if language not in current_app.config["LANGUAGES"]:
        return render_error(400, _("This language is not available."))
    session["locale"] = language
    if current_user.is_authenticated:
        current_user.locale = language
        get_session().commit()
    return redirect(safe_next_url(request.form.get("next")) or url_for("main.index"))
