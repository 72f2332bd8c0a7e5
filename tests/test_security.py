"""CSRF on every state-changing route, security headers, cookies, start-up checks, error pages."""

from __future__ import annotations

import re
import uuid

import pytest
from flask import abort
from sqlalchemy import func, select, text
from werkzeug.routing import FloatConverter, IntegerConverter, UUIDConverter

import safety.models  # noqa: F401  (every table on Base.metadata, for the row counts)
from safety import create_app
from safety.accounts.models import Role
from safety.audit.models import AuditAction, AuditEvent
from safety.auth import role_required
from safety.config import DEFAULTS, DEV_SECRET_KEY
from safety.db import SAFE_METHODS, Base, get_session
from tests import conftest
from tests.conftest import TEST_SECRET_KEY
from tests.factories.accounts import TEST_PASSWORD

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


# CSRF -------------------------------------------------------------------------------------------


def row_counts(session) -> dict[str, int]:
    """Rows per table; the audit trail is left out (a refusal may be recorded there)."""
    session.rollback()
    return {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
        if table.name != "audit_events"
    }


def placeholder_values(rule, ids: dict[str, int]) -> dict[str, object]:
    """Fill a rule's URL variables with ids of existing rows (or a harmless value by type)."""
    values: dict[str, object] = {}
    for name, converter in rule._converters.items():
        if name in ids:
            values[name] = ids[name]
        elif isinstance(converter, FloatConverter):
            values[name] = 1.0
        elif isinstance(converter, IntegerConverter):
            # An id this test does not know about yet: the council is a row that exists.
            values[name] = ids["council_id"]
        elif isinstance(converter, UUIDConverter):
            values[name] = uuid.UUID(int=1)
        else:
            values[name] = "x"
    return values


