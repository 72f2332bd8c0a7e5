"""Fixtures: a migrated database per run (SQLite or PostgreSQL), the app, clients and factories."""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from flask import Flask
from flask_login import FlaskLoginClient
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.orm import Session

from safety import create_app
from safety.accounts.models import Role, User
from safety.councils.models import Community, Council, Gender, Member, MemberRole, Municipality
from safety.db import Base
from safety.organisations.models import Organisation
from safety.seed import seed_municipalities

ROOT = Path(__file__).resolve().parent.parent
TEST_PASSWORD = "correct horse battery staple"
TEST_SECRET_KEY = "test-secret-key-not-for-production"

# Council A is Prishtinë (Albanian majority), council B is Graçanicë (Serb majority).
COUNCIL_A_CODE = "01"
COUNCIL_B_CODE = "07"


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logging"] = False
    return config


def reset_database(database_url: str) -> None:
    """Drop everything in the test database so a run starts from an empty schema."""
    engine = create_engine(database_url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The run's database: SAFETY_TEST_DATABASE_URL (PostgreSQL in CI) or a SQLite file."""
    url = os.environ.get("SAFETY_TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    )
    reset_database(url)
    command.upgrade(alembic_config(url), "head")
    return url


def app_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "SERVER_NAME": None,
        **overrides,
    }


def empty_tables(app: Flask) -> None:
    engine = app.extensions["safety.db"]["engine"]
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def make_app(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Build extra apps on the run's database (for CSRF-on or production-config tests)."""
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        app = create_app(app_config(database_url, **overrides))
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.extensions["safety.db"]["engine"].dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Iterator[Flask]:
    """The app on an empty database holding only the 38 seeded municipalities and councils."""
    app = make_app()
    empty_tables(app)
    with app.app_context():
        session = app.extensions["safety.db"]["write"]()
        seed_municipalities(session)
        session.commit()
        session.close()
    yield app
    empty_tables(app)


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session for arranging and checking data; clients end its transaction per request."""
    db_session = app.extensions["safety.db"]["read"]()
    app.config["TEST_SESSION"] = db_session
    yield db_session
    db_session.close()


class TestClient(FlaskLoginClient):
    """FlaskLoginClient that ends the test session's transaction around every request.

    The test's session must hold no lock or snapshot while the app handles a request, and
    must see what the request wrote afterwards; a rollback (which also expires) does both.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        test_session = self.application.config.get("TEST_SESSION")
        if test_session is not None:
            test_session.rollback()
        response = super().open(*args, **kwargs)
        if test_session is not None:
            # rollback() only expires when a transaction was open; expire_all() always does.
            test_session.rollback()
            test_session.expire_all()
        return response


@pytest.fixture
def client(app: Flask, session: Session) -> TestClient:
    app.test_client_class = TestClient
    return app.test_client()


@pytest.fixture
def login(app: Flask, session: Session) -> Callable[[User | None], TestClient]:
    """Return a client signed in as `user` (through Flask-Login's test client), or anonymous."""
    app.test_client_class = TestClient

    def factory(user: User | None = None) -> TestClient:
        if user is None:
            return app.test_client()
        return app.test_client(user=user)

    return factory


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


def council_by_code(session: Session, code: str) -> Council:
    return session.scalars(
        select(Council).join(Municipality).where(Municipality.code == code)
    ).one()


@pytest.fixture
def council_a(session: Session) -> Council:
    return council_by_code(session, COUNCIL_A_CODE)


@pytest.fixture
def council_b(session: Session) -> Council:
    return council_by_code(session, COUNCIL_B_CODE)


_sequence = itertools.count(1)


@pytest.fixture
def make_organisation(session: Session) -> Callable[..., Organisation]:
    def factory(**overrides: Any) -> Organisation:
        number = next(_sequence)
        values: dict[str, Any] = {
            "name": f"Community Voice {number}",
            "registration_number": f"5{number:08d}",
            "contact_email": f"contact{number}@cso.example.org",
            "is_verified": True,
        }
        values.update(overrides)
        organisation = Organisation(**values)
        session.add(organisation)
        session.commit()
        return organisation

    return factory


@pytest.fixture
def make_user(
    app: Flask, session: Session, make_organisation: Callable[..., Organisation]
) -> Callable[..., User]:
    """Create a user; secretaries default to council A, CSO users to a new organisation."""

    def factory(
        role: Role = Role.MINISTRY, password: str = TEST_PASSWORD, **overrides: Any
    ) -> User:
        number = next(_sequence)
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
def make_member(session: Session, council_a: Council) -> Callable[..., Member]:
    def factory(council: Council | None = None, **overrides: Any) -> Member:
        number = next(_sequence)
        values: dict[str, Any] = {
            "council_id": (council or council_a).id,
            "full_name": f"Member Person {number}",
            "role": MemberRole.MUNICIPAL_OFFICIAL,
            "institution": "Municipal Directorate of Public Services",
            "community": Community.ALBANIAN,
            "gender": Gender.FEMALE,
            "birth_year": 1980,
            "appointed_on": date(2024, 1, 15),
            "is_publicly_named": True,
        }
        values.update(overrides)
        member = Member(**values)
        session.add(member)
        session.commit()
        return member

    return factory


@pytest.fixture
def users(
    make_user: Callable[..., User], council_a: Council, council_b: Council
) -> dict[str, User]:
    """One user per role of the route matrix (anonymous is None)."""
    return {
        "cso": make_user(Role.CSO),
        "secretary_a": make_user(Role.SECRETARY, council_id=council_a.id),
        "secretary_b": make_user(Role.SECRETARY, council_id=council_b.id),
        "ministry": make_user(Role.MINISTRY),
        "admin": make_user(Role.ADMIN),
    }


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """`with count_queries() as counter:` records the SQL the app's engine runs inside."""
    engine = app.extensions["safety.db"]["engine"]

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if (
                not statement.lstrip()
                .upper()
                .startswith(("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA"))
            ):
                counter.statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


def assert_no_duplicated_queries(statements: list[str]) -> None:
    duplicates = {s for s in statements if statements.count(s) > 1}
    assert not duplicates, f"duplicated statements: {duplicates}"
