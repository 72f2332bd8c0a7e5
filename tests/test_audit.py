"""The audit-trail browser: who may see it, filters, a record in words, paging, queries."""

from __future__ import annotations

import csv
import html
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import selectinload

from safety.audit.describe import audited_models
from safety.audit.models import AuditAction, AuditEvent
from safety.councils.models import Gender, MemberRole, Municipality
from safety.organisations.models import Organisation
from tests.conftest import assert_no_duplicated_queries


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


def page_text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def municipality_named(session, name_sq: str) -> Municipality:
    return session.scalars(select(Municipality).where(Municipality.name_sq == name_sq)).one()


@pytest.mark.parametrize("url", ["/audit/", "/audit/export.csv"])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_no_route_changes_audit_rows(as_user, users, add_events, session, method, url):
    add_events(3)
    before = session.scalar(select(func.count(AuditEvent.id)))
    response = as_user(users["admin"]).open(url, method=method)
    assert response.status_code == 405
    session.expire_all()
    assert session.scalar(select(func.count(AuditEvent.id))) == before


def test_update_shows_labelled_fields_and_values_in_words(
    as_user, users, session, make_member, council_a
):
    member = make_member(
        full_name="Arta Krasniqi",
        role=MemberRole.MUNICIPAL_OFFICIAL,
        gender=Gender.FEMALE,
        is_publicly_named=True,
    )
    member.role = MemberRole.CHAIR
    member.gender = Gender.UNDISCLOSED
    member.is_publicly_named = False
    member.term_ends_on = date(2027, 12, 31)
    session.commit()

    page = page_text(as_user(users["admin"]).get("/audit/?action=update&entity_type=members"))

    assert f'Council member: <a href="/councils/{council_a.id}">Arta Krasniqi</a>' in page
    for words in (
        "<td>Role on the council</td>",
        "<td>Municipal official</td>",
        "<td>Chair</td>",
        "<td>Gender</td>",
        "<td>Woman</td>",
        "<td>Not stated</td>",
        "<td>May be named publicly (the member agreed)</td>",
        "<td>Yes</td>",
        "<td>No</td>",
        "<td>Term ends on</td>",
        "<td>31.12.2027</td>",
    ):
        assert words in page
    for raw in ("municipal_official", "undisclosed", "is_publicly_named", "2027-12-31", "members"):
        assert f">{raw}<" not in page


def test_stored_update_shows_before_and_after_not_repr(as_user, users, add_events, council_a):
    add_events(
        actor_label="editor@example.org",
        entity_id=council_a.id,
        changes={"notes": [None, "a fresh note"], "coordinator_name": ["Ana", "Besa"]},
    )
    page = page_text(as_user(users["admin"]).get("/audit/?actor=editor@"))
    assert "editor@example.org" in page
    assert "Updated" in page
    assert f'Council: <a href="/councils/{council_a.id}">Prishtinë</a>' in page
    assert "192.0.2.7" in page
    assert "<td>Notes</td>" in page
    assert "<td>Coordinator</td>" in page
    assert "<td>Ana</td>" in page
    assert "a fresh note" in page
    assert "[None" not in page
    # 10:00 UTC on 1 June is 12:00 in Kosovo (summer time).
    assert "01.06.2025 12:00" in page


def test_create_event_lists_values_and_withholds_redacted_ones(as_user, users, make_member):
    make_member(full_name="Drita Gashi", birth_year=1987, appointed_on=date(2024, 3, 1))
    page = page_text(as_user(users["ministry"]).get("/audit/?action=create&entity_type=members"))
    assert "Created" in page
    assert "<td>Drita Gashi</td>" in page
    assert "<td>Appointed on</td>" in page
    assert "<td>01.03.2024</td>" in page
    assert "<td>Year of birth</td>" in page
    assert "Filled in (the value is not kept in the audit trail)" in page
    assert "1987" not in page


def test_redacted_update_says_changed_without_values(as_user, users, session, council_a):
    council_a.coordinator_phone = "+383 44 123 456"
    session.commit()
    page = page_text(as_user(users["admin"]).get("/audit/?action=update&entity_type=councils"))
    assert "<td>Coordinator's telephone</td>" in page
    assert '<td colspan="2">Changed (the value is not kept in the audit trail)</td>' in page
    assert "123 456" not in page


