"""Registration tells no one who has an account; numbers and e-mails compare in folded forms."""

from __future__ import annotations

import re

import pytest
from alembic import command
from sqlalchemy import func, select, text

from safety.accounts.models import AddressAttempt, AttemptKind, Role, User
from safety.audit.models import AuditAction, AuditEvent
from safety.db import build_engine
from safety.organisations.models import Organisation, registration_key
from tests.conftest import alembic_config
from tests.test_migrations import fresh_database_url  # noqa: F401  (a fixture)
from tests.test_organisations import PASSPHRASE, counts, registration_data

OTHER_ADDRESS = "198.51.100.23"


@pytest.fixture
def visitor(login):
    """An anonymous client reading pages in English (messages are checked)."""
    client = login(None)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def answer(client, response) -> tuple[int, str, str]:
    """Status, redirect target and the page it leads to (with its flash), tokens removed."""
    location = response.headers.get("Location", "")
    page = client.get(location).get_data(as_text=True) if location else ""
    page = re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "CSRF", page)
    return response.status_code, location, re.sub(r"\s+", " ", page)


def stored_hash(session, user: User) -> str:
    session.expire_all()
    return session.scalar(select(User.password_hash).where(User.id == user.id))


def events(session, action: AuditAction) -> list[AuditEvent]:
    session.expire_all()
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


# The same answer -------------------------------------------------------------------------------


def test_a_taken_email_gets_the_same_answer_as_a_new_one(login, session, make_user):
    owner = make_user(Role.MINISTRY, email="arta@zeri.example.org")
    owner_hash = stored_hash(session, owner)
    new_visitor, probing_visitor = login(None), login(None)
    for client in (new_visitor, probing_visitor):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    new = answer(
        new_visitor,
        new_visitor.post(
            "/register",
            data=registration_data(
                session, email="besa@zeri.example.org", registration_number="5110001"
            ),
        ),
    )
    before = counts(session)
    probe = answer(
        probing_visitor,
        probing_visitor.post(
            "/register", data=registration_data(session, registration_number="5110002")
        ),
    )

    assert probe == new
    status, location, page = new
    assert (status, location) == (302, "/login")
    assert "Sign in with the e-mail address you gave." in page
    # The taken address created nothing and left its account as it was.
    assert counts(session) == before
    assert stored_hash(session, owner) == owner_hash
    assert session.scalar(select(func.count(Organisation.id))) == 1


def test_a_taken_email_is_audited_against_the_existing_account(visitor, session, make_user):
    owner = make_user(Role.MINISTRY, email="arta@zeri.example.org")
    start = session.scalar(select(func.max(AuditEvent.id)))

    visitor.post("/register", data=registration_data(session))

    session.expire_all()
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.id > start)).all()
    assert event.action == AuditAction.REGISTRATION_EMAIL_TAKEN
    assert (event.entity_type, event.entity_id) == ("users", owner.id)
    assert event.actor_id is None
    assert event.changes == {
        "organisation": "Zëri i Komunitetit",
        "registration_number": "5112233",
    }


@pytest.mark.parametrize(
    "typed",
    [
        "ARTA@ZERI.EXAMPLE.ORG",
        "\uff41\uff52\uff54\uff41@zeri.example.org",  # full-width "arta"
        "arta@\uff3a\uff25\uff32\uff29.example.org",  # full-width "ZERI"
    ],
)
def test_look_alike_forms_of_a_taken_email_create_nothing(visitor, session, make_user, typed):
    owner = make_user(Role.MINISTRY, email="arta@zeri.example.org")
    before = counts(session)

    response = visitor.post("/register", data=registration_data(session, email=typed))

    assert (response.status_code, response.headers["Location"]) == (302, "/login")
    assert counts(session) == before
    [event] = events(session, AuditAction.REGISTRATION_EMAIL_TAKEN)
    assert event.entity_id == owner.id


def test_the_new_account_stores_the_canonical_address(visitor, session):
    typed = "\uff21\uff52\uff54\uff41@Zeri.Example.ORG"
    response = visitor.post("/register", data=registration_data(session, email=typed))
    assert response.status_code == 302
    assert session.scalars(select(User.email)).all() == ["arta@zeri.example.org"]


def test_the_new_user_signs_in_and_sees_the_pending_organisation(visitor, session):
    visitor.post("/register", data=registration_data(session))
    organisation_id = session.scalar(select(Organisation.id))

    response = visitor.post(
        "/login", data={"email": "arta@zeri.example.org", "password": PASSPHRASE}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = visitor.get(f"/organisations/{organisation_id}")
    assert page.status_code == 200
    assert "Zëri i Komunitetit" in page.get_data(as_text=True)


# Registration numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("5112233", "5112233"),
        ("51-12 233", "5112233"),
        ("51\u201312\u2212233", "5112233"),  # en dash, minus sign
        ("51\u200b12\u00a0233", "5112233"),  # zero-width space, no-break space
        ("\uff15\uff11\uff11\uff12\uff12\uff13\uff13", "5112233"),  # full-width digits
        ("Ab-12/C", "ab12/c"),
        ("ABC\u200d", "abc"),  # zero-width joiner
    ],
)
def test_registration_key_folds_case_spaces_dashes_and_invisible_characters(typed, key):
    assert registration_key(typed) == key


