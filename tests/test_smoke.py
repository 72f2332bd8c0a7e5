"""Smoke: the app starts, serves the home page and signs a user in through the real form."""

from safety.accounts.models import Role


def test_home_page_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Skip to main content" in response.data or b"Kalo te" in response.data


def test_login_through_form(client, make_user):
    from tests.factories.accounts import TEST_PASSWORD

    user = make_user(Role.MINISTRY)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
