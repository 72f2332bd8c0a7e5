"""Bad input answers 4xx, never 500: huge ids and pages, file parts, far dates, bodies, hosts."""

from __future__ import annotations

import io
import re
import runpy
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import request
from gunicorn.config import Config as GunicornConfig
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.routing import IntegerConverter
from werkzeug.test import encode_multipart

from safety import create_app
from safety.accounts.models import LoginFailure, Role
from safety.audit.models import AuditAction, AuditEvent
from safety.security import MAX_ID, accepts_uploads
from tests import conftest
from tests.factories.accounts import TEST_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
HUGE_NUMBERS = [MAX_ID + 1, 2**63, 10**20]


@pytest.fixture
def as_user(login):
    """A client signed in as `user` that reads pages in English (messages are checked)."""

    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


def id_routes(app) -> list[tuple[str, str, list[str]]]:
    """(rule, method, names of its integer variables) for every rule with an id in its path."""
    routes = []
    for rule in app.url_map.iter_rules():
        names = [
            name
            for name, converter in rule._converters.items()
            if isinstance(converter, IntegerConverter)
        ]
        if names:
            method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
            routes.append((rule.rule, method, names))
    return routes


# Ids and page numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_ids_beyond_any_row_are_404_on_every_route(app, as_user, users, number):
    routes = id_routes(app)
    assert len(routes) >= 5
    client = as_user(users["admin"])
    answers = {}
    for rule, method, names in routes:
        path = rule
        for name in names:
            path = re.sub(rf"<int:{name}>", str(number), path)
        answers[path, method] = client.open(path, method=method).status_code
    assert answers == dict.fromkeys(answers, 404)


def test_the_largest_id_still_reaches_the_view(as_user, users):
    # MAX_ID itself is a valid id that no row has: the view answers 404 without an overflow.
    assert as_user(users["admin"]).get(f"/admin/users/{MAX_ID}/edit").status_code == 404


@pytest.mark.parametrize("path", ["/admin/users", "/audit/", "/organisations"])
@pytest.mark.parametrize(
    ("page", "status"), [("99999999999999999999", 400), ("1000001", 400), ("1000000", 200)]
)
def test_page_numbers_beyond_the_limit_are_400(as_user, users, path, page, status):
    response = as_user(users["admin"]).get(path, query_string={"page": page})
    assert response.status_code == status


def pager_links(response) -> list[str]:
    body = response.get_data(as_text=True)
    nav = body.split('<nav class="pagination"', 1)[1].split("</nav>", 1)[0]
    return [unescape(href) for href in re.findall(r'href="([^"]*)"', nav)]


def test_pager_links_carry_only_the_filters(app, as_user, users, make_user):
    app.config["PAGE_SIZE"] = 1
    for _ in range(2):
        make_user(Role.MINISTRY)
    client = as_user(users["admin"])

    response = client.get(
        "/admin/users",
        query_string={
            "role": "ministry",
            "q": "test",
            "page": "2",
            "_external": "1",
            "_scheme": "javascript",
            "_anchor": "x",
            "_method": "POST",
            "user_id": "5",
            "unknown": "carried?",
        },
    )

    assert response.status_code == 200
    links = pager_links(response)
    assert len(links) == 2
    for link, page in zip(links, ("1", "3"), strict=True):
        parts = urlsplit(link)
        assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == (
            "",
            "",
            "/admin/users",
            "",
        )
        assert parse_qs(parts.query) == {"role": ["ministry"], "q": ["test"], "page": [page]}


# Files where no file is expected ----------------------------------------------------------------


def new_audit_actions(session, start: int) -> list[AuditAction]:
    return session.scalars(select(AuditEvent.action).where(AuditEvent.id > start)).all()


def last_audit_id(session) -> int:
    return session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))


def test_a_text_field_sent_as_a_file_is_400_and_changes_nothing(client, session, make_user):
    user = make_user(Role.MINISTRY)
    start = last_audit_id(session)
    response = client.post(
        "/login",
        data={"email": (io.BytesIO(user.email.encode()), "email.txt"), "password": TEST_PASSWORD},
        content_type="multipart/form-data",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "Bad request" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(LoginFailure.id))) == 0
    assert new_audit_actions(session, start) == []


