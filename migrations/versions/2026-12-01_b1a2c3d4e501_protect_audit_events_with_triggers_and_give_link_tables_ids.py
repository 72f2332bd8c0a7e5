"""Protect audit_events with triggers; give link tables surrogate ids.

UPDATE and DELETE on audit_events (and TRUNCATE on PostgreSQL) are refused by triggers, so
no code path, the app's or anyone's with the app's credentials, can rewrite the trail.
organisation_municipalities gets an `id` primary key (the pair stays unique), keeping its
rows. The trigger SQL is a frozen copy of safety/audit/triggers.py at this revision; a test
checks that the two create the same triggers.

Revision ID: b1a2c3d4e501
Revises: c02948a8c9d3
Create Date: 2026-12-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b1a2c3d4e501"
down_revision: str | None = "c02948a8c9d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINK_TABLE = "organisation_municipalities"
LINK_PK = "pk_organisation_municipalities"
LINK_UNIQUE = "uq_organisation_municipalities_organisation_id_municipality_id"

MESSAGE = "audit_events is append-only"
SQLITE_TRIGGERS = {
    "audit_events_refuse_update": "UPDATE",
    "audit_events_refuse_delete": "DELETE",
}
POSTGRESQL_TRIGGERS = {
    "audit_events_refuse_update": "UPDATE",
    "audit_events_refuse_delete": "DELETE",
    "audit_events_refuse_truncate": "TRUNCATE",
}
POSTGRESQL_FUNCTION = "audit_events_refuse_change"
POSTGRESQL_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {POSTGRESQL_FUNCTION}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = '{MESSAGE}: ' || TG_OP || ' refused', ERRCODE = 'restrict_violation';
END;
$$
"""


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _create_triggers() -> None:
    if _is_postgresql():
        op.execute(POSTGRESQL_FUNCTION_SQL)
        for name, operation in POSTGRESQL_TRIGGERS.items():
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {operation} ON audit_events "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {POSTGRESQL_FUNCTION}()"
            )
        return
    for name, operation in SQLITE_TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {operation} ON audit_events "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {operation} refused'); END"
        )


def _drop_triggers() -> None:
    if _is_postgresql():
        for name in POSTGRESQL_TRIGGERS:
            op.execute(f"DROP TRIGGER {name} ON audit_events")
        op.execute(f"DROP FUNCTION {POSTGRESQL_FUNCTION}()")
        return
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")


def upgrade() -> None:
    if _is_postgresql():
        # SERIAL numbers the existing rows and owns its sequence, as create_all would make it.
        op.execute(f"ALTER TABLE {LINK_TABLE} ADD COLUMN id SERIAL NOT NULL")
        op.drop_constraint(LINK_PK, LINK_TABLE, type_="primary")
        op.create_primary_key(LINK_PK, LINK_TABLE, ["id"])
        op.create_unique_constraint(LINK_UNIQUE, LINK_TABLE, ["organisation_id", "municipality_id"])
    else:
        # SQLite cannot change a primary key in place: batch mode copies the rows into a new
        # table, where `id INTEGER PRIMARY KEY` numbers them (it is the rowid).
        with op.batch_alter_table(LINK_TABLE, recreate="always") as batch_op:
            batch_op.drop_constraint(LINK_PK, type_="primary")
            batch_op.add_column(
                sa.Column("id", sa.Integer(), nullable=False), insert_before="organisation_id"
            )
            batch_op.create_primary_key(LINK_PK, ["id"])
            batch_op.create_unique_constraint(LINK_UNIQUE, ["organisation_id", "municipality_id"])
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    if _is_postgresql():
        op.drop_constraint(LINK_UNIQUE, LINK_TABLE, type_="unique")
        op.drop_constraint(LINK_PK, LINK_TABLE, type_="primary")
        op.drop_column(LINK_TABLE, "id")
        op.create_primary_key(LINK_PK, LINK_TABLE, ["organisation_id", "municipality_id"])
    else:
        with op.batch_alter_table(LINK_TABLE, recreate="always") as batch_op:
            batch_op.drop_constraint(LINK_UNIQUE, type_="unique")
            batch_op.drop_constraint(LINK_PK, type_="primary")
            batch_op.drop_column("id")
            batch_op.create_primary_key(LINK_PK, ["organisation_id", "municipality_id"])
