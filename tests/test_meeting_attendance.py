"""The attendance register of council meetings: who is listed, quorum, refusals, conflicts."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from safety.audit.models import AuditEvent
from safety.consultations.attendance import quorum
from safety.consultations.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingGuest,
    MeetingKind,
    MeetingStatus,
)
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries

HELD_ON = date(2025, 3, 4)


@pytest.fixture(autouse=True)
def english(app):
    """Read the pages in English (the messages checked here are the English ones)."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


@pytest.fixture
def held(make_meeting, council_a) -> Meeting:
    return make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=HELD_ON, title="March meeting"
    )


@pytest.fixture
def roster(make_member, council_a):
    """Six members of council A active on the meeting's date."""
    return [
        make_member(council_a, full_name=f"Member {letter}", appointed_on=date(2024, 1, 1))
        for letter in "ABCDEF"
    ]


def register(meeting, marks, *, substitutes=None, guests=(), version=None) -> dict[str, str]:
    """The form data of a register: `marks` maps a member to a status value (or None)."""
    data = {"version": str(meeting.version_id if version is None else version)}
    for index, (member, status) in enumerate(marks.items()):
        data[f"members-{index}-member_id"] = str(member.id)
        if status is not None:
            data[f"members-{index}-status"] = status
        name, institution = (substitutes or {}).get(member, (None, None))
        if name:
            data[f"members-{index}-substitute_name"] = name
        if institution:
            data[f"members-{index}-substitute_institution"] = institution
    for index, (name, institution) in enumerate(guests):
        data[f"guests-{index}-name"] = name
        data[f"guests-{index}-institution"] = institution
    return data


def row_count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def audit_rows(session, entity_type: str) -> int:
    return session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.entity_type == entity_type)
    )


def url(meeting) -> str:
    return f"/meetings/{meeting.id}/attendance"


# --- quorum ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "active", "needed", "reached"),
    [
        (3, 6, 4, False),  # exactly half is not more than half
        (4, 6, 4, True),
        (2, 5, 3, False),
        (3, 5, 3, True),
        (1, 1, 1, True),
        (0, 0, 1, False),  # a council with no members has no quorum
    ],
)
def test_quorum_is_more_than_half_of_the_active_members(present, active, needed, reached):
    result = quorum(present, active)
    assert (result.present, result.active, result.needed, result.reached) == (
        present,
        active,
        needed,
        reached,
    )


# --- who is listed --------------------------------------------------------------------------


def test_register_lists_exactly_the_members_active_on_the_day(
    login, users, held, make_member, council_a, council_b
):
    make_member(council_a, full_name="Active Member", appointed_on=date(2024, 1, 1))
    make_member(council_a, full_name="Appointed That Day", appointed_on=HELD_ON)
    make_member(
        council_a,
        full_name="Leaves Next Day",
        appointed_on=date(2024, 1, 1),
        left_on=HELD_ON + timedelta(days=1),
    )
    make_member(
        council_a, full_name="Left That Day", appointed_on=date(2024, 1, 1), left_on=HELD_ON
    )
    make_member(council_a, full_name="Appointed Next Day", appointed_on=HELD_ON + timedelta(days=1))
    make_member(council_b, full_name="Member Of Council B", appointed_on=date(2024, 1, 1))
    response = login(users["secretary_a"]).get(url(held))
    assert response.status_code == 200
    body = response.text
    for listed in ("Active Member", "Appointed That Day", "Leaves Next Day"):
        assert listed in body
    for absent in ("Left That Day", "Appointed Next Day", "Member Of Council B"):
        assert absent not in body
    # One radio group per member, named by the member in its legend.
    assert body.count('role="radiogroup"') == 3
    assert "<legend>Active Member" in body


