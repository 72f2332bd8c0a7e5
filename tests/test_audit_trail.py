"""Audit trail: exactly one row per sign-in event and per change, redacted fields as facts."""

from __future__ import annotations

import json
from datetime import date

from argon2 import PasswordHasher
from sqlalchemy import func, select

from safety.accounts.models import Role
from safety.audit.models import REDACTED, AuditAction, AuditEvent
from safety.councils.models import Member, MemberRole, Municipality
from safety.db import SAFE_METHODS
from safety.passwords import hash_password
from tests.factories.accounts import TEST_PASSWORD

NEW_PASSWORD = "seven rivers meet under the old bridge"


def last_event_id(session) -> int:
    return session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))


def events_since(session, event_id: int) -> list[AuditEvent]:
    session.expire_all()
    return list(
        session.scalars(select(AuditEvent).where(AuditEvent.id > event_id).order_by(AuditEvent.id))
    )


def sign_in(client, email: str, password: str = TEST_PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def test_login_writes_exactly_one_login_event(client, session, make_user):
    user = make_user(Role.MINISTRY)
    start = last_event_id(session)

    assert sign_in(client, user.email).status_code == 302

    [event] = events_since(session, start)
    assert event.action == AuditAction.LOGIN
    assert (event.actor_id, event.actor_label) == (user.id, user.email)
    assert (event.entity_type, event.entity_id) == ("users", user.id)
    assert event.path == "/login"
    assert event.occurred_at.utcoffset().total_seconds() == 0


def test_failed_login_writes_exactly_one_login_failed_event(client, session, make_user):
    user = make_user(Role.MINISTRY)
    start = last_event_id(session)

    assert sign_in(client, user.email, "not the password at all").status_code == 401

    [event] = events_since(session, start)
    assert event.action == AuditAction.LOGIN_FAILED
    assert event.actor_id is None
    assert event.changes == {"email": user.email}


def test_logout_writes_exactly_one_logout_event(client, session, make_user):
    user = make_user(Role.MINISTRY)
    sign_in(client, user.email)
    start = last_event_id(session)

    assert client.post("/logout").status_code == 302

    [event] = events_since(session, start)
    assert event.action == AuditAction.LOGOUT
    assert event.actor_id == user.id


def test_password_change_writes_exactly_one_event_without_the_hash(client, session, make_user):
    user = make_user(Role.MINISTRY)
    sign_in(client, user.email)
    start = last_event_id(session)

    response = client.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    [event] = events_since(session, start)
    assert event.action == AuditAction.PASSWORD_CHANGE
    assert (event.actor_id, event.entity_id) == (user.id, user.id)
    assert not event.changes


def test_member_create_update_delete_write_one_event_each(session, council_a):
    start = last_event_id(session)
    member = Member(
        council_id=council_a.id,
        full_name="Arta Krasniqi",
        role=MemberRole.CHAIR,
        appointed_on=date(2024, 3, 1),
    )
    session.add(member)
    session.commit()

    [created] = events_since(session, start)
    assert created.action == AuditAction.CREATE
    assert (created.entity_type, created.entity_id) == ("members", member.id)
    assert created.changes["full_name"] == "Arta Krasniqi"
    assert created.changes["role"] == "chair"
    assert created.changes["appointed_on"] == "2024-03-01"
    assert "version_id" not in created.changes

    start = last_event_id(session)
    member.full_name = "Arta Krasniqi-Berisha"
    member.institution = "Kosovo Police"
    session.commit()

    [updated] = events_since(session, start)
    assert updated.action == AuditAction.UPDATE
    assert updated.entity_id == member.id
    assert updated.changes == {
        "full_name": ["Arta Krasniqi", "Arta Krasniqi-Berisha"],
        "institution": [None, "Kosovo Police"],
    }

    start = last_event_id(session)
    member_id = member.id
    session.delete(member)
    session.commit()

    [deleted] = events_since(session, start)
    assert deleted.action == AuditAction.DELETE
    assert deleted.entity_id == member_id
    assert deleted.changes["full_name"] == "Arta Krasniqi-Berisha"


def test_saving_without_changes_writes_nothing(session, make_member):
    member = make_member()
    start = last_event_id(session)
    member.full_name = member.full_name
    session.commit()
    assert events_since(session, start) == []


def test_password_hashes_never_reach_the_audit_trail(client, session, make_user):
    user = make_user(Role.ADMIN, must_change_password=True)
    sign_in(client, user.email)
    client.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    client.post("/logout")
    sign_in(client, user.email, "wrong password for this account")
    sign_in(client, user.email, NEW_PASSWORD)

    events = events_since(session, 0)
    assert {event.action for event in events} >= {
        AuditAction.CREATE,
        AuditAction.LOGIN,
        AuditAction.LOGIN_FAILED,
        AuditAction.PASSWORD_CHANGE,
        AuditAction.LOGOUT,
    }
    for event in events:
        text = json.dumps(event.changes or {})
        assert "$argon2" not in text
        assert TEST_PASSWORD not in text
        assert NEW_PASSWORD not in text
        assert "wrong password" not in text
    [created] = [
        event
        for event in events
        if event.action == AuditAction.CREATE and event.entity_type == "users"
    ]
    assert created.changes["password_hash"] == REDACTED


def test_no_route_can_change_audit_rows(app):
    audit_rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("audit.")]
    assert audit_rules, "the audit blueprint has no routes"
    for rule in audit_rules:
        assert rule.methods <= SAFE_METHODS, (rule.rule, rule.methods)


