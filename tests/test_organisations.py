"""CSO self-registration, the organisation list and pages, editing and verification."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from safety.accounts.models import Role, User
from safety.audit.models import AuditAction, AuditEvent
from safety.councils.models import Municipality
from safety.organisations.models import Organisation, OrganisationStatus
from tests.conftest import assert_no_duplicated_queries

PASSPHRASE = "seven lanterns over the ibar"


@pytest.fixture
def as_user(login):
    """A client signed in as `user` that reads pages in English (messages are checked)."""

    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


def municipality_ids(session, *codes):
    return [
        session.scalars(select(Municipality.id).where(Municipality.code == code)).one()
        for code in codes
    ]


def registration_data(session, **overrides):
    data = {
        "name": "Zëri i Komunitetit",
        "registration_number": "5112233",
        "contact_email": "info@zeri.example.org",
        "contact_phone": "+383 44 123 456",
        "address": "Rr. Nëna Terezë 1, Prishtinë",
        "description": "Neighbourhood safety walks.",
        "municipality_ids": municipality_ids(session, "01", "07"),
        "full_name": "Arta Krasniqi",
        "email": "Arta@Zeri.example.org",
        "password": PASSPHRASE,
        "confirm_password": PASSPHRASE,
    }
    data.update(overrides)
    return data


def counts(session):
    session.expire_all()
    return (
        session.scalar(select(func.count(Organisation.id))),
        session.scalar(select(func.count(User.id))),
    )


def reload(session, organisation_id):
    session.expire_all()
    return session.get(Organisation, organisation_id)


def test_register_form_renders_for_anonymous(as_user):
    response = as_user().get("/register")
    assert response.status_code == 200
    assert "Graçanicë" in response.get_data(as_text=True)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_register_sends_signed_in_users_home(as_user, users, session, method):
    before = counts(session)
    response = as_user(users["ministry"]).open("/register", method=method, data={})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    assert counts(session) == before


def test_register_creates_pending_organisation_then_asks_to_sign_in(as_user, session):
    client = as_user()
    response = client.post("/register", data=registration_data(session))
    assert response.status_code == 302
    # Not signed in: a taken e-mail must get the same answer (see tests/test_registration.py).
    assert response.headers["Location"] == "/login"
    organisation = session.scalars(
        select(Organisation).options(
            selectinload(Organisation.municipalities), selectinload(Organisation.users)
        )
    ).one()
    assert not organisation.is_verified
    assert organisation.verified_at is None
    assert {m.code for m in organisation.municipalities} == {"01", "07"}
    [user] = organisation.users
    assert user.email == "arta@zeri.example.org"
    assert user.role == Role.CSO
    assert not user.must_change_password
    login_events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.LOGIN)
    ).all()
    assert login_events == []

    signed_in = client.post(
        "/login", data={"email": "Arta@Zeri.example.org", "password": PASSPHRASE}
    )
    assert signed_in.status_code == 302
    page = client.get(f"/organisations/{organisation.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "waiting for verification by the ministry" in text
    assert "arta@zeri.example.org" in text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"municipality_ids": []}, "Choose at least one municipality."),
        ({"municipality_ids": [999999]}, "is not a valid choice"),
        ({"confirm_password": "something else entirely"}, "The passwords differ."),
        ({"password": "short", "confirm_password": "short"}, "Use at least 12 characters."),
        ({"password": "password1234", "confirm_password": "password1234"}, "too common"),
        ({"name": ""}, "This field is required."),
        ({"contact_email": "nope"}, "Enter a valid e-mail address."),
        ({"email": "nope"}, "Enter a valid e-mail address."),
    ],
)
def test_register_validation_errors_save_nothing(as_user, session, overrides, message):
    response = as_user().post("/register", data=registration_data(session, **overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert counts(session) == (0, 0)


def test_register_refuses_taken_registration_number(as_user, session, make_organisation):
    make_organisation(registration_number="5112233")
    before = counts(session)
    response = as_user().post("/register", data=registration_data(session))
    assert response.status_code == 400
    assert "registration number is already registered" in response.get_data(as_text=True)
    assert counts(session) == before


def test_register_with_a_taken_email_creates_nothing(as_user, session, make_user):
    make_user(Role.MINISTRY, email="arta@zeri.example.org")
    before = counts(session)
    response = as_user().post("/register", data=registration_data(session))
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert counts(session) == before


def test_organisation_list_pending_first_with_counts_and_filter(
    as_user, users, session, make_organisation, make_user
):
    gracanica = session.get(Municipality, municipality_ids(session, "07")[0])
    pending = make_organisation(
        name="AAA Pending", status=OrganisationStatus.PENDING, municipalities=[gracanica]
    )
    rejected = make_organisation(name="AAA Rejected", status=OrganisationStatus.REJECTED)
    make_user(Role.CSO, organisation_id=pending.id)
    make_user(Role.CSO, organisation_id=pending.id)
    verified_name = session.get(Organisation, users["cso"].organisation_id).name
    client = as_user(users["ministry"])
    page = client.get("/organisations").get_data(as_text=True)
    assert page.index("AAA Pending") < page.index(rejected.name)
    assert page.index("AAA Pending") < page.index(verified_name)
    row = page[page.index("AAA Pending") :].split("</tr>")[0]
    assert "Graçanicë" in row
    assert "<td>2</td>" in row

    pending_only = client.get("/organisations?status=pending").get_data(as_text=True)
    assert "AAA Pending" in pending_only
    assert verified_name not in pending_only
    verified_only = client.get("/organisations?status=verified").get_data(as_text=True)
    assert "AAA Pending" not in verified_only
    assert verified_name in verified_only
    rejected_only = client.get("/organisations?status=rejected").get_data(as_text=True)
    assert (rejected.name in rejected_only, "AAA Pending" in rejected_only) == (True, False)
    assert client.get("/organisations?status=bogus").status_code == 400


def test_organisation_list_query_count_is_stable(
    as_user, users, session, make_organisation, make_user, count_queries
):
    client = as_user(users["admin"])
    with count_queries() as few:
        assert client.get("/organisations").status_code == 200
    ids = municipality_ids(session, "01", "07", "10")
    municipalities = [session.get(Municipality, ident) for ident in ids]
    for number in range(20):
        status = OrganisationStatus.VERIFIED if number % 2 else OrganisationStatus.PENDING
        organisation = make_organisation(status=status, municipalities=municipalities)
        # Changed since its verification: the list shows what changed, from the same row.
        organisation.name = f"{organisation.name} (renamed)"
        session.commit()
        make_user(Role.CSO, organisation_id=organisation.id)
    with count_queries() as many:
        assert client.get("/organisations").status_code == 200
    assert many.count == few.count


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("own_cso", 200),
        ("other_cso", 403),
        ("secretary_a", 403),
        ("ministry", 200),
        ("admin", 200),
    ],
)
def test_organisation_page_permissions(as_user, users, make_user, role, status):
    organisation_id = users["cso"].organisation_id
    people = {**users, "own_cso": users["cso"], "other_cso": make_user(Role.CSO)}
    response = as_user(people[role] if role else None).get(f"/organisations/{organisation_id}")
    assert response.status_code == status
    if status == 403:
        assert users["cso"].email not in response.get_data(as_text=True)


def test_organisation_page_shows_users_in_few_queries(as_user, users, count_queries):
    cso = users["cso"]
    client = as_user(users["ministry"])
    with count_queries() as counter:
        response = client.get(f"/organisations/{cso.organisation_id}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert cso.email in text
    assert cso.full_name in text
    assert "Verified" in text
    assert counter.count <= 6
    assert_no_duplicated_queries(counter.statements)


def test_unknown_organisation_is_404(as_user, users):
    assert as_user(users["admin"]).get("/organisations/999999").status_code == 404


def edit_data(session, organisation_id, **overrides):
    """Valid edit form data, on the organisation's current version."""
    data = {
        "version": str(reload(session, organisation_id).version_id),
        "name": "Renamed Voice",
        "registration_number": "7000001",
        "contact_email": "NEW@voice.example.org",
        "contact_phone": "",
        "address": "",
        "description": "Youth work.",
        "municipality_ids": municipality_ids(session, "10"),
    }
    data.update(overrides)
    return data


