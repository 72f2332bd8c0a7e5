"""Routes of the app's core: home, sign-in and -out, passwords, language, static files."""

from __future__ import annotations

from tests.routes.base import LOGIN_REDIRECT_IF_SIGNED_IN, Route, signed_in_only, statuses

# Where an anonymous 302 is the action succeeding, not a request to sign in first.
ANONYMOUS_SUCCESS_REDIRECTS = {("i18n.set_language", "POST")}

ROUTES: list[Route] = [
    Route("static", "GET", lambda w: "/static/app.css", statuses(200)),
    Route("main.index", "GET", lambda w: "/", statuses(302, anonymous=200)),
    Route("main.favicon", "GET", lambda w: "/favicon.ico", statuses(200)),
    Route("auth.login", "GET", lambda w: "/login", LOGIN_REDIRECT_IF_SIGNED_IN),
    # Anonymous POST with a wrong password: 401; signed-in users are sent home.
    Route(
        "auth.login",
        "POST",
        lambda w: "/login",
        statuses(302, anonymous=401),
        data=lambda w: {"email": "nobody@example.org", "password": "wrong password here"},
    ),
    Route("auth.logout", "POST", lambda w: "/logout", signed_in_only(302)),
    Route("auth.change_password", "GET", lambda w: "/account/password", signed_in_only(200)),
    Route(
        "auth.change_password",
        "POST",
        lambda w: "/account/password",
        signed_in_only(302),
        data=lambda w: {
            "current_password": w["password"],
            "new_password": "a brand new passphrase for testing",
            "confirm_password": "a brand new passphrase for testing",
        },
    ),
    Route(
        "i18n.set_language",
        "POST",
        lambda w: "/language",
        statuses(302),
        data=lambda w: {"language": "en", "next": "/"},
    ),
]
