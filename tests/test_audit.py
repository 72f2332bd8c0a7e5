"""The audit-trail browser: who may see it, filters, change tables, paging, query count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from safety.audit.models import AuditAction, AuditEvent


@pytest.fixture
def as_user(login):
    """A client signed in as `user` that reads pages in English (labels are checked)."""

    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


@pytest.fixture
def add_events(session):
    """Store audit events directly, as the listener and `record` would have."""

    def factory(count=1, **values):
        defaults = {
            "occurred_at": datetime(2025, 6, 1, 10, 0, tzinfo=UTC),
            "actor_label": "someone@example.org",
            "action": AuditAction.UPDATE,
            "entity_type": "councils",
            "entity_id": 1,
            "changes": {"notes": [None, "first note"]},
            "ip_address": "192.0.2.7",
        }
        defaults.update(values)
        events = [AuditEvent(**defaults) for _ in range(count)]
        session.add_all(events)
        session.commit()
        return events

    return factory


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_no_route_changes_audit_rows(as_user, users, add_events, session, method):
    add_events(3)
    before = session.scalar(select(func.count(AuditEvent.id)))
    response = as_user(users["admin"]).open("/audit/", method=method)
    assert response.status_code == 405
    session.expire_all()
    assert session.scalar(select(func.count(AuditEvent.id))) == before


def test_update_shows_old_and_new_values_not_repr(as_user, users, add_events):
    add_events(
        actor_label="editor@example.org",
        changes={"notes": [None, "a fresh note"], "is_multi_ethnic": [True, False]},
    )
    page = as_user(users["admin"]).get("/audit/?actor=editor@").get_data(as_text=True)
    assert "editor@example.org" in page
    assert "Updated" in page
    assert "councils #1" in page
    assert "192.0.2.7" in page
    assert "<td>is_multi_ethnic</td>" in page
    assert "<td>yes</td>" in page
    assert "<td>no</td>" in page
    assert "a fresh note" in page
    assert "[None" not in page
    assert "&#39;" not in page
    # 10:00 UTC on 1 June is 12:00 in Kosovo (summer time).
    assert "01.06.2025 12:00" in page


def test_create_event_lists_values(as_user, users, add_events):
    add_events(
        actor_label="maker@example.org",
        action=AuditAction.CREATE,
        entity_type="members",
        changes={"full_name": "Drita", "birth_year": 1990},
    )
    page = as_user(users["ministry"]).get("/audit/?actor=maker").get_data(as_text=True)
    assert "Created" in page
    assert "<td>Drita</td>" in page
    assert "<td>1990</td>" in page


def test_newest_first(as_user, users, add_events):
    add_events(actor_label="old@example.org", occurred_at=datetime(2024, 1, 1, tzinfo=UTC))
    add_events(actor_label="new@example.org", occurred_at=datetime(2025, 1, 1, tzinfo=UTC))
    # The seeded municipalities and the fixtures' accounts were created "now": keep to updates.
    page = as_user(users["admin"]).get("/audit/?action=update").get_data(as_text=True)
    assert page.index("new@example.org") < page.index("old@example.org")


def test_filter_by_action_entity_and_actor(as_user, users, add_events):
    add_events(actor_label="alpha@example.org", action=AuditAction.LOGIN, entity_type="users")
    add_events(actor_label="beta@example.org", action=AuditAction.UPDATE, entity_type="members")
    add_events(actor_label="gamma@example.org", action=AuditAction.UPDATE, entity_type="councils")
    client = as_user(users["admin"])

    page = client.get("/audit/?action=login").get_data(as_text=True)
    assert "alpha@example.org" in page
    assert "beta@example.org" not in page

    page = client.get("/audit/?entity_type=members").get_data(as_text=True)
    assert "beta@example.org" in page
    assert "gamma@example.org" not in page
    assert "alpha@example.org" not in page

    page = client.get("/audit/?actor=GAMMA").get_data(as_text=True)
    assert "gamma@example.org" in page
    assert "beta@example.org" not in page

    page = client.get("/audit/?action=update&entity_type=councils").get_data(as_text=True)
    assert "gamma@example.org" in page
    assert "beta@example.org" not in page


def test_date_filters_use_kosovo_days(as_user, users, add_events):
    # 22:30 UTC on 1 June is 00:30 on 2 June in Kosovo.
    add_events(actor_label="late@example.org", occurred_at=datetime(2025, 6, 1, 22, 30, tzinfo=UTC))
    add_events(actor_label="early@example.org", occurred_at=datetime(2025, 6, 1, 8, 0, tzinfo=UTC))
    client = as_user(users["admin"])

    page = client.get("/audit/?date_from=2025-06-02&date_to=2025-06-02").get_data(as_text=True)
    assert "late@example.org" in page
    assert "early@example.org" not in page

    page = client.get("/audit/?date_from=2025-06-01&date_to=2025-06-01").get_data(as_text=True)
    assert "early@example.org" in page
    assert "late@example.org" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2025-06-02&date_to=2025-06-01", "The end date is before the start date."),
        ("date_from=yesterday", "Not a valid date value."),
        ("action=teleport", "Not a valid choice"),
    ],
)
def test_invalid_filters_answer_400(as_user, users, query, message):
    response = as_user(users["admin"]).get(f"/audit/?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_older_and_newer_links(app, as_user, users, add_events):
    app.config["PAGE_SIZE"] = 2
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for number in range(5):
        add_events(
            actor_label=f"pager{number}@example.org", occurred_at=start + timedelta(days=number)
        )
    client = as_user(users["admin"])
    first = client.get("/audit/?actor=pager").get_data(as_text=True)
    assert "pager4@example.org" in first
    assert "pager2@example.org" not in first
    assert "Older events" in first
    assert "Newer events" not in first
    last = client.get("/audit/?actor=pager&page=3").get_data(as_text=True)
    assert "pager0@example.org" in last
    assert "Newer events" in last
    assert "Older events" not in last
    assert "actor=pager" in last


def test_query_count_is_independent_of_rows(as_user, users, add_events, count_queries):
    client = as_user(users["ministry"])
    add_events(5, actor_label="counted@example.org")
    with count_queries() as few:
        assert client.get("/audit/?actor=counted").status_code == 200
    add_events(55, actor_label="counted@example.org")
    with count_queries() as many:
        assert client.get("/audit/?actor=counted").status_code == 200
    assert many.count == few.count


def test_real_events_appear(as_user, users, session):
    """A refused access recorded by the app itself is listed with its label."""
    as_user(users["cso"]).get("/audit/")
    page = as_user(users["admin"]).get("/audit/?action=access_denied").get_data(as_text=True)
    assert "Access refused" in page
    assert users["cso"].email in page
