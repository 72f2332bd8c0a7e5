"""Plans: the council's list, creating a plan, the plan page, editing with versions and 409s."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safety.concerns.models import Sensitivity
from safety.consultations.models import MeetingStatus
from safety.dates import today
from safety.plans.models import (
    ActionPlan,
    ItemConcern,
    ItemStatus,
    ItemStatusEvent,
    PlanItem,
    PlanStatus,
    ResponsibleKind,
)
from safety.plans.overdue import is_overdue, is_overdue_on, status_on
from safety.plans.views.plans import overall_progress
from tests.conftest import assert_no_duplicated_queries

DAY = today()


@pytest.fixture
def secretary(login, users):
    return login(users["secretary_a"])


@pytest.fixture
def adopted(make_plan, council_a):
    return make_plan(
        council_a,
        year=2025,
        status=PlanStatus.ADOPTED,
        comment_starts_on=date(2025, 2, 3),
        comment_ends_on=date(2025, 2, 28),
        adopted_on=date(2025, 4, 1),
        title="Safer Prishtina 2025",
    )


@pytest.fixture
def draft(make_plan, council_a):
    return make_plan(council_a, year=2026, title="Secret draft of council A")


def add_items(session, plan, count, concern=None):
    """`count` items, every third overdue, every fifth cancelled, each with a status event."""
    items = []
    for number in range(count):
        status = (
            ItemStatus.CANCELLED
            if number % 5 == 4
            else ItemStatus.IN_PROGRESS
            if number % 3
            else ItemStatus.NOT_STARTED
        )
        item = PlanItem(
            plan_id=plan.id,
            position=number + 1,
            objective=f"Objective {number}",
            activity=f"Activity number {number}",
            responsible_kind=ResponsibleKind.SCHOOL,
            responsible_name="Primary school",
            starts_on=date(2025, 1, 10),
            deadline=date(2025, 3, 1) if number % 3 == 0 else DAY + timedelta(days=30),
            status=status,
            progress=number % 101,
        )
        session.add(item)
        items.append(item)
    session.flush()
    for item in items:
        session.add(
            ItemStatusEvent(
                item_id=item.id,
                status=item.status,
                changed_on=date(2025, 2, 1),
                reason="No money" if item.status == ItemStatus.CANCELLED else None,
            )
        )
        if concern is not None:
            session.add(ItemConcern(item_id=item.id, concern_id=concern.id))
    session.commit()
    return items


# --- overdue, the pure rule --------------------------------------------------------------------


def test_overdue_needs_a_past_deadline_and_an_open_status():
    day = date(2025, 7, 1)
    assert is_overdue(date(2025, 6, 30), ItemStatus.IN_PROGRESS, day)
    assert is_overdue(date(2025, 6, 30), ItemStatus.NOT_STARTED, day)
    assert not is_overdue(date(2025, 7, 1), ItemStatus.IN_PROGRESS, day)  # due today
    assert not is_overdue(date(2025, 6, 30), ItemStatus.DONE, day)
    assert not is_overdue(date(2025, 6, 30), ItemStatus.CANCELLED, day)
    assert not is_overdue(None, ItemStatus.NOT_STARTED, day)


def test_overdue_reads_the_status_on_the_day_asked():
    history = [
        (date(2025, 3, 1), ItemStatus.IN_PROGRESS),
        (date(2025, 8, 10), ItemStatus.DONE),
    ]
    deadline = date(2025, 6, 30)
    assert status_on(history, date(2025, 2, 28)) == ItemStatus.NOT_STARTED
    assert status_on(history, date(2025, 8, 10)) == ItemStatus.DONE
    assert is_overdue_on(deadline, history, date(2025, 8, 9))
    assert not is_overdue_on(deadline, history, date(2025, 8, 10))
    # Two changes on one day: the one recorded last holds.
    same_day = [(date(2025, 5, 1), ItemStatus.DONE), (date(2025, 5, 1), ItemStatus.IN_PROGRESS)]
    assert status_on(same_day, date(2025, 5, 1)) == ItemStatus.IN_PROGRESS


def test_overall_progress_leaves_cancelled_items_out():
    def item(status, progress):
        return PlanItem(status=status, progress=progress)

    assert overall_progress([]) is None
    assert overall_progress([item(ItemStatus.CANCELLED, 0)]) is None
    assert (
        overall_progress(
            [
                item(ItemStatus.DONE, 100),
                item(ItemStatus.IN_PROGRESS, 50),
                item(ItemStatus.CANCELLED, 0),
            ]
        )
        == 75
    )


# --- the plan page -----------------------------------------------------------------------------


def test_show_has_dates_progress_items_and_overdue_marks(
    login, adopted, make_item, make_meeting, council_a, session
):
    meeting = make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 4, 1), title="April sitting"
    )
    plan = session.get(ActionPlan, adopted.id)
    plan.adopted_at_meeting_id = meeting.id
    plan.forwarded_on = date(2025, 4, 20)
    plan.assembly_reference = "01-016/25-0420"
    session.commit()
    late = make_item(
        adopted,
        activity="Repair the lights of the bus station",
        deadline=date(2025, 6, 30),
        history=[(ItemStatus.IN_PROGRESS, date(2025, 3, 1), None)],
        progress=40,
    )
    make_item(
        adopted,
        activity="Train school patrols",
        deadline=date(2025, 6, 30),
        history=[(ItemStatus.DONE, date(2025, 6, 1), None)],
        progress=100,
    )
    make_item(
        adopted,
        activity="Buy a speed camera",
        history=[(ItemStatus.CANCELLED, date(2025, 5, 1), "The police bought one.")],
    )
    page = login(None).get(f"/plans/{adopted.id}").text
    assert "Safer Prishtina 2025" in page
    assert "From 03.02.2025 to 28.02.2025" in page
    assert "01.04.2025" in page
    assert "Reference 01-016/25-0420" in page
    assert "1 item overdue" in page
    assert f'<tr id="item-{late.id}" class="overdue">' in page
    assert page.count(">Overdue<") == 1
    # The mean of 40 and 100; the cancelled item is left out.
    assert '<progress max="100" value="70"' in page
    assert "The police bought one." in page
    # The public does not open council meetings: the date, without the meeting's title.
    assert "April sitting" not in page
    assert "at a meeting of the council" in page
    staff_page = login(None).get(f"/plans/{adopted.id}").text
    assert "Add an item" not in staff_page


def test_the_council_staff_see_the_adopting_meeting_linked(
    login, users, adopted, make_meeting, council_a, session
):
    meeting = make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 4, 1), title="April sitting"
    )
    session.get(ActionPlan, adopted.id).adopted_at_meeting_id = meeting.id
    session.commit()
    for role in ("secretary_a", "ministry"):
        page = login(users[role]).get(f"/plans/{adopted.id}").text
        assert f'href="/meetings/{meeting.id}">April sitting</a>' in page


@pytest.mark.parametrize("role", [None, "cso", "cso_pending", "secretary_b"])
def test_a_draft_is_404_without_its_title_for_outsiders(login, users, draft, role):
    response = login(users[role] if role else None).get(f"/plans/{draft.id}")
    assert response.status_code == 404
    assert "Secret draft of council A" not in response.text


@pytest.mark.parametrize("role", ["secretary_a", "ministry", "admin"])
def test_a_draft_is_shown_to_staff(login, users, draft, role):
    response = login(users[role]).get(f"/plans/{draft.id}")
    assert response.status_code == 200
    assert "Secret draft of council A" in response.text


def test_show_lists_only_public_concerns_to_the_public(
    login, users, adopted, make_concern, session
):
    public = make_concern(title="Dark underpass")
    restricted = make_concern(sensitivity=Sensitivity.RESTRICTED)
    items = add_items(session, adopted, 1, concern=public)
    session.add(ItemConcern(item_id=items[0].id, concern_id=restricted.id))
    session.commit()
    public_page = login(None).get(f"/plans/{adopted.id}").text
    assert public.reference in public_page
    assert restricted.reference not in public_page
    staff_page = login(users["secretary_a"]).get(f"/plans/{adopted.id}").text
    assert public.reference in staff_page
    assert restricted.reference in staff_page


def test_show_runs_the_same_queries_for_5_and_200_items(
    login, users, make_plan, council_a, make_concern, session, count_queries
):
    concern = make_concern()
    few = make_plan(council_a, year=2024, status=PlanStatus.ADOPTED, adopted_on=date(2024, 3, 1))
    many = make_plan(council_a, year=2025, status=PlanStatus.ADOPTED, adopted_on=date(2025, 3, 1))
    add_items(session, few, 5, concern=concern)
    add_items(session, many, 200, concern=concern)
    urls = [f"/plans/{plan.id}" for plan in (few, many)]
    for user in (None, users["secretary_a"]):
        client = login(user)
        counts = []
        for url in urls:
            with count_queries() as counter:
                response = client.get(url)
            assert response.status_code == 200
            assert_no_duplicated_queries(counter.statements)
            counts.append(counter.count)
        assert counts[0] == counts[1]
        # (The user,) the plan with council and meeting, items, status events, concern links.
        assert counts[0] <= 6
    page = login(None).get(urls[1]).text
    assert page.count('<tr id="item-') == 200
    assert "Activity number 199" in page
