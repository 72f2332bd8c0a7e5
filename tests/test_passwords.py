"""Password storage (Argon2id, rehash on sign-in) and the password rules of ASVS chapter 6."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from sqlalchemy import select

from safety.accounts.models import Role, User
from safety.audit.models import AuditEvent
from safety.config import DEFAULTS
from safety.passwords import common_passwords, password_problems, verify_password
from tests.factories.accounts import TEST_PASSWORD

OWASP_MEMORY_KIB = 19 * 1024
OWASP_TIME_COST = 2


def stored_hash(session, user: User) -> str:
    return session.scalar(select(User.password_hash).where(User.id == user.id))


def change_password(client, new_password: str, current: str = TEST_PASSWORD):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new_password,
            "confirm_password": new_password,
        },
    )


def test_production_defaults_meet_the_owasp_minimum():
    assert DEFAULTS["ARGON2_MEMORY_COST"] >= OWASP_MEMORY_KIB
    assert DEFAULTS["ARGON2_TIME_COST"] >= OWASP_TIME_COST
    assert DEFAULTS["ARGON2_PARALLELISM"] >= 1


def test_changed_password_is_stored_as_argon2id_with_the_configured_parameters(
    login, session, make_user
):
    user = make_user(Role.MINISTRY)
    client = login(user)

    assert change_password(client, "lanterns over the quiet river").status_code == 302

    password_hash = stored_hash(session, user)
    assert password_hash.startswith("$argon2id$")
    parameters = extract_parameters(password_hash)
    assert parameters.type is Type.ID
    assert parameters.memory_cost >= OWASP_MEMORY_KIB
    assert parameters.time_cost >= OWASP_TIME_COST
    assert "lanterns" not in password_hash


def test_weak_hash_is_replaced_at_the_next_sign_in(app, client, session, make_user):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1, type=Type.ID)
    user = make_user(Role.MINISTRY)
    user.password_hash = weak.hash(TEST_PASSWORD)
    session.commit()
    old_hash = stored_hash(session, user)

    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})

    assert response.status_code == 302
    new_hash = stored_hash(session, user)
    assert new_hash != old_hash
    parameters = extract_parameters(new_hash)
    assert parameters.memory_cost == app.config["ARGON2_MEMORY_COST"]
    assert parameters.time_cost == app.config["ARGON2_TIME_COST"]
    with app.app_context():
        assert verify_password(new_hash, TEST_PASSWORD)


def test_argon2i_hash_is_upgraded_to_argon2id(client, session, make_user):
    user = make_user(Role.MINISTRY)
    user.password_hash = PasswordHasher(type=Type.I).hash(TEST_PASSWORD)
    session.commit()

    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})

    assert response.status_code == 302

    assert stored_hash(session, user).startswith("$argon2id$")


def test_current_hash_is_left_alone_at_sign_in(client, session, make_user):
    user = make_user(Role.MINISTRY)
    before = stored_hash(session, user)
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert stored_hash(session, user) == before


def test_the_bundled_common_list_holds_the_examples():
    common = common_passwords()
    assert len(common) > 15_000
    assert {"password1234", "qwertyuiop123", "iloveyou123"} <= common


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "twelve chars",
        "ujë i ftohtë nga burimi i malit",
        "Сунце излази изнад Грачанице",
        "a" * 10 + "b" * 10 + "c" * 44 + "longer than sixty-four characters in total",
        "🌧️ rain on the tin roof 🌧️",
    ],
)
def test_accepted_passwords(app, password):
    with app.test_request_context():
        assert password_problems(password, email="arta@example.org") == []


@pytest.mark.parametrize(
    "password",
    [
        "short",
        "elevenchars",
        "password1234",
        "qwertyuiop123",
        "PASSWORD1234",
        "iloveyou123!",
        "aaaaaaaaaaaaaaaa",
        "arta.krasniqi@example.org",
        "ARTA.KRASNIQI@example.org",
        "x" * 257,
    ],
)
def test_refused_passwords(app, password):
    with app.test_request_context():
        assert password_problems(password, email="arta.krasniqi@example.org")


def test_change_form_refuses_a_short_password(login, session, make_user):
    user = make_user(Role.MINISTRY)
    client = login(user)
    before = stored_hash(session, user)
    response = change_password(client, "too short")
    assert response.status_code == 400
    assert b"12" in response.data
    assert stored_hash(session, user) == before


def test_change_form_refuses_a_common_password(login, session, make_user):
    user = make_user(Role.MINISTRY)
    client = login(user)
    before = stored_hash(session, user)
    response = change_password(client, "qwertyuiop123")
    assert response.status_code == 400
    assert stored_hash(session, user) == before


def test_change_form_refuses_the_email_address(login, session, make_user):
    user = make_user(Role.MINISTRY, email="arta.krasniqi@example.org")
    client = login(user)
    before = stored_hash(session, user)

    response = change_password(client, "Arta.Krasniqi@example.org")

    assert response.status_code == 400
    assert stored_hash(session, user) == before


def test_change_form_accepts_long_unicode_passphrases(login, session, make_user, app):
    user = make_user(Role.MINISTRY)
    client = login(user)
    passphrase = "Sot në mëngjes pashë diellin mbi Gërmi dhe Брезовица, 🌞 " * 2

    assert len(passphrase) > 64
    assert change_password(client, passphrase).status_code == 302
    with app.app_context():
        assert verify_password(stored_hash(session, user), passphrase)


def test_change_form_needs_the_current_password(login, session, make_user):
    user = make_user(Role.MINISTRY)
    client = login(user)
    before = stored_hash(session, user)
    response = change_password(client, "lanterns over the quiet river", current="wrong guess")
    assert response.status_code == 400
    assert stored_hash(session, user) == before


def test_composed_and_decomposed_letters_are_the_same_password(login, client, make_user):
    composed = "një fjalëkalim i gjatë"
    decomposed = "nje\u0308 fjale\u0308kalim i gjate\u0308"
    user = make_user(Role.MINISTRY, password=composed)
    response = client.post("/login", data={"email": user.email, "password": decomposed})
    assert response.status_code == 302


# The forced change after an administrator set the password --------------------------------------

TEMPORARY_PASSWORD = re.compile(rb'<code class="temporary-password">([^<]+)</code>')


def reset_by_administrator(login, admin: User, user: User) -> str:
    response = login(admin).post(f"/admin/users/{user.id}/reset-password")
    assert response.status_code == 200
    match = TEMPORARY_PASSWORD.search(response.data)
    assert match is not None, "the temporary password is not on the page"
    return match.group(1).decode()


def signed_in_with(app, email: str, password: str):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    return client


@pytest.fixture
def reset_user(app, login, session, users):
    """A ministry user whose password (TEST_PASSWORD) an administrator just reset."""
    user = users["ministry"]
    temporary = reset_by_administrator(login, users["admin"], user)
    return user, temporary, signed_in_with(app, user.email, temporary)


def test_the_forced_change_refuses_the_temporary_password(reset_user, session):
    user, temporary, client = reset_user
    before = stored_hash(session, user)

    response = change_password(client, temporary, current=temporary)

    assert response.status_code == 400
    assert "Choose a new password, not the temporary one." in response.get_data(as_text=True)
    assert stored_hash(session, user) == before
    assert client.get("/councils/").status_code == 302  # still sent to change it


def test_the_forced_change_refuses_the_password_from_before_the_reset(reset_user, session):
    user, temporary, client = reset_user
    before = stored_hash(session, user)

    response = change_password(client, TEST_PASSWORD, current=temporary)

    assert response.status_code == 400
    assert "Choose a password you have not used before the reset." in (
        response.get_data(as_text=True)
    )
    assert stored_hash(session, user) == before


def test_the_forced_change_accepts_a_new_password(app, reset_user, session):
    user, temporary, client = reset_user

    response = change_password(client, "lanterns over the quiet river", current=temporary)

    assert response.status_code == 302
    session.expire_all()
    stored = session.get(User, user.id)
    assert stored.must_change_password is False
    with app.app_context():
        assert verify_password(stored.password_hash, "lanterns over the quiet river")
        # The temporary password is now the previous one; the older one is forgotten.
        assert verify_password(stored.previous_password_hash, temporary)


def test_an_account_created_by_an_administrator_refuses_its_temporary_password(
    app, login, session, users
):
    created = login(users["admin"]).post(
        "/admin/users/new",
        data={
            "email": "new.person@example.org",
            "full_name": "New Person",
            "role": "ministry",
            "council_id": "",
            "organisation_id": "",
            "locale": "en",
        },
    )
    assert created.status_code == 201
    temporary = TEMPORARY_PASSWORD.search(created.data).group(1).decode()
    client = signed_in_with(app, "new.person@example.org", temporary)

    response = change_password(client, temporary, current=temporary)

    assert response.status_code == 400
    assert "Choose a new password, not the temporary one." in response.get_data(as_text=True)


def test_a_new_password_equal_to_the_current_one_is_refused(login, session, make_user):
    user = make_user(Role.MINISTRY)
    client = login(user)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = stored_hash(session, user)

    response = change_password(client, TEST_PASSWORD)

    assert response.status_code == 400
    assert "The new password is the same as the current one." in response.get_data(as_text=True)
    assert stored_hash(session, user) == before


def test_an_ordinary_change_may_return_to_an_older_password(login, session, make_user):
    # Only the forced change looks at the previous password (ASVS asks no history).
    user = make_user(Role.MINISTRY)
    client = login(user)
    assert change_password(client, "lanterns over the quiet river").status_code == 302
    assert (
        change_password(client, TEST_PASSWORD, current="lanterns over the quiet river").status_code
        == 302
    )


def test_no_password_hash_reaches_the_audit_trail_on_reset(reset_user, session):
    session.expire_all()
    changes = [repr(event.changes) for event in session.scalars(select(AuditEvent))]
    assert not [change for change in changes if "$argon2" in change]