def test_cso_edits_own_organisation_including_its_number(as_user, users, session):
    cso = users["cso"]
    client = as_user(cso)
    assert client.get(f"/organisations/{cso.organisation_id}/edit").status_code == 200
    response = client.post(
        f"/organisations/{cso.organisation_id}/edit",
        data=edit_data(session, cso.organisation_id, contact_phone=" 044 123 456 "),
    )
    assert response.status_code == 302
    organisation = session.scalars(
        select(Organisation)
        .where(Organisation.id == cso.organisation_id)
        .options(selectinload(Organisation.municipalities))
        .execution_options(populate_existing=True)
    ).one()
    assert organisation.name == "Renamed Voice"
    assert organisation.contact_email == "new@voice.example.org"
    assert organisation.contact_phone == "044 123 456"
    assert organisation.address is None
    assert organisation.registration_number == "7000001"
    assert [m.code for m in organisation.municipalities] == ["10"]


def test_registration_number_change_refused_when_taken(as_user, users, session, make_organisation):
    organisation_id = users["cso"].organisation_id
    other = make_organisation(registration_number="7000002")
    client = as_user(users["admin"])
    response = client.post(
        f"/organisations/{organisation_id}/edit",
        data=edit_data(session, organisation_id, registration_number=other.registration_number),
    )
    assert response.status_code == 400
    assert "already registered" in response.get_data(as_text=True)
    assert reload(session, organisation_id).name != "Renamed Voice"
    response = client.post(
        f"/organisations/{organisation_id}/edit", data=edit_data(session, organisation_id)
    )
    assert response.status_code == 302
    assert reload(session, organisation_id).registration_number == "7000001"


