"""Sign-in: session fixation, cookie replay, throttling, the `next` redirect and language choice."""

from __future__ import annotations

import hashlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

import safety.models  # noqa: F401  (every table on Base.metadata, to search them all)
from safety.accounts.models import AddressAttempt, AttemptKind, LoginFailure, Role, User
from safety.audit.models import AuditAction, AuditEvent
from safety.dates import utcnow
from safety.db import Base
from safety.throttle import client_address_key
from tests import conftest
from tests.factories.accounts import TEST_PASSWORD

COOKIE = "safety_session"
WRONG_PASSWORD = "not the right password at all"
CSRF_INPUT = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def csrf_app(make_app, app, session):
    """An app with CSRF on, sharing the test database and the test session's transaction care."""
    secure_app = make_app(WTF_CSRF_ENABLED=True)
    secure_app.config["TEST_SESSION"] = session
    secure_app.test_client_class = conftest.TestClient
    return secure_app


def csrf_token(response) -> str:
    match = CSRF_INPUT.search(response.data)
    assert match, "the page has no CSRF token"
    return match.group(1).decode()


def decode_session(app, client) -> dict:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None, "no session cookie"
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def plant_session(app, client, values: dict) -> None:
    """Give the browser a validly signed cookie chosen by an attacker (session fixation)."""
    value = app.session_interface.get_signing_serializer(app).dumps(values)
    client.set_cookie(COOKIE, value)


def form_login(client, email: str, password: str = TEST_PASSWORD, next_url: str | None = None):
    """Sign in through the real form: GET the page for its token, then POST it."""
    url = "/login" if next_url is None else f"/login?next={next_url}"
    page = client.get(url)
    data = {"email": email, "password": password}
    match = CSRF_INPUT.search(page.data)
    if match:
        data["csrf_token"] = match.group(1).decode()
    return client.post(url, data=data)


def login_response(client, email: str, password: str):
    """POST the form on an app without CSRF (the throttling tests post many times)."""
    return client.post("/login", data={"email": email, "password": password})


def assert_signed_out(response) -> None:
    assert response.status_code == 302
    assert response.location.startswith("/login")


# Session fixation -----------------------------------------------------------------------------


def test_login_issues_a_new_session_identifier_and_drops_planted_keys(csrf_app, make_user):
    user = make_user(Role.MINISTRY)
    client = csrf_app.test_client()
    plant_session(
        csrf_app, client, {"sid": "chosen-by-attacker", "planted": "evil", "locale": "sr"}
    )
    page = client.get("/login")
    before = decode_session(csrf_app, client)
    assert before["sid"] == "chosen-by-attacker"
    assert "csrf_token" in before

    response = client.post(
        "/login",
        data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token(page)},
    )

    assert response.status_code == 302
    after = decode_session(csrf_app, client)
    assert after["sid"] != before["sid"]
    assert len(after["sid"]) >= 32
    pre_login_keys = set(before) - {"locale"}
    assert not pre_login_keys & set(after) - {"sid"}, after
    assert "planted" not in after
    assert "csrf_token" not in after
    assert after["locale"] == "sr"
    assert after["_user_id"] == user.get_id()


def test_each_login_gets_its_own_session_identifier(csrf_app, make_user):
    user = make_user(Role.MINISTRY)
    first, second = csrf_app.test_client(), csrf_app.test_client()
    assert form_login(first, user.email).status_code == 302
    assert form_login(second, user.email).status_code == 302
    assert decode_session(csrf_app, first)["sid"] != decode_session(csrf_app, second)["sid"]


# Copied-cookie replay ---------------------------------------------------------------------------


def signed_in_cookie(app, user) -> str:
    client = app.test_client()
    assert form_login(client, user.email).status_code == 302
    assert client.get("/account/password").status_code == 200
    return client.get_cookie(COOKIE).value


def replay(app, cookie: str):
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie)
    return thief.get("/account/password")


def test_copied_cookie_is_refused_after_logout(csrf_app, make_user):
    user = make_user(Role.MINISTRY)
    client = csrf_app.test_client()
    assert form_login(client, user.email).status_code == 302
    page = client.get("/account/password")
    assert page.status_code == 200
    copied = client.get_cookie(COOKIE).value
    assert replay(csrf_app, copied).status_code == 200

    response = client.post("/logout", data={"csrf_token": csrf_token(page)})

    assert response.status_code == 302
    assert_signed_out(replay(csrf_app, copied))
    assert_signed_out(client.get("/account/password"))