def test_register_is_prefilled_with_what_was_saved(
    login, users, held, roster, make_attendance, session
):
    make_attendance(
        held,
        {roster[0]: AttendanceStatus.EXCUSED, roster[1]: AttendanceStatus.PRESENT},
        substitutes={roster[0]: "Drita Hoxha"},
    )
    session.add(MeetingGuest(meeting_id=held.id, name="Fatmir Berisha", institution="LPSC"))
    session.commit()
    body = login(users["secretary_a"]).get(url(held)).text
    assert 'value="Drita Hoxha"' in body
    assert 'value="Fatmir Berisha"' in body
    # Radio options are numbered present (0), absent (1), excused (2).
    assert 'checked id="members-0-status-2"' in body
    assert 'checked id="members-1-status-0"' in body
    # Members not marked yet have no choice made for them.
    assert 'checked id="members-2-status' not in body
    assert "No attendance has been saved" not in body


# --- saving and quorum ----------------------------------------------------------------------


def test_three_of_six_is_not_quorate_and_four_of_six_is(login, users, held, roster, session):
    client = login(users["secretary_a"])
    marks = {m: "present" if i < 3 else "absent" for i, m in enumerate(roster)}
    response = client.post(url(held), data=register(held, marks))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/meetings/{held.id}"
    page = client.get(response.headers["Location"]).text
    assert "Quorum not reached: 3 of 6 members present, 4 needed." in page
    assert "3 of 6 members active on that day present (4 needed)." in page

    session.refresh(held)
    marks[roster[3]] = "present"
    response = client.post(url(held), data=register(held, marks))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Quorum reached: 4 of 6 members present." in page
    assert "Quorum reached" in client.get(url(held)).text
    stored = session.scalars(select(Attendance).where(Attendance.meeting_id == held.id)).all()
    assert sorted(row.status for row in stored) == ["absent", "absent"] + ["present"] * 4


def test_a_substitute_counts_as_present_and_guests_never_count(login, users, held, roster, session):
    client = login(users["secretary_a"])
    marks = {m: "present" if i < 3 else "absent" for i, m in enumerate(roster)}
    guests = [(f"Guest {n}", "School director") for n in range(5)]
    response = client.post(url(held), data=register(held, marks, guests=guests))
    assert response.status_code == 302
    page = client.get(f"/meetings/{held.id}").text
    assert "3 of 6 members active on that day present" in page
    assert "Quorum not reached" in page
    assert "Guest 4, School director" in page

    session.refresh(held)
    marks[roster[3]] = "excused"
    substitutes = {roster[3]: ("Vjosa Krasniqi", "Kosovo Police")}
    response = client.post(
        url(held), data=register(held, marks, substitutes=substitutes, guests=guests)
    )
    assert response.status_code == 302
    page = client.get(f"/meetings/{held.id}").text
    assert "4 of 6 members active on that day present" in page
    assert "Quorum reached" in page
    assert "Vjosa Krasniqi, Kosovo Police" in page
    row = session.scalars(select(Attendance).where(Attendance.member_id == roster[3].id)).one()
    assert (row.status, row.substitute_name, row.substitute_institution) == (
        "excused",
        "Vjosa Krasniqi",
        "Kosovo Police",
    )
    assert row_count(session, MeetingGuest) == 5


def test_saving_again_changes_rows_in_place_and_removes_emptied_guests(
    login, users, held, roster, session
):
    client = login(users["secretary_a"])
    marks = dict.fromkeys(roster, "present")
    guests = [("Shpresa Morina", "School director"), ("Ilir Hoti", "LPSC chair")]
    assert client.post(url(held), data=register(held, marks, guests=guests)).status_code == 302
    first_ids = set(session.scalars(select(Attendance.id)))
    attendance_audits = audit_rows(session, "attendances")
    guest_audits = audit_rows(session, "meeting_guests")

    session.refresh(held)
    marks[roster[0]] = "absent"
    guests = [("Shpresa Morina", "School director"), ("", "")]
    assert client.post(url(held), data=register(held, marks, guests=guests)).status_code == 302
    assert set(session.scalars(select(Attendance.id))) == first_ids
    # One member's change, one guest removed: one audit row each, nothing for the rest.
    assert audit_rows(session, "attendances") == attendance_audits + 1
    assert audit_rows(session, "meeting_guests") == guest_audits + 1
    assert session.scalars(select(MeetingGuest.name)).all() == ["Shpresa Morina"]