def test_edit_validation_error_saves_nothing(as_user, users, session):
    cso = users["cso"]
    response = as_user(cso).post(
        f"/organisations/{cso.organisation_id}/edit",
        data=edit_data(session, cso.organisation_id, municipality_ids=[]),
    )
    assert response.status_code == 400
    assert "Choose at least one municipality." in response.get_data(as_text=True)
    assert reload(session, cso.organisation_id).name != "Renamed Voice"


@pytest.mark.parametrize("role", ["other_cso", "secretary_a", "ministry"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_edit_refused_to_others(as_user, users, make_user, session, role, method):
    organisation_id = users["cso"].organisation_id
    people = {**users, "other_cso": make_user(Role.CSO)}
    response = as_user(people[role]).open(
        f"/organisations/{organisation_id}/edit",
        method=method,
        data=edit_data(session, organisation_id),
    )
    assert response.status_code == 403
    assert reload(session, organisation_id).name != "Renamed Voice"


def test_register_without_csrf_token_saves_nothing(make_app, session):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    response = csrf_app.test_client().post("/register", data=registration_data(session))
    assert response.status_code == 400
    assert counts(session) == (0, 0)


def test_changing_municipalities_is_audited(make_organisation, session):
    organisation = make_organisation()
    municipalities = session.scalars(select(Municipality).order_by(Municipality.code)).all()
    organisation = session.scalars(
        select(Organisation)
        .where(Organisation.id == organisation.id)
        .options(selectinload(Organisation.municipalities))
    ).one()
    organisation.municipalities.append(municipalities[0])
    session.commit()
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "organisations", AuditEvent.action == AuditAction.UPDATE
        )
    ).all()
    assert len(events) == 1
    assert events[0].changes == {"municipalities": {"added": [municipalities[0].id], "removed": []}}
