"""Case handling: the concern page by role, status changes and their refusals, answers given
outside the app, duplicates, review, notes, deletion, agenda links, templates and the outbox."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.audit.models import AuditAction, AuditEvent
from safety.concerns import cases
from safety.concerns.models import (
    AnswerChannel,
    Concern,
    ConcernCategory,
    ConcernChannel,
    ConcernEvent,
    ConcernMeeting,
    ConcernNote,
    ConcernStatus,
    OutboxMessage,
    ResponseTemplate,
    Sensitivity,
)
from safety.concerns.queries import answered_on_column, overdue_clause
from safety.concerns.similar import search_words, similar_concerns
from safety.consultations.models import AgendaItem, Meeting, MeetingKind, MeetingStatus
from safety.dates import format_date, today
from tests.conftest import assert_no_duplicated_queries

S = ConcernStatus
RESTRICTED_TEXT = "Restricted text that must never leak."
RESTRICTED_TITLE = "Restricted matter in Ulpiana"


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
def cso_concern(make_concern, users, council_a):
    cso = users["cso"]
    return make_concern(
        council_a,
        title="Unlit underpass at Dardania",
        channel=ConcernChannel.ORGANISATION,
        organisation_id=cso.organisation_id,
        submitted_by_id=cso.id,
        submitter_name="Vjosa CSO Officer",
        submitter_email="officer@cso.example.org",
        history=[(S.UNDER_REVIEW, date(2025, 3, 10), "We are looking into it.")],
    )


@pytest.fixture
def restricted(make_concern, council_a):
    return make_concern(
        council_a,
        title=RESTRICTED_TITLE,
        description=RESTRICTED_TEXT,
        category=ConcernCategory.DOMESTIC_VIOLENCE,
        sensitivity=Sensitivity.RESTRICTED,
        submitter_name="Hidden Caller",
        submitter_email="hidden@example.org",
        submitter_phone="+383 44 000 111",
    )


def text(response) -> str:
    return response.get_data(as_text=True)


def events_of(session, concern) -> list[ConcernEvent]:
    return list(
        session.scalars(
            select(ConcernEvent).where(ConcernEvent.concern_id == concern.id).order_by("id")
        )
    )


def outbox(session) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def post_status(client, session, concern, **data):
    version = session.get(Concern, concern.id).version_id
    form = {"answer_channel": "in_app", "version": str(version), **data}
    return client.post(f"/concerns/{concern.id}/status", data=form)


def unchanged(session, concern, status, events):
    """Nothing saved: same status, same events, no message queued."""
    session.expire_all()
    assert session.get(Concern, concern.id).status == status
    assert len(events_of(session, concern)) == events
    assert outbox(session) == []


# -- The concern page by role -----------------------------------------------------------------


def test_public_reads_the_answers_of_a_public_concern_but_never_its_submitter(english, cso_concern):
    page = text(english().get(f"/concerns/{cso_concern.id}"))
    assert "Unlit underpass at Dardania" in page
    assert "We are looking into it." in page
    assert "Vjosa CSO Officer" not in page
    assert "officer@cso.example.org" not in page
    assert "Internal notes" not in page
    assert "Change the status" not in page


def test_the_secretary_sees_submitter_notes_and_actions(secretary, session, cso_concern):
    session.add(
        ConcernNote(concern_id=cso_concern.id, body="Asked the utility company.", author_id=None)
    )
    session.commit()
    page = text(secretary.get(f"/concerns/{cso_concern.id}"))
    for expected in (
        "Vjosa CSO Officer",
        "officer@cso.example.org",
        "Asked the utility company.",
        "Change the status and answer",
        "Review and classify",
        "Add the note",
    ):
        assert expected in page


def test_the_ministry_reads_notes_but_not_the_submitter(english, users, session, restricted):
    session.add(ConcernNote(concern_id=restricted.id, body="Police informed."))
    session.commit()
    page = text(english(users["ministry"]).get(f"/concerns/{restricted.id}"))
    assert RESTRICTED_TEXT in page
    assert "Police informed." in page
    assert "Hidden Caller" not in page
    assert "hidden@example.org" not in page
    assert "+383 44 000 111" not in page
    assert "Add the note" not in page


def test_the_submitting_cso_sees_its_concern_and_answers_but_never_notes(
    english, users, session, cso_concern
):
    session.add(ConcernNote(concern_id=cso_concern.id, body="Internal: caller is difficult."))
    session.commit()
    page = text(english(users["cso"]).get(f"/concerns/{cso_concern.id}"))
    assert "We are looking into it." in page
    assert "Vjosa CSO Officer" in page
    assert "Internal: caller is difficult." not in page
    assert "Internal notes" not in page


@pytest.mark.parametrize("role", ["anonymous", "cso", "cso_pending", "secretary_b"])
def test_restricted_and_unreviewed_concerns_are_not_found_by_outsiders(
    role, english, users, make_concern, council_a, restricted
):
    unreviewed = make_concern(council_a, title="Unreviewed public-form concern", reviewed_on=None)
    client = english(users.get(role))
    for concern in (restricted, unreviewed):
        response = client.get(f"/concerns/{concern.id}")
        body = text(response)
        assert response.status_code == 404
        for secret in (RESTRICTED_TITLE, RESTRICTED_TEXT, "Hidden Caller", unreviewed.title):
            assert secret not in body


def test_secretary_b_reads_a_public_concern_of_a_as_the_public_does(english, users, cso_concern):
    as_b = text(english(users["secretary_b"]).get(f"/concerns/{cso_concern.id}"))
    assert "Vjosa CSO Officer" not in as_b
    assert "Change the status" not in as_b
    assert english(users["secretary_b"]).get(f"/concerns/{cso_concern.id}/status").status_code == (
        403
    )


def test_an_answer_given_by_phone_shows_both_dates(secretary, session, make_concern):
    concern = make_concern(submitted_on=date(2025, 4, 28))
    session.add(
        ConcernEvent(
            concern_id=concern.id,
            status=S.RESOLVED,
            changed_on=date(2025, 5, 3),
            answer="The dogs were taken to the shelter.",
            answer_channel=AnswerChannel.PHONE,
        )
    )
    session.commit()
    page = text(secretary.get(f"/concerns/{concern.id}"))
    recorded = format_date(today())
    assert f"Answered on 03.05.2025 (By telephone), recorded on {recorded}." in page


def test_an_unanswered_old_concern_is_marked_overdue(english, make_concern):
    overdue = make_concern(submitted_on=today() - timedelta(days=31))
    due_today = make_concern(submitted_on=today() - timedelta(days=30))
    assert "Answer overdue" in text(english().get(f"/concerns/{overdue.id}"))
    page = text(english().get(f"/concerns/{due_today.id}"))
    assert "Answer overdue" not in page
    assert format_date(today()) in page


def test_meetings_shown_to_whoever_may_read_them(
    english, secretary, session, cso_concern, make_meeting, council_a
):
    council_meeting = make_meeting(council_a, title="Closed council meeting")
    consultation = make_meeting(
        council_a, kind=MeetingKind.PUBLIC_CONSULTATION, title="Open consultation"
    )
    for meeting in (council_meeting, consultation):
        session.add(ConcernMeeting(concern_id=cso_concern.id, meeting_id=meeting.id))
    session.commit()
    public = text(english().get(f"/concerns/{cso_concern.id}"))
    assert "Open consultation" in public
    assert "Closed council meeting" not in public
    staff = text(secretary.get(f"/concerns/{cso_concern.id}"))
    assert "Open consultation" in staff
    assert "Closed council meeting" in staff
    assert f"/meetings/{council_meeting.id}" in staff


def test_the_page_runs_the_same_queries_for_2_and_30_events(
    secretary, session, make_concern, count_queries
):
    few = make_concern(history=[(S.UNDER_REVIEW, date(2025, 3, 5), "Looking.")])
    many = make_concern(
        history=[
            (S.UNDER_REVIEW if n % 2 else S.REOPENED, date(2025, 3, 5), f"Answer {n}")
            for n in range(29)
        ]
    )
    for concern in (few, many):
        session.add(ConcernNote(concern_id=concern.id, body="A note"))
    session.commit()
    counts = []
    # The URLs are built first: reading an expired id would count a test-side query.
    for url in [f"/concerns/{concern.id}" for concern in (few, many)]:
        with count_queries() as counter:
            response = secretary.get(url)
        assert response.status_code == 200
        assert_no_duplicated_queries(counter.statements)
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert len(events_of(session, many)) == 30
    # The user, the concern with its council, events, photos, notes, duplicates, meetings,
    # the action plan items answering it (plans/_concern_items.html), and the answer limit
    # in force (R16's threshold history).
    assert counts[0] <= 9


# -- Status changes ---------------------------------------------------------------------------


def test_the_transition_table():
    answering = [S.ACCEPTED_INTO_PLAN, S.REFERRED, S.RESOLVED, S.REJECTED, S.DUPLICATE]
    assert cases.allowed_statuses(S.SUBMITTED) == [S.UNDER_REVIEW, *answering]
    assert cases.allowed_statuses(S.UNDER_REVIEW) == answering
    assert cases.allowed_statuses(S.REOPENED) == [S.UNDER_REVIEW, *answering]
    assert cases.allowed_statuses(S.REFERRED) == [S.RESOLVED]
    assert cases.allowed_statuses(S.ACCEPTED_INTO_PLAN) == [S.RESOLVED]
    for closed in (S.RESOLVED, S.REJECTED, S.DUPLICATE):
        assert cases.allowed_statuses(closed) == []


def test_moving_to_review_needs_no_answer_and_tells_the_submitter(secretary, session, make_concern):
    concern = make_concern(submitter_email="citizen@example.org", tracking_token_hash="a" * 64)
    response = post_status(secretary, session, concern, status="under_review")
    assert response.status_code == 302
    session.expire_all()
    event = events_of(session, concern)[-1]
    assert (event.status, event.answer, event.changed_on) == (S.UNDER_REVIEW, None, today())
    assert session.get(Concern, concern.id).status == S.UNDER_REVIEW
    [message] = outbox(session)
    assert message.dedupe_key == f"concern-{concern.id}-event-{event.id}"
    assert message.recipient == "citizen@example.org"
    assert "Under review" in message.body
    assert "private tracking link" in message.body


def test_every_other_change_needs_an_answer(secretary, session, make_concern):
    concern = make_concern(submitter_email="citizen@example.org")
    response = post_status(secretary, session, concern, status="resolved", answer="  ")
    assert response.status_code == 400
    assert "Write the answer the submitter will read." in text(response)
    unchanged(session, concern, S.SUBMITTED, 1)


def test_a_rejection_needs_a_reason(secretary, session, make_concern):
    concern = make_concern(submitter_email="citizen@example.org")
    response = post_status(
        secretary, session, concern, status="rejected", answer="We cannot act on this."
    )
    assert response.status_code == 400
    assert "Give the reason for rejecting the concern." in text(response)
    unchanged(session, concern, S.SUBMITTED, 1)
    response = post_status(
        secretary,
        session,
        concern,
        status="rejected",
        answer="We cannot act on this.",
        reason="Outside the council's competence.",
    )
    assert response.status_code == 302
    event = events_of(session, concern)[-1]
    assert (event.status, event.reason) == (S.REJECTED, "Outside the council's competence.")


def test_a_referral_needs_the_body_and_its_name(secretary, session, make_concern):
    concern = make_concern()
    response = post_status(secretary, session, concern, status="referred", answer="Referred.")
    assert response.status_code == 400
    page = text(response)
    assert "Choose the body the concern is referred to." in page
    assert "Name the body" in page
    unchanged(session, concern, S.SUBMITTED, 1)
    response = post_status(
        secretary,
        session,
        concern,
        status="referred",
        answer="Referred.",
        referred_to="mocr",
        referred_to_name="MOCR of the municipality",
    )
    assert response.status_code == 302
    event = events_of(session, concern)[-1]
    assert (event.referred_to, event.referred_to_name) == ("mocr", "MOCR of the municipality")
    assert "MOCR of the municipality" in text(secretary.get(f"/concerns/{concern.id}"))


def test_a_status_that_may_not_follow_is_refused(secretary, session, make_concern):
    concern = make_concern(history=[(S.REFERRED, date(2025, 3, 5), "Sent to the police.")])
    response = post_status(secretary, session, concern, status="rejected", answer="x", reason="y")
    assert response.status_code == 400
    assert "Not a valid choice" in text(response)
    unchanged(session, concern, S.REFERRED, 2)
    # The service refuses it too, whoever calls it.
    with pytest.raises(cases.CaseChangeRefusedError, match="not_allowed"):
        cases.change_status(
            session, None, concern, status=S.UNDER_REVIEW, today=today(), answer="x"
        )


def test_a_closed_concern_offers_no_change(secretary, make_concern):
    concern = make_concern(history=[(S.RESOLVED, date(2025, 3, 5), "Done.")])
    response = secretary.get(f"/concerns/{concern.id}/status")
    assert response.status_code == 400
    assert "can no longer be changed" in text(response)
    assert "Change the status and answer" not in text(secretary.get(f"/concerns/{concern.id}"))


@pytest.mark.parametrize(
    ("answered_on", "message"),
    [
        ("", "Enter the date the answer was given outside this application."),
        ("FUTURE", "This date cannot be in the future."),
        ("2025-03-02", "The answer cannot be dated before 03.03.2025"),
    ],
)
def test_an_answer_given_outside_needs_a_plausible_date(
    secretary, session, make_concern, answered_on, message
):
    concern = make_concern(submitted_on=date(2025, 3, 3), submitter_email="c@example.org")
    if answered_on == "FUTURE":
        answered_on = (today() + timedelta(days=1)).isoformat()
    response = post_status(
        secretary,
        session,
        concern,
        status="resolved",
        answer="Told by phone that the lights are fixed.",
        answer_channel="phone",
        answered_on=answered_on,
    )
    assert response.status_code == 400
    assert message in text(response)
    unchanged(session, concern, S.SUBMITTED, 1)


def test_an_answer_given_outside_keeps_its_stated_date_and_channel(
    secretary, session, make_concern
):
    concern = make_concern(submitted_on=date(2025, 3, 3))
    response = post_status(
        secretary,
        session,
        concern,
        status="resolved",
        answer="Told by phone that the lights are fixed.",
        answer_channel="letter",
        answered_on="2025-03-03",
    )
    assert response.status_code == 302
    event = events_of(session, concern)[-1]
    assert (event.changed_on, event.answer_channel) == (date(2025, 3, 3), AnswerChannel.LETTER)


def test_an_in_app_answer_is_dated_today_whatever_date_is_typed(secretary, session, make_concern):
    concern = make_concern()
    response = post_status(
        secretary, session, concern, status="resolved", answer="Fixed.", answered_on="2025-03-04"
    )
    assert response.status_code == 302
    event = events_of(session, concern)[-1]
    assert (event.changed_on, event.answer_channel) == (today(), AnswerChannel.IN_APP)


def test_a_stale_form_gets_409_and_saves_nothing(secretary, session, make_concern):
    concern = make_concern(submitter_email="c@example.org")
    version = concern.version_id
    assert post_status(secretary, session, concern, status="under_review").status_code == 302
    response = secretary.post(
        f"/concerns/{concern.id}/status",
        data={
            "status": "resolved",
            "answer": "Fixed.",
            "answer_channel": "in_app",
            "version": str(version),
        },
    )
    assert response.status_code == 409
    assert "its status is now Under review" in text(response)
    unchanged_events = events_of(session, concern)
    assert [event.status for event in unchanged_events] == [S.SUBMITTED, S.UNDER_REVIEW]
    assert len(outbox(session)) == 1


# -- Duplicates -------------------------------------------------------------------------------


def test_marking_a_duplicate_links_both_ways_and_tells_the_submitter(
    english, secretary, session, make_concern
):
    original = make_concern(title="Stray dogs at the market")
    repeat = make_concern(title="Dogs again at the market", submitter_email="c@example.org")
    response = post_status(
        secretary,
        session,
        repeat,
        status="duplicate",
        answer="This is already being handled.",
        duplicate_of=original.reference.lower(),
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Concern, repeat.id).duplicate_of_id == original.id
    assert events_of(session, repeat)[-1].duplicate_of_id == original.id
    repeat_page = text(english().get(f"/concerns/{repeat.id}"))
    assert f'href="/concerns/{original.id}"' in repeat_page
    original_page = text(english().get(f"/concerns/{original.id}"))
    assert "Repeated by" in original_page
    assert f'href="/concerns/{repeat.id}"' in original_page
    assert len(outbox(session)) == 1


def test_duplicate_refusals(secretary, session, make_concern, council_b):
    concern = make_concern()
    other_council = make_concern(council_b)
    loop = make_concern()
    loop.duplicate_of_id = concern.id
    loop.status = S.DUPLICATE
    session.commit()
    cases_and_messages = [
        ("", "Enter the reference of the concern this one repeats."),
        (concern.reference, "A concern cannot be a duplicate of itself."),
        (other_council.reference, "No concern of this council has the reference"),
        ("NOPE-1", "No concern of this council has the reference NOPE-1."),
        (loop.reference, "is already marked as a duplicate of this one"),
    ]
    for reference, message in cases_and_messages:
        response = post_status(
            secretary, session, concern, status="duplicate", answer="Same.", duplicate_of=reference
        )
        assert response.status_code == 400, reference
        assert message in text(response)
    unchanged(session, concern, S.SUBMITTED, 1)


def test_the_service_refuses_another_councils_or_a_deleted_concern(
    session, make_concern, council_b, users
):
    concern = make_concern()
    other_council = make_concern(council_b)
    deleted = make_concern(deleted_on=date(2025, 4, 1), deleted_reason="Spam")
    for other, code in ((other_council, "duplicate_other_council"), (deleted, "duplicate_deleted")):
        with pytest.raises(cases.CaseChangeRefusedError, match=code):
            cases.mark_duplicate(
                session, users["secretary_a"], concern, other=other, answer="x", today=today()
            )
    session.rollback()


# -- The outbox ---------------------------------------------------------------------------------


def test_one_message_per_change_and_never_any_concern_text(secretary, session, restricted):
    answer = "We have informed the social services about your family."
    assert post_status(secretary, session, restricted, status="under_review").status_code == 302
    assert (
        post_status(secretary, session, restricted, status="resolved", answer=answer).status_code
        == 302
    )
    messages = outbox(session)
    assert len(messages) == 2
    assert len({message.dedupe_key for message in messages}) == 2
    for message in messages:
        assert message.recipient == "hidden@example.org"
        for secret in (RESTRICTED_TEXT, RESTRICTED_TITLE, answer, "Hidden Caller"):
            assert secret not in message.body
            assert secret not in message.subject
        assert restricted.reference in message.subject
    # Written in each language, since the submitter's is not known.
    assert "Resolved" in messages[1].body
    assert messages[1].body.count("-----") == 2


def test_an_organisations_submitter_gets_a_link_to_the_concern(secretary, session, cso_concern):
    response = post_status(secretary, session, cso_concern, status="resolved", answer="Fixed.")
    assert response.status_code == 302
    [message] = outbox(session)
    assert f"/concerns/{cso_concern.id}" in message.body
    assert "Fixed." not in message.body


def test_no_message_without_an_email(secretary, session, make_concern):
    concern = make_concern(submitter_email=None)
    assert post_status(secretary, session, concern, status="under_review").status_code == 302
    assert outbox(session) == []


# -- Answer templates -------------------------------------------------------------------------


def test_a_template_prefills_the_answer_without_javascript(secretary, session, make_concern):
    concern = make_concern()
    english_template = ResponseTemplate(
        council_id=concern.council_id, language="en", title="Fixed", body="The fault is repaired."
    )
    albanian = ResponseTemplate(
        council_id=concern.council_id, language="sq", title="Rregulluar", body="U rregullua."
    )
    session.add_all([english_template, albanian])
    session.commit()
    page = text(secretary.get(f"/concerns/{concern.id}/status"))
    assert ">Fixed</option>" in page
    assert "Rregulluar" not in page
    response = secretary.get(
        f"/concerns/{concern.id}/status?status=resolved&template={english_template.id}"
    )
    page = text(response)
    assert "The fault is repaired.</textarea>" in page
    assert '<option selected value="resolved">' in page
    # A template in another language (or of another council) is not offered nor used.
    page = text(secretary.get(f"/concerns/{concern.id}/status?template={albanian.id}"))
    assert "U rregullua." not in page


def test_templates_crud_by_the_secretary_only(english, secretary, session, users, council_a):
    url = f"/councils/{council_a.id}/answer-templates"
    response = secretary.post(
        f"{url}/new", data={"title": "Thanks", "language": "sr", "body": "Hvala."}
    )
    assert response.status_code == 302
    template = session.scalars(select(ResponseTemplate)).one()
    assert (template.council_id, template.language) == (council_a.id, "sr")
    assert secretary.post(f"{url}/new", data={"title": "", "body": ""}).status_code == 400
    response = secretary.post(
        f"{url}/{template.id}/edit", data={"title": "Thank you", "language": "en", "body": "Ok."}
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(ResponseTemplate, template.id).title == "Thank you"
    assert "Thank you" in text(secretary.get(url))
    for role in ("ministry", "admin", "secretary_b"):
        assert english(users[role]).get(url).status_code == 403
    assert secretary.post(f"{url}/{template.id}/delete").status_code == 302
    assert session.scalars(select(ResponseTemplate)).all() == []


def test_another_councils_template_is_not_found(english, session, users, council_a, council_b):
    template = ResponseTemplate(council_id=council_b.id, language="en", title="B", body="B.")
    session.add(template)
    session.commit()
    client = english(users["secretary_a"])
    url = f"/councils/{council_a.id}/answer-templates/{template.id}"
    assert client.get(f"{url}/edit").status_code == 404
    assert client.post(f"{url}/delete").status_code == 404
    assert session.scalars(select(ResponseTemplate)).one().id == template.id


# -- Review -----------------------------------------------------------------------------------


def review(client, session, concern, **data):
    version = session.get(Concern, concern.id).version_id
    form = {
        "reviewed": "y",
        "category": concern.category.value,
        "sensitivity": concern.sensitivity.value,
        "version": str(version),
        **data,
    }
    return client.post(f"/concerns/{concern.id}/edit", data=form)


def test_reviewing_an_anonymous_concern_makes_it_public(english, secretary, session, make_concern):
    concern = make_concern(reviewed_on=None, channel=ConcernChannel.PUBLIC_FORM)
    assert english().get(f"/concerns/{concern.id}").status_code == 404
    response = review(secretary, session, concern, settlement="Arbëria", communities=["roma"])
    assert response.status_code == 302
    session.expire_all()
    stored = session.get(Concern, concern.id)
    assert (stored.reviewed_on, stored.settlement, stored.communities) == (
        today(),
        "Arbëria",
        "roma",
    )
    assert english().get(f"/concerns/{concern.id}").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"serious_incident": "y"}, "Enter the date the serious incident happened."),
        (
            {"serious_incident": "y", "incident_on": "2025-03-04"},
            "The incident cannot be after the concern was submitted (03.03.2025).",
        ),
        ({"serious_incident": "y", "incident_on": "FUTURE"}, "This date cannot be in the future."),
        ({"category": "nonsense"}, "Not a valid choice"),
    ],
)
def test_review_refusals_save_nothing(secretary, session, make_concern, data, message):
    concern = make_concern(submitted_on=date(2025, 3, 3))
    if data.get("incident_on") == "FUTURE":
        data = {**data, "incident_on": (today() + timedelta(days=1)).isoformat()}
    version = concern.version_id
    response = review(secretary, session, concern, **data)
    assert response.status_code == 400
    assert message in text(response)
    session.expire_all()
    stored = session.get(Concern, concern.id)
    assert (stored.version_id, stored.serious_incident) == (version, False)


def test_flagging_a_serious_incident(secretary, session, make_concern):
    concern = make_concern(submitted_on=date(2025, 3, 3))
    response = review(secretary, session, concern, serious_incident="y", incident_on="2025-03-01")
    assert response.status_code == 302
    session.expire_all()
    stored = session.get(Concern, concern.id)
    assert (stored.serious_incident, stored.incident_on) == (True, date(2025, 3, 1))


def test_making_a_domestic_violence_concern_public_needs_confirmation(
    english, secretary, session, restricted
):
    response = review(secretary, session, restricted, sensitivity="public")
    assert response.status_code == 400
    assert "restricted by default" in text(response)
    session.expire_all()
    assert session.get(Concern, restricted.id).sensitivity == Sensitivity.RESTRICTED
    response = review(secretary, session, restricted, sensitivity="public", confirm_public="y")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Concern, restricted.id).sensitivity == Sensitivity.PUBLIC
    # Saving it again as it is asks nothing more.
    assert review(secretary, session, restricted).status_code == 302


def test_a_stale_review_gets_409(secretary, session, make_concern):
    concern = make_concern()
    version = concern.version_id
    assert review(secretary, session, concern, settlement="First").status_code == 302
    response = secretary.post(
        f"/concerns/{concern.id}/edit",
        data={
            "category": concern.category.value,
            "sensitivity": "public",
            "settlement": "Second",
            "version": str(version),
        },
    )
    assert response.status_code == 409
    session.expire_all()
    assert session.get(Concern, concern.id).settlement == "First"


# -- Notes, deletion ---------------------------------------------------------------------------


def test_notes_are_added_by_the_secretary_and_hidden_from_submitter_and_public(
    english, secretary, session, users, cso_concern
):
    assert secretary.post(f"/concerns/{cso_concern.id}/notes", data={"body": ""}).status_code == (
        400
    )
    assert session.scalars(select(ConcernNote)).all() == []
    response = secretary.post(
        f"/concerns/{cso_concern.id}/notes", data={"body": "The caller also phoned twice."}
    )
    assert response.status_code == 302
    note = session.scalars(select(ConcernNote)).one()
    assert note.author_id == users["secretary_a"].id
    assert "The caller also phoned twice." in text(
        english(users["ministry"]).get(f"/concerns/{cso_concern.id}")
    )
    for reader in (english(users["cso"]), english()):
        assert "The caller also phoned twice." not in text(
            reader.get(f"/concerns/{cso_concern.id}")
        )
    assert (
        english(users["ministry"])
        .post(f"/concerns/{cso_concern.id}/notes", data={"body": "Ministry note"})
        .status_code
        == 403
    )
    assert (
        english(users["cso"])
        .post(f"/concerns/{cso_concern.id}/notes", data={"body": "CSO note"})
        .status_code
        == 403
    )


def test_deleting_needs_a_reason_and_removes_the_concern_from_public_view(
    english, secretary, session, users, cso_concern
):
    url = f"/concerns/{cso_concern.id}/delete"
    assert secretary.post(url, data={"reason": " "}).status_code == 400
    session.expire_all()
    assert session.get(Concern, cso_concern.id).deleted_on is None
    before = session.scalar(select(func.max(AuditEvent.id)))
    assert secretary.post(url, data={"reason": "Spam from a bot."}).status_code == 302
    session.expire_all()
    stored = session.get(Concern, cso_concern.id)
    assert (stored.deleted_on, stored.deleted_reason) == (today(), "Spam from a bot.")
    audit = session.scalars(select(AuditEvent).where(AuditEvent.id > (before or 0))).all()
    assert [(row.action, row.entity_type, row.entity_id) for row in audit] == [
        (AuditAction.UPDATE, "concerns", cso_concern.id)
    ]
    assert english().get(f"/concerns/{cso_concern.id}").status_code == 404
    assert english(users["cso"]).get(f"/concerns/{cso_concern.id}").status_code == 404
    assert "Deleted on" in text(secretary.get(f"/concerns/{cso_concern.id}"))
    assert "Deleted on" in text(english(users["ministry"]).get(f"/concerns/{cso_concern.id}"))
    # Nothing more can be done to it.
    assert post_status(
        secretary, session, cso_concern, status="resolved", answer="x"
    ).status_code == (400)


# -- Agenda links ------------------------------------------------------------------------------


def test_putting_a_concern_on_an_agenda_names_it_by_reference_only(
    secretary, session, restricted, make_meeting, council_a, council_b
):
    upcoming = make_meeting(council_a, scheduled_on=today() + timedelta(days=10))
    cancelled = make_meeting(council_a, status=MeetingStatus.CANCELLED, title="Cancelled one")
    of_b = make_meeting(council_b, title="Meeting of B")
    version = upcoming.version_id
    page = text(secretary.get(f"/concerns/{restricted.id}/meetings"))
    assert upcoming.title in page
    assert "Cancelled one" not in page
    assert "Meeting of B" not in page
    for refused in (cancelled.id, of_b.id, "x"):
        response = secretary.post(f"/concerns/{restricted.id}/meetings", data={"meeting": refused})
        assert response.status_code == 400
    assert session.scalars(select(ConcernMeeting)).all() == []

    response = secretary.post(f"/concerns/{restricted.id}/meetings", data={"meeting": upcoming.id})
    assert response.status_code == 302
    session.expire_all()
    link = session.scalars(select(ConcernMeeting)).one()
    assert (link.concern_id, link.meeting_id) == (restricted.id, upcoming.id)
    items = session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == upcoming.id).order_by("position")
    ).all()
    assert [item.position for item in items] == [1, 2]
    # Restricted: the reference alone, not even the category.
    assert items[-1].title == f"Concern {restricted.reference}"
    assert session.get(Meeting, upcoming.id).version_id == version + 1
    # Already linked: no longer offered.
    response = secretary.post(f"/concerns/{restricted.id}/meetings", data={"meeting": upcoming.id})
    assert response.status_code == 400
    assert (
        len(session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == upcoming.id)).all())
        == 2
    )


def test_a_public_concern_is_named_on_the_agenda_by_reference_and_category(
    secretary, session, cso_concern, make_meeting, council_a
):
    held = make_meeting(council_a, status=MeetingStatus.HELD, agenda=())
    response = secretary.post(f"/concerns/{cso_concern.id}/meetings", data={"meeting": held.id})
    assert response.status_code == 302
    item = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == held.id)).one()
    assert (item.position, item.title) == (
        1,
        f"{cso_concern.reference}: Street lighting and infrastructure",
    )


# -- Reopening (the submitter, through the tracking page) ------------------------------------


def test_reopen_once_from_resolved_or_rejected_with_a_reason(session, make_concern, users):
    concern = make_concern(history=[(S.RESOLVED, date(2025, 3, 20), "Repaired.")])
    with pytest.raises(cases.CaseChangeRefusedError, match="reason_required"):
        cases.reopen(session, concern, "  ", date(2025, 4, 1))
    event = cases.reopen(session, concern, "The lights are out again.", date(2025, 4, 1))
    assert (event.status, event.actor_id, event.reason) == (
        S.REOPENED,
        None,
        "The lights are out again.",
    )
    assert (concern.status, concern.reopened_on) == (S.REOPENED, date(2025, 4, 1))
    session.commit()
    # Answered again, then no second reopening.
    cases.change_status(
        session,
        users["secretary_a"],
        concern,
        status=S.RESOLVED,
        today=date(2025, 4, 5),
        answer="Repaired again.",
    )
    with pytest.raises(cases.CaseChangeRefusedError, match="already_reopened"):
        cases.reopen(session, concern, "Again.", date(2025, 4, 10))
    session.rollback()


def test_only_resolved_or_rejected_concerns_reopen(session, make_concern):
    for status in (S.UNDER_REVIEW, S.REFERRED, S.DUPLICATE):
        concern = make_concern(history=[(status, date(2025, 3, 20), "x")])
        with pytest.raises(cases.CaseChangeRefusedError, match="not_reopenable"):
            cases.reopen(session, concern, "Please look again.", date(2025, 4, 1))


def test_an_answer_to_a_reopened_concern_cannot_predate_the_reopening(
    secretary, session, make_concern
):
    concern = make_concern(
        history=[(S.RESOLVED, date(2025, 3, 20), "Repaired.")], reopened_on=date(2025, 4, 1)
    )
    concern.status = S.REOPENED
    session.add(ConcernEvent(concern_id=concern.id, status=S.REOPENED, changed_on=date(2025, 4, 1)))
    session.commit()
    response = post_status(
        secretary,
        session,
        concern,
        status="resolved",
        answer="Told at the meeting.",
        answer_channel="meeting",
        answered_on="2025-03-25",
    )
    assert response.status_code == 400
    assert "cannot be dated before 01.04.2025" in text(response)


# -- Similar concerns and deadlines in SQL ---------------------------------------------------


def test_similar_concerns_share_words_in_the_same_council(session, make_concern, council_b):
    assert search_words("The stray dogs near the school, the DOGS!") == ["school", "stray", "dogs"]
    match = make_concern(title="Stray dogs near the school", description="Packs of dogs bark.")
    weaker = make_concern(title="Dogs at the school gate", description="Children scared.")
    make_concern(title="Stray dogs near the school", description="closed", status=S.RESOLVED)
    make_concern(council_b, title="Stray dogs near the school", description="Other council.")
    make_concern(
        title="Stray dogs near the school", deleted_on=date(2025, 4, 1), deleted_reason="Spam"
    )
    make_concern(title="Broken traffic lights", description="Nothing in common.")
    found = similar_concerns(session, match.council_id, "stray dogs around the school")
    assert [(row.id, row.shared_words) for row in found] == [(match.id, 3), (weaker.id, 2)]
    assert similar_concerns(session, match.council_id, "a b c") == []
    excluded = similar_concerns(
        session, match.council_id, "stray dogs around the school", exclude_id=match.id, limit=1
    )
    assert [row.id for row in excluded] == [weaker.id]
    restricted = make_concern(
        title="Stray dogs near the school", sensitivity=Sensitivity.RESTRICTED
    )
    public = similar_concerns(
        session, match.council_id, "stray dogs school", public_only=True, limit=10
    )
    assert restricted.id not in [row.id for row in public]
    assert match.id in [row.id for row in public]


def test_the_sql_deadline_agrees_with_the_page(session, make_concern):
    day = date(2025, 6, 1)
    answered = make_concern(
        submitted_on=date(2025, 3, 3), history=[(S.RESOLVED, date(2025, 3, 20), "Done.")]
    )
    overdue = make_concern(submitted_on=date(2025, 4, 1))  # day 61
    due_today = make_concern(submitted_on=date(2025, 5, 2))  # day 30
    reopened = make_concern(
        submitted_on=date(2025, 1, 10),
        history=[(S.RESOLVED, date(2025, 1, 20), "Done."), (S.REOPENED, date(2025, 4, 20), None)],
        reopened_on=date(2025, 4, 20),
    )
    rows = dict(session.execute(select(Concern.id, answered_on_column())).all())
    assert rows[answered.id] == date(2025, 3, 20)
    assert rows[reopened.id] is None
    late = set(session.scalars(select(Concern.id).where(overdue_clause(day, 30))))
    assert late == {overdue.id, reopened.id}
    assert due_today.id not in late