def test_login_that_upgrades_the_hash_still_writes_one_event(client, session, make_user):
    user = make_user(Role.MINISTRY)
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8 * 1024).hash(TEST_PASSWORD)
    session.commit()
    start = last_event_id(session)

    assert sign_in(client, user.email).status_code == 302

    assert [event.action for event in events_since(session, start)] == [AuditAction.LOGIN]


# Redaction -------------------------------------------------------------------------------------


def test_changing_a_redacted_field_writes_one_row_with_the_fact_only(session, make_member):
    member = make_member(birth_year=1961)
    start = last_event_id(session)

    member.birth_year = 1987
    session.commit()

    [event] = events_since(session, start)
    assert event.action == AuditAction.UPDATE
    assert (event.entity_type, event.entity_id) == ("members", member.id)
    assert event.changes == {"birth_year": REDACTED}
    text = json.dumps(event.changes)
    assert "1961" not in text
    assert "1987" not in text


def test_created_and_deleted_records_keep_redacted_values_out(session, make_member):
    start = last_event_id(session)
    member = make_member(birth_year=1961, full_name="Fatmire Hoxha")
    session.delete(member)
    session.commit()

    created, deleted = events_since(session, start)
    assert (created.action, deleted.action) == (AuditAction.CREATE, AuditAction.DELETE)
    for event in (created, deleted):
        assert event.changes["birth_year"] == REDACTED
        assert event.changes["full_name"] == "Fatmire Hoxha"
        assert "1961" not in json.dumps(event.changes)


def test_an_empty_redacted_field_is_recorded_as_empty(session, make_member):
    start = last_event_id(session)
    make_member(birth_year=None)
    [created] = events_since(session, start)
    assert created.changes["birth_year"] is None


def test_redacted_and_plain_changes_share_one_row(session, make_member):
    member = make_member(birth_year=1961, institution="Kosovo Police")
    start = last_event_id(session)

    member.birth_year = 1962
    member.institution = "Municipal Assembly"
    session.commit()

    [event] = events_since(session, start)
    assert event.changes == {
        "birth_year": REDACTED,
        "institution": ["Kosovo Police", "Municipal Assembly"],
    }


def test_a_redacted_change_rolled_back_writes_nothing(session, make_member):
    member = make_member(birth_year=1961)
    start = last_event_id(session)

    member.birth_year = 1962
    session.flush()
    session.rollback()
    session.commit()

    assert events_since(session, start) == []


def test_coordinator_contacts_are_redacted_through_the_edit_page(login, users, session, council_a):
    start = last_event_id(session)
    response = login(users["admin"]).post(
        f"/councils/{council_a.id}/edit",
        data={
            "coordinator_name": "Besa Gashi",
            "coordinator_email": "besa.gashi@rks-gov.example",
            "coordinator_phone": "+383 38 123 456",
            "notes": "",
            "version": str(council_a.version_id),
        },
    )
    assert response.status_code == 302

    [event] = events_since(session, start)
    assert event.changes == {
        "coordinator_name": [None, "Besa Gashi"],
        "coordinator_email": REDACTED,
        "coordinator_phone": REDACTED,
    }
    assert "besa.gashi" not in json.dumps(event.changes)
    assert "123 456" not in json.dumps(event.changes)


def test_a_password_set_without_its_own_event_is_recorded_as_a_fact(app, session, make_user):
    user = make_user(Role.MINISTRY)
    start = last_event_id(session)

    with app.app_context():
        user.password_hash = hash_password(NEW_PASSWORD)
    session.commit()

    [event] = events_since(session, start)
    assert event.action == AuditAction.UPDATE
    assert event.changes == {"password_hash": REDACTED}


def test_admin_reset_writes_exactly_one_event(login, users, session):
    start = last_event_id(session)
    target = users["ministry"]

    response = login(users["admin"]).post(f"/admin/users/{target.id}/reset-password")

    assert response.status_code == 200
    [event] = events_since(session, start)
    assert event.action == AuditAction.PASSWORD_RESET
    assert event.entity_id == target.id


def test_organisation_contacts_and_municipalities_on_registration(client, session):
    chosen = sorted(session.scalars(select(Municipality.id).limit(2)))
    start = last_event_id(session)
    response = client.post(
        "/register",
        data={
            "name": "Zëri i Grave",
            "registration_number": "5123456789",
            "contact_email": "info@zeri.example.org",
            "contact_phone": "+383 44 987 654",
            "address": "",
            "description": "",
            "municipality_ids": [str(municipality_id) for municipality_id in chosen],
            "full_name": "Drita Berisha",
            "email": "drita@zeri.example.org",
            "password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    events = events_since(session, start)
    [organisation] = [event for event in events if event.entity_type == "organisations"]
    assert organisation.action == AuditAction.CREATE
    assert organisation.changes["contact_email"] == REDACTED
    assert organisation.changes["contact_phone"] == REDACTED
    assert organisation.changes["municipalities"] == chosen
    text = json.dumps([event.changes for event in events])
    assert "info@zeri" not in text
    assert "987 654" not in text
