"""Council decisions and member appointments as a history: re-appointment, deletion, duplicates."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.audit.models import AuditAction, AuditEvent
from safety.councils.models import CouncilDecision, DecisionKind, Member, MemberRole
from safety.dates import today


@pytest.fixture(autouse=True)
def english(app):
    """Read pages in English (the msgids)."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


def decision_form(**overrides) -> dict:
    values = {"kind": "constituting", "number": "01-016/13-7", "decided_on": "2013-05-20"}
    values.update(overrides)
    return values


def count(session, model) -> int:
    return session.scalar(select(func.count(model.id)))


# -- decisions --------------------------------------------------------------------------


def test_constituted_on_is_the_earliest_decision(login, users, session, council_a):
    client = login(users["secretary_a"])
    url = f"/councils/{council_a.id}/decisions/new"
    assert client.post(url, data=decision_form()).status_code == 302
    later = decision_form(kind="reconstituting", number="01-016/25-99", decided_on="2025-12-10")
    assert client.post(url, data=later).status_code == 302
    page = client.get(f"/councils/{council_a.id}").text
    assert "Yes, on 20.05.2013" in page
    # The council page shows the latest decision, the list keeps both.
    assert "No. 01-016/25-99 dated 10.12.2025" in page
    assert "No. 01-016/13-7" in page
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "council_decisions")
    ).all()
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.CREATE]


def test_decision_dates_are_checked(login, users, session, council_a):
    client = login(users["secretary_a"])
    url = f"/councils/{council_a.id}/decisions/new"
    future = (today() + timedelta(days=1)).isoformat()
    for data, message in [
        (decision_form(decided_on=future), "This date cannot be in the future."),
        (decision_form(decided_on="1998-06-01"), "Councils did not exist before 1999"),
        (decision_form(kind=""), "This field is required."),
        (decision_form(number="\u200b"), "Enter visible text"),
    ]:
        response = client.post(url, data=data)
        assert response.status_code == 400
        assert message in response.text
    assert count(session, CouncilDecision) == 0


def test_decision_of_another_council_is_404(login, users, session, council_a, council_b):
    decision = CouncilDecision(
        council_id=council_a.id,
        kind=DecisionKind.CONSTITUTING,
        number="1",
        decided_on=date(2020, 1, 1),
    )
    session.add(decision)
    session.commit()
    url = f"/councils/{council_b.id}/decisions/{decision.id}/delete"
    assert login(users["admin"]).post(url, data={"reason": "x"}).status_code == 404
    assert count(session, CouncilDecision) == 1


def test_delete_decision_keeps_the_reason(login, users, session, council_a):
    decision = CouncilDecision(
        council_id=council_a.id,
        kind=DecisionKind.CONSTITUTING,
        number="WRONG-1",
        decided_on=date(2020, 1, 1),
    )
    session.add(decision)
    session.commit()
    client = login(users["secretary_a"])
    url = f"/councils/{council_a.id}/decisions/{decision.id}/delete"
    assert "WRONG-1" in client.get(url).text
    assert client.post(url, data={"reason": ""}).status_code == 400
    assert count(session, CouncilDecision) == 1
    assert client.post(url, data={"reason": "Typed into the wrong council"}).status_code == 302
    assert count(session, CouncilDecision) == 0
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.DELETE)).one()
    assert event.changes["reason"] == "Typed into the wrong council"
    assert event.changes["number"] == "WRONG-1"


# -- members ----------------------------------------------------------------------------


