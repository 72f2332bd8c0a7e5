"""One mailbox, one account: addresses are stored and compared in email-validator's form."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from safety.accounts.emails import canonical_email, normalise_email
from safety.accounts.models import Role, User

# Full-width letters are how a look-alike second account of "arta@example.org" would be made.
FULL_WIDTH_ARTA = "\uff41\uff52\uff54\uff41"
FULL_WIDTH_EXAMPLE = "\uff25\uff38\uff21\uff2d\uff30\uff2c\uff25"


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("arta@example.org", "arta@example.org"),
        ("  Arta@Example.ORG ", "arta@example.org"),
        (f"{FULL_WIDTH_ARTA}@example.org", "arta@example.org"),
        (f"ARTA@{FULL_WIDTH_EXAMPLE}.org", "arta@example.org"),
        ("arta\uff20example.org", "arta@example.org"),  # full-width @
        ("user@xn--bcher-kva.de", "user@bücher.de"),
        ("user@BÜCHER.de", "user@bücher.de"),
        ("Ëndrit@example.org", "ëndrit@example.org"),
    ],
)
def test_canonical_form_of_look_alike_addresses(typed, canonical):
    assert canonical_email(typed) == canonical


@pytest.mark.parametrize(
    "typed",
    ["", "arta", "arta@", "@example.org", "my secret passphrase", "a\u200bb@example.org"],
)
def test_text_that_is_no_address_has_no_canonical_form(typed):
    assert canonical_email(typed) is None
    # Still comparable, trimmed and lower-cased, for the callers that need a value.
    assert normalise_email(f" {typed.upper()} ") == typed.upper().strip().lower()


def test_the_model_stores_the_canonical_form_however_it_is_set(session, make_user):
    user = make_user(Role.MINISTRY, email=f"{FULL_WIDTH_ARTA}@Example.org")
    session.expire_all()
    assert session.scalar(select(User.email).where(User.id == user.id)) == "arta@example.org"


@pytest.fixture
def as_admin(login, users):
    client = login(users["admin"])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def new_user_data(email: str) -> dict[str, str]:
    return {
        "email": email,
        "full_name": "New Person",
        "role": "ministry",
        "council_id": "",
        "organisation_id": "",
        "locale": "sq",
    }


def test_administrators_cannot_create_a_look_alike_second_account(as_admin, session, make_user):
    make_user(Role.MINISTRY, email="arta@example.org")
    before = session.scalar(select(func.count(User.id)))

    response = as_admin.post(
        "/admin/users/new", data=new_user_data(f"{FULL_WIDTH_ARTA}@example.org")
    )

    assert response.status_code == 400
    assert "An account with this e-mail address already exists." in response.get_data(as_text=True)
    assert session.scalar(select(func.count(User.id))) == before


def test_administrators_create_accounts_under_the_canonical_address(as_admin, session):
    response = as_admin.post(
        "/admin/users/new", data=new_user_data(f"New.Person@{FULL_WIDTH_EXAMPLE}.org")
    )
    assert response.status_code == 201
    assert session.scalar(select(User.email).where(User.full_name == "New Person")) == (
        "new.person@example.org"
    )


def create_user(app, email: str):
    return app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--email",
            email,
            "--name",
            "Chief Admin",
            "--role",
            "admin",
            "--password",
            "a long enough passphrase",
        ]
    )


def test_the_command_stores_the_canonical_address_and_refuses_look_alikes(app, session):
    first = create_user(app, f"{FULL_WIDTH_ARTA}@Example.org")
    assert first.exit_code == 0, first.output
    assert session.scalars(select(User.email)).all() == ["arta@example.org"]

    second = create_user(app, "ARTA@example.org")

    assert second.exit_code != 0
    assert "already exists" in second.output
    assert session.scalar(select(func.count(User.id))) == 1


@pytest.mark.parametrize("email", ["not-an-address", "arta@", "a b@example.org"])
def test_the_command_refuses_text_that_is_no_address(app, session, email):
    result = create_user(app, email)
    assert result.exit_code != 0
    assert "is not a valid e-mail address" in result.output
    assert session.scalar(select(func.count(User.id))) == 0