@pytest.mark.parametrize(
    "typed", ["51-12 233", "511 2233", "\uff15\uff11\uff11\uff12\uff12\uff13\uff13"]
)
def test_look_alike_numbers_are_refused_with_the_public_message(
    visitor, session, make_organisation, typed
):
    make_organisation(registration_number="5112233")
    before = counts(session)

    response = visitor.post("/register", data=registration_data(session, registration_number=typed))

    assert response.status_code == 400
    assert "An organisation with this registration number is already registered." in (
        response.get_data(as_text=True)
    )
    assert counts(session) == before


def test_the_number_is_shown_as_typed(visitor, session):
    visitor.post("/register", data=registration_data(session, registration_number="51-12 233"))
    organisation = session.scalars(select(Organisation)).one()
    assert (organisation.registration_number, organisation.registration_key) == (
        "51-12 233",
        "5112233",
    )


@pytest.mark.parametrize("typed", ["---", "\u200b\u200b", "- -"])
def test_a_number_without_letters_or_digits_is_refused(visitor, session, typed):
    response = visitor.post("/register", data=registration_data(session, registration_number=typed))
    assert response.status_code == 400
    assert "Enter the registration number with its letters and digits." in (
        response.get_data(as_text=True)
    )
    assert counts(session) == (0, 0)


def test_the_database_refuses_a_second_organisation_with_the_same_key(session, make_organisation):
    make_organisation(registration_number="5112233")
    session.add(
        Organisation(name="Twin", registration_number="511-2233", contact_email="t@example.org")
    )
    with pytest.raises(Exception, match=r"(?i)unique"):
        session.commit()
    session.rollback()


# Per-address limit ------------------------------------------------------------------------------


def register_as(client, session, number: int, address: str = "127.0.0.1"):
    return client.post(
        "/register",
        data=registration_data(
            session,
            registration_number=f"7{number:06d}",
            email=f"person{number}@spray.example.org",
        ),
        environ_overrides={"REMOTE_ADDR": address},
    )


def test_ten_registrations_per_address_then_429(app, visitor, session):
    assert app.config["ADDRESS_MAX_REGISTRATIONS"] == 10
    for number in range(10):
        assert register_as(visitor, session, number).status_code == 302
    before = counts(session)

    refused = register_as(visitor, session, 10)

    assert refused.status_code == 429
    assert (
        "Too many attempts from your network. Please wait 15 minutes and try again."
        in refused.get_data(as_text=True)
    )
    assert counts(session) == before
    # Another address is not held back by this one.
    assert register_as(visitor, session, 11, address=OTHER_ADDRESS).status_code == 302
    assert counts(session) == (before[0] + 1, before[1] + 1)


def test_registrations_with_a_taken_email_count_toward_the_limit(app, visitor, session, make_user):
    app.config["ADDRESS_MAX_REGISTRATIONS"] = 2
    make_user(Role.MINISTRY, email="arta@zeri.example.org")
    for number in range(2):
        data = registration_data(session, registration_number=f"80{number}")
        assert visitor.post("/register", data=data).status_code == 302
    data = registration_data(session, registration_number="809", email="new@zeri.example.org")
    assert visitor.post("/register", data=data).status_code == 429
    assert (
        session.scalar(
            select(func.count(AddressAttempt.id)).where(
                AddressAttempt.kind == AttemptKind.REGISTRATION
            )
        )
        == 2
    )


# The migration fills in keys for organisations registered before it ----------------------------


def test_migration_gives_existing_organisations_their_keys(fresh_database_url):  # noqa: F811
    config = alembic_config(fresh_database_url)
    command.upgrade(config, "b1a2c3d4e501")
    engine = build_engine(fresh_database_url)
    try:
        with engine.begin() as connection:
            for number in ("51-12 233", "5112233", "ab-1"):
                connection.execute(
                    text(
                        "INSERT INTO organisations (name, registration_number, contact_email, "
                        "is_verified, created_at, updated_at) VALUES (:name, :number, "
                        "'c@example.org', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"name": f"Organisation {number}", "number": number},
                )
        command.upgrade(config, "b1a2c3d4e502")
        with engine.connect() as connection:
            keys = connection.execute(
                text(
                    "SELECT id, registration_number, registration_key "
                    "FROM organisations ORDER BY id"
                )
            ).all()
            assert [(number, key) for _, number, key in keys] == [
                ("51-12 233", "5112233"),
                ("5112233", f"5112233#{keys[1][0]}"),
                ("ab-1", "ab1"),
            ]
        with pytest.raises(Exception, match=r"(?i)unique"), engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organisations (name, registration_number, registration_key, "
                    "contact_email, is_verified, created_at, updated_at) VALUES ('Twin', "
                    "'AB 1', 'ab1', 'c@example.org', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
        command.downgrade(config, "b1a2c3d4e501")
    finally:
        engine.dispose()
