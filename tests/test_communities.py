"""The communities living in each municipality: the derived multi-ethnic flag, the pages where
administrators edit the list and the ministry reads it, and R04/R10 following the list."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from safety.audit.models import AuditAction, AuditEvent
from safety.compliance.demo_settings import MONO_ETHNIC, add_settings
from safety.compliance.evaluation import evaluate_council
from safety.compliance.models import ThresholdChange
from safety.compliance.rules import Status
from safety.compliance.thresholds import threshold_history
from safety.councils.models import (
    Community,
    CouncilDecision,
    DecisionKind,
    Gender,
    MemberRole,
    Municipality,
    MunicipalityCommunity,
)
from tests.conftest import assert_no_duplicated_queries

EN = {"Accept-Language": "en"}


def _communities(session, municipality) -> list[str]:
    return sorted(
        session.scalars(
            select(MunicipalityCommunity.community).where(
                MunicipalityCommunity.municipality_id == municipality.id
            )
        )
    )


def _audit_rows(session) -> list[tuple[str, str]]:
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "municipality_communities")
        .order_by(AuditEvent.id)
    )
    return [(str(event.action), event.changes["community"]) for event in events]


@pytest.fixture
def albanian_majority(session, council_a) -> Municipality:
    municipality = session.get(Municipality, council_a.municipality_id)
    assert municipality.majority_community == Community.ALBANIAN
    return municipality


@pytest.mark.parametrize(
    ("listed", "multi_ethnic"),
    [
        ([], True),
        (["unknown"], True),
        (["albanian"], False),
        (["albanian", "serb"], True),
        (["albanian", "unknown"], True),
    ],
)
def test_multi_ethnic_is_derived_from_the_list(
    session, albanian_majority, set_communities, listed, multi_ethnic
):
    set_communities(albanian_majority, listed)
    assert albanian_majority.is_multi_ethnic is multi_ethnic
    # The same answer from a fresh load (the flag is computed in the municipality's query).
    session.expire_all()
    assert session.get(Municipality, albanian_majority.id).is_multi_ethnic is multi_ethnic


def test_the_list_shows_every_municipality_with_its_communities(
    session, login, users, albanian_majority, set_communities, count_queries
):
    set_communities(albanian_majority, ["albanian"])
    session.commit()
    client = login(users["ministry"])
    with count_queries() as counter:
        response = client.get("/admin/communities", headers=EN)
    assert response.status_code == 200
    # The signed-in user, the municipalities (with the flag), the lists.
    assert counter.count == 3
    assert_no_duplicated_queries(counter.statements)
    html = response.get_data(as_text=True)
    assert html.count('<tr id="m-') == 38
    row = html.split(f'id="m-{albanian_majority.code}"')[1].split("</tr>")[0]
    assert "<td>Albanian</td>" in row  # majority, and the only community listed
    assert "<td>No</td>" in row
    assert "37 of 38 municipalities are multi-ethnic." in html
    other = html.split('id="m-07"')[1].split("</tr>")[0]
    assert "Not recorded (counts as multi-ethnic)" in other
    assert "<td>Yes</td>" in other
    # The ministry reads; only administrators are offered the edit.
    assert '/communities">Edit' not in html
    admin_html = login(users["admin"]).get("/admin/communities", headers=EN).get_data(as_text=True)
    assert f"/admin/municipalities/{albanian_majority.id}/communities" in admin_html


def test_an_administrator_replaces_the_list_and_each_row_is_audited(
    session, login, users, albanian_majority, set_communities
):
    set_communities(albanian_majority, ["albanian", "roma"])
    session.commit()
    audited = len(_audit_rows(session))
    url = f"/admin/municipalities/{albanian_majority.id}/communities"
    client = login(users["admin"])
    page = client.get(url, headers=EN).get_data(as_text=True)
    checked = re.findall(
        r'<input checked id="[^"]+" name="communities" type="checkbox" value="(\w+)"', page
    )
    assert checked == ["albanian", "roma"]
    assert "Not known (counts as multi-ethnic)" in page
    response = client.post(url, data={"communities": ["albanian", "serb", "ashkali"]}, headers=EN)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/communities#m-{albanian_majority.code}")
    assert _communities(session, albanian_majority) == ["albanian", "ashkali", "serb"]
    # Only the difference is written: Roma removed, Serb and Ashkali added, Albanian kept.
    assert sorted(_audit_rows(session)[audited:]) == [
        (AuditAction.CREATE, "ashkali"),
        (AuditAction.CREATE, "serb"),
        (AuditAction.DELETE, "roma"),
    ]
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "municipality_communities")
        .order_by(AuditEvent.id)
    ).all()
    assert {event.actor_id for event in events[audited:]} == {users["admin"].id}
    listing = client.get("/admin/communities", headers=EN).get_data(as_text=True)
    assert "The communities of Prishtinë have been saved." in listing


def test_saving_the_same_list_writes_nothing(session, login, users, albanian_majority):
    url = f"/admin/municipalities/{albanian_majority.id}/communities"
    client = login(users["admin"])
    assert client.post(url, data={"communities": ["albanian"]}).status_code == 302
    assert client.post(url, data={"communities": ["albanian"]}).status_code == 302
    assert _audit_rows(session) == [(AuditAction.CREATE, "albanian")]
    assert session.get(Municipality, albanian_majority.id).is_multi_ethnic is False


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        (["serb", "roma"], "Check the majority community too"),
        ([], "Check the majority community too"),
        (["albanian", "klingon"], "is not a valid choice"),
    ],
)
def test_a_list_without_the_majority_is_refused_and_nothing_changes(
    session, login, users, albanian_majority, set_communities, chosen, message
):
    set_communities(albanian_majority, ["albanian", "serb"])
    session.commit()
    audited = _audit_rows(session)
    response = login(users["admin"]).post(
        f"/admin/municipalities/{albanian_majority.id}/communities",
        data={"communities": chosen},
        headers=EN,
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _communities(session, albanian_majority) == ["albanian", "serb"]
    assert _audit_rows(session) == audited


def test_unknown_alone_is_accepted_without_the_majority(session, login, users, albanian_majority):
    response = login(users["admin"]).post(
        f"/admin/municipalities/{albanian_majority.id}/communities",
        data={"communities": ["unknown"]},
    )
    assert response.status_code == 302
    assert _communities(session, albanian_majority) == ["unknown"]
    assert session.get(Municipality, albanian_majority.id).is_multi_ethnic is True


def test_an_unknown_municipality_is_not_found(session, login, users):
    missing = (session.scalar(select(func.max(Municipality.id))) or 0) + 1
    client = login(users["admin"])
    assert client.get(f"/admin/municipalities/{missing}/communities").status_code == 404
    post = client.post(f"/admin/municipalities/{missing}/communities", data={"communities": []})
    assert post.status_code == 404


# -- R04 and R10 follow the list ---------------------------------------------------------------


def test_a_mono_ethnic_municipality_needs_no_non_majority_member(
    session, council_a, albanian_majority, make_member, login, users
):
    session.add(
        CouncilDecision(
            council_id=council_a.id,
            kind=DecisionKind.CONSTITUTING,
            number="01-002/20",
            decided_on=date(2020, 1, 15),
        )
    )
    # Every group R04 asks for but a non-majority community representative.
    for role in (MemberRole.MUNICIPAL_OFFICIAL, MemberRole.RELIGIOUS_COMMUNITY):
        make_member(council_a, role=role, gender=Gender.MALE)
    make_member(council_a, role=MemberRole.CIVIL_SOCIETY, gender=Gender.FEMALE, birth_year=2001)
    session.commit()
    as_of = date(2025, 6, 30)

    def r04_r10():
        found = evaluate_council(session, council_a.id, as_of)
        assert found is not None
        return found.finding("R04"), found.finding("R10")

    r04, r10 = r04_r10()
    assert (r04.status, r04.details["missing"]) == (Status.WARNING, ["community_representative"])
    assert r10.status == Status.BREACH
    # The administrator records that only the Albanian community lives there.
    response = login(users["admin"]).post(
        f"/admin/municipalities/{albanian_majority.id}/communities",
        data={"communities": ["albanian"]},
    )
    assert response.status_code == 302
    r04, r10 = r04_r10()
    assert (r04.status, r04.details["missing"]) == (Status.OK, [])
    assert r10.status == Status.NOT_APPLICABLE
    # A second community makes it multi-ethnic again.
    login(users["admin"]).post(
        f"/admin/municipalities/{albanian_majority.id}/communities",
        data={"communities": ["albanian", "serb"]},
    )
    assert r04_r10()[0].status == Status.WARNING


# -- Demo settings ------------------------------------------------------------------------------


def test_demo_settings_record_33_multi_ethnic_municipalities_and_two_changes(session, users):
    anchor = date(2026, 11, 23)
    municipalities = {m.code: m for m in session.scalars(select(Municipality))}
    add_settings(session, municipalities, anchor)
    session.commit()
    session.expire_all()
    flags = {m.code: m.is_multi_ethnic for m in session.scalars(select(Municipality))}
    assert sum(flags.values()) == 33
    assert {code for code, multi in flags.items() if not multi} == set(MONO_ETHNIC)
    assert {municipalities[code].name_sq for code in MONO_ETHNIC} == {
        "Skenderaj",
        "Junik",
        "Malishevë",
        "Kaçanik",
        "Hani i Elezit",
    }
    history = threshold_history(session)
    assert history.on(anchor)["r05_warning_days"] == 90
    assert history.on(date(2025, 2, 28))["r05_warning_days"] == 60
    assert history.on(date(2026, 12, 31))["r13_min_working_days"] == 15
    assert history.on(date(2027, 1, 1))["r13_min_working_days"] == 20
    changes = session.scalars(select(ThresholdChange)).all()
    assert {change.changed_by_id for change in changes} == {users["admin"].id}
    rows = session.scalar(select(func.count()).select_from(MunicipalityCommunity))
    # A rerun adds nothing.
    add_settings(session, municipalities, anchor)
    session.commit()
    assert session.scalar(select(func.count()).select_from(MunicipalityCommunity)) == rows
    assert session.scalar(select(func.count()).select_from(ThresholdChange)) == 2