def test_copied_cookie_is_refused_after_password_change_elsewhere(csrf_app, session, make_user):
    user = make_user(Role.MINISTRY)
    copied = signed_in_cookie(csrf_app, user)
    other_device = csrf_app.test_client()
    assert form_login(other_device, user.email).status_code == 302
    page = other_device.get("/account/password")

    response = other_device.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(page),
            "current_password": TEST_PASSWORD,
            "new_password": "a brand new passphrase for the council",
            "confirm_password": "a brand new passphrase for the council",
        },
    )

    assert response.status_code == 302
    assert_signed_out(replay(csrf_app, copied))
    # The browser that changed the password stays signed in.
    assert other_device.get("/account/password").status_code == 200


def test_copied_cookie_is_refused_after_deactivation(csrf_app, session, make_user):
    user = make_user(Role.MINISTRY)
    copied = signed_in_cookie(csrf_app, user)
    session.execute(update(User).where(User.id == user.id).values(is_active=False))
    session.commit()
    assert_signed_out(replay(csrf_app, copied))


def test_copied_cookie_stays_dead_after_admin_deactivates_and_reactivates(
    app, session, login, users
):
    if "admin.deactivate" not in app.view_functions:
        pytest.skip("the admin area has no deactivate route yet")
    user = users["ministry"]
    copied = signed_in_cookie(app, user)
    admin = login(users["admin"])

    assert admin.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    assert_signed_out(replay(app, copied))
    assert admin.post(f"/admin/users/{user.id}/activate").status_code == 302

    assert_signed_out(replay(app, copied))


def test_deactivated_account_cannot_sign_in(client, session, make_user):
    user = make_user(Role.MINISTRY, is_active=False)
    response = login_response(client, user.email, TEST_PASSWORD)
    assert response.status_code == 401
    assert_signed_out(client.get("/account/password"))


# Throttling -------------------------------------------------------------------------------------


def failure_count(session, email: str) -> int:
    return session.scalar(
        select(func.count()).select_from(LoginFailure).where(LoginFailure.email == email)
    )


def test_ten_failures_lock_the_account_even_for_the_right_password(client, session, make_user):
    user = make_user(Role.MINISTRY)
    for _ in range(10):
        assert login_response(client, user.email, WRONG_PASSWORD).status_code == 401

    response = login_response(client, user.email, TEST_PASSWORD)

    assert response.status_code == 429
    assert client.get_cookie(COOKIE) is None or "_user_id" not in decode_session(
        client.application, client
    )
    assert_signed_out(client.get("/account/password"))


def test_lock_holds_across_two_workers(make_app, app, session, make_user):
    user = make_user(Role.MINISTRY)
    workers = [make_app(), make_app()]
    for worker in workers:
        worker.config["TEST_SESSION"] = session
        worker.test_client_class = conftest.TestClient
    first, second = (worker.test_client() for worker in workers)
    for _ in range(5):
        assert login_response(first, user.email, WRONG_PASSWORD).status_code == 401
        assert login_response(second, user.email, WRONG_PASSWORD).status_code == 401

    assert login_response(first, user.email, TEST_PASSWORD).status_code == 429
    assert login_response(second, user.email, TEST_PASSWORD).status_code == 429
    assert failure_count(session, user.email) == 10


def normalised_body(response, email: str) -> str:
    """The page without what differs by design: the typed address, tokens and whitespace."""
    body = response.get_data(as_text=True).replace(email, "EMAIL")
    body = re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "CSRF", body)
    return re.sub(r"\s+", " ", body)


def test_unknown_email_gets_the_same_answers_as_a_known_one(make_app, app, session, make_user):
    user = make_user(Role.MINISTRY)
    unknown = "nobody.here@example.org"
    known_client, unknown_client = app.test_client(), app.test_client()
    for attempt in range(1, 13):
        password = TEST_PASSWORD if attempt > 10 else WRONG_PASSWORD
        known = login_response(known_client, user.email, password)
        stranger = login_response(unknown_client, unknown, password)
        assert known.status_code == stranger.status_code, attempt
        assert normalised_body(known, user.email) == normalised_body(stranger, unknown), attempt
        assert known.status_code == (401 if attempt <= 10 else 429)
    assert failure_count(session, unknown) == 10


