"""Plan items: adding and editing (checks, versions, 409s), dated status and progress, concerns."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from safety.audit.models import AuditAction, AuditEvent
from safety.concerns.models import ConcernStatus, Sensitivity
from safety.dates import today
from safety.plans.models import (
    ActionPlan,
    ItemConcern,
    ItemStatus,
    ItemStatusEvent,
    PlanItem,
    PlanStatus,
    PlanVersion,
    ProgressUpdate,
    ResponsibleKind,
)

DAY = today()


@pytest.fixture
def login(login):
    """Clients that read the pages in English."""

    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


@pytest.fixture
def secretary(login, users):
    return login(users["secretary_a"])


@pytest.fixture
def draft(make_plan, council_a):
    return make_plan(council_a, year=DAY.year + 1, title="Draft plan")


@pytest.fixture
def adopted(make_plan, council_a):
    return make_plan(
        council_a,
        year=DAY.year,
        status=PlanStatus.ADOPTED,
        adopted_on=date(DAY.year, 1, 20),
        title="Adopted plan",
    )


@pytest.fixture
def item(make_item, adopted):
    return make_item(adopted, activity="Patrols at school gates", progress=20)


def item_data(**overrides):
    return {
        "objective": "Safer walk to school",
        "activity": "Crossing guards at the primary school",
        "responsible_kind": "school",
        "responsible_name": "Primary school Naim Frashëri",
        "partners": "Parents' council",
        "starts_on": "2026-02-01",
        "deadline": "2026-06-30",
        "budget_eur": "1500.50",
        "budget_source": "Municipal budget",
        "indicator": "Guards present every school day",
        "target": "2 guards",
        **overrides,
    }


def counts(session):
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (PlanItem, ItemConcern, ItemStatusEvent, ProgressUpdate, PlanVersion)
    }


def audit_since(session, start):
    return sorted(
        (row.entity_type, row.action.value)
        for row in session.scalars(select(AuditEvent).where(AuditEvent.id > (start or 0)))
    )


def last_audit_id(session):
    return session.scalar(select(func.max(AuditEvent.id)))


# --- adding and editing ------------------------------------------------------------------------


def test_adding_an_item_saves_every_field_and_a_version(secretary, draft, session):
    response = secretary.post(
        f"/plans/{draft.id}/items/new", data=item_data(budget_eur="1 500,50", progress="10")
    )
    assert response.status_code == 302
    stored = session.scalars(select(PlanItem)).one()
    assert response.location == f"/plans/{draft.id}#item-{stored.id}"
    assert (stored.objective, stored.activity) == (
        "Safer walk to school",
        "Crossing guards at the primary school",
    )
    assert (stored.responsible_kind, stored.responsible_name) == (
        ResponsibleKind.SCHOOL,
        "Primary school Naim Frashëri",
    )
    assert (stored.starts_on, stored.deadline) == (date(2026, 2, 1), date(2026, 6, 30))
    assert stored.budget_eur == Decimal("1500.50")
    assert (stored.status, stored.progress, stored.position) == (ItemStatus.NOT_STARTED, 10, 1)
    # The progress it starts with is reported as of today.
    update = session.scalars(select(ProgressUpdate)).one()
    assert (update.progress, update.reported_on) == (10, DAY)
    version = session.scalars(select(PlanVersion)).one()
    assert json.loads(version.snapshot)["items"][0]["budget_eur"] == "1500.50"


def test_items_are_appended_in_order(secretary, draft, session):
    for activity in ("First", "Second"):
        secretary.post(
            f"/plans/{draft.id}/items/new", data=item_data(activity=activity, progress="0")
        )
    assert session.execute(select(PlanItem.activity, PlanItem.position)).all() == [
        ("First", 1),
        ("Second", 2),
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("deadline", "2026-01-31", "The deadline cannot be before the start date."),
        ("budget_eur", "-5", "The budget cannot be negative."),
        ("budget_eur", "10.505", "at most two decimals"),
        ("budget_eur", "ten euros", "Enter an amount in euros"),
        ("budget_eur", "NaN", "Enter an amount in euros"),
        ("budget_eur", "99999999999", "too large"),
        ("progress", "101", "Enter a percentage from 0 to 100."),
        ("progress", "-1", "Enter a percentage from 0 to 100."),
        ("responsible_kind", "mayor", "Not a valid choice"),
        ("activity", "\u200b", "Enter visible text"),
        ("deadline", "31.02.2026", "Not a valid date value."),
    ],
)
def test_a_bad_item_is_refused_and_nothing_saved(secretary, draft, session, field, value, message):
    before = counts(session)
    response = secretary.post(
        f"/plans/{draft.id}/items/new", data=item_data(**{"progress": "0", field: value})
    )
    assert response.status_code == 400
    assert message in response.text
    assert counts(session) == before


def test_a_source_of_funding_needs_a_budget(secretary, draft, session):
    response = secretary.post(
        f"/plans/{draft.id}/items/new", data=item_data(budget_eur="", progress="0")
    )
    assert response.status_code == 400
    assert "Enter the budget too" in response.text


def test_an_item_without_budget_or_dates_is_fine(secretary, draft, session):
    data = item_data(budget_eur="", budget_source="", starts_on="", deadline="", progress="0")
    assert secretary.post(f"/plans/{draft.id}/items/new", data=data).status_code == 302
    stored = session.scalars(select(PlanItem)).one()
    assert (stored.budget_eur, stored.starts_on, stored.deadline) == (None, None, None)


def test_dates_may_be_typed_day_first(secretary, draft, session):
    data = item_data(starts_on="01.02.2026", deadline="30.06.2026", progress="0")
    assert secretary.post(f"/plans/{draft.id}/items/new", data=data).status_code == 302
    stored = session.scalars(select(PlanItem)).one()
    assert stored.deadline == date(2026, 6, 30)


def test_editing_an_adopted_plans_item_is_allowed_and_versioned(secretary, item, session):
    before = last_audit_id(session)
    response = secretary.post(
        f"/plans/{item.plan_id}/items/{item.id}/edit",
        data=item_data(activity="Patrols at every school gate", version=item.version_id),
    )
    assert response.status_code == 302
    session.refresh(item)
    assert item.activity == "Patrols at every school gate"
    # Progress and status are not the form's: they keep their dated histories.
    assert (item.progress, item.status) == (20, ItemStatus.NOT_STARTED)
    version = session.scalars(select(PlanVersion)).one()
    assert json.loads(version.snapshot)["items"][0]["activity"] == "Patrols at every school gate"
    assert audit_since(session, before) == [("plan_items", "update")]


def test_a_stale_item_edit_gets_409_with_both_values(secretary, login, users, item, session):
    opened = item_data(version=item.version_id)
    login(users["secretary_a"]).post(
        f"/plans/{item.plan_id}/items/{item.id}/edit",
        data={**opened, "activity": "Their activity"},
    )
    response = secretary.post(
        f"/plans/{item.plan_id}/items/{item.id}/edit", data={**opened, "activity": "My activity"}
    )
    assert response.status_code == 409
    assert "Their activity" in response.text
    assert "My activity" in response.text
    session.refresh(item)
    assert item.activity == "Their activity"


def test_another_plans_item_is_404(secretary, item, draft):
    assert secretary.get(f"/plans/{draft.id}/items/{item.id}/edit").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("cso", 403), ("secretary_b", 403), ("ministry", 403), ("admin", 403), (None, 302)],
)
def test_only_the_councils_secretary_writes_items_of_a_public_plan(
    login, users, item, session, role, status
):
    client = login(users[role] if role else None)
    before = counts(session)
    base = f"/plans/{item.plan_id}/items"
    assert client.get(f"{base}/new").status_code == status
    assert client.post(f"{base}/new", data=item_data(progress="0")).status_code == status
    assert (
        client.post(
            f"{base}/{item.id}/progress",
            data={"progress": "90", "reported_on": DAY.isoformat(), "version": item.version_id},
        ).status_code
        == status
    )
    assert counts(session) == before


# --- status ------------------------------------------------------------------------------------


def post_status(client, item, **data):
    values = {"status": "in_progress", "changed_on": DAY.isoformat(), "version": item.version_id}
    return client.post(f"/plans/{item.plan_id}/items/{item.id}/status", data={**values, **data})


def test_a_status_change_is_dated_and_audited(secretary, item, session):
    before = last_audit_id(session)
    changed_on = DAY - timedelta(days=3)
    response = post_status(secretary, item, changed_on=changed_on.isoformat())
    assert response.status_code == 302
    session.refresh(item)
    assert item.status == ItemStatus.IN_PROGRESS
    event = session.scalars(select(ItemStatusEvent)).one()
    assert (event.status, event.changed_on, event.reason) == (
        ItemStatus.IN_PROGRESS,
        changed_on,
        None,
    )
    assert audit_since(session, before) == [
        ("item_status_events", "create"),
        ("plan_items", "update"),
    ]
    # A status change is not a new version of the plan's text.
    assert counts(session)["PlanVersion"] == 0


def test_cancelling_needs_a_reason_which_the_plan_shows(secretary, login, item, session):
    refused = post_status(secretary, item, status="cancelled", reason="  ")
    assert refused.status_code == 400
    assert "Say why the item is cancelled." in refused.text
    assert counts(session)["ItemStatusEvent"] == 0
    assert post_status(secretary, item, status="cancelled", reason="No funds").status_code == 302
    assert "No funds" in login(None).get(f"/plans/{item.plan_id}").text


@pytest.mark.parametrize(
    ("changed_on", "message"),
    [
        (DAY + timedelta(days=1), "This date cannot be in the future."),
        (date(DAY.year - 2, 12, 31), f"Choose a date from 01.01.{DAY.year - 1}"),
    ],
)
def test_a_status_date_outside_the_plans_time_is_refused(
    secretary, item, session, changed_on, message
):
    response = post_status(secretary, item, changed_on=changed_on.isoformat())
    assert response.status_code == 400
    assert message in response.text
    assert counts(session)["ItemStatusEvent"] == 0


def test_a_status_may_not_predate_the_last_change(secretary, item, session):
    assert post_status(secretary, item, changed_on=DAY.isoformat()).status_code == 302
    session.refresh(item)
    response = post_status(
        secretary, item, status="done", changed_on=(DAY - timedelta(days=1)).isoformat()
    )
    assert response.status_code == 400
    assert f"Choose a date from {DAY:%d.%m.%Y}" in response.text
    assert counts(session)["ItemStatusEvent"] == 1


def test_the_same_status_again_is_refused(secretary, item, session):
    response = post_status(secretary, item, status="not_started")
    assert response.status_code == 400
    assert "The item already has this status" in response.text


def test_done_reports_full_progress_but_full_progress_is_not_done(secretary, item, session):
    progress = {"progress": "100", "reported_on": DAY.isoformat(), "version": item.version_id}
    assert secretary.post(
        f"/plans/{item.plan_id}/items/{item.id}/progress", data=progress
    ).status_code == (302)
    session.refresh(item)
    assert (item.progress, item.status) == (100, ItemStatus.NOT_STARTED)
    session.execute(
        ProgressUpdate.__table__.delete()  # back to 20 %, to see "done" raise it
    )
    session.get(PlanItem, item.id).progress = 20
    session.commit()
    session.refresh(item)
    assert post_status(secretary, item, status="done").status_code == 302
    session.refresh(item)
    assert (item.status, item.progress) == (ItemStatus.DONE, 100)
    update = session.scalars(select(ProgressUpdate)).one()
    assert (update.progress, update.reported_on) == (100, DAY)


def test_a_stale_status_form_gets_409(secretary, item, session):
    opened = item.version_id
    assert post_status(secretary, item).status_code == 302
    response = post_status(secretary, item, status="done", version=opened)
    assert response.status_code == 409
    assert "its current status is In progress" in response.text
    assert counts(session)["ItemStatusEvent"] == 1


# --- progress ----------------------------------------------------------------------------------


def post_progress(client, item, **data):
    values = {"progress": "60", "reported_on": DAY.isoformat(), "version": item.version_id}
    return client.post(f"/plans/{item.plan_id}/items/{item.id}/progress", data={**values, **data})


def test_progress_is_dated_with_a_note(secretary, item, session, login):
    response = post_progress(secretary, item, note="Guards hired for two schools.")
    assert response.status_code == 302
    session.refresh(item)
    assert item.progress == 60
    update = session.scalars(select(ProgressUpdate)).one()
    assert (update.progress, update.reported_on, update.note) == (
        60,
        DAY,
        "Guards hired for two schools.",
    )
    assert '<progress max="100" value="60"' in login(None).get(f"/plans/{item.plan_id}").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"progress": "101"}, "Enter a percentage from 0 to 100."),
        ({"progress": "-1"}, "Enter a percentage from 0 to 100."),
        ({"progress": "half"}, "Not a valid integer value."),
        ({"reported_on": (DAY + timedelta(days=1)).isoformat()}, "cannot be in the future"),
    ],
)
def test_bad_progress_is_refused_and_nothing_saved(secretary, item, session, data, message):
    response = post_progress(secretary, item, **data)
    assert response.status_code == 400
    assert message in response.text
    session.refresh(item)
    assert item.progress == 20
    assert counts(session)["ProgressUpdate"] == 0


def test_progress_may_not_predate_the_last_report(secretary, item, session):
    assert post_progress(secretary, item).status_code == 302
    session.refresh(item)
    response = post_progress(
        secretary, item, progress="70", reported_on=(DAY - timedelta(days=2)).isoformat()
    )
    assert response.status_code == 400
    assert counts(session)["ProgressUpdate"] == 1


# --- concerns the items answer -------------------------------------------------------------------


def test_an_item_answers_concerns_and_the_concern_shows_it(
    secretary, login, draft, make_concern, council_b, session
):
    accepted = make_concern(
        title="Dark school road", history=[(ConcernStatus.ACCEPTED_INTO_PLAN, DAY, "In the plan")]
    )
    open_concern = make_concern(title="Speeding on the main road")
    closed = make_concern(
        title="Already resolved", history=[(ConcernStatus.RESOLVED, DAY, "Fixed")]
    )
    other_council = make_concern(council_b, title="Council B's concern")
    form = secretary.get(f"/plans/{draft.id}/items/new?concern={accepted.id}").text
    assert f'<option selected value="{accepted.id}">{accepted.reference}: Dark school road' in form
    assert f'value="{open_concern.id}"' in form
    assert f'value="{closed.id}"' not in form
    assert f'value="{other_council.id}"' not in form
    refused = secretary.post(
        f"/plans/{draft.id}/items/new",
        data=item_data(progress="0", concerns=[str(accepted.id), str(other_council.id)]),
    )
    assert refused.status_code == 400
    assert counts(session)["ItemConcern"] == 0
    response = secretary.post(
        f"/plans/{draft.id}/items/new",
        data=item_data(progress="0", concerns=[str(accepted.id), str(open_concern.id)]),
    )
    assert response.status_code == 302
    item = session.scalars(select(PlanItem)).one()
    assert sorted(session.scalars(select(ItemConcern.concern_id))) == sorted(
        [accepted.id, open_concern.id]
    )
    staff_view = secretary.get(f"/concerns/{accepted.id}").text
    assert f'href="/plans/{draft.id}#item-{item.id}">Crossing guards at the primary school' in (
        staff_view
    )
    # The plan is a draft: the public does not see its item on the concern's page.
    public_view = login(None).get(f"/concerns/{accepted.id}").text
    assert "Crossing guards at the primary school" not in public_view
    assert "No action plan item answers this concern yet." in public_view


def test_editing_keeps_a_closed_concern_the_item_already_answers(
    secretary, adopted, make_item, make_concern, session
):
    concern = make_concern(history=[(ConcernStatus.ACCEPTED_INTO_PLAN, DAY, "In the plan")])
    item = make_item(adopted)
    session.add(ItemConcern(item_id=item.id, concern_id=concern.id))
    concern.status = ConcernStatus.RESOLVED
    session.commit()
    form = secretary.get(f"/plans/{adopted.id}/items/{item.id}/edit").text
    assert f'<option selected value="{concern.id}">' in form
    other = make_concern()
    response = secretary.post(
        f"/plans/{adopted.id}/items/{item.id}/edit",
        data=item_data(concerns=[str(other.id)], version=item.version_id),
    )
    assert response.status_code == 302
    assert list(session.scalars(select(ItemConcern.concern_id))) == [other.id]


def test_the_concern_page_offers_its_secretary_a_new_item(secretary, login, users, make_concern):
    concern = make_concern(sensitivity=Sensitivity.PUBLIC)
    link = f"/councils/{concern.council_id}/plans/?concern={concern.id}"
    assert link in secretary.get(f"/concerns/{concern.id}").text
    assert link not in login(users["ministry"]).get(f"/concerns/{concern.id}").text


def test_the_plans_list_carries_the_concern_to_the_new_item_form(
    secretary, login, users, draft, council_a
):
    page = secretary.get(f"/councils/{council_a.id}/plans/?concern=7").text
    assert f"/plans/{draft.id}/items/new?concern=7" in page
    assert (
        "items/new?concern"
        not in login(users["ministry"]).get(f"/councils/{council_a.id}/plans/?concern=7").text
    )


def test_an_adopted_plan_shows_its_items_on_the_concern_page_to_everyone(
    login, adopted, make_item, make_concern, session
):
    concern = make_concern()
    item = make_item(adopted, activity="Lights on the school road")
    session.add(ItemConcern(item_id=item.id, concern_id=concern.id))
    session.commit()
    page = login(None).get(f"/concerns/{concern.id}").text
    assert "Lights on the school road" in page
    assert f"Plan {adopted.year}" in page
    assert session.get(ActionPlan, adopted.id).status == PlanStatus.ADOPTED


def test_audit_names_the_item_and_its_concern_link(secretary, draft, make_concern, session):
    concern = make_concern()
    before = last_audit_id(session)
    secretary.post(
        f"/plans/{draft.id}/items/new", data=item_data(progress="0", concerns=[str(concern.id)])
    )
    assert audit_since(session, before) == [("item_concerns", "create"), ("plan_items", "create")]
    rows = session.scalars(select(AuditEvent).where(AuditEvent.id > before)).all()
    assert {row.action for row in rows} == {AuditAction.CREATE}


# --- typed text comes back escaped -------------------------------------------------------------

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{ 7*7 }}'


def test_typed_text_is_escaped_on_every_plan_page(secretary, login, users, council_a, session):
    plan_year = DAY.year
    secretary.post(
        f"/councils/{council_a.id}/plans/new",
        data={"year": str(plan_year), "title": PAYLOAD[:200], "summary": PAYLOAD},
    )
    plan = session.scalars(select(ActionPlan)).one()
    text_fields = ("objective", "activity", "responsible_name", "partners", "budget_source")
    data = item_data(
        progress="0",
        deadline=(DAY - timedelta(days=1)).isoformat(),
        starts_on="",
        indicator=PAYLOAD,
        target=PAYLOAD[:300],
        **dict.fromkeys(text_fields, PAYLOAD),
    )
    assert secretary.post(f"/plans/{plan.id}/items/new", data=data).status_code == 302
    item = session.scalars(select(PlanItem)).one()
    post_status(secretary, item, status="cancelled", reason=PAYLOAD)
    read = [
        f"/plans/{plan.id}",
        f"/plans/{plan.id}/versions",
        f"/councils/{council_a.id}/plans/",
        f"/councils/{council_a.id}",
    ]
    write = [f"/plans/{plan.id}/edit", f"/plans/{plan.id}/items/{item.id}/edit"]
    for user, pages in [(users["secretary_a"], read + write), (users["ministry"], read)]:
        client = login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "<script>alert" not in response.text, url
            assert "<img src=x" not in response.text, url
            assert ">49<" not in response.text, url
