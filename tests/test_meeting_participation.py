"""Participation in consultations and activities: counts that add up, organisations, who writes."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from safety.audit.models import AuditEvent
from safety.consultations.models import (
    MeetingKind,
    MeetingOrganisation,
    MeetingStatus,
    ParticipantCommunity,
    Participation,
    ParticipationCommunity,
)
from safety.dates import today
from safety.organisations.models import OrganisationStatus
from tests.conftest import assert_no_duplicated_queries


@pytest.fixture(autouse=True)
def english(app):
    """Read the pages in English (the messages checked here are the English ones)."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


@pytest.fixture
def consultation(make_meeting, council_a):
    return make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.HELD,
        scheduled_on=date(2025, 5, 20),
        title="Consultation on school safety",
    )


def counts(meeting, **overrides) -> dict[str, str | list[str]]:
    """Valid form data: 40 people, each breakdown adding up to 40."""
    data: dict[str, str | list[str]] = {
        "version": str(meeting.version_id),
        "total": "40",
        "women": "18",
        "men": "20",
        "gender_undisclosed": "2",
        "under_30": "9",
        "aged_30_plus": "30",
        "age_undisclosed": "1",
        "community_albanian": "30",
        "community_roma": "6",
        "community_undisclosed": "4",
    }
    data.update(overrides)
    return data


def url(meeting) -> str:
    return f"/meetings/{meeting.id}/participation"


def row_count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def assert_nothing_saved(session, meeting, version) -> None:
    assert row_count(session, Participation) == 0
    assert row_count(session, ParticipationCommunity) == 0
    assert row_count(session, MeetingOrganisation) == 0
    session.refresh(meeting)
    assert meeting.version_id == version


# --- saving ---------------------------------------------------------------------------------


