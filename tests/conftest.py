"""Fixtures: a migrated database per run (SQLite or PostgreSQL), the app, clients, queries.

Each area's factories (`make_user`, `council_a`, `make_member`, `make_organisation`...) live
in `tests/factories/<area>.py`, registered below through `pytest_plugins`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from flask import Flask
from flask_login import FlaskLoginClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session

from safety import create_app
from safety.accounts.models import User
from safety.db import Base
from safety.seed import seed_municipalities

ROOT = Path(__file__).resolve().parent.parent
TEST_SECRET_KEY = "test-secret-key-not-for-production"

# The collector of the areas' factories: a new slice adds its `tests/factories/<slice>.py`.
# Listed before the areas that import their helpers, so pytest can rewrite their asserts.
pytest_plugins = [
    "tests.factories.councils",
    "tests.factories.consultations",
    "tests.factories.concerns",
    "tests.factories.plans",
    "tests.factories.compliance",
    "tests.factories.organisations",
    "tests.factories.accounts",
]


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
    """Delete every row, the audit trail's too, in one transaction.

    The triggers refuse to delete audit rows, for the app as for anyone. Only this fixture
    drops them, empties the tables and recreates them with the app's own DDL before it
    commits, so no other connection ever sees the audit table unprotected.
    """
    from safety.audit.triggers import TABLE, create_triggers, trigger_names

    engine = app.extensions["safety.db"]["engine"]
    with engine.begin() as connection:
        dialect = connection.dialect.name
        on_table = f" ON {TABLE}" if dialect == "postgresql" else ""
        for name in trigger_names(dialect):
            connection.exec_driver_sql(f"DROP TRIGGER {name}{on_table}")
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        create_triggers(connection)


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


def dump_rows(app: Flask) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in primary-key order, as the app's column types read them."""
    engine = app.extensions["safety.db"]["engine"]
    with engine.connect() as connection:
        return {
            table.name: [
                dict(row)
                for row in connection.execute(
                    table.select().order_by(*table.primary_key)
                ).mappings()
            ]
            for table in Base.metadata.sorted_tables
        }


def load_rows(app: Flask, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Insert rows taken by `dump_rows` into the emptied tables, parents first.

    Much faster than building the same objects through the ORM again: seeding the 38
    councils or the route matrix's world costs the ORM about a second or two per test.
    Rows keep their ids (rows referring to rows of the same table come after them in id
    order); on PostgreSQL the sequences are already past them, since tables are emptied
    with DELETE.
    """
    engine = app.extensions["safety.db"]["engine"]
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            if rows.get(table.name):
                connection.execute(table.insert(), rows[table.name])


# The seeded municipalities and councils, taken from the first test's database.
_SEEDED_ROWS: dict[str, list[dict[str, Any]]] = {}


@pytest.fixture(scope="session")
def shared_app(database_url: str) -> Iterator[Flask]:
    """One app for the whole run: building one compiles every URL rule (about 0.7 s), which
    the route matrix alone would otherwise pay for each of its thousand cells."""
    app = create_app(app_config(database_url))
    yield app
    app.extensions["safety.db"]["engine"].dispose()


@pytest.fixture
def app(shared_app: Flask) -> Iterator[Flask]:
    """The app on an empty database holding only the 38 seeded municipalities and councils.

    Tests may change its configuration (a lower limit, another language): it is put back
    afterwards, so no test sees another's settings.
    """
    app = shared_app
    settings = dict(app.config)
    empty_tables(app)
    if _SEEDED_ROWS:
        load_rows(app, _SEEDED_ROWS)
    else:
        with app.app_context():
            session = app.extensions["safety.db"]["write"]()
            seed_municipalities(session)
            session.commit()
            session.close()
        _SEEDED_ROWS.update(dump_rows(app))
    try:
        yield app
    finally:
        empty_tables(app)
        app.config.clear()
        app.config.update(settings)


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
