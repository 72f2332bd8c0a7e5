"""Plans: the council's list, creating a plan, the plan page, editing with versions and 409s."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.concerns.models import Sensitivity
from safety.consultations.models import MeetingStatus
from safety.dates import today
from safety.plans.forms import default_plan_year
from safety.plans.models import (
    ActionPlan,
    ItemConcern,
    ItemStatus,
    ItemStatusEvent,
    PlanEvent,
    PlanItem,
    PlanStatus,
    PlanVersion,
    ResponsibleKind,
)
from safety.plans.overdue import is_overdue, is_overdue_on, status_on
from safety.plans.views.plans import overall_progress
from tests.conftest import assert_no_duplicated_queries

DAY = today()


@pytest.fixture
def login(login):
    """Clients that read the pages in English (a user's own locale still wins)."""

    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


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


def test_only_the_councils_secretary_gets_the_editing_links(login, users, adopted):
    for role, shown in [
        ("secretary_a", True),
        ("secretary_b", False),
        ("ministry", False),
        ("admin", False),
        ("cso", False),
    ]:
        page = login(users[role]).get(f"/plans/{adopted.id}").text
        assert ("Add an item" in page) is shown, role
        assert ("Saved versions" in page) is (role in ("secretary_a", "ministry", "admin"))


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


# --- a council's plans --------------------------------------------------------------------------


def test_index_counts_items_and_overdue_in_sql_and_hides_drafts(
    login, users, adopted, draft, council_a, session, count_queries
):
    add_items(session, adopted, 15)
    url = f"/councils/{council_a.id}/plans/"
    public = login(None)
    with count_queries() as counter:
        page = public.get(url).text
    # The council and the plans with their totals: nothing per plan or per item.
    assert counter.count == 2
    assert "Safer Prishtina 2025" in page
    assert "Secret draft of council A" not in page
    # 15 items: every third is late (0, 3, 6, 9, 12), but 9 is cancelled (as are 4 and 14).
    row = page.split("Safer Prishtina 2025")[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0].strip() for cell in row.split("<td>")[1:]]
    assert cells[:4] == ["Adopted", "01.04.2025", "15", "0"]
    assert '<span class="badge badge-bad">4</span>' in cells[4]
    for role in ("secretary_a", "ministry", "admin"):
        assert "Secret draft of council A" in login(users[role]).get(url).text
    for role in ("secretary_b", "cso"):
        assert "Secret draft of council A" not in login(users[role]).get(url).text


def test_index_offers_a_new_plan_to_the_councils_secretary_only(login, users, council_a):
    url = f"/councils/{council_a.id}/plans/"
    assert "Start a plan" in login(users["secretary_a"]).get(url).text
    for role in ("secretary_b", "ministry", "admin"):
        assert "Start a plan" not in login(users[role]).get(url).text


def test_index_of_an_unknown_council_is_404(client):
    assert client.get("/councils/999999/plans/").status_code == 404


# --- creating a plan ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 9, 30), 2026), (date(2026, 10, 1), 2027), (date(2026, 1, 1), 2026)],
)
def test_the_proposed_year_is_next_year_from_october(day, year):
    assert default_plan_year(day) == year


def test_the_new_plan_form_proposes_the_year(secretary, council_a):
    page = secretary.get(f"/councils/{council_a.id}/plans/new").text
    assert f'value="{default_plan_year(DAY)}"' in page


def test_a_new_plan_is_a_dated_draft_with_a_first_version(secretary, council_a, session):
    response = secretary.post(
        f"/councils/{council_a.id}/plans/new",
        data={"year": "2026", "title": "Safer Prishtina 2026", "summary": "Roads and schools."},
    )
    plan = session.scalars(select(ActionPlan)).one()
    assert response.status_code == 302
    assert response.location == f"/plans/{plan.id}"
    assert (plan.council_id, plan.year, plan.status) == (council_a.id, 2026, PlanStatus.DRAFT)
    event = session.scalars(select(PlanEvent)).one()
    assert (event.status, event.changed_on) == (PlanStatus.DRAFT, DAY)
    version = session.scalars(select(PlanVersion)).one()
    assert version.number == 1
    assert json.loads(version.snapshot) == {
        "title": "Safer Prishtina 2026",
        "summary": "Roads and schools.",
        "items": [],
    }