def test_lock_expires_after_the_lock_period(client, session, make_user):
    user = make_user(Role.MINISTRY)
    for _ in range(10):
        login_response(client, user.email, WRONG_PASSWORD)
    assert login_response(client, user.email, TEST_PASSWORD).status_code == 429

    session.execute(
        update(LoginFailure)
        .where(LoginFailure.email == user.email)
        .values(failed_at=utcnow() - timedelta(minutes=16))
    )
    session.commit()

    assert login_response(client, user.email, TEST_PASSWORD).status_code == 302
    assert client.get("/account/password").status_code == 200


def test_success_clears_the_failures(client, session, make_user):
    user = make_user(Role.MINISTRY)
    for _ in range(9):
        login_response(client, user.email, WRONG_PASSWORD)
    assert failure_count(session, user.email) == 9

    assert login_response(client, user.email, TEST_PASSWORD).status_code == 302

    assert failure_count(session, user.email) == 0
    other = client.application.test_client()
    for _ in range(9):
        assert login_response(other, user.email, WRONG_PASSWORD).status_code == 401
    assert login_response(other, user.email, TEST_PASSWORD).status_code == 302


def test_email_case_and_spaces_count_as_one_account(client, session, make_user):
    user = make_user(Role.MINISTRY)
    for number in range(10):
        typed = f"  {user.email.upper()} " if number % 2 else user.email
        assert login_response(client, typed, WRONG_PASSWORD).status_code == 401
    assert login_response(client, user.email, TEST_PASSWORD).status_code == 429


# The `next` redirect ----------------------------------------------------------------------------


def test_next_accepts_a_local_path(client, make_user):
    user = make_user(Role.MINISTRY)
    response = form_login(client, user.email, next_url="/councils/")
    assert response.status_code == 302
    assert response.location == "/councils/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "https:evil.example",
        " //evil.example",
    ],
)
def test_next_refuses_other_sites(client, make_user, target):
    user = make_user(Role.MINISTRY)
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": user.email, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert response.location == "/"


# Language selection -----------------------------------------------------------------------------


def page_language(client, path: str = "/login", **headers) -> str:
    """The page's language code, without the script subtag (Serbian pages say sr-Latn)."""
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    match = re.search(r'<html lang="([a-z]+)(?:-[A-Za-z]+)?"', response.get_data(as_text=True))
    assert match
    return match.group(1)


def stored_locale(session, user) -> str | None:
    return session.scalar(select(User.locale).where(User.id == user.id))


def test_language_defaults_to_albanian_then_follows_the_browser(client):
    assert page_language(client) == "sq"
    assert page_language(client, **{"Accept-Language": "sr"}) == "sr"
    assert page_language(client, **{"Accept-Language": "de, en;q=0.5"}) == "en"
    assert page_language(client, **{"Accept-Language": "de"}) == "sq"


def test_switcher_choice_beats_the_browser(client):
    response = client.post("/language", data={"language": "en", "next": "/login"})
    assert response.status_code == 302
    assert response.location == "/login"
    assert page_language(client, **{"Accept-Language": "sr"}) == "en"


def test_account_preference_beats_the_switcher_and_survives_login(client, make_user):
    user = make_user(Role.MINISTRY, locale="sr")
    client.post("/language", data={"language": "en"})
    assert login_response(client, user.email, TEST_PASSWORD).status_code == 302
    assert page_language(client, "/account/password", **{"Accept-Language": "en"}) == "sr"


def test_signed_in_choice_is_stored_on_the_account(login, session, make_user):
    user = make_user(Role.MINISTRY, locale="sr")
    client = login(user)
    assert client.post("/language", data={"language": "en"}).status_code == 302
    assert stored_locale(session, user) == "en"
    assert page_language(client, "/account/password") == "en"


def test_unknown_language_changes_nothing(login, session, make_user):
    user = make_user(Role.MINISTRY, locale="sr")
    client = login(user)
    response = client.post("/language", data={"language": "de"})
    assert response.status_code == 400
    assert stored_locale(session, user) == "sr"
    anonymous = client.application.test_client()
    anonymous.post("/language", data={"language": "xx"})
    cookie = anonymous.get_cookie(COOKIE)
    assert cookie is None or "locale" not in decode_session(client.application, anonymous)
    assert page_language(anonymous) == "sq"


@pytest.mark.parametrize(
    "target", ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"]
)
def test_language_switch_returns_only_to_local_pages(client, target):
    response = client.post("/language", data={"language": "en", "next": target})
    assert response.status_code == 302
    assert response.location == "/"


