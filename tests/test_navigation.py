"""The main navigation shows each role exactly the pages that role can open, and the home page."""

from __future__ import annotations

import re

import pytest

from safety.accounts.models import Role
from safety.organisations.models import OrganisationStatus

NAV = re.compile(r'<nav aria-label="Main navigation">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')
# Every page the navigation may link to; "my council" and "my organisation" are added per user.
DESTINATIONS = (
    "/councils/",
    "/organisations",
    "/meetings/calendar",
    "/audit/",
    "/admin/users",
    "/admin/holidays",
    "/concerns/",
    "/concerns/mine",
    "/transparency/",
    "/compliance/",
    "/reviews/",
)


@pytest.fixture
def people(users, make_user, make_organisation):
    """The matrix roles, a CSO of a pending organisation, and anonymous (None)."""
    pending = make_organisation(status=OrganisationStatus.PENDING)
    return {
        **users,
        "cso_pending": make_user(Role.CSO, organisation_id=pending.id),
        "anonymous": None,
    }


def nav_links(client) -> set[str]:
    response = client.get("/councils/")
    assert response.status_code == 200
    match = NAV.search(response.get_data(as_text=True))
    assert match is not None, "no main navigation"
    return set(HREF.findall(match.group(1)))


@pytest.mark.parametrize(
    "role", ["anonymous", "cso", "cso_pending", "secretary_a", "secretary_b", "ministry", "admin"]
)
def test_nav_links_are_exactly_the_pages_the_role_opens(login, people, role):
    user = people[role]
    client = login(user)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    candidates = set(DESTINATIONS)
    if user is not None and user.council_id is not None:
        candidates.add(f"/councils/{user.council_id}")
        candidates.add(f"/councils/{user.council_id}/meetings/")
        candidates.add(f"/councils/{user.council_id}/concerns/")
    if user is not None and user.organisation_id is not None:
        candidates.add(f"/organisations/{user.organisation_id}")
    opens = {url for url in candidates if client.get(url).status_code == 200}
    assert nav_links(client) == opens
    # And the predicates do grant something: no role sees only the public list by accident.
    expected_count = {
        "anonymous": 2,
        "cso": 4,
        "cso_pending": 4,
        "secretary_a": 6,
        "secretary_b": 6,
        "ministry": 8,
        "admin": 9,
    }[role]
    assert len(opens) == expected_count


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("cso", "/organisations/{organisation_id}"),
        ("cso_pending", "/organisations/{organisation_id}"),
        ("secretary_a", "/councils/{council_id}"),
        ("ministry", "/councils/"),
        ("admin", "/admin/users"),
    ],
)
def test_home_page_sends_each_person_to_their_work(login, people, role, home):
    user = people[role]
    response = login(user).get("/")
    assert response.status_code == 302
    expected = home.format(organisation_id=user.organisation_id, council_id=user.council_id)
    assert response.headers["Location"] == expected
