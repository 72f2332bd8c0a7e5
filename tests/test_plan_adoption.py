"""Adoption at a held council meeting (with R13's warnings) and forwarding to the Assembly;
every refusal saves nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.consultations.models import MeetingKind, MeetingStatus
from safety.dates import today
from safety.plans import lifecycle
from safety.plans.models import ActionPlan, CommentResponse, PlanEvent, PlanStatus
from safety.plans.services import PlanChangeRefusedError
from tests.conftest import assert_no_duplicated_queries

MEETING_DAY = date(2025, 3, 4)


@pytest.fixture
def english(login):
    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


@pytest.fixture
def secretary(english, users):
    return english(users["secretary_a"])


@pytest.fixture
def held(make_meeting, council_a):
    return make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=MEETING_DAY, title="March meeting"
    )


@pytest.fixture
def commented(make_plan, council_a):
    """Commented on for four weeks in January and February 2025 (20 working days)."""
    return make_plan(
        council_a,
        year=2025,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=date(2025, 1, 20),
        comment_ends_on=date(2025, 2, 14),
    )


def plan_state(session) -> tuple:
    session.expire_all()
    return (
        [tuple(row) for row in session.execute(select(ActionPlan.__table__))],
        [tuple(row) for row in session.execute(select(PlanEvent.__table__))],
    )


def adopt(client, plan, meeting_id, **extra):
    return client.post(
        f"/plans/{plan.id}/adopt",
        data={"meeting_id": meeting_id, "version": plan.version_id, **extra},
    )


def last_event(session, plan) -> PlanEvent:
    return session.scalars(
        select(PlanEvent).where(PlanEvent.plan_id == plan.id).order_by(PlanEvent.id.desc())
    ).first()


def test_adoption_takes_the_meetings_date(secretary, users, commented, held, session):
    page = secretary.get(f"/plans/{commented.id}/adopt").get_data(as_text=True)
    assert f'<option value="{held.id}">04.03.2025: March meeting</option>' in page
    assert "flash-warning" not in page
    response = adopt(secretary, commented, held.id, note="Unanimous.")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/plans/{commented.id}#adoption"
    session.refresh(commented)
    assert commented.status == PlanStatus.ADOPTED
    assert (commented.adopted_on, commented.adopted_at_meeting_id) == (MEETING_DAY, held.id)
    event = last_event(session, commented)
    assert (event.status, event.changed_on, event.note, event.actor_id) == (
        PlanStatus.ADOPTED,
        MEETING_DAY,
        "Unanimous.",
        users["secretary_a"].id,
    )
    text = secretary.get(f"/plans/{commented.id}").get_data(as_text=True)
    assert "Adopted on 04.03.2025 at the meeting" in text
    assert "Record sending it to the Assembly" in text


@pytest.mark.parametrize(
    ("meeting", "message"),
    [
        ("scheduled", "only be adopted at a meeting that was held"),
        ("cancelled", "only be adopted at a meeting that was held"),
        ("consultation", "not at a public consultation or an activity"),
        ("other_council", "at a meeting of its own council"),
        ("before_period", "held before the comment period began"),
        ("too_early", "a plan is adopted in its own year or the year before"),
        ("missing", "Choose the meeting that adopted the plan."),
    ],
)
def test_adoption_at_a_meeting_that_cannot_have_adopted_it_is_refused(
    secretary, commented, make_meeting, council_a, council_b, session, meeting, message
):
    meetings = {
        "scheduled": lambda: make_meeting(council_a, scheduled_on=MEETING_DAY),
        "cancelled": lambda: make_meeting(
            council_a,
            status=MeetingStatus.CANCELLED,
            scheduled_on=MEETING_DAY,
            cancelled_reason="No quorum expected.",
        ),
        "consultation": lambda: make_meeting(
            council_a,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            status=MeetingStatus.HELD,
            scheduled_on=MEETING_DAY,
        ),
        "other_council": lambda: make_meeting(
            council_b, status=MeetingStatus.HELD, scheduled_on=MEETING_DAY
        ),
        "before_period": lambda: make_meeting(
            council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 1, 10)
        ),
        "too_early": lambda: make_meeting(
            council_a, status=MeetingStatus.HELD, scheduled_on=date(2023, 12, 29)
        ),
    }
    meeting_id = meetings[meeting]().id if meeting in meetings else 999_999
    before = plan_state(session)
    response = adopt(secretary, commented, meeting_id, acknowledged="y")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert plan_state(session) == before


def test_the_choices_are_the_held_council_meetings_of_the_council(
    secretary, commented, held, make_meeting, council_a, council_b
):
    make_meeting(council_a, scheduled_on=MEETING_DAY, title="Only scheduled")
    make_meeting(council_b, status=MeetingStatus.HELD, scheduled_on=MEETING_DAY, title="Of B")
    make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 1, 6), title="Too early"
    )
    page = secretary.get(f"/plans/{commented.id}/adopt").get_data(as_text=True)
    assert "March meeting" in page
    for title in ("Only scheduled", "Of B", "Too early"):
        assert title not in page


def test_no_held_meeting_yet(secretary, commented):
    page = secretary.get(f"/plans/{commented.id}/adopt").get_data(as_text=True)
    assert "has been recorded as held yet" in page
    assert "<select" not in page


def test_adopting_a_draft_warns_that_r13_will_be_in_breach_and_records_it(
    secretary, english, make_plan, council_a, held, session
):
    draft = make_plan(council_a, year=2025)
    page = secretary.get(f"/plans/{draft.id}/adopt").get_data(as_text=True)
    assert "This plan had no public comment period" in page
    assert "R13 (public consultation) will be in breach" in page
    before = plan_state(session)
    refused = adopt(secretary, draft, held.id)
    assert refused.status_code == 400
    assert "Tick the box to record the adoption despite the warning." in refused.get_data(
        as_text=True
    )
    assert plan_state(session) == before
    response = adopt(
        secretary, draft, held.id, acknowledged="y", note="Adopted without consultation."
    )
    assert response.status_code == 302
    session.refresh(draft)
    assert (draft.status, draft.adopted_on) == (PlanStatus.ADOPTED, MEETING_DAY)
    assert last_event(session, draft).note == "Adopted without consultation."
    # The plan shows what happened, to everyone.
    public = english(None).get(f"/plans/{draft.id}").get_data(as_text=True)
    assert "This plan had no public comment period" in public
    assert "Adopted on 04.03.2025 at a meeting of the council." in public


def test_adopting_before_the_period_ended_warns(
    secretary, make_plan, council_a, make_meeting, session
):
    plan = make_plan(
        council_a,
        year=2025,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=date(2025, 2, 3),
        comment_ends_on=date(2025, 3, 14),
    )
    meeting = make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 2, 21))
    before = plan_state(session)
    refused = adopt(secretary, plan, meeting.id)
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "held before the comment period ended" in text
    # 3 to 21 February 2025 holds 15 weekdays (no holiday in this test's table): counted up
    # to the adoption day, that is enough.
    assert "fewer than 15 working days" not in text
    assert plan_state(session) == before
    assert adopt(secretary, plan, meeting.id, acknowledged="y").status_code == 302
    session.refresh(plan)
    assert plan.adopted_on == date(2025, 2, 21)


def test_a_period_cut_short_by_an_early_adoption_warns_of_too_few_days(
    secretary, make_plan, council_a, make_meeting, session
):
    plan = make_plan(
        council_a,
        year=2025,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=date(2025, 2, 3),
        comment_ends_on=date(2025, 3, 14),
    )
    # 3 to 20 February: 14 weekdays up to the adoption day (the holiday table is empty).
    meeting = make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 2, 20))
    text = adopt(secretary, plan, meeting.id).get_data(as_text=True)
    assert "fewer than 15 working days before the adoption" in text
    assert "held before the comment period ended" in text


def test_a_short_period_is_recorded_on_the_plan(secretary, make_plan, council_a, held, session):
    plan = make_plan(
        council_a,
        year=2025,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=date(2025, 2, 24),
        comment_ends_on=date(2025, 2, 28),
    )
    page = secretary.get(f"/plans/{plan.id}/adopt").get_data(as_text=True)
    assert "fewer than 15 working days" in page
    assert adopt(secretary, plan, held.id, acknowledged="y").status_code == 302
    text = secretary.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "fewer than 15 working days before the adoption" in text


def test_an_adopted_plan_is_not_adopted_again(secretary, commented, held, session):
    assert adopt(secretary, commented, held.id).status_code == 302
    session.refresh(commented)
    before = plan_state(session)
    response = adopt(secretary, commented, held.id)
    assert response.status_code == 400
    assert "already been adopted" in response.get_data(as_text=True)
    assert secretary.get(f"/plans/{commented.id}/adopt").status_code == 400
    assert plan_state(session) == before


def test_a_stale_adoption_answers_409(secretary, commented, held, session):
    stale = commented.version_id
    commented.summary = "Changed meanwhile."
    session.commit()
    before = plan_state(session)
    response = secretary.post(
        f"/plans/{commented.id}/adopt", data={"meeting_id": held.id, "version": stale}
    )
    assert response.status_code == 409
    assert "Someone else changed this plan" in response.get_data(as_text=True)
    assert plan_state(session) == before


@pytest.mark.parametrize("role", ["secretary_b", "ministry", "admin", "cso"])
def test_only_the_councils_secretary_adopts(english, users, commented, held, session, role):
    before = plan_state(session)
    assert adopt(english(users[role]), commented, held.id).status_code == 403
    assert plan_state(session) == before


# Forwarding ----------------------------------------------------------------------------------


@pytest.fixture
def adopted(make_plan, council_a, held):
    return make_plan(
        council_a,
        year=2025,
        status=PlanStatus.ADOPTED,
        comment_starts_on=date(2025, 1, 20),
        comment_ends_on=date(2025, 2, 14),
        adopted_on=MEETING_DAY,
        adopted_at_meeting_id=held.id,
    )


def forward(client, plan, forwarded_on, reference="01-016/25-0310"):
    return client.post(
        f"/plans/{plan.id}/forward",
        data={
            "forwarded_on": forwarded_on.isoformat() if forwarded_on else "",
            "assembly_reference": reference,
            "version": plan.version_id,
        },
    )


def test_forwarding_records_the_stated_date_and_reference(secretary, users, adopted, session):
    page = secretary.get(f"/plans/{adopted.id}/forward").get_data(as_text=True)
    assert f'value="{today().isoformat()}"' in page
    response = forward(secretary, adopted, date(2025, 3, 10))
    assert response.status_code == 302
    session.refresh(adopted)
    assert adopted.status == PlanStatus.FORWARDED_TO_ASSEMBLY
    assert (adopted.forwarded_on, adopted.assembly_reference) == (
        date(2025, 3, 10),
        "01-016/25-0310",
    )
    event = last_event(session, adopted)
    assert (event.status, event.changed_on, event.actor_id) == (
        PlanStatus.FORWARDED_TO_ASSEMBLY,
        date(2025, 3, 10),
        users["secretary_a"].id,
    )
    text = secretary.get(f"/plans/{adopted.id}").get_data(as_text=True)
    assert "Sent to the Municipal Assembly on 10.03.2025 with the reference 01-016/25-0310." in (
        text
    )
    # Forwarded once: not again.
    again = forward(secretary, adopted, date(2025, 3, 11))
    assert again.status_code == 400


@pytest.mark.parametrize(
    ("forwarded_on", "reference", "message"),
    [
        (today() + timedelta(days=1), "01-016", "This date cannot be in the future."),
        (MEETING_DAY - timedelta(days=1), "01-016", "cannot be sent before it was adopted"),
        (None, "01-016", "This field is required."),
        (date(2025, 3, 10), "  ", "This field is required."),
    ],
)
def test_bad_forwarding_is_refused(secretary, adopted, session, forwarded_on, reference, message):
    before = plan_state(session)
    response = forward(secretary, adopted, forwarded_on, reference)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert plan_state(session) == before


def test_forwarding_on_the_adoption_day_is_allowed(secretary, adopted, session):
    assert forward(secretary, adopted, MEETING_DAY).status_code == 302


def test_a_plan_not_adopted_is_not_forwarded(secretary, commented, session):
    before = plan_state(session)
    response = forward(secretary, commented, date(2025, 3, 10))
    assert response.status_code == 400
    assert "Only an adopted plan" in response.get_data(as_text=True)
    assert plan_state(session) == before


def test_a_stale_forwarding_answers_409(secretary, adopted, session):
    stale = adopted.version_id
    adopted.summary = "Changed meanwhile."
    session.commit()
    before = plan_state(session)
    response = secretary.post(
        f"/plans/{adopted.id}/forward",
        data={"forwarded_on": "2025-03-10", "assembly_reference": "X-1", "version": stale},
    )
    assert response.status_code == 409
    assert plan_state(session) == before


def test_the_adoption_section_hides_a_council_meetings_link_from_the_public(
    english, users, adopted, held
):
    public = english(None).get(f"/plans/{adopted.id}").get_data(as_text=True)
    section = public.split('id="adoption"')[1].split("</section>")[0]
    assert f"/meetings/{held.id}" not in section
    staff = english(users["ministry"]).get(f"/plans/{adopted.id}").get_data(as_text=True)
    section = staff.split('id="adoption"')[1].split("</section>")[0]
    assert f"/meetings/{held.id}" in section
    assert "Record sending it to the Assembly" not in section


# The services' own refusals, which the forms usually catch first ---------------------------------


def refused(code: str, call) -> None:
    with pytest.raises(PlanChangeRefusedError) as raised:
        call()
    assert raised.value.code == code


def test_the_services_refuse_on_their_own(
    session, users, make_plan, make_item, make_comment, council_a, held
):
    secretary = users["secretary_a"]
    now = today()
    draft = make_plan(council_a, year=2026)
    refused(
        "starts_in_past",
        lambda: lifecycle.open_comment_period(
            session, secretary, draft, starts_on=now - timedelta(days=1), ends_on=now, today=now
        ),
    )
    refused(
        "ends_before_start",
        lambda: lifecycle.open_comment_period(
            session, secretary, draft, starts_on=now, ends_on=now - timedelta(days=1), today=now
        ),
    )
    open_plan = make_plan(
        council_a,
        year=2027,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=now,
        comment_ends_on=now + timedelta(days=20),
    )
    refused(
        "item_not_in_plan",
        lambda: lifecycle.submit_comment(
            session,
            open_plan,
            item=make_item(draft),
            body="A comment",
            language="sq",
            commenter=lifecycle.Commenter(),
            today=now,
        ),
    )
    closed = make_plan(
        council_a,
        year=2028,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=now - timedelta(days=30),
        comment_ends_on=now - timedelta(days=1),
    )
    other = make_comment(open_plan)
    refused(
        "no_such_comment",
        lambda: lifecycle.answer_comment(
            closed, other, response=CommentResponse.ACCEPTED, reason=None, today=now
        ),
    )
    refused(
        "reason_required",
        lambda: lifecycle.answer_comment(
            closed,
            make_comment(closed),
            response=CommentResponse.REJECTED,
            reason=" ",
            today=now,
        ),
    )
    refused("no_meeting", lambda: lifecycle.adopt_plan(session, secretary, closed, None, note=None))
    adopted = make_plan(
        council_a,
        year=2025,
        status=PlanStatus.ADOPTED,
        adopted_on=MEETING_DAY,
        adopted_at_meeting_id=held.id,
    )
    for code, forwarded_on, reference in (
        ("forwarded_in_future", now + timedelta(days=1), "R-1"),
        ("forwarded_before_adoption", MEETING_DAY - timedelta(days=1), "R-1"),
        ("reference_required", MEETING_DAY, "  "),
    ):
        refused(
            code,
            lambda forwarded_on=forwarded_on, reference=reference: lifecycle.forward_plan(
                session,
                secretary,
                adopted,
                forwarded_on=forwarded_on,
                reference=reference,
                today=now,
            ),
        )
    session.rollback()
    # Only the factories' events: 1 for the draft and 2 for each of the other three plans.
    assert session.scalar(select(func.count(PlanEvent.id))) == 7


def test_a_period_is_over_when_it_ended_or_the_plan_was_adopted(make_plan, council_a):
    now = today()
    plan = make_plan(
        council_a,
        year=2027,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=now - timedelta(days=10),
        comment_ends_on=now,
    )
    assert not lifecycle.period_is_over(plan, now)
    assert lifecycle.period_is_over(plan, now + timedelta(days=1))
    plan.status = PlanStatus.ADOPTED
    assert lifecycle.period_is_over(plan, now)
    plan.comment_ends_on = None
    assert not lifecycle.period_is_over(plan, now)


def test_an_adopted_plans_page_counts_its_period_once_whatever_its_comments(
    english, users, adopted, make_comment, make_organisation, count_queries
):
    organisation = make_organisation()

    def count(user) -> int:
        client = english(user)
        with count_queries() as counter:
            assert client.get(f"/plans/{adopted.id}").status_code == 200
        assert_no_duplicated_queries(counter.statements)
        return counter.count

    make_comment(adopted, organisation_id=organisation.id)
    few = {role: count(users.get(role)) for role in ("anonymous", "secretary_a")}
    for _ in range(15):
        make_comment(adopted, organisation_id=organisation.id)
        make_comment(adopted, commenter_name="Someone")
    assert {role: count(users.get(role)) for role in ("anonymous", "secretary_a")} == few
    # The core page's (at most 6) and the comments and the period's holidays.
    assert max(few.values()) <= 8