# --- refusals -------------------------------------------------------------------------------


def assert_nothing_saved(session, meeting, version) -> None:
    assert row_count(session, Attendance) == 0
    assert row_count(session, MeetingGuest) == 0
    session.refresh(meeting)
    assert meeting.version_id == version


def test_a_member_of_another_council_is_refused(
    login, users, held, roster, make_member, council_b, session
):
    outsider = make_member(council_b, full_name="Milica Jovanović", appointed_on=date(2024, 1, 1))
    marks = {**dict.fromkeys(roster, "present"), outsider: "present"}
    version = held.version_id
    response = login(users["secretary_a"]).post(url(held), data=register(held, marks))
    assert response.status_code == 400
    assert "was not a member of this council on the day of the meeting" in response.text
    assert "Milica Jovanović" not in response.text
    assert_nothing_saved(session, held, version)


def test_a_member_who_left_on_the_day_is_refused(
    login, users, held, roster, make_member, council_a, session
):
    leaver = make_member(
        council_a, full_name="Left That Day", appointed_on=date(2024, 1, 1), left_on=HELD_ON
    )
    marks = {**dict.fromkeys(roster, "present"), leaver: "present"}
    version = held.version_id
    response = login(users["secretary_a"]).post(url(held), data=register(held, marks))
    assert response.status_code == 400
    assert "was not a member of this council on the day of the meeting" in response.text
    assert_nothing_saved(session, held, version)


def test_every_active_member_must_be_marked(login, users, held, roster, session):
    version = held.version_id
    client = login(users["secretary_a"])
    # A member left out of the register altogether: the page comes back listing them.
    marks = dict.fromkeys(roster[:5], "present")
    response = client.post(url(held), data=register(held, marks))
    assert response.status_code == 400
    assert "Every member active on the day of the meeting must be marked" in response.text
    assert "<legend>Member F" in response.text
    # A member listed but not marked.
    marks = {**dict.fromkeys(roster[:5], "present"), roster[5]: None}
    response = client.post(url(held), data=register(held, marks))
    assert response.status_code == 400
    assert "Mark this member present, absent or excused." in response.text
    assert_nothing_saved(session, held, version)


def test_a_member_listed_twice_or_an_unknown_status_is_refused(login, users, held, roster, session):
    version = held.version_id
    client = login(users["secretary_a"])
    data = register(held, dict.fromkeys(roster, "present"))
    data["members-6-member_id"] = str(roster[0].id)
    data["members-6-status"] = "absent"
    response = client.post(url(held), data=data)
    assert response.status_code == 400
    assert "A member was listed twice." in response.text
    data = register(held, {**dict.fromkeys(roster, "present"), roster[0]: "asleep"})
    response = client.post(url(held), data=data)
    assert response.status_code == 400
    assert "Not a valid choice." in response.text
    assert_nothing_saved(session, held, version)


def test_a_substitute_needs_the_member_marked_absent_or_excused(
    login, users, held, roster, session
):
    version = held.version_id
    client = login(users["secretary_a"])
    marks = dict.fromkeys(roster, "present")
    response = client.post(
        url(held),
        data=register(held, marks, substitutes={roster[0]: ("Vjosa Krasniqi", None)}),
    )
    assert response.status_code == 400
    assert "mark the member absent or excused, or remove the substitute" in response.text
    marks[roster[0]] = "absent"
    response = client.post(
        url(held), data=register(held, marks, substitutes={roster[0]: (None, "Kosovo Police")})
    )
    assert response.status_code == 400
    assert "Enter the substitute's name as well." in unescape(response.text)
    response = client.post(
        url(held), data=register(held, dict.fromkeys(roster, "present"), guests=[("", "LPSC")])
    )
    assert response.status_code == 400
    assert "Enter the guest's name as well." in unescape(response.text)
    assert_nothing_saved(session, held, version)