def test_simultaneous_attempts_on_two_workers_stop_at_the_limit(make_app, app, session, make_user):
    user = make_user(Role.MINISTRY)
    session.rollback()
    workers = [make_app(), make_app()]
    attempts = 24
    start = threading.Barrier(attempts)

    def attempt(number: int) -> int:
        client = workers[number % 2].test_client()
        start.wait()
        return login_response(client, user.email, WRONG_PASSWORD).status_code

    with ThreadPoolExecutor(max_workers=attempts) as pool:
        statuses = list(pool.map(attempt, range(attempts)))

    assert set(statuses) <= {401, 429}
    assert statuses.count(401) <= 10, statuses
    assert failure_count(session, user.email) <= 10
    assert login_response(workers[0].test_client(), user.email, TEST_PASSWORD).status_code == 429


def test_deactivation_outside_the_admin_pages_still_ends_sessions(make_user, session, login):
    user = make_user(Role.MINISTRY)
    client = login(user)
    assert client.get("/account/password").status_code == 200
    user.is_active = False
    session.commit()
    user.is_active = True
    session.commit()
    assert client.get("/account/password").status_code == 302


# Wrong current passwords on the change-password form --------------------------------------------


def change_password_response(client, current: str, new: str = "lanterns over the quiet river"):
    return client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm_password": new},
        headers={"Accept-Language": "en"},
    )


def audit_actions_since(session, start: int) -> list[AuditAction]:
    session.expire_all()
    return session.scalars(
        select(AuditEvent.action).where(AuditEvent.id > start).order_by(AuditEvent.id)
    ).all()


def last_audit_id(session) -> int:
    return session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))


def test_wrong_current_passwords_count_toward_the_lock_and_are_audited(
    client, login, session, make_user
):
    user = make_user(Role.MINISTRY)
    before = user.password_hash
    signed_in = login(user)
    start = last_audit_id(session)

    statuses = [change_password_response(signed_in, WRONG_PASSWORD).status_code for _ in range(10)]

    assert statuses == [400] * 10
    assert failure_count(session, user.email) == 10
    assert audit_actions_since(session, start) == [AuditAction.PASSWORD_CHANGE_FAILED] * 10
    # The eleventh try is refused even with the right password, and sign-in is locked too.
    locked = change_password_response(signed_in, TEST_PASSWORD)
    assert locked.status_code == 429
    assert "Too many wrong passwords." in locked.get_data(as_text=True)
    assert login_response(client, user.email, TEST_PASSWORD).status_code == 429
    session.expire_all()
    assert session.get(User, user.id).password_hash == before


def test_wrong_current_passwords_and_failed_sign_ins_add_up(client, login, session, make_user):
    user = make_user(Role.MINISTRY)
    signed_in = login(user)
    for _ in range(5):
        assert login_response(client, user.email, WRONG_PASSWORD).status_code == 401
    for _ in range(5):
        assert change_password_response(signed_in, WRONG_PASSWORD).status_code == 400
    assert change_password_response(signed_in, TEST_PASSWORD).status_code == 429


def test_a_successful_change_clears_the_failures(login, session, make_user):
    user = make_user(Role.MINISTRY)
    signed_in = login(user)
    for _ in range(9):
        change_password_response(signed_in, WRONG_PASSWORD)
    assert change_password_response(signed_in, TEST_PASSWORD).status_code == 302
    assert failure_count(session, user.email) == 0


# What a failed sign-in stores -------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["my secret passphrase 2026", "hunter2-hunter2", "arta@", "@example.org"]
)
def test_text_that_is_no_address_is_never_stored(client, session, typed):
    start = last_audit_id(session)

    response = login_response(client, typed, WRONG_PASSWORD)

    assert response.status_code == 401
    session.expire_all()
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.id > start)).all()
    assert event.action == AuditAction.LOGIN_FAILED
    assert event.changes == {"email": None}
    assert session.scalar(select(func.count(LoginFailure.id))) == 0
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            assert typed not in repr(tuple(row)), table.name


def test_a_failed_sign_in_with_an_address_stores_its_canonical_form(client, session):
    start = last_audit_id(session)
    login_response(client, " Nobody.Here@EXAMPLE.org ", WRONG_PASSWORD)
    session.expire_all()
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.id > start)).all()
    assert event.changes == {"email": "nobody.here@example.org"}
    assert session.scalars(select(LoginFailure.email)).all() == ["nobody.here@example.org"]