def test_an_extra_file_part_is_refused_on_a_signed_in_form(login, session, make_user):
    user = make_user(Role.MINISTRY)
    before = user.password_hash
    response = login(user).post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "a brand new passphrase here",
            "confirm_password": "a brand new passphrase here",
            "attachment": (io.BytesIO(b"hello"), "hello.txt"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    session.expire_all()
    assert session.get(type(user), user.id).password_hash == before


def test_multipart_forms_without_files_still_work(client, make_user):
    user = make_user(Role.MINISTRY)
    response = client.post(
        "/login",
        data={"email": user.email, "password": TEST_PASSWORD},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302


# Dates in filters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "1999-12-31"},
        {"date_to": "2101-01-01"},
    ],
)
def test_far_off_audit_dates_are_400_with_a_message(as_user, users, query):
    response = as_user(users["admin"]).get("/audit/", query_string=query)
    assert response.status_code == 400
    errors = re.findall(
        r'<p class="error" id="date_\w+-error">([^<]*)</p>', response.get_data(as_text=True)
    )
    # The dates are shown in the app's date format, whatever it is.
    assert len(errors) == 1
    assert re.fullmatch(r"Enter a date between \S*2000\S* and \S*2100\S*\.", errors[0])


def test_audit_dates_at_the_limits_are_accepted(as_user, users):
    response = as_user(users["admin"]).get(
        "/audit/", query_string={"date_from": "2000-01-01", "date_to": "2100-12-31"}
    )
    assert response.status_code == 200


# Body size --------------------------------------------------------------------------------------


