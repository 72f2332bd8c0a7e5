"""Account administration: list, create with a one-time password, edit, deactivate, reset."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from safety.accounts.models import Role, User
from safety.audit.models import AuditAction, AuditEvent
from safety.passwords import verify_password
from tests.factories.accounts import TEST_PASSWORD

PASSWORD_PATTERN = re.compile(rb'<code class="temporary-password">([^<]+)</code>')


@pytest.fixture
def as_user(login):
    """A client signed in as `user` that reads pages in English (messages are checked)."""

    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


@pytest.fixture
def admin(users):
    return users["admin"]


def reload(session, user_id):
    """The account as stored now (the test session may hold it from before the request)."""
    session.expire_all()
    return session.get(User, user_id)


def user_count(session):
    return session.scalar(select(func.count(User.id)))


def shown_password(response):
    match = PASSWORD_PATTERN.search(response.data)
    assert match is not None, "the temporary password is not on the page"
    return match.group(1).decode()


def new_user_data(**overrides):
    data = {
        "email": "New.Person@Example.org",
        "full_name": "New Person",
        "role": "ministry",
        "council_id": "",
        "organisation_id": "",
        "locale": "sq",
    }
    data.update(overrides)
    return data


ADMIN_PAGES = [
    ("GET", "/admin/users"),
    ("GET", "/admin/users/new"),
    ("POST", "/admin/users/new"),
    ("GET", "/admin/users/{id}/edit"),
    ("POST", "/admin/users/{id}/edit"),
    ("GET", "/admin/users/{id}/deactivate"),
    ("POST", "/admin/users/{id}/deactivate"),
    ("POST", "/admin/users/{id}/activate"),
    ("GET", "/admin/users/{id}/reset-password"),
    ("POST", "/admin/users/{id}/reset-password"),
]


@pytest.mark.parametrize(("method", "url"), ADMIN_PAGES)
@pytest.mark.parametrize("role", ["cso", "secretary_a", "secretary_b", "ministry"])
def test_admin_pages_refuse_other_roles(as_user, users, session, role, method, url):
    target = users["ministry"]
    before = session.scalar(select(User.session_version).where(User.id == target.id))
    response = as_user(users[role]).open(url.format(id=target.id), method=method, data={})
    assert response.status_code == 403
    after = reload(session, target.id)
    assert after.session_version == before
    assert after.is_active


def test_user_list_shows_role_council_organisation_and_status(as_user, users, admin):
    response = as_user(admin).get("/admin/users")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert users["secretary_a"].email in page
    assert "Prishtinë" in page
    assert "Graçanicë" in page
    assert "Community Voice" in page
    assert "Council secretary" in page
    assert "Never" in page


def test_user_list_filters_by_role_active_and_search(as_user, users, admin, make_user, session):
    gone = make_user(Role.MINISTRY, full_name="Zana Gone", is_active=False)
    client = as_user(admin)

    page = client.get("/admin/users?role=secretary").get_data(as_text=True)
    assert users["secretary_a"].email in page
    assert users["ministry"].email not in page

    page = client.get("/admin/users?active=0").get_data(as_text=True)
    assert gone.email in page
    assert users["ministry"].email not in page

    page = client.get("/admin/users?active=1").get_data(as_text=True)
    assert gone.email not in page

    page = client.get("/admin/users?q=zana").get_data(as_text=True)
    assert gone.email in page
    assert users["cso"].email not in page

    page = client.get("/admin/users?q=" + users["cso"].email.upper()).get_data(as_text=True)
    assert users["cso"].email in page
    assert gone.email not in page


def test_user_list_rejects_unknown_role_filter(as_user, admin):
    assert as_user(admin).get("/admin/users?role=king").status_code == 400


def test_user_list_pages(app, as_user, admin, make_user):
    app.config["PAGE_SIZE"] = 2
    for _ in range(3):
        make_user(Role.MINISTRY)
    # Nine accounts in all: the six of `users` and these three make five pages.
    client = as_user(admin)
    first = client.get("/admin/users").get_data(as_text=True)
    assert "page=2" in first
    last = client.get("/admin/users?page=5").get_data(as_text=True)
    assert "page=4" in last
    assert "page=6" not in last


def test_user_list_query_count_is_stable(as_user, admin, make_user, count_queries):
    client = as_user(admin)
    for _ in range(3):
        make_user(Role.CSO)
    with count_queries() as few:
        assert client.get("/admin/users").status_code == 200
    for _ in range(25):
        make_user(Role.CSO)
        make_user(Role.SECRETARY)
    with count_queries() as many:
        assert client.get("/admin/users").status_code == 200
    assert many.count == few.count


def test_new_user_form_renders(as_user, admin):
    response = as_user(admin).get("/admin/users/new")
    assert response.status_code == 200
    assert "Ferizaj" in response.get_data(as_text=True)


def test_create_user_shows_temporary_password_once(app, as_user, admin, session):
    response = as_user(admin).post("/admin/users/new", data=new_user_data())
    assert response.status_code == 201
    password = shown_password(response)
    assert len(password) >= 16
    user = session.scalars(select(User).where(User.email == "new.person@example.org")).one()
    assert user.role == Role.MINISTRY
    assert user.must_change_password
    assert user.locale == "sq"
    with app.app_context():
        assert verify_password(user.password_hash, password)
    assert password not in response.headers.get("Location", "")
    assert password not in response.headers.get("Set-Cookie", "")


def test_create_secretary_and_cso(as_user, admin, session, council_b, make_organisation):
    client = as_user(admin)
    organisation = make_organisation()
    response = client.post(
        "/admin/users/new",
        data=new_user_data(email="sec@example.org", role="secretary", council_id=council_b.id),
    )
    assert response.status_code == 201
    response = client.post(
        "/admin/users/new",
        data=new_user_data(email="cso@example.org", role="cso", organisation_id=organisation.id),
    )
    assert response.status_code == 201
    secretary = session.scalars(select(User).where(User.email == "sec@example.org")).one()
    assert secretary.council_id == council_b.id
    cso = session.scalars(select(User).where(User.email == "cso@example.org")).one()
    assert cso.organisation_id == organisation.id


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"role": "secretary"}, "Choose the council of this secretary."),
        ({"role": "ministry", "council_id": "COUNCIL"}, "Only council secretaries belong"),
        ({"role": "cso"}, "Choose the organisation of this user."),
        ({"role": "admin", "organisation_id": "ORG"}, "Only civil-society users belong"),
        ({"email": "not-an-address"}, "Enter a valid e-mail address."),
        ({"full_name": ""}, "This field is required."),
        ({"locale": "de"}, "Not a valid choice"),
    ],
)
def test_create_user_validation_errors(
    as_user, admin, session, council_a, make_organisation, overrides, message
):
    organisation = make_organisation()
    data = new_user_data(**overrides)
    if data["council_id"] == "COUNCIL":
        data["council_id"] = council_a.id
    if data["organisation_id"] == "ORG":
        data["organisation_id"] = organisation.id
    before = user_count(session)
    response = as_user(admin).post("/admin/users/new", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert user_count(session) == before


def test_create_user_with_taken_email_is_refused(as_user, users, admin, session):
    before = user_count(session)
    response = as_user(admin).post(
        "/admin/users/new", data=new_user_data(email=users["ministry"].email.upper())
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)
    assert user_count(session) == before


def test_edit_user_name_and_language_keeps_sessions(as_user, users, admin, session):
    target = users["ministry"]
    version = target.session_version
    response = as_user(admin).post(
        f"/admin/users/{target.id}/edit",
        data={"full_name": "Renamed", "role": "ministry", "locale": "sr"},
    )
    assert response.status_code == 302
    user = reload(session, target.id)
    assert user.full_name == "Renamed"
    assert user.locale == "sr"
    assert user.session_version == version


def test_edit_user_role_ends_sessions(as_user, users, admin, session, council_b):
    target = users["ministry"]
    target_client = as_user(target)
    assert target_client.get("/councils/").status_code == 200
    edit_page = as_user(admin).get(f"/admin/users/{target.id}/edit")
    assert edit_page.status_code == 200
    assert target.email in edit_page.get_data(as_text=True)
    response = as_user(admin).post(
        f"/admin/users/{target.id}/edit",
        data={
            "full_name": target.full_name,
            "role": "secretary",
            "council_id": council_b.id,
            "locale": "sq",
        },
    )
    assert response.status_code == 302
    user = reload(session, target.id)
    assert user.role == Role.SECRETARY
    assert user.council_id == council_b.id
    response = target_client.get("/account/password")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_edit_user_validation_error_saves_nothing(as_user, users, admin, session):
    target = users["secretary_a"]
    response = as_user(admin).post(
        f"/admin/users/{target.id}/edit",
        data={"full_name": "X", "role": "secretary", "council_id": "", "locale": "sq"},
    )
    assert response.status_code == 400
    assert "Choose the council of this secretary." in response.get_data(as_text=True)
    user = reload(session, target.id)
    assert user.full_name == target.full_name
    assert user.council_id is not None


def test_admin_cannot_change_own_role(as_user, admin, session):
    response = as_user(admin).post(
        f"/admin/users/{admin.id}/edit",
        data={"full_name": admin.full_name, "role": "ministry", "locale": "sq"},
    )
    assert response.status_code == 400
    assert "You cannot change your own role." in response.get_data(as_text=True)
    assert reload(session, admin.id).role == Role.ADMIN


def test_edit_unknown_user_is_404(as_user, admin):
    assert as_user(admin).get("/admin/users/999999/edit").status_code == 404


def test_deactivate_ends_sessions_and_activate_restores(as_user, users, admin, session):
    target = users["ministry"]
    target_client = as_user(target)
    assert target_client.get("/account/password").status_code == 200
    response = as_user(admin).post(f"/admin/users/{target.id}/deactivate")
    assert response.status_code == 302
    assert not reload(session, target.id).is_active
    response = target_client.get("/account/password")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    # The real sign-in form refuses the deactivated account too.
    response = as_user().post("/login", data={"email": target.email, "password": TEST_PASSWORD})
    assert response.status_code == 401

    response = as_user(admin).post(f"/admin/users/{target.id}/activate")
    assert response.status_code == 302
    assert reload(session, target.id).is_active
    response = as_user().post("/login", data={"email": target.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_admin_cannot_deactivate_self(as_user, admin, session, method):
    version = admin.session_version
    response = as_user(admin).open(f"/admin/users/{admin.id}/deactivate", method=method)
    assert response.status_code == 403
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    assert reload(session, admin.id).is_active
    assert reload(session, admin.id).session_version == version


def test_own_account_page_offers_no_deactivation_and_says_the_role_is_fixed(as_user, admin):
    page = as_user(admin).get(f"/admin/users/{admin.id}/edit").get_data(as_text=True)
    assert f"/admin/users/{admin.id}/deactivate" not in page
    assert f"/admin/users/{admin.id}/reset-password" in page
    assert "You cannot change your own role." in page


def test_other_account_page_links_to_the_confirmation_pages(as_user, users, admin):
    target = users["ministry"]
    page = as_user(admin).get(f"/admin/users/{target.id}/edit").get_data(as_text=True)
    assert f'href="/admin/users/{target.id}/deactivate"' in page
    assert f'href="/admin/users/{target.id}/reset-password"' in page
    assert "You cannot change your own role." not in page


@pytest.mark.parametrize(
    ("action", "says"),
    [
        ("deactivate", "will no longer be able to sign in, and their open sessions end now"),
        ("reset-password", "stops working now, and their open sessions end on every device"),
    ],
)
def test_confirmation_page_says_what_happens_and_changes_nothing(
    as_user, users, admin, session, action, says
):
    target = users["ministry"]
    target_client = as_user(target)
    response = as_user(admin).get(f"/admin/users/{target.id}/{action}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert says in page
    assert target.full_name in page
    assert target.email in page
    assert 'method="post"' in page
    assert f'href="/admin/users/{target.id}/edit"' in page, "a cancel link back"
    user = reload(session, target.id)
    assert (user.is_active, user.must_change_password) == (True, False)
    assert user.session_version == target.session_version
    assert target_client.get("/account/password").status_code == 200


def test_reset_password_records_one_event_and_forces_a_change(as_user, users, admin, session):
    target = users["cso"]
    target_client = as_user(target)
    response = as_user(admin).post(f"/admin/users/{target.id}/reset-password")
    assert response.status_code == 200
    password = shown_password(response)
    assert len(password) >= 16

    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.PASSWORD_RESET)
    ).all()
    assert len(events) == 1
    assert (events[0].entity_type, events[0].entity_id) == ("users", target.id)
    assert events[0].actor_id == admin.id

    # The old session has ended.
    assert target_client.get("/account/password").status_code == 302
    # The old password no longer works; the shown one does, and leads to a forced change.
    fresh = as_user()
    response = fresh.post("/login", data={"email": target.email, "password": TEST_PASSWORD})
    assert response.status_code == 401
    response = fresh.post("/login", data={"email": target.email, "password": password})
    assert response.status_code == 302
    response = fresh.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/password")


def test_post_without_csrf_token_changes_nothing(make_app, users, session):
    from flask_login import FlaskLoginClient

    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    csrf_app.test_client_class = FlaskLoginClient
    target = users["ministry"]
    client = csrf_app.test_client(user=users["admin"])
    assert client.post(f"/admin/users/{target.id}/deactivate").status_code == 400
    assert client.post(f"/admin/users/{target.id}/reset-password").status_code == 400
    user = reload(session, target.id)
    assert user.is_active
    assert not user.must_change_password


def select_options(page, field_id):
    """(value, is selected) for each option of the select with `field_id`, in order."""
    match = re.search(rf'<select[^>]*id="{field_id}"[^>]*>(.*?)</select>', page, re.S)
    assert match is not None, f"no select {field_id}"
    return [
        (value, "selected" in attributes)
        for attributes, value in re.findall(r'<option([^>]*?)value="([^"]*)"', match.group(1))
    ]


def test_new_account_form_chooses_nothing_for_the_admin(as_user, admin):
    page = as_user(admin).get("/admin/users/new").get_data(as_text=True)
    for field_id in ("role", "locale", "council_id", "organisation_id"):
        options = select_options(page, field_id)
        assert options[0][0] == "", f"{field_id} starts with the empty option"
        assert [value for value, selected in options if selected] in ([], [""]), field_id
    roles = [value for value, _ in select_options(page, "role")]
    assert roles == ["", "admin", "ministry", "secretary", "cso"]
    assert "Choose a role" in page
    assert "Choose..." in page


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("role", "Choose the role of this account."),
        ("locale", "Choose the language of this account."),
    ],
)
def test_create_user_without_choosing_is_refused(as_user, admin, session, missing, message):
    before = user_count(session)
    response = as_user(admin).post("/admin/users/new", data=new_user_data(**{missing: ""}))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert user_count(session) == before


def test_edit_user_keeps_the_email_whatever_is_posted(as_user, users, admin, session):
    target = users["ministry"]
    response = as_user(admin).post(
        f"/admin/users/{target.id}/edit",
        data={
            "email": "someone.else@example.org",
            "full_name": "  Renamed Reviewer  ",
            "role": "ministry",
            "locale": "en",
        },
    )
    assert response.status_code == 302
    user = reload(session, target.id)
    assert (user.email, user.full_name, user.locale) == (target.email, "Renamed Reviewer", "en")


def test_activate_an_active_account_changes_nothing(as_user, users, admin, session):
    target = users["ministry"]
    response = as_user(admin).post(f"/admin/users/{target.id}/activate")
    assert response.status_code == 302
    user = reload(session, target.id)
    assert user.is_active
    assert user.session_version == target.session_version