# Look-alike addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "\uff41\uff52\uff54\uff41@example.org",  # full-width "arta"
        "arta@\uff25\uff38\uff21\uff2d\uff30\uff2c\uff25.org",  # full-width "EXAMPLE"
        "ARTA@example.org",
    ],
)
def test_look_alike_forms_of_an_address_sign_in_to_the_same_account(client, make_user, typed):
    make_user(Role.MINISTRY, email="arta@example.org")
    assert login_response(client, typed, TEST_PASSWORD).status_code == 302


def test_look_alike_failures_count_toward_one_lock(client, session, make_user):
    user = make_user(Role.MINISTRY, email="arta@example.org")
    for number in range(10):
        typed = "\uff41\uff52\uff54\uff41@example.org" if number % 2 else "Arta@Example.org"
        assert login_response(client, typed, WRONG_PASSWORD).status_code == 401
    assert login_response(client, user.email, TEST_PASSWORD).status_code == 429


# Per-address limit ------------------------------------------------------------------------------


def from_address(client, address: str):
    """The client, coming from `address`, reading pages in English (messages are checked)."""
    client.environ_base["REMOTE_ADDR"] = address
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_thirty_failures_from_one_address_hold_back_every_sign_in_from_it(
    app, client, session, make_user
):
    assert app.config["ADDRESS_MAX_FAILED_SIGN_INS"] == 30
    user = make_user(Role.MINISTRY)
    spray = from_address(client, "203.0.113.7")
    # Thirty different accounts, each far from its own lock.
    for number in range(30):
        assert (
            login_response(spray, f"person{number}@example.org", WRONG_PASSWORD).status_code == 401
        )

    start = last_audit_id(session)
    refused = login_response(spray, user.email, TEST_PASSWORD)

    assert refused.status_code == 429
    assert "Too many attempts from your network." in refused.get_data(as_text=True)
    assert_signed_out(spray.get("/account/password"))
    assert audit_actions_since(session, start) == [AuditAction.LOGIN_FAILED]
    # The account itself is not locked: the same person elsewhere signs in.
    elsewhere = from_address(app.test_client(), "198.51.100.9")
    assert login_response(elsewhere, user.email, TEST_PASSWORD).status_code == 302


def test_the_account_lock_still_holds_when_guesses_come_from_many_addresses(
    app, session, make_user
):
    user = make_user(Role.MINISTRY)
    for number in range(10):
        client = from_address(app.test_client(), f"203.0.113.{number + 1}")
        assert login_response(client, user.email, WRONG_PASSWORD).status_code == 401
    fresh = from_address(app.test_client(), "198.51.100.9")
    assert login_response(fresh, user.email, TEST_PASSWORD).status_code == 429


def test_the_raw_address_is_never_stored_only_a_keyed_hash(make_app, app, client, session):
    address = "203.0.113.77"
    login_response(from_address(client, address), "someone@example.org", WRONG_PASSWORD)

    session.expire_all()
    [attempt] = session.scalars(select(AddressAttempt)).all()
    assert attempt.kind == AttemptKind.FAILED_SIGN_IN
    assert re.fullmatch(r"[0-9a-f]{64}", attempt.address_key)
    assert address not in repr(session.execute(select(AddressAttempt.__table__)).all())
    assert attempt.address_key != hashlib.sha256(address.encode()).hexdigest()
    # Keyed by SECRET_KEY: another deployment's key gives another hash for the same address.
    other = make_app(SECRET_KEY="another-deployment-secret-key-0123456789")
    with app.test_request_context(), other.test_request_context():
        assert client_address_key(address) != attempt.address_key
    with app.test_request_context():
        assert client_address_key(address) == attempt.address_key


def test_old_address_attempts_are_purged(client, session):
    long_ago = utcnow() - timedelta(minutes=16)
    session.add_all(
        AddressAttempt(kind=AttemptKind.FAILED_SIGN_IN, address_key="0" * 64, attempted_at=long_ago)
        for _ in range(40)
    )
    session.commit()

    # Forty old failures no longer hold anyone back, and the next failure clears them away.
    assert login_response(client, "someone@example.org", WRONG_PASSWORD).status_code == 401

    session.expire_all()
    assert session.scalar(select(func.count(AddressAttempt.id))) == 1
