"""Database engine, session-per-request, the declarative Base and shared column types."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, abort, current_app, g, has_request_context, request
from sqlalchemy import DateTime, Enum, MetaData, create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from safety.collation import register_sqlite_collations

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SQLITE_BUSY_TIMEOUT_MS = 10_000

ModelT = TypeVar("ModelT")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime stored as naive UTC on every engine and read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def str_enum(enum_cls: type[enum.StrEnum]) -> Enum:
    """Store a StrEnum by its readable value in a plain VARCHAR (no native ENUM to migrate)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=40,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE for write transactions.

    pysqlite's own transaction handling defers BEGIN and never takes the write lock up
    front, so two workers that both read then write can deadlock into "database is locked".
    Turning it off and emitting BEGIN ourselves lets write sessions take the lock first.
    """

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()
        register_sqlite_collations(dbapi_connection)

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def build_engine(url: str, echo: bool = False) -> Engine:
    """Create an engine for `url` with the per-dialect settings this app relies on."""
    if url.startswith("sqlite"):
        options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
        if url in ("sqlite://", "sqlite:///:memory:"):
            options["poolclass"] = StaticPool
        engine = create_engine(url, echo=echo, **options)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def init_app(app: Flask) -> None:
    """Create the app's engine and session factories and close sessions at teardown."""
    engine = build_engine(app.config["DATABASE_URL"], echo=app.config["DATABASE_ECHO"])
    write_engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    app.extensions["safety.db"] = {
        "engine": engine,
        "read": sessionmaker(bind=engine, expire_on_commit=False),
        "write": sessionmaker(bind=write_engine, expire_on_commit=False),
    }
    app.teardown_appcontext(_close_session)


def get_engine() -> Engine:
    return current_app.extensions["safety.db"]["engine"]


def get_session() -> Session:
    """Return this request's session; unsafe HTTP methods and CLI work get a write session."""
    if "db_session" not in g:
        is_read = has_request_context() and request.method in SAFE_METHODS
        factories = current_app.extensions["safety.db"]
        g.db_session = factories["read" if is_read else "write"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def get_or_404(model: type[ModelT], ident: int, options: Iterable[Any] = ()) -> ModelT:
    """Load one row by primary key with the given loader options, or answer 404."""
    obj = get_session().scalars(select(model).where(model.id == ident).options(*options)).first()  # type: ignore[attr-defined]
    if obj is None:
        abort(404)
    return obj