def test_bodies_are_capped_at_one_mebibyte_by_default(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024


def test_a_big_body_gets_a_translated_413_page_and_changes_nothing(client, session):
    start = last_audit_id(session)
    response = client.post(
        "/login",
        data={"email": "someone@example.org", "password": "x" * (1024 * 1024)},
        headers={"Accept-Language": "en"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "The data you sent is too large." in body
    assert "This page accepts at most 1 MiB at a time." in body
    assert new_audit_actions(session, start) == []
    assert session.scalar(select(func.count(LoginFailure.id))) == 0


def test_the_413_page_is_translated(client):
    response = client.post(
        "/login", data={"password": "x" * (1024 * 1024)}, headers={"Accept-Language": "sq"}
    )
    assert response.status_code == 413
    assert '<html lang="sq">' in response.get_data(as_text=True)


@pytest.fixture
def upload_app(make_app, app, session):
    """The app plus a test-only view that takes files of up to 3 MiB, as upload views will."""
    upload = make_app()

    @accepts_uploads(max_bytes=3 * 1024 * 1024)
    def receive() -> str:
        return f"{request.files['file'].filename}:{len(request.files['file'].read())}"

    upload.add_url_rule("/test-only/upload", "test_upload", receive, methods=["POST"])
    upload.config["TEST_SESSION"] = session
    upload.test_client_class = conftest.TestClient
    return upload


def multipart(fields: dict) -> dict:
    """A multipart body built in memory (the test client spools big ones to unclosed files)."""
    boundary, body = encode_multipart(fields)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def test_an_upload_view_raises_the_limit_for_itself(upload_app):
    client = upload_app.test_client()
    two_mib = io.BytesIO(b"x" * (2 * 1024 * 1024))
    response = client.post(
        "/test-only/upload", **multipart({"file": FileStorage(two_mib, "report.pdf")})
    )
    assert response.status_code == 200
    assert response.get_data(as_text=True) == f"report.pdf:{2 * 1024 * 1024}"

    too_big = io.BytesIO(b"x" * (4 * 1024 * 1024))
    response = client.post(
        "/test-only/upload",
        **multipart({"file": FileStorage(too_big, "report.pdf")}),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 413
    assert "This page accepts at most 3 MiB at a time." in response.get_data(as_text=True)


def test_other_views_refuse_the_same_file_with_413(client):
    two_mib = io.BytesIO(b"x" * (2 * 1024 * 1024))
    response = client.post("/login", **multipart({"file": FileStorage(two_mib, "report.pdf")}))
    assert response.status_code == 413


# Trusted hosts ----------------------------------------------------------------------------------


@pytest.fixture
def hosts_app(make_app, app, session):
    trusting = make_app(TRUSTED_HOSTS=["safety.example.org", ".safety.example.org"])
    trusting.config["TEST_SESSION"] = session
    trusting.test_client_class = conftest.TestClient
    return trusting


@pytest.mark.parametrize("host", ["safety.example.org", "www.safety.example.org"])
def test_trusted_hosts_are_served(hosts_app, host):
    response = hosts_app.test_client().get("/login", headers={"Host": host})
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "safety.example.org.evil.example"])
@pytest.mark.parametrize(("method", "path"), [("GET", "/login"), ("POST", "/login")])
def test_other_hosts_get_400(hosts_app, session, host, method, path):
    response = hosts_app.test_client().open(
        path,
        method=method,
        headers={"Host": host, "Accept-Language": "en"},
        data={"email": "someone@example.org", "password": "wrong password here"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bad request" in body
    assert "evil.example" not in body
    assert session.scalar(select(func.count(LoginFailure.id))) == 0


def test_trusted_hosts_come_from_a_comma_separated_variable(database_url, monkeypatch):
    monkeypatch.setenv("SAFETY_TRUSTED_HOSTS", " safety.example.org, .safety.example.org ,")
    configured = create_app(conftest.app_config(database_url))
    try:
        assert configured.config["TRUSTED_HOSTS"] == ["safety.example.org", ".safety.example.org"]
    finally:
        configured.extensions["safety.db"]["engine"].dispose()


def test_any_host_is_served_when_no_trusted_hosts_are_set(client, app):
    assert app.config["TRUSTED_HOSTS"] is None
    assert client.get("/login", headers={"Host": "whatever.example"}).status_code == 200


# gunicorn.conf.py -------------------------------------------------------------------------------


def gunicorn_settings(monkeypatch, **environment: str) -> dict:
    for name in ("GUNICORN_BIND", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    # gunicorn's own validators accept every value the file sets.
    config = GunicornConfig()
    for name, value in settings.items():
        if name in config.settings:
            config.set(name, value)
    return {name: config.settings[name].get() for name in settings if name in config.settings}


def test_gunicorn_trusts_forwarded_headers_only_from_the_local_proxy_by_default(monkeypatch):
    settings = gunicorn_settings(monkeypatch)
    assert settings["forwarded_allow_ips"] == ["127.0.0.1"]
    assert settings["bind"] == ["127.0.0.1:8000"]
    assert settings["workers"] == 2


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    settings = gunicorn_settings(
        monkeypatch,
        GUNICORN_BIND="10.0.0.5:9000",
        WEB_CONCURRENCY="4",
        FORWARDED_ALLOW_IPS="10.0.0.1,10.0.0.2",
    )
    assert settings["forwarded_allow_ips"] == ["10.0.0.1", "10.0.0.2"]
    assert settings["bind"] == ["10.0.0.5:9000"]
    assert settings["workers"] == 4


def test_audit_pager_and_export_links_carry_only_the_filters(app, as_user, users, session):
    app.config["PAGE_SIZE"] = 1
    session.add_all(
        AuditEvent(actor_label="someone@example.org", action=AuditAction.LOGIN_FAILED)
        for _ in range(3)
    )
    session.commit()

    response = as_user(users["admin"]).get(
        "/audit/",
        query_string={
            "action": "login_failed",
            "actor": "someone",
            "page": "2",
            "_external": "1",
            "_scheme": "javascript",
            "_anchor": "x",
        },
    )

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    export = unescape(re.search(r'href="(/audit/export\.csv[^"]*)"', body).group(1))
    links = [*pager_links(response), export]
    filters = {"action": ["login_failed"], "actor": ["someone"]}
    expected = [{**filters, "page": ["1"]}, {**filters, "page": ["3"]}, filters]
    assert [parse_qs(urlsplit(link).query) for link in links] == expected
    assert all(urlsplit(link)[:2] == ("", "") and "#" not in link for link in links)