def test_ids_of_linked_records_read_as_names(as_user, users, session, make_organisation):
    secretary = users["secretary_a"]
    secretary.council_id = users["secretary_b"].council_id
    created = make_organisation(name="Zëri i Komunitetit")
    organisation = session.scalars(
        select(Organisation)
        .where(Organisation.id == created.id)
        .options(selectinload(Organisation.municipalities))
    ).one()
    organisation.municipalities.append(municipality_named(session, "Prizren"))
    session.commit()

    client = as_user(users["admin"])
    page = page_text(client.get("/audit/?action=update&entity_type=users"))
    assert "<td>Council</td>" in page
    assert "<td>Prishtinë</td>" in page
    assert "<td>Graçanicë</td>" in page
    page = page_text(client.get("/audit/?action=update&entity_type=organisations"))
    assert "<td>Municipalities where it works</td>" in page
    assert '<td colspan="2">Added: Prizren.</td>' in page
    assert f'<a href="/organisations/{organisation.id}">Zëri i Komunitetit</a>' in page


def test_account_links_go_to_the_edit_page_for_administrators_only(as_user, users, session):
    target = users["secretary_a"]
    target.full_name = "Renamed Secretary"
    session.commit()
    link = f'<a href="/admin/users/{target.id}/edit">Renamed Secretary</a>'

    admin_page = page_text(as_user(users["admin"]).get("/audit/?entity_type=users&action=update"))
    assert f"User account: {link}" in admin_page
    ministry_page = page_text(
        as_user(users["ministry"]).get("/audit/?entity_type=users&action=update")
    )
    assert "User account: Renamed Secretary" in ministry_page
    assert "/admin/users/" not in ministry_page


def test_verification_time_is_kosovo_time(as_user, users, add_events, make_organisation):
    organisation = make_organisation(name="Time Keepers")
    add_events(
        actor_label="verifier@example.org",
        entity_type="organisations",
        entity_id=organisation.id,
        changes={"verified_at": [None, "2025-01-15T23:30:00+00:00"], "is_verified": [False, True]},
    )
    page = page_text(as_user(users["admin"]).get("/audit/?actor=verifier"))
    assert "<td>Verified at</td>" in page
    # 23:30 UTC on 15 January is 00:30 on the 16th in Kosovo (winter time).
    assert "<td>16.01.2025 00:30</td>" in page


def test_deleted_record_is_named_by_type_and_number(as_user, users, session, make_member):
    member = make_member(full_name="Gone Member")
    member_id = member.id
    session.delete(member)
    session.commit()
    page = page_text(as_user(users["admin"]).get("/audit/?action=delete"))
    assert f"Council member #{member_id}" in page
    assert "<td>Gone Member</td>" in page


def test_access_denied_shows_the_refused_address(as_user, users):
    as_user(users["cso"]).get("/audit/?action=login")
    page = page_text(as_user(users["admin"]).get("/audit/?action=access_denied"))
    assert "Access refused" in page
    assert users["cso"].email in page
    assert "Refused address: <code>GET /audit/</code>" in page
    assert "<td>method</td>" not in page


def test_failed_sign_in_details_are_labelled(as_user, users, add_events):
    add_events(
        actor_label="anonymous",
        action=AuditAction.LOGIN_FAILED,
        entity_type=None,
        entity_id=None,
        changes={"email": "who@example.org", "reason": "locked"},
    )
    page = page_text(as_user(users["admin"]).get("/audit/?action=login_failed"))
    assert "<td>E-mail entered</td>" in page
    assert "<td>who@example.org</td>" in page
    assert "<td>Reason</td>" in page
    assert "Too many failed attempts: signing in is locked for a while" in page


def test_record_type_filter_shows_translated_names(as_user, users, add_events):
    add_events(actor_label="beta@example.org", entity_type="members")
    add_events(actor_label="gamma@example.org", entity_type="councils")
    client = as_user(users["admin"])
    page = page_text(client.get("/audit/"))
    assert '<option value="members">Council member</option>' in page
    assert '<option value="councils">Council</option>' in page
    assert '<option value="users">User account</option>' in page
    assert ">audit_events<" not in page
    page = page_text(client.get("/audit/?entity_type=members"))
    assert "beta@example.org" in page
    assert "gamma@example.org" not in page


def test_newest_first(as_user, users, add_events):
    add_events(actor_label="old@example.org", occurred_at=datetime(2024, 1, 1, tzinfo=UTC))
    add_events(actor_label="new@example.org", occurred_at=datetime(2025, 1, 1, tzinfo=UTC))
    page = page_text(as_user(users["admin"]).get("/audit/?actor=@example.org&action=update"))
    assert page.index("new@example.org") < page.index("old@example.org")