def test_more_guests_than_the_limit_are_refused(login, users, held, roster, session):
    version = held.version_id
    guests = [(f"Guest {n}", "") for n in range(51)]
    response = login(users["secretary_a"]).post(
        url(held), data=register(held, dict.fromkeys(roster, "present"), guests=guests)
    )
    assert response.status_code == 400
    assert "At most 50 guests can be recorded." in response.text
    assert_nothing_saved(session, held, version)


def test_a_register_saved_from_a_stale_page_is_refused(login, users, held, roster, session):
    first, second = login(users["secretary_a"]), login(users["secretary_a"])
    opened = held.version_id
    marks = dict.fromkeys(roster, "present")
    assert first.post(url(held), data=register(held, marks, version=opened)).status_code == 302
    stale = register(held, dict.fromkeys(roster, "absent"), version=opened)
    response = second.post(url(held), data=stale)
    assert response.status_code == 409
    assert "Someone else changed this meeting after you opened this page" in response.text
    # The saved register is shown beside the unsaved input, which is kept.
    assert "Member A: Present" in response.text
    assert 'checked id="members-0-status-1"' in response.text
    assert set(session.scalars(select(Attendance.status))) == {"present"}
    session.refresh(held)
    # Saving the rebased page again is a deliberate overwrite.
    assert f'name="version" type="hidden" value="{held.version_id}"' in response.text


# --- which meetings have a register ---------------------------------------------------------


def test_a_meeting_not_held_has_no_register_yet(
    login, users, make_meeting, council_a, roster, session
):
    upcoming = make_meeting(council_a, scheduled_on=today() + timedelta(days=10))
    client = login(users["secretary_a"])
    response = client.get(url(upcoming))
    assert response.status_code == 200
    assert "Record this meeting as held first" in response.text
    assert "<form" not in response.text.split("<main", 1)[-1]
    response = client.post(url(upcoming), data=register(upcoming, dict.fromkeys(roster, "present")))
    assert response.status_code == 400
    assert row_count(session, Attendance) == 0
    cancelled = make_meeting(council_a, status=MeetingStatus.CANCELLED, cancelled_reason="Storm")
    assert "it has no attendance register" in client.get(url(cancelled)).text


def test_consultations_and_activities_have_no_register(
    login, users, make_meeting, council_a, session
):
    client = login(users["secretary_a"])
    for kind in (MeetingKind.PUBLIC_CONSULTATION, MeetingKind.COMMUNITY_ACTIVITY):
        meeting = make_meeting(council_a, kind=kind, status=MeetingStatus.HELD)
        assert client.get(url(meeting)).status_code == 404
        assert client.post(url(meeting), data={"version": "1"}).status_code == 404


# --- who may see and write ------------------------------------------------------------------


def test_only_the_councils_secretary_writes_the_register(login, users, held, roster, session):
    make_marks = dict.fromkeys(roster, "present")
    for role, expected in (("ministry", 403), ("admin", 403), ("secretary_b", 404), ("cso", 404)):
        client = login(users[role])
        for response in (
            client.get(url(held)),
            client.post(url(held), data=register(held, make_marks)),
        ):
            assert response.status_code == expected, role
            assert "March meeting" not in response.text
            assert "Member A" not in response.text
    anonymous = login().get(url(held))
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/login?next=")
    assert row_count(session, Attendance) == 0


def test_the_meeting_page_shows_attendance_to_staff_only(
    login, users, held, roster, make_attendance, session
):
    make_attendance(
        held,
        {roster[0]: AttendanceStatus.EXCUSED, **dict.fromkeys(roster[1:], AttendanceStatus.ABSENT)},
        substitutes={roster[0]: "Drita Hoxha"},
    )
    session.add(MeetingGuest(meeting_id=held.id, name="Fatmir Berisha", institution="LPSC"))
    session.commit()
    ministry = login(users["ministry"]).get(f"/meetings/{held.id}").text
    assert "Quorum not reached" in ministry
    assert "1 of 6 members active on that day present (4 needed)." in ministry
    assert "Drita Hoxha" in ministry
    assert "Fatmir Berisha, LPSC" in ministry
    assert "Record attendance" not in ministry
    secretary = login(users["secretary_a"]).get(f"/meetings/{held.id}").text
    assert f'href="/meetings/{held.id}/attendance"' in secretary


