"""The audit trail cannot be rewritten: database triggers, no route, one id per audited row."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Connection, delete, select, text, update
from sqlalchemy.exc import IntegrityError

from safety.audit.models import AuditAction, AuditEvent
from safety.audit.triggers import create_triggers, trigger_names
from safety.db import Base, build_engine
from tests.conftest import alembic_config
from tests.test_migrations import fresh_database_url  # noqa: F401 (a fixture used below)

BEFORE_PROTECTION = "c02948a8c9d3"
PROTECTION = "b1a2c3d4e501"


@pytest.fixture
def stored_events(session, make_user):
    """Two audit rows written the app's way: a created account and a sign-in."""
    user = make_user()
    event = AuditEvent(actor_id=user.id, actor_label=user.email, action=AuditAction.LOGIN)
    session.add(event)
    session.commit()
    return audit_rows(session)


def audit_rows(session) -> list[tuple]:
    session.rollback()
    return [tuple(row) for row in session.execute(select(AuditEvent.__table__).order_by("id"))]


def test_orm_update_is_refused_by_the_database(session, stored_events):
    event = session.get(AuditEvent, stored_events[-1][0])
    event.actor_label = "someone-else@example.org"
    with pytest.raises(IntegrityError, match="append-only"):
        session.commit()
    assert audit_rows(session) == stored_events


def test_bulk_update_is_refused_by_the_database(session, stored_events):
    with pytest.raises(IntegrityError, match="append-only"):
        session.execute(update(AuditEvent).values(path="/rewritten"))
    assert audit_rows(session) == stored_events


def test_orm_delete_is_refused_by_the_database(session, stored_events):
    session.delete(session.get(AuditEvent, stored_events[0][0]))
    with pytest.raises(IntegrityError, match="append-only"):
        session.commit()
    assert audit_rows(session) == stored_events


def test_bulk_delete_is_refused_by_the_database(session, stored_events):
    with pytest.raises(IntegrityError, match="append-only"):
        session.execute(delete(AuditEvent))
    assert audit_rows(session) == stored_events


