"""The database triggers that make audit_events append-only, as the schema at head has them.

Migration b1a2c3d4e501 creates the same triggers from its own frozen copy of this SQL (a
migration must not change when app code does); tests check that the two agree, and the test
fixtures use `create_triggers` to put the protection back after emptying the table. Nothing
here removes a trigger: the app has no way around them.
"""

from __future__ import annotations

from sqlalchemy import Connection

TABLE = "audit_events"
MESSAGE = "audit_events is append-only"

SQLITE_TRIGGERS = {
    "audit_events_refuse_update": "UPDATE",
    "audit_events_refuse_delete": "DELETE",
}

# PostgreSQL refuses TRUNCATE as well, which fires no row or DELETE trigger.
POSTGRESQL_TRIGGERS = {
    "audit_events_refuse_update": "UPDATE",
    "audit_events_refuse_delete": "DELETE",
    "audit_events_refuse_truncate": "TRUNCATE",
}
POSTGRESQL_FUNCTION = "audit_events_refuse_change"

# ERRCODE restrict_violation (23001) is an integrity error, as SQLite's RAISE(ABORT) is, so
# both engines surface a refused change as sqlalchemy.exc.IntegrityError.
POSTGRESQL_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {POSTGRESQL_FUNCTION}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = '{MESSAGE}: ' || TG_OP || ' refused', ERRCODE = 'restrict_violation';
END;
$$
"""


def trigger_names(dialect_name: str) -> tuple[str, ...]:
    """The names of the protecting triggers on this engine."""
    triggers = POSTGRESQL_TRIGGERS if dialect_name == "postgresql" else SQLITE_TRIGGERS
    return tuple(triggers)


def create_statements(dialect_name: str) -> list[str]:
    """The DDL that protects audit_events on `dialect_name` ("sqlite" or "postgresql")."""
    if dialect_name == "postgresql":
        # Statement-level: even an UPDATE or DELETE that matches no row is refused.
        return [
            POSTGRESQL_FUNCTION_SQL,
            *(
                f"CREATE TRIGGER {name} BEFORE {operation} ON {TABLE} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {POSTGRESQL_FUNCTION}()"
                for name, operation in POSTGRESQL_TRIGGERS.items()
            ),
        ]
    return [
        f"CREATE TRIGGER {name} BEFORE {operation} ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {operation} refused'); END"
        for name, operation in SQLITE_TRIGGERS.items()
    ]


def create_triggers(connection: Connection) -> None:
    """Protect audit_events on the connection's engine, inside the caller's transaction."""
    for statement in create_statements(connection.dialect.name):
        connection.exec_driver_sql(statement)
