"""Account factories: users of every role, one per role of the route matrix, and passwords."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from safety.accounts.models import Role, User
from safety.councils.models import Council
from safety.organisations.models import Organisation, OrganisationStatus
from tests.factories import sequence
from tests.factories.councils import COUNCIL_A_CODE, council_by_code

TEST_PASSWORD = "correct horse battery staple"


@functools.cache
def _test_password_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    from argon2 import PasswordHasher, Type

    return PasswordHasher(
        time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID
    ).hash(TEST_PASSWORD)


def password_hash_for(app: Flask, password: str) -> str:
    config = app.config
    params = (
        config["ARGON2_TIME_COST"],
        config["ARGON2_MEMORY_COST"],
        config["ARGON2_PARALLELISM"],
    )
    if password == TEST_PASSWORD:
        return _test_password_hash(*params)
    from safety.passwords import hash_password

    with app.app_context():
        return hash_password(password)


@pytest.fixture
def make_user(
    app: Flask, session: Session, make_organisation: Callable[..., Organisation]
) -> Callable[..., User]:
    """Create a user; secretaries default to council A, CSO users to a new organisation."""

    def factory(
        role: Role = Role.MINISTRY, password: str = TEST_PASSWORD, **overrides: Any
    ) -> User:
        number = next(sequence)
        values: dict[str, Any] = {
            "email": f"{role.value}{number}@example.org",
            "full_name": f"Test {role.value.title()} {number}",
            "role": role,
            "password_hash": password_hash_for(app, password),
        }
        if role == Role.SECRETARY and "council_id" not in overrides:
            values["council_id"] = council_by_code(session, COUNCIL_A_CODE).id
        if role == Role.CSO and "organisation_id" not in overrides:
            values["organisation_id"] = make_organisation().id
        values.update(overrides)
        user = User(**values)
        session.add(user)
        session.commit()
        return user

    return factory


@pytest.fixture
def users(
    make_user: Callable[..., User],
    make_organisation: Callable[..., Organisation],
    council_a: Council,
    council_b: Council,
) -> dict[str, User]:
    """One user per role of the route matrix (anonymous is None)."""
    pending = make_organisation(status=OrganisationStatus.PENDING)
    return {
        "cso": make_user(Role.CSO),
        "cso_pending": make_user(Role.CSO, organisation_id=pending.id),
        "secretary_a": make_user(Role.SECRETARY, council_id=council_a.id),
        "secretary_b": make_user(Role.SECRETARY, council_id=council_b.id),
        "ministry": make_user(Role.MINISTRY),
        "admin": make_user(Role.ADMIN),
    }
