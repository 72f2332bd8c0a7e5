"""The organisation review migration (b1a2c3d4e503) on a populated database, up and down."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import command

from safety.db import build_engine
from tests.conftest import alembic_config
from tests.test_migrations import fresh_database_url  # noqa: F401  (the fixture)

BEFORE = "b1a2c3d4e502"
REVISION = "b1a2c3d4e503"


def _filler(column: sa.Column) -> object:
    """A value for a required column the test does not care about, by its type."""
    if isinstance(column.type, sa.Boolean):
        return False
    if isinstance(column.type, sa.Integer):
        return 1
    if isinstance(column.type, sa.DateTime):
        return datetime(2025, 1, 15, 9, 30)
    return f"x{column.name}"[: getattr(column.type, "length", None) or 40]


def insert(connection: sa.Connection, table: sa.Table, **values: object) -> None:
    """Insert one row, filling the required columns `values` leaves out."""
    row = dict(values)
    for column in table.columns:
        # An integer primary key numbers itself.
        numbered = column.primary_key and isinstance(column.type, sa.Integer)
        needed = not column.nullable and column.server_default is None and not numbered
        if column.name not in row and needed:
            row[column.name] = _filler(column)
    connection.execute(table.insert().values(**row))


def test_existing_organisations_keep_their_state_users_and_municipalities(fresh_database_url):  # noqa: F811
    config = alembic_config(fresh_database_url)
    command.upgrade(config, BEFORE)
    engine = build_engine(fresh_database_url)
    try:
        with engine.begin() as connection:
            tables = sa.MetaData()
            tables.reflect(connection)
            insert(connection, tables.tables["municipalities"], id=1, code="01")
            insert(
                connection,
                tables.tables["organisations"],
                id=1,
                name="Verified Voice",
                registration_number="5110001",
                registration_key="5110001",
                is_verified=True,
            )
            insert(
                connection,
                tables.tables["organisations"],
                id=2,
                name="Pending Voice",
                registration_number="5110002",
                registration_key="5110002",
                is_verified=False,
            )
            for organisation_id in (1, 2):
                insert(
                    connection,
                    tables.tables["organisation_municipalities"],
                    organisation_id=organisation_id,
                    municipality_id=1,
                )
            insert(
                connection,
                tables.tables["users"],
                id=1,
                email="cso@example.org",
                role="cso",
                organisation_id=1,
                council_id=None,
            )

        command.upgrade(config, REVISION)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT id, status, status_reason, verified_name, "
                    "verified_registration_number, version_id FROM organisations ORDER BY id"
                )
            ).all()
            assert [tuple(row) for row in rows] == [
                (1, "verified", None, "Verified Voice", "5110001", 1),
                (2, "pending", None, None, None, 1),
            ]
            links = connection.execute(
                sa.text("SELECT COUNT(*) FROM organisation_municipalities")
            ).scalar()
            assert links == 2
            assert connection.execute(sa.text("SELECT organisation_id FROM users")).scalar() == 1

        command.downgrade(config, BEFORE)
        with engine.connect() as connection:
            flags = connection.execute(
                sa.text("SELECT id, is_verified FROM organisations ORDER BY id")
            ).all()
            assert [(row[0], bool(row[1])) for row in flags] == [(1, True), (2, False)]
            links = connection.execute(
                sa.text("SELECT COUNT(*) FROM organisation_municipalities")
            ).scalar()
            assert links == 2
    finally:
        engine.dispose()