def test_reappointment_ends_the_row_and_links_the_next(
    login, users, session, council_a, make_member
):
    member = make_member(
        role=MemberRole.MUNICIPAL_OFFICIAL, appointed_on=date(2022, 1, 10), full_name="Drita Hoxha"
    )
    client = login(users["secretary_a"])
    url = f"/councils/{council_a.id}/members/{member.id}/reappoint"
    assert "Record a new appointment: Drita Hoxha" in client.get(url).text
    response = client.post(
        url,
        data={
            "role": "chair",
            "appointed_on": "2025-12-01",
            "term_ends_on": "2029-12-01",
            "appointing_decision": "01-016/25-88",
            "version": str(member.version_id),
        },
    )
    assert response.status_code == 302
    rows = session.scalars(select(Member).order_by(Member.id)).all()
    assert [(m.role, m.appointed_on, m.left_on) for m in rows] == [
        (MemberRole.MUNICIPAL_OFFICIAL, date(2022, 1, 10), date(2025, 12, 1)),
        (MemberRole.CHAIR, date(2025, 12, 1), None),
    ]
    assert rows[1].previous_appointment_id == rows[0].id
    assert rows[1].full_name == "Drita Hoxha"
    assert rows[1].gender == rows[0].gender


def test_reappointment_must_start_after_the_current_one(
    login, users, session, council_a, make_member
):
    member = make_member(appointed_on=date(2024, 1, 10))
    client = login(users["secretary_a"])
    response = client.post(
        f"/councils/{council_a.id}/members/{member.id}/reappoint",
        data={"role": "chair", "appointed_on": "2024-01-10", "version": str(member.version_id)},
    )
    assert response.status_code == 400
    assert "The new appointment must start after the current one (10.01.2024)." in response.text
    assert count(session, Member) == 1
    assert session.get(Member, member.id).left_on is None


def test_delete_member_entered_by_mistake(login, users, session, council_a, make_member):
    member_id = make_member(full_name="Entered Twice").id
    client = login(users["secretary_a"])
    url = f"/councils/{council_a.id}/members/{member_id}/delete"
    page = client.get(url)
    assert page.status_code == 200
    assert "Use it only for a record entered by mistake" in page.text
    assert client.post(url, data={"reason": "  "}).status_code == 400
    assert count(session, Member) == 1
    assert client.post(url, data={"reason": "Duplicate of row 12"}).status_code == 302
    assert count(session, Member) == 0
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "members", AuditEvent.action == AuditAction.DELETE
        )
    ).all()
    assert len(events) == 1
    assert events[0].changes["reason"] == "Duplicate of row 12"
    assert events[0].entity_id == member_id


def test_member_with_a_later_appointment_cannot_be_deleted(
    login, users, session, council_a, make_member
):
    first = make_member(appointed_on=date(2022, 1, 1), left_on=date(2024, 1, 1))
    make_member(appointed_on=date(2024, 1, 1), previous_appointment_id=first.id)
    client = login(users["secretary_a"])
    url = f"/councils/{council_a.id}/members/{first.id}/delete"
    assert "Record a departure instead" in client.get(url).text
    assert client.post(url, data={"reason": "try"}).status_code == 409
    assert count(session, Member) == 2


def test_same_name_needs_confirmation(login, users, session, council_a, make_member):
    make_member(full_name="Arta Krasniqi", role=MemberRole.CHAIR)
    client = login(users["secretary_a"])
    data = {
        "full_name": "  arta krasniqi ",
        "role": "civil_society",
        "gender": "female",
        "appointed_on": "2025-02-01",
        "version": "0",
    }
    response = client.post(f"/councils/{council_a.id}/members/new", data=data)
    assert response.status_code == 200
    assert "This council already has a member with this name:" in response.text
    assert 'name="confirm_duplicate"' in response.text
    assert count(session, Member) == 1
    response = client.post(
        f"/councils/{council_a.id}/members/new", data={**data, "confirm_duplicate": "y"}
    )
    assert response.status_code == 302
    assert count(session, Member) == 2


def test_new_member_form_preselects_nothing(login, users, council_a):
    page = login(users["secretary_a"]).get(f"/councils/{council_a.id}/members/new").text
    for name in ("role", "gender"):
        select_html = page.split(f'name="{name}"')[1].split("</select>")[0]
        assert re.findall(r"<option selected value=\"([^\"]*)\"", select_html) == [""], name
