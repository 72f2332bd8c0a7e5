"""Public comment on a plan: opening the period, comments by every kind of reader, answers,
the consultation report and its publication; every refusal saves nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.accounts.models import AddressAttempt, AttemptKind, Role
from safety.audit.models import AuditAction, AuditEvent
from safety.dates import today
from safety.organisations.models import Organisation, OrganisationStatus
from safety.plans.models import (
    ActionPlan,
    CommentResponse,
    Holiday,
    HolidayKind,
    PlanComment,
    PlanEvent,
    PlanStatus,
)
from safety.plans.working_days import working_days
from tests.conftest import assert_no_duplicated_queries

BODY = "Please add lighting on the path behind the school, where children walk in the dark."


@pytest.fixture
def english(login):
    def factory(user=None, language="en"):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return factory


@pytest.fixture
def draft(make_plan, council_a):
    return make_plan(council_a, year=2026, title="Draft plan 2026")


@pytest.fixture
def open_plan(make_plan, council_a):
    now = today()
    return make_plan(
        council_a,
        year=2027,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=now - timedelta(days=5),
        comment_ends_on=now + timedelta(days=25),
    )


@pytest.fixture
def closed_plan(make_plan, council_a):
    now = today()
    return make_plan(
        council_a,
        year=2028,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=now - timedelta(days=40),
        comment_ends_on=now - timedelta(days=10),
    )


def plan_state(session) -> tuple:
    """Everything a refused request must leave as it was."""
    session.expire_all()
    return (
        [tuple(row) for row in session.execute(select(ActionPlan.__table__))],
        [tuple(row) for row in session.execute(select(PlanEvent.__table__))],
        [tuple(row) for row in session.execute(select(PlanComment.__table__))],
    )


def comments_of(session, plan) -> list[PlanComment]:
    session.expire_all()
    return list(
        session.scalars(
            select(PlanComment).where(PlanComment.plan_id == plan.id).order_by(PlanComment.id)
        )
    )


# Opening the comment period ------------------------------------------------------------------


def period_form(plan, starts_on, ends_on, **extra):
    return {
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat(),
        "version": plan.version_id,
        **extra,
    }


def test_the_form_suggests_today_and_an_end_holding_fifteen_working_days(
    english, users, draft, session
):
    page = english(users["secretary_a"]).get(f"/plans/{draft.id}/open-comment")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    start = today()
    assert f'value="{start.isoformat()}"' in text
    end = date.fromisoformat(text.split('name="ends_on"')[1].split('value="')[1][:10])
    assert working_days(start, end, set()) == 15
    assert working_days(start, end - timedelta(days=1), set()) < 15


def test_the_confirmation_shows_the_working_days_and_saves_nothing(english, users, draft, session):
    start = today()
    # Two weeks and a day: 10 or 11 weekdays, never 15, less a holiday on a weekday.
    end = start + timedelta(days=14)
    weekday = start + timedelta(days=max(0, 7 - start.weekday()) if start.weekday() >= 5 else 0)
    session.add(
        Holiday(
            day=weekday,
            name_sq="Festë",
            name_sr="Praznik",
            name_en="A holiday",
            kind=HolidayKind.OTHER,
        )
    )
    session.commit()
    before = plan_state(session)
    page = english(users["secretary_a"]).post(
        f"/plans/{draft.id}/open-comment", data=period_form(draft, start, end)
    )
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    expected = working_days(start, end, set(session.scalars(select(Holiday.day))))
    assert f"{expected} working days" in text
    assert "shorter than 15 working days" in text
    assert 'name="confirmed" type="hidden" value="1"' in text
    assert plan_state(session) == before


def test_opening_the_period_makes_the_plan_public_today(english, users, draft, session, login):
    start = today() + timedelta(days=1)
    end = start + timedelta(days=30)
    response = english(users["secretary_a"]).post(
        f"/plans/{draft.id}/open-comment", data=period_form(draft, start, end, confirmed="1")
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/plans/{draft.id}"
    session.refresh(draft)
    assert draft.status == PlanStatus.OPEN_FOR_COMMENT
    assert (draft.comment_starts_on, draft.comment_ends_on) == (start, end)
    event = session.scalars(
        select(PlanEvent).where(PlanEvent.plan_id == draft.id).order_by(PlanEvent.id.desc())
    ).first()
    assert (event.status, event.changed_on, event.actor_id) == (
        PlanStatus.OPEN_FOR_COMMENT,
        today(),
        users["secretary_a"].id,
    )
    audit = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "action_plans",
            AuditEvent.entity_id == draft.id,
            AuditEvent.action == AuditAction.UPDATE,
        )
    ).all()
    assert len(audit) == 1
    assert audit[0].actor_id == users["secretary_a"].id
    # Public now; comments are taken from tomorrow.
    public = english(None).get(f"/plans/{draft.id}")
    assert public.status_code == 200
    assert "Comments can be sent from" in public.get_data(as_text=True)
    assert english(None).get(f"/plans/{draft.id}/comments/new").status_code == 400


def test_a_short_period_is_opened_with_a_warning_shown_on_the_plan(english, users, draft, session):
    start = today()
    end = start + timedelta(days=6)
    client = english(users["secretary_a"])
    response = client.post(
        f"/plans/{draft.id}/open-comment",
        data=period_form(draft, start, end, confirmed="1"),
        follow_redirects=True,
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "flash-warning" in text
    assert "fewer than 15 working days" in text
    session.refresh(draft)
    assert draft.status == PlanStatus.OPEN_FOR_COMMENT


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        (-1, 20, "The period starts today or later"),
        (3, 2, "The last day cannot come before the first day."),
        (None, 20, "This field is required."),
    ],
)
def test_bad_periods_are_refused(english, users, draft, session, starts, ends, message):
    before = plan_state(session)
    now = today()
    data = {
        "starts_on": "" if starts is None else (now + timedelta(days=starts)).isoformat(),
        "ends_on": (now + timedelta(days=ends)).isoformat(),
        "version": draft.version_id,
        "confirmed": "1",
    }
    response = english(users["secretary_a"]).post(f"/plans/{draft.id}/open-comment", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert plan_state(session) == before


def test_only_a_draft_is_opened(english, users, open_plan, session):
    before = plan_state(session)
    client = english(users["secretary_a"])
    for method in ("get", "post"):
        response = getattr(client, method)(f"/plans/{open_plan.id}/open-comment")
        assert response.status_code == 400
        assert "only on a draft plan" in response.get_data(as_text=True)
    assert plan_state(session) == before


def test_a_stale_opening_answers_409(english, users, draft, session):
    stale = draft.version_id
    draft.summary = "Changed by someone else meanwhile."
    session.commit()
    before = plan_state(session)
    start = today()
    response = english(users["secretary_a"]).post(
        f"/plans/{draft.id}/open-comment",
        data={
            **period_form(draft, start, start + timedelta(days=30), confirmed="1"),
            "version": stale,
        },
    )
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Someone else changed this plan" in text
    # Back to choosing the dates, on the current version.
    assert 'name="confirmed" type="hidden" value=""' in text
    assert plan_state(session) == before


# Comments ------------------------------------------------------------------------------------


def test_the_public_comments_anonymously_in_its_language(english, users, open_plan, session):
    client = english(None, language="sr")
    form = client.get(f"/plans/{open_plan.id}/comments/new")
    assert form.status_code == 200
    response = client.post(
        f"/plans/{open_plan.id}/comments/new",
        data={
            "item_id": "",
            "body": BODY,
            "commenter_name": "Jelena Private",
            "commenter_email": "jelena@example.org",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/plans/{open_plan.id}#comments"
    [comment] = comments_of(session, open_plan)
    assert (comment.body, comment.language, comment.submitted_on) == (BODY, "sr", today())
    assert (comment.commenter_name, comment.commenter_email) == (
        "Jelena Private",
        "jelena@example.org",
    )
    assert (comment.organisation_id, comment.author_id, comment.item_id) == (None, None, None)
    audit = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "plan_comments", AuditEvent.entity_id == comment.id
        )
    ).one()
    assert (audit.actor_id, audit.actor_label) == (None, "anonymous")
    assert "jelena@example.org" not in str(audit.changes)
    attempts = session.scalar(
        select(func.count(AddressAttempt.id)).where(
            AddressAttempt.kind == AttemptKind.ANONYMOUS_SUBMISSION
        )
    )
    assert attempts == 1


@pytest.mark.parametrize("role", ["anonymous", "cso", "cso_pending", "secretary_b", "ministry"])
def test_the_plan_shows_comments_without_private_contacts(
    english, users, open_plan, make_comment, role
):
    make_comment(
        open_plan,
        submitted_on=today(),
        commenter_name="Jelena Private",
        commenter_email="jelena@example.org",
    )
    text = english(users.get(role)).get(f"/plans/{open_plan.id}").get_data(as_text=True)
    assert "Please add lighting at the bus stop" in text
    assert "A member of the public" in text
    shown = role == "ministry"
    assert ("Jelena Private" in text) == shown
    assert ("jelena@example.org" in text) == shown


def test_the_councils_secretary_sees_a_commenters_contact(english, users, open_plan, make_comment):
    make_comment(open_plan, commenter_name="Jelena Private", commenter_email="jelena@example.org")
    text = english(users["secretary_a"]).get(f"/plans/{open_plan.id}").get_data(as_text=True)
    assert "Only staff see this: Jelena Private, jelena@example.org" in text


def test_a_comment_on_one_item(english, users, open_plan, make_item, session):
    item = make_item(open_plan, activity="Install street lights on the school road")
    client = english(None)
    form = client.get(f"/plans/{open_plan.id}/comments/new?item={item.id}")
    assert f'<option selected value="{item.id}">' in form.get_data(as_text=True)
    response = client.post(
        f"/plans/{open_plan.id}/comments/new", data={"item_id": str(item.id), "body": BODY}
    )
    assert response.status_code == 302
    [comment] = comments_of(session, open_plan)
    assert comment.item_id == item.id
    page = client.get(f"/plans/{open_plan.id}").get_data(as_text=True)
    assert "On the action: " in page


def test_an_item_of_another_plan_is_refused(english, open_plan, draft, make_item, session):
    other = make_item(draft)
    before = plan_state(session)
    response = english(None).post(
        f"/plans/{open_plan.id}/comments/new", data={"item_id": str(other.id), "body": BODY}
    )
    assert response.status_code == 400
    assert "Choose the whole plan or one of its actions." in response.get_data(as_text=True)
    assert plan_state(session) == before


def test_a_verified_organisation_comments_in_its_name(english, users, open_plan, session):
    user = users["cso"]
    client = english(user)
    form = client.get(f"/plans/{open_plan.id}/comments/new").get_data(as_text=True)
    assert "You comment in the name of" in form
    assert 'name="commenter_email"' not in form
    response = client.post(f"/plans/{open_plan.id}/comments/new", data={"body": BODY})
    assert response.status_code == 302
    [comment] = comments_of(session, open_plan)
    assert (comment.organisation_id, comment.author_id) == (user.organisation_id, user.id)
    assert (comment.commenter_name, comment.commenter_email) == (None, None)
    # Organisations are not counted against the anonymous limit.
    assert session.scalar(select(func.count(AddressAttempt.id))) == 0
    organisation = session.get(Organisation, user.organisation_id)
    text = english(None).get(f"/plans/{open_plan.id}").get_data(as_text=True)
    assert organisation.verified_name in text


@pytest.mark.parametrize("status", [OrganisationStatus.PENDING, OrganisationStatus.REJECTED])
def test_an_unverified_organisation_comments_only_as_the_public(
    english, make_user, make_organisation, open_plan, session, status
):
    organisation = make_organisation(status=status, name="Not Yet Verified Association")
    user = make_user(Role.CSO, organisation_id=organisation.id)
    client = english(user)
    form = client.get(f"/plans/{open_plan.id}/comments/new").get_data(as_text=True)
    assert "you comment as a member of the public, not in its name" in form
    assert 'name="commenter_email"' in form
    response = client.post(f"/plans/{open_plan.id}/comments/new", data={"body": BODY})
    assert response.status_code == 302
    [comment] = comments_of(session, open_plan)
    assert (comment.organisation_id, comment.author_id) == (None, None)
    text = english(None).get(f"/plans/{open_plan.id}").get_data(as_text=True)
    assert "Not Yet Verified Association" not in text


def test_the_honeypot_saves_nothing_and_counts_against_the_address(english, open_plan, session):
    before = plan_state(session)
    response = english(None).post(
        f"/plans/{open_plan.id}/comments/new",
        data={"body": BODY, "website": "http://spam.example"},
    )
    assert response.status_code == 400
    assert "hidden field meant to stop automated senders" in response.get_data(as_text=True)
    assert plan_state(session) == before
    assert session.scalar(select(func.count(AddressAttempt.id))) == 1


def test_the_address_limit_is_shared_with_anonymous_concerns(app, english, open_plan, session):
    app.config["ADDRESS_MAX_ANONYMOUS_SUBMISSIONS"] = 2
    client = english(None)
    for _ in range(2):
        response = client.post(f"/plans/{open_plan.id}/comments/new", data={"body": BODY})
        assert response.status_code == 302
    before = plan_state(session)
    response = client.post(f"/plans/{open_plan.id}/comments/new", data={"body": BODY})
    assert response.status_code == 429
    assert "Too many attempts from your network" in response.get_data(as_text=True)
    assert plan_state(session) == before


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        (1, 20, "has not started yet"),
        (-20, -1, "has ended: comments can no longer be sent"),
    ],
)
def test_no_comment_outside_the_period(
    english, make_plan, council_a, session, starts, ends, message
):
    now = today()
    plan = make_plan(
        council_a,
        year=2029,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=now + timedelta(days=starts),
        comment_ends_on=now + timedelta(days=ends),
    )
    before = plan_state(session)
    client = english(None)
    assert client.get(f"/plans/{plan.id}/comments/new").status_code == 400
    response = client.post(f"/plans/{plan.id}/comments/new", data={"body": BODY})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert plan_state(session) == before


def test_the_last_day_of_the_period_still_takes_comments(english, make_plan, council_a, session):
    now = today()
    plan = make_plan(
        council_a,
        year=2029,
        status=PlanStatus.OPEN_FOR_COMMENT,
        comment_starts_on=now - timedelta(days=20),
        comment_ends_on=now,
    )
    response = english(None).post(f"/plans/{plan.id}/comments/new", data={"body": BODY})
    assert response.status_code == 302


def test_an_adopted_plan_takes_no_comment(english, users, make_plan, council_a, session):
    now = today()
    plan = make_plan(
        council_a,
        year=2029,
        status=PlanStatus.ADOPTED,
        comment_starts_on=now - timedelta(days=20),
        comment_ends_on=now + timedelta(days=5),
        adopted_on=now - timedelta(days=1),
    )
    response = english(None).post(f"/plans/{plan.id}/comments/new", data={"body": BODY})
    assert response.status_code == 400
    assert "not open for public comment" in response.get_data(as_text=True)


def test_a_draft_is_not_there_for_the_public(english, users, draft):
    assert english(None).get(f"/plans/{draft.id}/comments/new").status_code == 404
    assert (
        english(users["cso"])
        .post(f"/plans/{draft.id}/comments/new", data={"body": BODY})
        .status_code
        == 404
    )


def test_an_empty_comment_is_refused(english, open_plan, session):
    before = plan_state(session)
    response = english(None).post(f"/plans/{open_plan.id}/comments/new", data={"body": " \u200b "})
    assert response.status_code == 400
    assert plan_state(session) == before


# Answers -------------------------------------------------------------------------------------


def answer_url(plan, comment):
    return f"/plans/{plan.id}/comments/{comment.id}/answer"


def test_answers_wait_for_the_end_of_the_period(english, users, open_plan, make_comment, session):
    comment = make_comment(open_plan, submitted_on=today())
    before = plan_state(session)
    response = english(users["secretary_a"]).post(
        answer_url(open_plan, comment), data={"response": "accepted"}
    )
    assert response.status_code == 400
    assert "once the comment period has ended" in response.get_data(as_text=True)
    assert plan_state(session) == before


@pytest.mark.parametrize("response_value", ["rejected", "partly_accepted"])
def test_a_rejection_or_partial_acceptance_needs_a_reason(
    english, users, closed_plan, make_comment, session, response_value
):
    comment = make_comment(closed_plan)
    before = plan_state(session)
    response = english(users["secretary_a"]).post(
        answer_url(closed_plan, comment), data={"response": response_value, "reason": "  "}
    )
    assert response.status_code == 400
    assert "Say why the comment was rejected or only partly accepted." in response.get_data(
        as_text=True
    )
    assert plan_state(session) == before


def test_answering_records_the_answer_today(english, users, closed_plan, make_comment, session):
    comment = make_comment(closed_plan)
    client = english(users["secretary_a"])
    assert client.get(answer_url(closed_plan, comment)).status_code == 200
    response = client.post(
        answer_url(closed_plan, comment),
        data={"response": "partly_accepted", "reason": "Lighting yes; cameras are the police's."},
    )
    assert response.status_code == 302
    session.refresh(comment)
    assert (comment.response, comment.response_reason, comment.responded_on) == (
        CommentResponse.PARTLY_ACCEPTED,
        "Lighting yes; cameras are the police's.",
        today(),
    )
    # An acceptance needs no reason, and the answer can be corrected until publication.
    form = client.get(answer_url(closed_plan, comment)).get_data(as_text=True)
    assert "Lighting yes; cameras are the police&#39;s." in form
    assert (
        client.post(answer_url(closed_plan, comment), data={"response": "accepted"}).status_code
        == 302
    )
    session.refresh(comment)
    assert (comment.response, comment.response_reason) == (CommentResponse.ACCEPTED, None)


def test_answers_are_frozen_once_the_report_is_published(
    english, users, closed_plan, make_comment, session
):
    comment = make_comment(
        closed_plan, response=CommentResponse.ACCEPTED, responded_on=today() - timedelta(days=2)
    )
    closed_plan.report_published_on = today() - timedelta(days=1)
    session.commit()
    before = plan_state(session)
    response = english(users["secretary_a"]).post(
        answer_url(closed_plan, comment), data={"response": "rejected", "reason": "Changed mind."}
    )
    assert response.status_code == 400
    assert "its answers can no longer be changed" in response.get_data(as_text=True)
    assert plan_state(session) == before


def test_a_comment_is_answered_only_through_its_own_plan(
    english, users, closed_plan, open_plan, make_comment, session
):
    comment = make_comment(open_plan)
    response = english(users["secretary_a"]).post(
        answer_url(closed_plan, comment), data={"response": "accepted"}
    )
    assert response.status_code == 404
    deleted = make_comment(closed_plan, deleted_on=today())
    assert english(users["secretary_a"]).get(answer_url(closed_plan, deleted)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [("secretary_b", 403), ("ministry", 403), ("cso", 403)]
)
def test_only_the_councils_secretary_answers(
    english, users, closed_plan, make_comment, session, role, status
):
    comment = make_comment(closed_plan)
    before = plan_state(session)
    response = english(users[role]).post(
        answer_url(closed_plan, comment), data={"response": "accepted"}
    )
    assert response.status_code == status
    assert plan_state(session) == before


# The consultation report -----------------------------------------------------------------------


def report_url(plan):
    return f"/plans/{plan.id}/consultation-report"


def publish(client, plan, summary="Announced on the notice board."):
    return client.post(
        f"/plans/{plan.id}/report/publish", data={"summary": summary, "version": plan.version_id}
    )


@pytest.fixture
def answered_plan(closed_plan, make_comment, make_item, make_organisation, users):
    item = make_item(closed_plan, activity="Patrols near the bus station")
    organisation = make_organisation(status=OrganisationStatus.VERIFIED, name="Women for Safety")
    make_comment(
        closed_plan,
        organisation_id=organisation.id,
        body="Add patrols at night.",
        item_id=item.id,
        response=CommentResponse.ACCEPTED,
        responded_on=today() - timedelta(days=3),
    )
    make_comment(
        closed_plan,
        body="Ban scooters on pavements.",
        commenter_name="Private Person",
        commenter_email="private@example.org",
        response=CommentResponse.REJECTED,
        response_reason="Traffic rules are the Assembly's, not the council's.",
        responded_on=today() - timedelta(days=2),
    )
    make_comment(closed_plan, body="Spam spam spam.", deleted_on=today() - timedelta(days=1))
    return closed_plan


def test_the_report_lists_every_comment_with_its_answer(english, users, answered_plan):
    text = english(users["secretary_a"]).get(report_url(answered_plan)).get_data(as_text=True)
    assert "Women for Safety" in text
    assert "On the action: Patrols near the bus station" in text
    assert "Add patrols at night." in text
    assert "A member of the public" in text
    assert "Traffic rules are the Assembly&#39;s, not the council&#39;s." in text
    assert "Spam spam spam." not in text
    # The report is the public document: no private name or e-mail, even for staff.
    assert "Private Person" not in text
    assert "private@example.org" not in text
    days = working_days(answered_plan.comment_starts_on, answered_plan.comment_ends_on, set())
    assert f"<dt>Working days</dt><dd>{days}</dd>" in text
    assert "<dt>Comments received</dt><dd>2</dd>" in text
    assert "data-print" in text
    assert "print.js" in text
    assert "This report has not been published" in text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("cso", 404),
        ("secretary_b", 404),
        ("secretary_a", 200),
        ("ministry", 200),
        ("admin", 200),
    ],
)
def test_an_unpublished_report_is_for_staff_only(english, users, answered_plan, role, status):
    response = english(users.get(role)).get(report_url(answered_plan))
    assert response.status_code == status
    if status == 404:
        assert "Add patrols at night." not in response.get_data(as_text=True)


def test_publishing_dates_the_report_today_and_makes_it_public(
    english, users, answered_plan, session
):
    client = english(users["secretary_a"])
    page = client.get(report_url(answered_plan)).get_data(as_text=True)
    assert 'id="publish"' in page
    response = publish(client, answered_plan)
    assert response.status_code == 302
    assert response.headers["Location"] == report_url(answered_plan)
    session.refresh(answered_plan)
    assert answered_plan.report_published_on == today()
    assert answered_plan.report_summary == "Announced on the notice board."
    public = english(None).get(report_url(answered_plan))
    assert public.status_code == 200
    text = public.get_data(as_text=True)
    assert "Announced on the notice board." in text
    assert "This report has not been published" not in text
    before = plan_state(session)
    again = publish(client, answered_plan)
    assert again.status_code == 400
    assert "already been published" in again.get_data(as_text=True)
    assert plan_state(session) == before


def test_unanswered_comments_block_publication(
    english, users, answered_plan, make_comment, session
):
    make_comment(answered_plan, body="One more thought.")
    make_comment(answered_plan, body="And another.")
    before = plan_state(session)
    client = english(users["secretary_a"])
    page = client.get(report_url(answered_plan)).get_data(as_text=True)
    assert "2 comments are still unanswered" in page
    assert 'action="/plans/' not in page.split('id="publish"')[1]
    response = publish(client, answered_plan)
    assert response.status_code == 400
    assert "2 comments are still unanswered" in response.get_data(as_text=True)
    assert plan_state(session) == before


def test_no_publication_while_the_period_runs(english, users, open_plan, session):
    before = plan_state(session)
    response = publish(english(users["secretary_a"]), open_plan)
    assert response.status_code == 400
    assert plan_state(session) == before


def test_a_report_is_due_even_without_comments(english, users, closed_plan, session):
    client = english(users["secretary_a"])
    text = client.get(report_url(closed_plan)).get_data(as_text=True)
    assert "No comments were received during the public comment period." in text
    assert publish(client, closed_plan, summary="").status_code == 302
    session.refresh(closed_plan)
    assert closed_plan.report_published_on == today()
    assert closed_plan.report_summary == ""


def test_a_plan_without_a_period_has_no_report(english, users, draft):
    assert english(users["secretary_a"]).get(report_url(draft)).status_code == 404


def test_a_stale_publication_answers_409(english, users, answered_plan, session):
    stale = answered_plan.version_id
    answered_plan.summary = "Changed meanwhile."
    session.commit()
    before = plan_state(session)
    response = english(users["secretary_a"]).post(
        f"/plans/{answered_plan.id}/report/publish", data={"summary": "Mine", "version": stale}
    )
    assert response.status_code == 409
    assert "Nothing has been published" in response.get_data(as_text=True)
    assert plan_state(session) == before


def test_the_plan_pages_comment_queries_do_not_grow_with_comments(
    english, users, closed_plan, make_comment, make_organisation, count_queries
):
    organisation = make_organisation(status=OrganisationStatus.VERIFIED)
    client = english(users["secretary_a"])

    def count() -> int:
        with count_queries() as counter:
            assert client.get(f"/plans/{closed_plan.id}").status_code == 200
        assert_no_duplicated_queries(counter.statements)
        return counter.count

    make_comment(closed_plan, organisation_id=organisation.id)
    few = count()
    for _ in range(20):
        make_comment(closed_plan, organisation_id=organisation.id)
        make_comment(closed_plan)
    assert count() == few


def test_a_date_that_does_not_exist_is_refused(english, users, draft, session):
    before = plan_state(session)
    response = english(users["secretary_a"]).post(
        f"/plans/{draft.id}/open-comment",
        data={"starts_on": "2031-02-30", "ends_on": "2031-03-30", "version": draft.version_id},
    )
    assert response.status_code == 400
    assert "Not a valid date value." in response.get_data(as_text=True)
    assert plan_state(session) == before


def test_answers_reach_the_public_with_the_report(english, users, answered_plan, session):
    public = english(None).get(f"/plans/{answered_plan.id}").get_data(as_text=True)
    assert "Ban scooters on pavements." in public
    assert "Traffic rules are the Assembly" not in public
    assert "answer is published with its consultation report." in public
    staff = english(users["ministry"]).get(f"/plans/{answered_plan.id}").get_data(as_text=True)
    assert "Traffic rules are the Assembly" in staff
    assert publish(english(users["secretary_a"]), answered_plan).status_code == 302
    public = english(None).get(f"/plans/{answered_plan.id}").get_data(as_text=True)
    assert "Traffic rules are the Assembly" in public
    assert "published on" in public