def table_counts(session):
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (ActionPlan, PlanEvent, PlanVersion, PlanItem)
    }


def test_a_second_plan_for_the_same_year_is_refused_and_nothing_saved(
    secretary, council_a, adopted, session
):
    before = table_counts(session)
    response = secretary.post(
        f"/councils/{council_a.id}/plans/new",
        data={"year": "2025", "title": "Another 2025 plan", "summary": ""},
    )
    assert response.status_code == 400
    assert "The council already has a plan for this year" in response.text
    assert 'value="Another 2025 plan"' in response.text
    assert table_counts(session) == before


def test_the_unique_constraint_backs_the_check_up(
    secretary, council_a, adopted, session, monkeypatch
):
    # Two requests racing past the check: the second one meets the constraint.
    monkeypatch.setattr("safety.plans.services.year_is_taken", lambda *args: False)
    before = table_counts(session)
    response = secretary.post(
        f"/councils/{council_a.id}/plans/new",
        data={"year": "2025", "title": "Racing plan", "summary": ""},
    )
    assert response.status_code == 400
    assert "The council already has a plan for this year" in response.text
    assert table_counts(session) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "1998", "title": "Old"}, "Choose a year from 1999 to"),
        ({"year": str(DAY.year + 2), "title": "Far"}, "Choose a year from 1999 to"),
        ({"year": "2026", "title": "   "}, "This field is required."),
        ({"year": "", "title": "No year"}, "This field is required."),
    ],
)
def test_a_new_plan_with_bad_input_is_refused(secretary, council_a, session, data, message):
    response = secretary.post(f"/councils/{council_a.id}/plans/new", data=data)
    assert response.status_code == 400
    assert message in response.text
    assert table_counts(session)["ActionPlan"] == 0


# --- editing, versions and conflicts -----------------------------------------------------------


def edit_data(plan, **overrides):
    return {"title": plan.title, "summary": plan.summary, "version": plan.version_id, **overrides}


def test_editing_saves_a_new_version(secretary, draft, session):
    response = secretary.post(
        f"/plans/{draft.id}/edit", data=edit_data(draft, title="Safer Prishtina 2026")
    )
    assert response.status_code == 302
    session.refresh(draft)
    assert draft.title == "Safer Prishtina 2026"
    version = session.scalars(select(PlanVersion)).one()
    assert json.loads(version.snapshot)["title"] == "Safer Prishtina 2026"


def test_saving_without_a_change_keeps_no_new_version(secretary, draft, session):
    secretary.post(f"/plans/{draft.id}/edit", data=edit_data(draft, title="First"))
    session.refresh(draft)
    secretary.post(f"/plans/{draft.id}/edit", data=edit_data(draft))
    assert session.scalar(select(func.count()).select_from(PlanVersion)) == 1


def test_a_second_editor_gets_409_with_the_current_plan_and_their_text_kept(
    secretary, login, users, draft, session
):
    opened = edit_data(draft)
    other_secretary = login(users["secretary_a"])
    first = other_secretary.post(f"/plans/{draft.id}/edit", data={**opened, "title": "Theirs"})
    assert first.status_code == 302
    response = secretary.post(
        f"/plans/{draft.id}/edit", data={**opened, "title": "Mine", "summary": "My summary"}
    )
    assert response.status_code == 409
    page = response.text
    assert "Someone else changed this record" in page
    assert "Theirs" in page  # the current version
    assert 'value="Mine"' in page  # what they typed
    assert "My summary" in page
    session.refresh(draft)
    assert draft.title == "Theirs"
    assert f'name="version" type="hidden" value="{draft.version_id}"' in page
    assert session.scalar(select(func.count()).select_from(PlanVersion)) == 1
    # Saving again is a deliberate overwrite.
    again = secretary.post(
        f"/plans/{draft.id}/edit", data={**opened, "title": "Mine", "version": draft.version_id}
    )
    assert again.status_code == 302


