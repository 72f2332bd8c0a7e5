"""Reviewing organisations: verify, reject, withdraw (confirmed, with reasons), re-verification."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from safety.accounts.models import Role
from safety.audit.models import AuditAction, AuditEvent
from safety.councils.models import Municipality
from safety.organisations.models import REASON_MAX_LENGTH, Organisation, OrganisationStatus

PENDING = OrganisationStatus.PENDING
VERIFIED = OrganisationStatus.VERIFIED
REJECTED = OrganisationStatus.REJECTED
WITHDRAWN = OrganisationStatus.WITHDRAWN

REASON = "The number 5112233 is not in the register of non-governmental organisations."


@pytest.fixture
def as_user(login):
    """A client signed in as `user` that reads pages in English (messages are checked)."""

    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


def reload(session, organisation_id):
    session.expire_all()
    return session.get(Organisation, organisation_id)


def state(session, organisation_id):
    """What a decision may change, to compare before and after a refused one."""
    organisation = reload(session, organisation_id)
    return (
        organisation.status,
        organisation.status_reason,
        organisation.verified_at,
        organisation.verified_name,
        organisation.version_id,
    )


def organisation_events(session, organisation_id):
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "organisations", AuditEvent.entity_id == organisation_id)
        .where(AuditEvent.action == AuditAction.UPDATE)
        .order_by(AuditEvent.id)
    ).all()


def edit_data(session, organisation_id, **overrides):
    organisation = reload(session, organisation_id)
    prishtina = session.scalars(select(Municipality.id).where(Municipality.code == "01")).one()
    data = {
        "version": str(organisation.version_id),
        "name": organisation.name,
        "registration_number": organisation.registration_number,
        "contact_email": organisation.contact_email,
        "contact_phone": organisation.contact_phone or "",
        "address": organisation.address or "",
        "description": organisation.description or "",
        "municipality_ids": [prishtina],
    }
    data.update(overrides)
    return data


# The confirmation pages.


@pytest.mark.parametrize(
    ("decision", "status", "says"),
    [
        ("verify", PENDING, "Its users will then be able to act in its name"),
        ("reject", PENDING, "will not be able to act in its name. Its users can still sign in"),
        ("withdraw", VERIFIED, "Its users will no longer be able to act in its name"),
    ],
)
def test_confirmation_page_says_what_happens_and_changes_nothing(
    as_user, users, make_organisation, session, decision, status, says
):
    organisation = make_organisation(name="Zëri i Komunitetit", status=status)
    before = state(session, organisation.id)
    response = as_user(users["ministry"]).get(f"/organisations/{organisation.id}/{decision}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert says in page
    assert "Zëri i Komunitetit" in page
    assert organisation.registration_number in page
    assert 'method="post"' in page
    assert 'name="version"' in page
    assert f'href="/organisations/{organisation.id}"' in page, "a cancel link back"
    assert ('name="reason"' in page) == (decision != "verify")
    assert state(session, organisation.id) == before


def test_organisation_page_links_to_the_decisions_its_status_allows(
    as_user, users, make_organisation
):
    client = as_user(users["ministry"])
    links = {
        status: client.get(f"/organisations/{make_organisation(status=status).id}").get_data(
            as_text=True
        )
        for status in OrganisationStatus
    }
    for status, page in links.items():
        shown = {name for name in ("verify", "reject", "withdraw") if f'/{name}"' in page}
        expected = {
            PENDING: {"verify", "reject"},
            VERIFIED: {"withdraw"},
            REJECTED: {"verify"},
            WITHDRAWN: {"verify"},
        }[status]
        assert shown == expected, status


# Verify.


@pytest.mark.parametrize("role", ["ministry", "admin"])
def test_verify_keeps_the_verified_details_and_clears_the_reason(
    as_user, users, make_organisation, session, role
):
    organisation = make_organisation(name="Old Name", status=REJECTED, status_reason=REASON)
    response = as_user(users[role]).post(
        f"/organisations/{organisation.id}/verify", data={"version": organisation.version_id}
    )
    assert response.status_code == 302
    verified = reload(session, organisation.id)
    assert verified.status == VERIFIED
    assert verified.status_reason is None
    assert verified.verified_at is not None
    assert (verified.verified_name, verified.verified_registration_number) == (
        "Old Name",
        organisation.registration_number,
    )
    [event] = organisation_events(session, organisation.id)
    assert event.actor_id == users[role].id
    assert event.changes["status"] == ["rejected", "verified"]
    assert event.changes["status_reason"] == [REASON, None]


def test_verify_on_a_stale_page_is_refused_with_the_current_details(
    as_user, users, make_organisation, session
):
    organisation = make_organisation(status=PENDING)
    opened = organisation.version_id
    organisation.name = "Renamed After The Reviewer Looked"
    session.commit()
    before = state(session, organisation.id)
    response = as_user(users["ministry"]).post(
        f"/organisations/{organisation.id}/verify", data={"version": opened}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "nothing has been decided yet" in page
    assert "Renamed After The Reviewer Looked" in page
    assert state(session, organisation.id) == before


def test_decisions_without_a_version_are_refused(as_user, users, make_organisation, session):
    organisation = make_organisation(status=PENDING)
    before = state(session, organisation.id)
    response = as_user(users["ministry"]).post(f"/organisations/{organisation.id}/verify")
    assert response.status_code == 400
    assert state(session, organisation.id) == before


@pytest.mark.parametrize(
    ("decision", "status", "message"),
    [
        ("verify", VERIFIED, "is already verified"),
        ("reject", VERIFIED, "is not waiting for verification"),
        ("reject", REJECTED, "is not waiting for verification"),
        ("withdraw", PENDING, "there is no verification to withdraw"),
        ("withdraw", WITHDRAWN, "there is no verification to withdraw"),
    ],
)
def test_decision_the_status_does_not_allow_is_a_conflict(
    as_user, users, make_organisation, session, decision, status, message
):
    organisation = make_organisation(status=status)
    before = state(session, organisation.id)
    for method in ("GET", "POST"):
        response = as_user(users["admin"]).open(
            f"/organisations/{organisation.id}/{decision}",
            method=method,
            data={"version": organisation.version_id, "reason": REASON},
        )
        assert response.status_code == 409
        assert message in response.get_data(as_text=True)
    assert state(session, organisation.id) == before


@pytest.mark.parametrize("role", [None, "cso", "secretary_a"])
@pytest.mark.parametrize("decision", ["verify", "reject", "withdraw"])
def test_decisions_refused_to_others(as_user, users, session, role, decision):
    # The CSO user tries its own organisation: users may not decide on themselves.
    organisation = reload(session, users["cso"].organisation_id)
    before = state(session, organisation.id)
    response = as_user(users[role] if role else None).post(
        f"/organisations/{organisation.id}/{decision}",
        data={"version": organisation.version_id, "reason": REASON},
    )
    assert response.status_code == (302 if role is None else 403)
    assert state(session, organisation.id) == before


# Reject and withdraw: a reason is required, stored and shown.


@pytest.mark.parametrize(("decision", "status"), [("reject", PENDING), ("withdraw", VERIFIED)])
@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Give the reason: the organisation will read it."),
        ("   ", "Give the reason: the organisation will read it."),
        ("x" * (REASON_MAX_LENGTH + 1), f"longer than {REASON_MAX_LENGTH} characters"),
    ],
)
def test_reason_is_required_and_limited(
    as_user, users, make_organisation, session, decision, status, reason, message
):
    organisation = make_organisation(status=status)
    before = state(session, organisation.id)
    response = as_user(users["ministry"]).post(
        f"/organisations/{organisation.id}/{decision}",
        data={"version": organisation.version_id, "reason": reason},
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert state(session, organisation.id) == before


@pytest.mark.parametrize(
    ("decision", "status", "after", "heading"),
    [
        ("reject", PENDING, REJECTED, "The ministry rejected this registration."),
        (
            "withdraw",
            VERIFIED,
            WITHDRAWN,
            "The ministry withdrew this organisation's verification.",
        ),
    ],
)
def test_reason_is_stored_and_shown_to_the_organisation_and_reviewers(
    as_user, users, make_user, make_organisation, session, decision, status, after, heading
):
    organisation = make_organisation(status=status)
    member = make_user(Role.CSO, organisation_id=organisation.id)
    response = as_user(users["ministry"]).post(
        f"/organisations/{organisation.id}/{decision}",
        data={"version": organisation.version_id, "reason": f"  {REASON}  "},
    )
    assert response.status_code == 302
    decided = reload(session, organisation.id)
    assert (decided.status, decided.status_reason) == (after, REASON)
    assert not decided.can_act(member)

    own_page = as_user(member).get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert heading in own_page
    assert REASON in own_page
    assert "cannot act in its name" in own_page
    assert "save them to send it for verification again" in own_page
    for reviewer in ("ministry", "admin"):
        page = as_user(users[reviewer]).get(f"/organisations/{organisation.id}")
        assert REASON in page.get_data(as_text=True)


def test_rejected_organisation_corrects_its_details_and_is_pending_again(
    as_user, users, make_user, make_organisation, session
):
    organisation = make_organisation(status=REJECTED, status_reason=REASON)
    member = make_user(Role.CSO, organisation_id=organisation.id)
    client = as_user(member)
    edit_page = client.get(f"/organisations/{organisation.id}/edit").get_data(as_text=True)
    assert REASON in edit_page
    response = client.post(
        f"/organisations/{organisation.id}/edit",
        data=edit_data(session, organisation.id, registration_number="5112234"),
    )
    assert response.status_code == 302
    corrected = reload(session, organisation.id)
    assert (corrected.status, corrected.registration_number) == (PENDING, "5112234")
    # The reviewer still reads what was asked last time.
    page = as_user(users["ministry"]).get(f"/organisations/{organisation.id}")
    assert f"Reason given at the last rejection or withdrawal: {REASON}" in page.get_data(
        as_text=True
    )


# Re-verification after identifying changes.


def test_renaming_a_verified_organisation_sends_it_back_to_review(
    as_user, users, make_user, make_organisation, session
):
    organisation = make_organisation(name="Zëri i Komunitetit")
    member = make_user(Role.CSO, organisation_id=organisation.id)
    assert organisation.can_act(member)
    client = as_user(member)
    response = client.post(
        f"/organisations/{organisation.id}/edit",
        data=edit_data(session, organisation.id, name="Zëri i Rinisë"),
    )
    assert response.status_code == 302
    assert "waits for the ministry to verify it again" in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    changed = reload(session, organisation.id)
    assert changed.status == PENDING
    assert not changed.can_act(member)
    assert changed.verified_name == "Zëri i Komunitetit"
    # One audit row says both what changed and that the verification lapsed.
    [event] = organisation_events(session, organisation.id)
    assert event.changes["name"] == ["Zëri i Komunitetit", "Zëri i Rinisë"]
    assert event.changes["status"] == ["verified", "pending"]

    change = "Name: Zëri i Komunitetit → Zëri i Rinisë"
    reviewer = as_user(users["ministry"])
    assert change in reviewer.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    listed = reviewer.get("/organisations?status=pending").get_data(as_text=True)
    row = listed[listed.index("Zëri i Rinisë") :].split("</tr>")[0]
    assert change in row
    assert change in reviewer.get(f"/organisations/{organisation.id}/verify").get_data(as_text=True)
    assert change in client.get(f"/organisations/{organisation.id}").get_data(as_text=True)

    # Verifying the new name clears the notice.
    reviewer.post(f"/organisations/{organisation.id}/verify", data={"version": changed.version_id})
    reverified = reload(session, organisation.id)
    assert (reverified.status, reverified.verified_name) == (VERIFIED, "Zëri i Rinisë")
    assert "→" not in reviewer.get(f"/organisations/{organisation.id}").get_data(as_text=True)


def test_changing_the_registration_number_sends_it_back_to_review(
    as_user, users, make_organisation, session
):
    organisation = make_organisation(registration_number="5112233")
    response = as_user(users["admin"]).post(
        f"/organisations/{organisation.id}/edit",
        data=edit_data(session, organisation.id, registration_number="5112299"),
    )
    assert response.status_code == 302
    assert reload(session, organisation.id).status == PENDING
    page = as_user(users["ministry"]).get(f"/organisations/{organisation.id}")
    assert "Registration number: 5112233 → 5112299" in page.get_data(as_text=True)


def test_changing_the_phone_keeps_the_verification(
    as_user, users, make_user, make_organisation, session
):
    organisation = make_organisation()
    member = make_user(Role.CSO, organisation_id=organisation.id)
    response = as_user(member).post(
        f"/organisations/{organisation.id}/edit",
        data=edit_data(
            session,
            organisation.id,
            contact_phone="+383 44 999 888",
            address="Rr. UÇK 5",
            description="Night patrols.",
        ),
    )
    assert response.status_code == 302
    kept = reload(session, organisation.id)
    assert (kept.status, kept.contact_phone) == (VERIFIED, "+383 44 999 888")
    assert kept.can_act(member)


def test_editing_a_pending_organisation_keeps_it_pending(
    as_user, users, make_organisation, session
):
    organisation = make_organisation(status=PENDING)
    response = as_user(users["admin"]).post(
        f"/organisations/{organisation.id}/edit",
        data=edit_data(session, organisation.id, name="Another Name"),
    )
    assert response.status_code == 302
    assert reload(session, organisation.id).status == PENDING


def test_stale_edit_is_a_conflict_showing_the_current_details(
    as_user, users, make_organisation, session
):
    organisation = make_organisation()
    data = edit_data(session, organisation.id, name="Mine")
    organisation = reload(session, organisation.id)
    organisation.name = "Theirs"
    session.commit()
    before = state(session, organisation.id)
    response = as_user(users["admin"]).post(f"/organisations/{organisation.id}/edit", data=data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else changed this record" in page
    assert "Theirs" in page
    assert 'value="Mine"' in page, "the user's input is kept"
    assert state(session, organisation.id) == before
    assert reload(session, organisation.id).name == "Theirs"


# What a pending organisation can and cannot do.


def test_can_act_only_for_own_verified_organisation(make_user, make_organisation, users):
    verified = make_organisation()
    member = make_user(Role.CSO, organisation_id=verified.id)
    outsider = make_user(Role.CSO)
    assert verified.can_act(member)
    assert not verified.can_act(outsider)
    assert not verified.can_act(users["admin"])
    assert not verified.can_act(users["ministry"])
    for status in (PENDING, REJECTED, WITHDRAWN):
        organisation = make_organisation(status=status)
        assert not organisation.can_act(make_user(Role.CSO, organisation_id=organisation.id))


def test_pending_organisation_page_says_what_it_can_and_cannot_do(
    as_user, make_user, make_organisation
):
    pending = make_organisation(status=PENDING)
    page = as_user(make_user(Role.CSO, organisation_id=pending.id)).get(
        f"/organisations/{pending.id}"
    )
    text = page.get_data(as_text=True)
    assert "Waiting for verification" in text
    assert "can sign in and complete or correct its details" in text
    assert "cannot act in its name (for example submit concerns or comment on plans)" in text
    assert "/edit" in text

    verified = make_organisation()
    text = (
        as_user(make_user(Role.CSO, organisation_id=verified.id))
        .get(f"/organisations/{verified.id}")
        .get_data(as_text=True)
    )
    assert "cannot act in its name" not in text


def test_decision_without_csrf_token_changes_nothing(make_app, users, make_organisation, session):
    from flask_login import FlaskLoginClient

    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    csrf_app.test_client_class = FlaskLoginClient
    client = csrf_app.test_client(user=users["ministry"])
    organisation = make_organisation(status=PENDING)
    before = state(session, organisation.id)
    for decision in ("verify", "reject"):
        response = client.post(
            f"/organisations/{organisation.id}/{decision}",
            data={"version": organisation.version_id, "reason": REASON},
        )
        assert response.status_code == 400
    assert state(session, organisation.id) == before