def test_filter_by_action_entity_and_actor(as_user, users, add_events):
    add_events(actor_label="alpha@example.org", action=AuditAction.LOGIN, entity_type="users")
    add_events(actor_label="beta@example.org", action=AuditAction.UPDATE, entity_type="members")
    add_events(actor_label="gamma@example.org", action=AuditAction.UPDATE, entity_type="councils")
    client = as_user(users["admin"])

    page = page_text(client.get("/audit/?action=login"))
    assert "alpha@example.org" in page
    assert "beta@example.org" not in page

    page = page_text(client.get("/audit/?entity_type=members"))
    assert "beta@example.org" in page
    assert "gamma@example.org" not in page
    assert "alpha@example.org" not in page

    page = page_text(client.get("/audit/?actor=GAMMA"))
    assert "gamma@example.org" in page
    assert "beta@example.org" not in page

    page = page_text(client.get("/audit/?action=update&entity_type=councils"))
    assert "gamma@example.org" in page
    assert "beta@example.org" not in page


def test_date_filters_use_kosovo_days(as_user, users, add_events):
    # 22:30 UTC on 1 June is 00:30 on 2 June in Kosovo.
    add_events(actor_label="late@example.org", occurred_at=datetime(2025, 6, 1, 22, 30, tzinfo=UTC))
    add_events(actor_label="early@example.org", occurred_at=datetime(2025, 6, 1, 8, 0, tzinfo=UTC))
    client = as_user(users["admin"])

    page = page_text(client.get("/audit/?date_from=2025-06-02&date_to=2025-06-02"))
    assert "late@example.org" in page
    assert "early@example.org" not in page

    page = page_text(client.get("/audit/?date_from=2025-06-01&date_to=2025-06-01"))
    assert "early@example.org" in page
    assert "late@example.org" not in page