def unsafe_routes(app, ids: dict[str, int]) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every rule that changes state, including future ones."""
    routes = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            for method in sorted(set(rule.methods) & set(UNSAFE_METHODS)):
                url = app.url_for(rule.endpoint, **placeholder_values(rule, ids))
                routes.append((rule.endpoint, method, url))
    return routes


@pytest.fixture
def csrf_app(make_app, app, session):
    secure_app = make_app(WTF_CSRF_ENABLED=True)
    secure_app.config["TEST_SESSION"] = session
    secure_app.test_client_class = conftest.TestClient
    return secure_app


@pytest.fixture
def existing_ids(users, council_a, make_member):
    member = make_member(council_a)
    return {
        "council_id": council_a.id,
        "member_id": member.id,
        "user_id": users["ministry"].id,
        "organisation_id": users["cso"].organisation_id,
    }


# Plausible form contents: a route that forgot CSRF would act on these.
FORM_DATA = {
    "language": "en",
    "email": "someone@example.org",
    "password": TEST_PASSWORD,
    "full_name": "Changed By Forgery",
    "name": "Changed By Forgery",
    "role": "admin",
    "next": "/",
}


@pytest.mark.parametrize("who", ["admin", "anonymous"])
def test_every_unsafe_route_refuses_a_missing_or_forged_token(
    csrf_app, session, users, existing_ids, who
):
    routes = unsafe_routes(csrf_app, existing_ids)
    assert {endpoint for endpoint, _, _ in routes} >= {"auth.login", "auth.logout"}
    before = row_counts(session)
    client = csrf_app.test_client(user=users["admin"]) if who == "admin" else csrf_app.test_client()

    answers = {}
    for endpoint, method, url in routes:
        missing = client.open(url, method=method, data=FORM_DATA)
        forged = client.open(url, method=method, data={**FORM_DATA, "csrf_token": "forged"})
        answers[endpoint, method] = (missing.status_code, forged.status_code)

    assert {key: value for key, value in answers.items() if value != (400, 400)} == {}
    assert row_counts(session) == before
    # Still signed in (or still anonymous): nothing was done on the user's behalf.
    expected = 200 if who == "admin" else 302
    assert client.get("/account/password").status_code == expected


def test_token_from_another_session_is_refused(csrf_app, session, users):
    other = csrf_app.test_client()
    page = other.get("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))[1]
    client = csrf_app.test_client(user=users["ministry"])
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 400
    assert client.get("/account/password").status_code == 200


def test_audit_routes_are_read_only(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("audit."):
            assert rule.methods <= SAFE_METHODS, rule


# Production-like app: headers, cookies, errors --------------------------------------------------


@pytest.fixture
def production_app(make_app, app, session):
    """Production settings (no TESTING, secure cookies, CSRF on) plus two test-only routes."""
    prod = make_app(
        TESTING=False,
        DEBUG=False,
        PROPAGATE_EXCEPTIONS=False,
        WTF_CSRF_ENABLED=True,
        SESSION_COOKIE_SECURE=DEFAULTS["SESSION_COOKIE_SECURE"],
    )

    @role_required(Role.ADMIN)
    def admins_only() -> str:
        return "admins only"

    def broken() -> str:
        get_session().execute(text("SELECT secret_column FROM no_such_table_here"))
        return "unreachable"

    def forbidden() -> str:
        abort(403)

    prod.add_url_rule("/test-only/admins", "test_admins_only", admins_only)
    prod.add_url_rule("/test-only/broken", "test_broken", broken)
    prod.add_url_rule("/test-only/forbidden", "test_forbidden", forbidden)
    prod.config["TEST_SESSION"] = session
    prod.test_client_class = conftest.TestClient
    return prod


RESPONSE_KINDS = [
    ("GET", "/login", 200),
    ("GET", "/static/app.css", 200),
    ("GET", "/no-such-page", 404),
    ("GET", "/test-only/forbidden", 403),
    ("GET", "/account/password", 302),
    ("GET", "/logout", 405),
    ("POST", "/login", 400),
    ("GET", "/test-only/broken", 500),
]


def assert_security_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "*" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")


@pytest.mark.parametrize(("method", "path", "status"), RESPONSE_KINDS)
def test_security_headers_on_every_kind_of_response_over_https(
    production_app, method, path, status
):
    client = production_app.test_client()
    response = client.open(path, method=method, base_url="https://localhost")
    response.close()
    assert response.status_code == status
    assert_security_headers(response)
    hsts = response.headers["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= 365 * 24 * 3600


@pytest.mark.parametrize(("method", "path", "status"), RESPONSE_KINDS)
def test_security_headers_over_plain_http_without_hsts(production_app, method, path, status):
    response = production_app.test_client().open(path, method=method)
    response.close()
    assert response.status_code == status
    assert_security_headers(response)
    assert "Strict-Transport-Security" not in response.headers


def session_cookie_header(response) -> str:
    cookies = [
        value
        for value in response.headers.getlist("Set-Cookie")
        if value.startswith(DEFAULTS["SESSION_COOKIE_NAME"] + "=")
    ]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


def test_session_cookie_flags_in_production(production_app, users):
    client = production_app.test_client()
    anonymous = session_cookie_header(client.get("/login", base_url="https://localhost"))
    signed_in = session_cookie_header(
        production_app.test_client(user=users["ministry"]).get(
            "/account/password", base_url="https://localhost"
        )
    )
    for header in (anonymous, signed_in):
        attributes = {part.strip().split("=")[0].lower(): part for part in header.split(";")}
        assert "httponly" in attributes
        assert "secure" in attributes
        assert attributes["samesite"].strip().lower() == "samesite=lax"
        assert "domain" not in attributes


def test_signed_in_pages_are_not_cached(production_app, users):
    client = production_app.test_client(user=users["ministry"])
    response = client.get("/account/password", base_url="https://localhost")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_production_app_is_not_in_debug_mode(production_app):
    assert production_app.debug is False
    assert production_app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert DEFAULTS["SESSION_COOKIE_SECURE"] is True
    assert DEFAULTS["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production_app.test_client().get("/.git/config").status_code == 404


# Start-up checks --------------------------------------------------------------------------------


@pytest.fixture
def clean_environment(monkeypatch):
    for name in ("SAFETY_SECRET_KEY", "SAFETY_DEBUG", "SAFETY_TESTING"):
        monkeypatch.delenv(name, raising=False)


def production_config(database_url: str, **overrides) -> dict:
    return {"DATABASE_URL": database_url, "TESTING": False, "DEBUG": False, **overrides}


@pytest.mark.usefixtures("clean_environment")
def test_refuses_to_start_with_the_development_key(database_url):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(production_config(database_url))
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(production_config(database_url, SECRET_KEY=DEV_SECRET_KEY))


@pytest.mark.usefixtures("clean_environment")
@pytest.mark.parametrize("weak_key", ["", "short", None])
def test_refuses_to_start_with_an_empty_or_short_key(database_url, weak_key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(production_config(database_url, SECRET_KEY=weak_key))


@pytest.mark.usefixtures("clean_environment")
def test_starts_with_a_real_key(database_url):
    app = create_app(production_config(database_url, SECRET_KEY=TEST_SECRET_KEY))
    try:
        assert app.secret_key == TEST_SECRET_KEY
        assert not app.debug
    finally:
        app.extensions["safety.db"]["engine"].dispose()


@pytest.mark.usefixtures("clean_environment")
def test_reads_the_key_from_the_environment(database_url, monkeypatch):
    monkeypatch.setenv("SAFETY_SECRET_KEY", TEST_SECRET_KEY)
    app = create_app(production_config(database_url))
    try:
        assert app.secret_key == TEST_SECRET_KEY
    finally:
        app.extensions["safety.db"]["engine"].dispose()


# Error pages ------------------------------------------------------------------------------------

LEAKS = ("Traceback", 'File "', "SELECT", "no_such_table", "sqlalchemy", "Werkzeug Debugger")


@pytest.mark.parametrize(
    ("method", "path", "status", "title"),
    [
        ("GET", "/no-such-page", 404, "Page not found"),
        ("GET", "/logout", 405, None),
        ("GET", "/test-only/broken", 500, "Something went wrong"),
        ("GET", "/test-only/forbidden", 403, "Access refused"),
        # Nothing outside static/ is served: not the repository, the database or the config.
        ("GET", "/.git/config", 404, "Page not found"),
        ("GET", "/static/../setup.cfg", 404, "Page not found"),
        ("GET", "/static/%2e%2e/instance/safety.db", 404, "Page not found"),
    ],
)
def test_error_pages_are_friendly_and_show_no_internals(
    production_app, method, path, status, title
):
    response = production_app.test_client().open(
        path, method=method, headers={"Accept-Language": "en"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert "<html" in body
    assert 'href="/"' in body
    if title:
        assert title in body
    for leak in (*LEAKS, TEST_SECRET_KEY):
        assert leak not in body, leak


def test_refused_access_writes_exactly_one_audit_event(production_app, session, users):
    start = session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))
    client = production_app.test_client(user=users["ministry"])

    response = client.get("/test-only/admins")

    assert response.status_code == 403
    session.expire_all()
    events = session.scalars(select(AuditEvent).where(AuditEvent.id > start)).all()
    assert [event.action for event in events] == [AuditAction.ACCESS_DENIED]
    assert events[0].actor_id == users["ministry"].id
    assert events[0].path == "/test-only/admins"


def test_admins_pass_the_role_check(production_app, users):
    response = production_app.test_client(user=users["admin"]).get("/test-only/admins")
    assert response.status_code == 200
    assert_security_headers(response)
