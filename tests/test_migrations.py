"""Migrations on a fresh database of the run's engine: upgrade, no drift, downgrade, upgrade."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, make_url, text

import safety.models  # noqa: F401  (every table on Base.metadata)
from safety.db import Base, build_engine
from tests.conftest import alembic_config


@pytest.fixture
def fresh_database_url(database_url: str, tmp_path) -> Iterator[str]:
    """An empty database on the same engine as the run: a new SQLite file or PostgreSQL DB."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    name = f"safety_migrations_{uuid.uuid4().hex[:12]}"
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def table_names(database_url: str) -> set[str]:
    engine = build_engine(database_url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def schema_differences(database_url: str) -> list:
    engine = build_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "target_metadata": Base.metadata}
            )
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def test_upgrade_check_downgrade_upgrade(fresh_database_url):
    config = alembic_config(fresh_database_url)
    assert table_names(fresh_database_url) == set()

    command.upgrade(config, "head")
    assert table_names(fresh_database_url) == {*Base.metadata.tables, "alembic_version"}
    assert schema_differences(fresh_database_url) == []
    command.check(config)

    command.downgrade(config, "base")
    assert table_names(fresh_database_url) == {"alembic_version"}

    command.upgrade(config, "head")
    assert schema_differences(fresh_database_url) == []


def test_each_revision_steps_down_and_up_again(fresh_database_url):
    config = alembic_config(fresh_database_url)
    revisions = list(ScriptDirectory.from_config(config).walk_revisions("base", "heads"))
    command.upgrade(config, "head")
    for _ in revisions:
        command.downgrade(config, "-1")
        command.upgrade(config, "+1")
        command.downgrade(config, "-1")
    assert table_names(fresh_database_url) == {"alembic_version"}
    command.upgrade(config, "head")
    assert schema_differences(fresh_database_url) == []


def test_history_has_one_head_and_every_revision_downgrades(fresh_database_url):
    script = ScriptDirectory.from_config(alembic_config(fresh_database_url))
    assert len(script.get_heads()) == 1
    for revision in script.walk_revisions():
        with open(revision.path, encoding="utf-8") as handle:
            downgrade = handle.read().split("def downgrade()", 1)[1]
        assert "op." in downgrade, f"{revision.path} has no downgrade"