def test_participation_is_saved_and_shown_to_everyone(
    login, users, consultation, make_organisation, session
):
    youth = make_organisation(name="Youth for Peace")
    client = login(users["secretary_a"])
    form = client.get(url(consultation))
    assert form.status_code == 200
    assert "Youth for Peace" in form.text
    data = counts(
        consultation,
        organisations=[str(youth.id)],
        other_organisations=(
            "Parents' council of Sunny Hill\n\n  Local   Public Safety Committee \n"
        ),
    )
    response = client.post(url(consultation), data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/meetings/{consultation.id}"

    stored = session.scalars(select(Participation)).one()
    assert (stored.total, stored.women, stored.men, stored.gender_undisclosed) == (40, 18, 20, 2)
    assert (stored.under_30, stored.aged_30_plus, stored.age_undisclosed) == (9, 30, 1)
    assert dict(
        session.execute(
            select(ParticipationCommunity.community, ParticipationCommunity.count)
        ).all()
    ) == {
        ParticipantCommunity.ALBANIAN: 30,
        ParticipantCommunity.ROMA: 6,
        ParticipantCommunity.UNDISCLOSED: 4,
    }
    assert session.execute(
        select(MeetingOrganisation.organisation_id, MeetingOrganisation.name).order_by(
            MeetingOrganisation.id
        )
    ).all() == [
        (youth.id, None),
        (None, "Parents' council of Sunny Hill"),
        (None, "Local Public Safety Committee"),
    ]

    # The section is public: an anonymous visitor reads the breakdowns with their shares.
    page = unescape(login().get(f"/meetings/{consultation.id}").text)
    assert "40 participants." in page
    assert "Women: 45%. Under 30: 9." in page
    assert '<th scope="row">Roma</th><td>6</td><td>15%</td>' in page
    assert '<th scope="row">Did not say</th><td>4</td><td>10%</td>' in page
    assert "Youth for Peace" in page
    assert "Parents' council of Sunny Hill" in page
    assert "Record participation" not in page


def test_saving_again_updates_in_place(login, users, consultation, make_organisation, session):
    kept, dropped = make_organisation(name="Kept CSO"), make_organisation(name="Dropped CSO")
    client = login(users["secretary_a"])
    first = counts(
        consultation,
        organisations=[str(kept.id), str(dropped.id)],
        other_organisations="Typed Association",
    )
    assert client.post(url(consultation), data=first).status_code == 302
    participation_id = session.scalars(select(Participation.id)).one()
    kept_row = session.scalars(
        select(MeetingOrganisation.id).where(MeetingOrganisation.organisation_id == kept.id)
    ).one()

    session.refresh(consultation)
    form = client.get(url(consultation)).text
    assert "Typed Association</textarea>" in form
    second = counts(
        consultation,
        community_roma="0",
        community_ashkali="6",
        organisations=[str(kept.id)],
        other_organisations="typed association",
    )
    assert client.post(url(consultation), data=second).status_code == 302
    assert session.scalars(select(Participation.id)).one() == participation_id
    assert dict(
        session.execute(
            select(ParticipationCommunity.community, ParticipationCommunity.count)
        ).all()
    ) == {
        ParticipantCommunity.ALBANIAN: 30,
        ParticipantCommunity.ASHKALI: 6,
        ParticipantCommunity.UNDISCLOSED: 4,
    }
    rows = session.execute(
        select(
            MeetingOrganisation.id, MeetingOrganisation.organisation_id, MeetingOrganisation.name
        )
    ).all()
    assert len(rows) == 2
    assert (kept_row, kept.id, None) in rows
    # The typed name is the same organisation (case aside): kept, with the new spelling.
    assert any(name == "typed association" for _, _, name in rows)


def test_saving_unchanged_numbers_writes_no_audit_rows(login, users, consultation, session):
    client = login(users["secretary_a"])
    assert client.post(url(consultation), data=counts(consultation)).status_code == 302
    before = row_count(session, AuditEvent)
    session.refresh(consultation)
    assert client.post(url(consultation), data=counts(consultation)).status_code == 302
    assert row_count(session, AuditEvent) == before


def test_an_organisation_that_lost_its_verification_stays_listed(
    login, users, consultation, make_organisation, session
):
    former = make_organisation(name="Formerly Verified")
    client = login(users["secretary_a"])
    data = counts(consultation, organisations=[str(former.id)])
    assert client.post(url(consultation), data=data).status_code == 302
    former.status = OrganisationStatus.WITHDRAWN
    session.commit()
    session.refresh(consultation)
    form = client.get(url(consultation)).text
    assert "Formerly Verified" in form
    assert (
        client.post(
            url(consultation),
            data=counts(
                consultation,
                **{
                    "organisations": [str(former.id)],
                },
            ),
        ).status_code
        == 302
    )


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"men": "18"},
            "Women, men and gender not stated add up to 38, but the total is 40: 2 missing.",
        ),
        (
            {"aged_30_plus": "35"},
            "Under 30, 30 and over and age not stated add up to 45, but the total is 40: "
            "5 too many.",
        ),
        (
            {"community_undisclosed": ""},
            "The numbers by community add up to 36, but the total is 40: 4 missing.",
        ),
        ({"total": "41"}, "The numbers by community add up to 40, but the total is 41: 1 missing."),
    ],
)
def test_breakdowns_must_add_up_to_the_total(
    login, users, consultation, session, overrides, message
):
    version = consultation.version_id
    response = login(users["secretary_a"]).post(
        url(consultation), data=counts(consultation, **overrides)
    )
    assert response.status_code == 400
    assert message in unescape(response.text)
    assert_nothing_saved(session, consultation, version)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"women": "-2", "men": "40"}, "Enter a whole number from 0 to 100000."),
        ({"total": ""}, "Enter the number of participants."),
        ({"under_30": "9.5"}, "Not a valid integer value."),
        ({"total": "100001"}, "Enter a whole number from 0 to 100000."),
        ({"organisations": ["999999"]}, "is not a valid choice"),
    ],
)
def test_numbers_must_be_whole_and_not_negative(
    login, users, consultation, session, overrides, message
):
    version = consultation.version_id
    response = login(users["secretary_a"]).post(
        url(consultation), data=counts(consultation, **overrides)
    )
    assert response.status_code == 400
    assert message in unescape(response.text)
    assert_nothing_saved(session, consultation, version)


def test_an_unverified_organisation_cannot_be_picked(
    login, users, consultation, make_organisation, session
):
    pending = make_organisation(status=OrganisationStatus.PENDING, name="Pending CSO")
    version = consultation.version_id
    client = login(users["secretary_a"])
    assert "Pending CSO" not in client.get(url(consultation)).text
    response = client.post(
        url(consultation), data=counts(consultation, organisations=[str(pending.id)])
    )
    assert response.status_code == 400
    assert_nothing_saved(session, consultation, version)


