"""Stored XSS: script payloads typed into every free-text field come back escaped everywhere."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from safety.councils.models import Member
from safety.organisations.models import Organisation

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7*7 }}<b>bold</b>",
]
DANGEROUS = ("<script", "<img src=x", "<svg/onload", "<b>bold</b>")


def _assert_escaped(html: str) -> None:
    for fragment in DANGEROUS:
        assert fragment not in html, f"unescaped {fragment!r}"
    assert ">49<" not in html, "a template expression was evaluated"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_member_and_council_text_is_escaped_for_every_role(
    payload, users, council_a, login, session
):
    secretary = login(users["secretary_a"])
    response = secretary.post(
        f"/councils/{council_a.id}/members/new",
        data={
            "full_name": payload,
            "role": "civil_society",
            "institution": payload,
            "gender": "female",
            "appointed_on": "2025-02-01",
            "appointing_decision": payload[:100],
            "is_publicly_named": "y",
            "version": "1",
        },
    )
    assert response.status_code == 302
    response = secretary.post(
        f"/councils/{council_a.id}/edit",
        data={
            "coordinator_name": payload,
            "coordinator_email": "kksb@example.org",
            "notes": payload,
            "version": str(council_a.version_id),
        },
    )
    assert response.status_code == 302
    response = secretary.post(
        f"/councils/{council_a.id}/decisions/new",
        data={"kind": "constituting", "number": payload[:60], "decided_on": "2023-03-30"},
    )
    assert response.status_code == 302
    assert session.scalars(select(Member).where(Member.full_name == payload)).one()
    pages = [f"/councils/{council_a.id}", "/councils/", f"/councils/{council_a.id}/edit"]
    for role in (None, *users.values()):
        client = login(role)
        for page in pages:
            response = client.get(page)
            _assert_escaped(response.get_data(as_text=True))
    audit = login(users["admin"]).get("/audit/")
    assert audit.status_code == 200
    _assert_escaped(audit.get_data(as_text=True))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_registration_text_is_escaped(payload, users, council_a, client, login, session):
    response = client.post(
        "/register",
        data={
            "name": payload,
            "registration_number": "5100200300",
            "contact_email": "ngo@example.org",
            "address": payload,
            "description": payload,
            "municipality_ids": [str(council_a.municipality_id)],
            "full_name": payload,
            "email": "founder@example.org",
            "password": "a safe enough passphrase",
            "confirm_password": "a safe enough passphrase",
        },
    )
    assert response.status_code == 302
    organisation = session.scalars(select(Organisation).where(Organisation.name == payload)).one()
    admin = login(users["admin"])
    for page in (f"/organisations/{organisation.id}", "/organisations", "/admin/users"):
        response = admin.get(page)
        assert response.status_code == 200
        _assert_escaped(response.get_data(as_text=True))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.text(max_size=300))
@example(text="A\x00B")
@example(text="\u202eevil\r\n\t")
def test_member_form_never_fails_on_arbitrary_text(text, users, council_a, login):
    """Any Unicode text, control characters and NUL included, is saved or refused: never a 500."""
    secretary = login(users["secretary_a"])
    response = secretary.post(
        f"/councils/{council_a.id}/members/new",
        data={
            "full_name": text,
            "role": "civil_society",
            "institution": text,
            "gender": "female",
            "appointed_on": "2025-02-01",
            "birth_year": text[:8],
            "version": "1",
        },
    )
    assert response.status_code in (302, 400)
    page = secretary.get(f"/councils/{council_a.id}")
    assert page.status_code == 200
    _assert_escaped(page.get_data(as_text=True))


def test_nul_characters_are_refused_everywhere(users, login, session):
    client = login(users["admin"])
    assert (
        client.post("/login", data={"email": "a\x00@example.org", "password": "x"}).status_code
        == 400
    )
    assert client.get("/councils/?q=a%00b").status_code == 400