@pytest.mark.postgres_only
def test_truncate_is_refused_on_postgresql(session, stored_events):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only (SQLite's DELETE is refused above)")
    with pytest.raises(IntegrityError, match="append-only"):
        session.execute(text("TRUNCATE audit_events CASCADE"))
    assert audit_rows(session) == stored_events


# Every route, every method, as an administrator -------------------------------------------------

FORM_DATA = {
    "language": "en",
    "email": "someone@example.org",
    "password": "a password long enough here",
    "full_name": "Changed By Request",
    "name": "Changed By Request",
    "role": "admin",
    "reason": "Rewriting history",
    "action": "update",
}


def _url_values(rule, ids: dict[str, object]) -> dict[str, object]:
    # Point every id at a row that exists, the audit event's own id wherever an id is unknown.
    return {name: ids.get(name, ids["event_id"]) for name in rule.arguments}


def test_no_route_changes_or_removes_audit_rows(app, login, users, session, make_member):
    member = make_member()
    event = AuditEvent(actor_label="witness@example.org", action=AuditAction.LOGIN)
    session.add(event)
    session.commit()
    ids = {
        "council_id": member.council_id,
        "member_id": member.id,
        "user_id": users["ministry"].id,
        "organisation_id": users["cso"].organisation_id,
        "event_id": event.id,
        # Arguments that are names, not ids: an open dataset and its format, a threshold.
        "dataset": "councils",
        "fmt": "csv",
        "name": "r06_breach_days",
    }
    before = audit_rows(session)
    client = login(users["admin"])

    answered = []
    with app.test_request_context():
        routes = [
            (rule.endpoint, method, app.url_for(rule.endpoint, **_url_values(rule, ids)))
            for rule in app.url_map.iter_rules()
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        ]
    # Signing out last keeps the administrator's rights for every other request.
    routes.sort(key=lambda route: route[0] == "auth.logout")
    for _endpoint, method, url in routes:
        response = client.open(url, method=method, data=FORM_DATA)
        answered.append((method, url, response.status_code))
        response.close()

    assert len(answered) > 20
    assert [answer for answer in answered if answer[2] >= 500] == []
    after = audit_rows(session)
    # Appended to (the requests themselves are recorded), never changed or shortened.
    assert after[: len(before)] == before


# After `alembic upgrade head` --------------------------------------------------------------------


def trigger_definitions(connection: Connection) -> dict[str, str]:
    """Name -> definition of every trigger on audit_events (and the function PostgreSQL runs)."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text(
                "SELECT t.tgname, pg_get_triggerdef(t.oid) || ' ' || p.prosrc"
                " FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
                " WHERE t.tgrelid = 'audit_events'::regclass AND NOT t.tgisinternal"
            )
        )
    else:
        rows = connection.execute(
            text(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'trigger' AND tbl_name = 'audit_events'"
            )
        )
    return {name: " ".join(definition.split()) for name, definition in rows}


@pytest.fixture
def migrated_engine(fresh_database_url) -> Iterator:  # noqa: F811 (the imported fixture)
    command.upgrade(alembic_config(fresh_database_url), "head")
    engine = build_engine(fresh_database_url)
    yield engine
    engine.dispose()


def test_triggers_exist_after_upgrade_head(migrated_engine):
    with migrated_engine.connect() as connection:
        definitions = trigger_definitions(connection)
        dialect = connection.dialect.name
    assert set(definitions) == set(trigger_names(dialect))
    assert all("append-only" in definition for definition in definitions.values())


def test_the_fixtures_recreate_exactly_the_migrations_triggers(migrated_engine):
    with migrated_engine.begin() as connection:
        migrated = trigger_definitions(connection)
        on_table = " ON audit_events" if connection.dialect.name == "postgresql" else ""
        for name in migrated:
            connection.exec_driver_sql(f"DROP TRIGGER {name}{on_table}")
        assert trigger_definitions(connection) == {}
        create_triggers(connection)
        assert trigger_definitions(connection) == migrated


def test_downgrade_removes_the_triggers_and_upgrade_restores_them(fresh_database_url):  # noqa: F811
    config = alembic_config(fresh_database_url)
    command.upgrade(config, "head")
    command.downgrade(config, BEFORE_PROTECTION)
    engine = build_engine(fresh_database_url)
    try:
        with engine.connect() as connection:
            assert trigger_definitions(connection) == {}
        command.upgrade(config, "head")
        with engine.connect() as connection:
            assert set(trigger_definitions(connection)) == set(
                trigger_names(connection.dialect.name)
            )
    finally:
        engine.dispose()


# Surrogate ids ----------------------------------------------------------------------------------


def test_every_table_has_a_single_integer_id():
    """An audit row names its object by one id, so every table (link tables too) has one."""
    for table in Base.metadata.sorted_tables:
        assert [column.name for column in table.primary_key] == ["id"], table.name


LINKS = [(1, 1), (1, 2), (2, 2)]


def test_link_table_migration_keeps_its_rows(fresh_database_url):  # noqa: F811
    config = alembic_config(fresh_database_url)
    command.upgrade(config, BEFORE_PROTECTION)
    engine = build_engine(fresh_database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO municipalities (id, code, district, name_sq, name_sr,"
                    " majority_community, osce_region, aliases, is_multi_ethnic, updated_at)"
                    " VALUES (1, '01', 'd', 'a', 'a', 'albanian', 'r', '', true, :at),"
                    " (2, '02', 'd', 'b', 'b', 'serb', 'r', '', true, :at)"
                ),
                {"at": "2025-01-01 00:00:00"},
            )
            connection.execute(
                text(
                    "INSERT INTO organisations (id, name, registration_number, contact_email,"
                    " is_verified, created_at, updated_at)"
                    " VALUES (1, 'One', '1', 'one@example.org', true, :at, :at),"
                    " (2, 'Two', '2', 'two@example.org', true, :at, :at)"
                ),
                {"at": "2025-01-01 00:00:00"},
            )
            for organisation_id, municipality_id in LINKS:
                connection.execute(
                    text("INSERT INTO organisation_municipalities VALUES (:o, :m)"),
                    {"o": organisation_id, "m": municipality_id},
                )

        command.upgrade(config, PROTECTION)
        with engine.begin() as connection:
            rows = connection.execute(
                text(
                    "SELECT id, organisation_id, municipality_id FROM organisation_municipalities"
                    " ORDER BY organisation_id, municipality_id"
                )
            ).all()
            assert [(row[1], row[2]) for row in rows] == LINKS
            assert len({row[0] for row in rows}) == len(LINKS)
            # New links are numbered after the kept ones; a pair is still stored once only.
            connection.execute(
                text(
                    "INSERT INTO organisation_municipalities (organisation_id, municipality_id)"
                    " VALUES (2, 1)"
                )
            )
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organisation_municipalities (organisation_id, municipality_id)"
                    " VALUES (1, 1)"
                )
            )

        command.downgrade(config, BEFORE_PROTECTION)
        with engine.connect() as connection:
            pairs = connection.execute(
                text(
                    "SELECT organisation_id, municipality_id FROM organisation_municipalities"
                    " ORDER BY organisation_id, municipality_id"
                )
            ).all()
        assert [tuple(pair) for pair in pairs] == [(1, 1), (1, 2), (2, 1), (2, 2)]
    finally:
        engine.dispose()