def test_participation_saved_from_a_stale_page_is_refused(login, users, consultation, session):
    opened = consultation.version_id
    client = login(users["secretary_a"])
    assert client.post(url(consultation), data=counts(consultation)).status_code == 302
    stale = counts(
        consultation,
        version=str(opened),
        total="41",
        community_undisclosed="5",
        gender_undisclosed="3",
        age_undisclosed="2",
    )
    response = client.post(url(consultation), data=stale)
    assert response.status_code == 409
    assert "Someone else changed this event after you opened this page" in response.text
    assert "Saved now: 40 participants" in response.text
    assert 'value="41"' in response.text
    assert session.scalars(select(Participation.total)).one() == 40


# --- which meetings, and who -------------------------------------------------------------------


def test_only_held_consultations_and_activities_record_participation(
    login, users, make_meeting, council_a, session
):
    client = login(users["secretary_a"])
    council_meeting = make_meeting(council_a, status=MeetingStatus.HELD)
    assert client.get(url(council_meeting)).status_code == 404
    assert client.post(url(council_meeting), data=counts(council_meeting)).status_code == 404
    upcoming = make_meeting(
        council_a,
        kind=MeetingKind.COMMUNITY_ACTIVITY,
        scheduled_on=today() + timedelta(days=5),
    )
    response = client.get(url(upcoming))
    assert response.status_code == 200
    assert "Record this event as held first" in response.text
    assert client.post(url(upcoming), data=counts(upcoming)).status_code == 400
    activity = make_meeting(
        council_a, kind=MeetingKind.COMMUNITY_ACTIVITY, status=MeetingStatus.HELD
    )
    assert client.post(url(activity), data=counts(activity)).status_code == 302
    assert row_count(session, Participation) == 1


def test_each_host_secretary_writes_and_nobody_else(
    login, users, make_meeting, council_a, council_b, consultation, session
):
    shared = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.HELD,
        co_hosts=(council_b,),
    )
    assert login(users["secretary_b"]).post(url(shared), data=counts(shared)).status_code == 302
    for role in ("secretary_b", "ministry", "admin", "cso"):
        client = login(users[role])
        assert client.get(url(consultation)).status_code == 403, role
        assert client.post(url(consultation), data=counts(consultation)).status_code == 403, role
    anonymous = login().post(url(consultation), data=counts(consultation))
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/login?next=")
    assert session.scalars(select(Participation.meeting_id)).all() == [shared.id]


def test_the_section_shows_a_link_to_its_secretary_only(login, users, consultation, session):
    secretary = login(users["secretary_a"]).get(f"/meetings/{consultation.id}").text
    assert f'href="/meetings/{consultation.id}/participation"' in secretary
    assert "Participation has not been recorded yet." in secretary
    ministry = login(users["ministry"]).get(f"/meetings/{consultation.id}").text
    assert "/participation" not in ministry


# --- queries --------------------------------------------------------------------------------


def test_form_query_count_does_not_grow_with_organisations(
    login, users, consultation, make_organisation, count_queries, session
):
    page = url(consultation)

    def queries() -> list[str]:
        client = login(users["secretary_a"])
        with count_queries() as counter:
            assert client.get(page).status_code == 200
        return counter.statements

    make_organisation()
    few = queries()
    for _ in range(20):
        make_organisation()
    many = queries()
    assert len(few) == len(many)
    # The user, the meeting (with its council and counts), communities, organisations,
    # hosts, and the organisations to pick from.
    assert len(many) == 6
    assert_no_duplicated_queries(many)


def test_typed_organisation_names_come_back_escaped(login, users, consultation):
    payload = '"><img src=x onerror=alert(1)><script>alert(1)</script>'
    client = login(users["secretary_a"])
    data = counts(consultation, other_organisations=payload)
    assert client.post(url(consultation), data=data).status_code == 302
    for page in (
        client.get(url(consultation)).text,
        login().get(f"/meetings/{consultation.id}").text,
    ):
        assert "<img src=x" not in page
        assert "<script>alert" not in page