def test_the_versions_page_shows_what_changed(secretary, draft, session, make_concern):
    concern = make_concern()
    secretary.post(f"/plans/{draft.id}/edit", data=edit_data(draft, title="Version one"))
    secretary.post(
        f"/plans/{draft.id}/items/new",
        data={
            "objective": "Safer roads",
            "activity": "Speed bumps near schools",
            "responsible_kind": "municipal_directorate",
            "responsible_name": "Directorate of Urbanism",
            "deadline": "2026-06-30",
            "progress": "0",
        },
    )
    item = session.scalars(select(PlanItem)).one()
    secretary.post(
        f"/plans/{draft.id}/items/{item.id}/edit",
        data={
            "objective": "Safer roads",
            "activity": "Speed bumps near schools",
            "responsible_kind": "police_station",
            "responsible_name": "Directorate of Urbanism",
            "deadline": "2026-07-31",
            "concerns": str(concern.id),
            "version": item.version_id,
        },
    )
    page = secretary.get(f"/plans/{draft.id}/versions").text
    assert [n for n in range(1, 5) if f"Version {n}<" in page] == [1, 2, 3]
    assert "Item added: Speed bumps near schools" in page
    assert "Item changed: Speed bumps near schools" in page
    assert "Deadline: <del>30.06.2026</del> → <ins>31.07.2026</ins>" in page
    assert "Responsible body: <del>Municipal directorate</del> → <ins>Police station</ins>" in page
    assert f"Concerns this item answers: <del>\u2013</del> → <ins>{concern.reference}</ins>" in page
    session.refresh(draft)
    secretary.post(f"/plans/{draft.id}/edit", data=edit_data(draft, title="Version two"))
    page = secretary.get(f"/plans/{draft.id}/versions").text
    assert "Title: <del>Version one</del> → <ins>Version two</ins>" in page


def test_versions_are_for_the_councils_staff(login, users, adopted):
    for role, status in [("cso", 403), ("secretary_b", 403), ("ministry", 200), ("admin", 200)]:
        assert login(users[role]).get(f"/plans/{adopted.id}/versions").status_code == status


# --- the council's page: this year's plan and its overdue items ---------------------------------


def test_the_council_page_shows_this_years_overdue_items(
    login, users, make_plan, make_item, council_a
):
    plan = make_plan(
        council_a, year=DAY.year, status=PlanStatus.ADOPTED, adopted_on=date(DAY.year, 1, 20)
    )
    late = make_item(plan, activity="Fix the underpass lights", deadline=DAY - timedelta(days=1))
    make_item(plan, activity="Due today", deadline=DAY)
    make_item(
        plan,
        activity="Done late",
        deadline=DAY - timedelta(days=3),
        history=[(ItemStatus.DONE, DAY, None)],
    )
    for user in (None, users["secretary_a"]):
        page = login(user).get(f"/councils/{council_a.id}").text
        section = page.split("<h2>Action plan</h2>")[1].split("<h2>")[0]
        assert "1 item overdue" in section
        assert f'href="/plans/{plan.id}#item-{late.id}">Fix the underpass lights</a>' in section
        assert "Due today" not in section
        assert "Done late" not in section
        assert f'href="/councils/{council_a.id}/plans/">Action plans</a>' in section


def test_the_council_page_keeps_a_draft_plan_to_staff(login, users, make_plan, council_a):
    make_plan(council_a, year=DAY.year, title="Secret draft for this year")
    assert (
        "Secret draft for this year"
        in login(users["secretary_a"]).get(f"/councils/{council_a.id}").text
    )
    public = login(None).get(f"/councils/{council_a.id}").text
    assert "Secret draft for this year" not in public
    assert f"No action plan for {DAY.year} yet." in public