def test_the_meeting_page_flags_a_register_the_roster_has_outgrown(
    login, users, held, roster, make_attendance, make_member, council_a
):
    make_attendance(held, dict.fromkeys(roster, AttendanceStatus.PRESENT))
    # A member whose earlier appointment is recorded after the register was saved.
    make_member(council_a, full_name="Recorded Late", appointed_on=date(2024, 6, 1))
    page = login(users["ministry"]).get(f"/meetings/{held.id}").text
    assert "6 of 7 members active on that day present" in page
    assert "The register does not match the members active on that day" in page


def test_a_line_of_a_member_no_longer_active_that_day_does_not_count(
    login, users, held, roster, make_attendance, session
):
    make_attendance(held, dict.fromkeys(roster, AttendanceStatus.PRESENT))
    # Their appointment date is corrected to after the meeting: 5 of 5, not 6 of 5.
    roster[5].appointed_on = HELD_ON + timedelta(days=10)
    session.commit()
    page = login(users["ministry"]).get(f"/meetings/{held.id}").text
    assert "5 of 5 members active on that day present" in page
    assert "The register does not match the members active on that day" in page
    register_page = login(users["secretary_a"]).get(url(held)).text
    assert "As saved: 5 of 5 members active on that day present" in register_page


# --- queries --------------------------------------------------------------------------------


def _register_queries(login, users, meeting, count_queries) -> list[str]:
    client = login(users["secretary_a"])
    page = url(meeting)
    with count_queries() as counter:
        response = client.get(page)
    assert response.status_code == 200
    return counter.statements


def _page_queries(login, users, meeting, count_queries) -> list[str]:
    client = login(users["secretary_a"])
    page = f"/meetings/{meeting.id}"
    with count_queries() as counter:
        response = client.get(page)
    assert response.status_code == 200
    return counter.statements


def test_query_counts_do_not_grow_with_the_council(
    login, users, make_meeting, make_member, make_attendance, council_a, count_queries, session
):
    small = make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 1, 7))
    large = make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 2, 4))
    five = [make_member(council_a, appointed_on=date(2024, 1, 1)) for _ in range(5)]
    make_attendance(small, dict.fromkeys(five, AttendanceStatus.PRESENT))
    session.add(MeetingGuest(meeting_id=small.id, name="Guest", institution=None))
    session.commit()
    few = _register_queries(login, users, small, count_queries)
    few_page = _page_queries(login, users, small, count_queries)

    thirty = five + [make_member(council_a, appointed_on=date(2024, 12, 1 + n)) for n in range(25)]
    # The small meeting's date is before the 25 newer members: it still has 5.
    make_attendance(large, dict.fromkeys(thirty, AttendanceStatus.PRESENT))
    session.add_all(MeetingGuest(meeting_id=large.id, name=f"Guest {n}") for n in range(8))
    session.commit()
    many = _register_queries(login, users, large, count_queries)
    many_page = _page_queries(login, users, large, count_queries)
    assert len(few) == len(many)
    assert len(few_page) == len(many_page)
    # The user, the meeting, its hosts, its register, its guests and the roster.
    assert len(many) == 6
    assert_no_duplicated_queries(many)
    assert_no_duplicated_queries(many_page)


def test_names_typed_into_the_register_come_back_escaped(login, users, held, roster):
    payload = '"><img src=x onerror=alert(1)><script>alert(1)</script>'
    client = login(users["secretary_a"])
    marks = {**dict.fromkeys(roster, "present"), roster[0]: "absent"}
    data = register(
        held, marks, substitutes={roster[0]: (payload, payload)}, guests=[(payload, payload)]
    )
    assert client.post(url(held), data=data).status_code == 302
    for page in (
        client.get(url(held)).text,
        login(users["ministry"]).get(f"/meetings/{held.id}").text,
    ):
        assert "<img src=x" not in page
        assert "<script>alert" not in page