@pytest.mark.parametrize("url", ["/audit/", "/audit/export.csv"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2025-06-02&date_to=2025-06-01", "The end date is before the start date."),
        ("date_from=yesterday", "Not a valid date value."),
        ("action=teleport", "Not a valid choice"),
        ("entity_type=audit_events", "Not a valid choice"),
    ],
)
def test_invalid_filters_answer_400_with_the_reason(as_user, users, url, query, message):
    response = as_user(users["admin"]).get(f"{url}?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert message in response.get_data(as_text=True)


def test_older_and_newer_links(app, as_user, users, add_events):
    app.config["PAGE_SIZE"] = 2
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for number in range(5):
        add_events(
            actor_label=f"pager{number}@example.org", occurred_at=start + timedelta(days=number)
        )
    client = as_user(users["admin"])
    first = page_text(client.get("/audit/?actor=pager"))
    assert "pager4@example.org" in first
    assert "pager2@example.org" not in first
    assert "Older events" in first
    assert "Newer events" not in first
    last = page_text(client.get("/audit/?actor=pager&page=3"))
    assert "pager0@example.org" in last
    assert "Newer events" in last
    assert "Older events" not in last
    assert "actor=pager" in last


def test_page_links_the_export_with_the_same_filters(as_user, users, add_events):
    add_events(actor_label="linked@example.org")
    page = page_text(as_user(users["admin"]).get("/audit/?actor=linked&action=update&page=1"))
    assert 'href="/audit/export.csv?actor=linked&action=update"' in page


@pytest.fixture
def many_kinds_of_events(add_events, users, make_member, make_organisation, council_a, council_b):
    """`add(n)` stores n events spread over every audited type, with ids of linked records."""
    member = make_member()
    organisation = make_organisation()
    templates = [
        {"entity_type": "councils", "entity_id": council_a.id, "changes": {"notes": [None, "x"]}},
        {
            "entity_type": "members",
            "entity_id": member.id,
            "changes": {"council_id": [council_a.id, council_b.id]},
        },
        {
            "entity_type": "users",
            "entity_id": users["secretary_a"].id,
            "changes": {"organisation_id": [None, organisation.id], "full_name": ["A", "B"]},
        },
        {
            "entity_type": "organisations",
            "entity_id": organisation.id,
            "changes": {"municipalities": {"added": [1, 2], "removed": [3]}},
        },
        {"entity_type": "municipalities", "entity_id": 1, "changes": {"aliases": ["", "X"]}},
        {"entity_type": None, "entity_id": None, "action": AuditAction.ACCESS_DENIED},
    ]

    def add(count):
        for number in range(count):
            template = templates[number % len(templates)]
            add_events(actor_label=f"counted{number}@example.org", **template)

    return add


def test_query_count_is_the_same_for_10_and_200_events(
    app, as_user, users, many_kinds_of_events, count_queries
):
    app.config["PAGE_SIZE"] = 200
    client = as_user(users["ministry"])
    many_kinds_of_events(10)
    with count_queries() as few:
        page = page_text(client.get("/audit/?actor=counted"))
    assert page.count("counted") >= 10
    many_kinds_of_events(190)
    with count_queries() as many:
        page = page_text(client.get("/audit/?actor=counted"))
    assert page.count("@example.org</td>") >= 200
    assert many.count == few.count
    # The user, the events, then one query per record type named on the page.
    assert many.count <= 2 + 5
    assert_no_duplicated_queries(many.statements)


# CSV export -------------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_export_is_a_streamed_csv_download(app, as_user, users, add_events):
    add_events(actor_label="streamed@example.org")
    response = as_user(users["ministry"]).get("/audit/export.csv?actor=streamed")
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    assert len(csv_rows(response)) == 2
    # Once the last row is sent, no connection is left holding a transaction open.
    assert app.extensions["safety.db"]["engine"].pool.checkedout() == 0


def test_export_has_translated_headers_and_reads_like_the_page(
    as_user, users, session, make_member, council_a
):
    member = make_member(full_name="Arta Krasniqi", role=MemberRole.MUNICIPAL_OFFICIAL)
    member.role = MemberRole.CHAIR
    member.birth_year = 1971
    session.commit()

    rows = csv_rows(
        as_user(users["admin"]).get("/audit/export.csv?action=update&entity_type=members")
    )
    assert rows[0] == [
        "When (Kosovo time)",
        "Who",
        "Action",
        "Record type",
        "Record",
        "Record number",
        "Changes",
        "Refused address",
        "IP address",
    ]
    [row] = rows[1:]
    assert row[2:6] == ["Updated", "Council member", "Arta Krasniqi", str(member.id)]
    assert row[6] == (
        "Role on the council: Municipal official → Chair; "
        "Year of birth: Changed (the value is not kept in the audit trail)"
    )
    assert "1971" not in ";".join(row)


def test_export_applies_the_filters_to_every_page(app, as_user, users, add_events):
    app.config["PAGE_SIZE"] = 2
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for number in range(5):
        add_events(
            actor_label=f"pager{number}@example.org", occurred_at=start + timedelta(days=number)
        )
    add_events(actor_label="other@example.org")
    add_events(actor_label="pager-login@example.org", action=AuditAction.LOGIN, entity_type=None)

    rows = csv_rows(as_user(users["admin"]).get("/audit/export.csv?actor=pager&action=update"))

    assert [row[1] for row in rows[1:]] == [f"pager{n}@example.org" for n in (4, 3, 2, 1, 0)]
    # Midnight UTC on 5 January is 01:00 in Kosovo (winter time).
    assert rows[1][0] == "05.01.2025 01:00"


def test_export_neutralises_spreadsheet_formulas(as_user, users, add_events):
    add_events(
        actor_label='=HYPERLINK("http://evil.example")',
        ip_address="+1",
        changes={"notes": [None, "@SUM(A1)"]},
    )
    add_events(actor_label="-2+3", changes={"notes": ["=1+1", "\tTAB"]})
    rows = csv_rows(as_user(users["admin"]).get("/audit/export.csv?action=update"))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert "'+1" in cells
    assert "'-2+3" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_export_query_count_is_the_same_for_10_and_200_events(
    as_user, users, many_kinds_of_events, count_queries
):
    client = as_user(users["admin"])
    many_kinds_of_events(10)
    with count_queries() as few:
        assert len(csv_rows(client.get("/audit/export.csv?actor=counted"))) == 11
    many_kinds_of_events(190)
    with count_queries() as many:
        assert len(csv_rows(client.get("/audit/export.csv?actor=counted"))) == 201
    assert many.count == few.count
    assert many.count <= 2 + 5


def test_every_audited_model_says_what_it_is_in_words():
    """A new slice's model must name its type, its records and every field the trail keeps."""
    for table, model in audited_models().items():
        mapper = inspect(model)
        recorded = [attr.key for attr in mapper.column_attrs] + [
            relation.key for relation in mapper.relationships if relation.secondary is not None
        ]
        ignored = model.__dict__.get("__audit_ignore__", frozenset())
        labels = model.__dict__.get("__audit_labels__", {})
        assert "__audit_type__" in model.__dict__, table
        assert callable(getattr(model, "__audit_name__", None)), table
        missing = [key for key in recorded if key not in {"id", *ignored} and key not in labels]
        assert missing == [], f"{table} fields without an audit label"
        assert set(model.__dict__.get("__audit_redact__", frozenset())) <= set(recorded), table
