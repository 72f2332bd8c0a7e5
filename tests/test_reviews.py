"""Ministry reviews: opening, responding, replying, closing; e-mails, audit, overdue, home."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.accounts.models import Role
from safety.audit.models import AuditAction, AuditEvent
from safety.compliance import reviews as services
from safety.compliance.evaluation import evaluate_council
from safety.compliance.models import Review, ReviewMessage, ReviewStatus
from safety.compliance.rules import Status
from safety.concerns.models import OutboxMessage
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries

FINDINGS = "No public consultation was held in the last twelve months."
RECOMMENDATIONS = "Hold a public consultation in every part of the municipality."


@pytest.fixture
def english(login):
    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


@pytest.fixture
def review(make_review, council_a, session):
    made = make_review(council_a)
    session.commit()
    return made


def outbox(session) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def audit_since(session, before: int | None) -> list[tuple]:
    rows = session.scalars(
        select(AuditEvent).where(AuditEvent.id > (before or 0)).order_by(AuditEvent.id)
    )
    return [(row.action, row.entity_type, row.entity_id) for row in rows]


def last_audit_id(session) -> int | None:
    return session.scalar(select(func.max(AuditEvent.id)))


def messages(session, review_id: int) -> list[tuple[str, str]]:
    return [
        (message.side, message.body)
        for message in session.scalars(
            select(ReviewMessage)
            .where(ReviewMessage.review_id == review_id)
            .order_by(ReviewMessage.id)
        )
    ]


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def new_review_data(**overrides) -> dict:
    data = {
        "reviewed_as_of": today().isoformat(),
        "findings": FINDINGS,
        "recommendations": RECOMMENDATIONS,
        "respond_by": (today() + timedelta(days=30)).isoformat(),
        "rules": ["R06", "R09"],
    }
    data.update(overrides)
    return data


# Opening a review --------------------------------------------------------------------------


def test_new_review_form_shows_the_findings_and_ticks_the_failing_rules(
    english, users, council_a, session
):
    as_of = today() - timedelta(days=10)
    response = english(users["ministry"]).get(
        f"/councils/{council_a.id}/reviews/new?as_of={as_of.isoformat()}"
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    expected = evaluate_council(session, council_a.id, as_of)
    failing = [f.rule for f in expected.findings if f.status in (Status.BREACH, Status.WARNING)]
    # A council with no records fails several rules: the test would prove nothing otherwise.
    assert len(failing) >= 3
    ticked = re.findall(
        r'<input checked id="rules-\d+" name="rules" type="checkbox" value="(R\d\d)"', html
    )
    assert ticked == failing
    assert f'value="{as_of.isoformat()}"' in html
    assert f"Findings on {as_of:%d.%m.%Y}" in page_text(response)
    # Statuses are shown in words, never as their stored values.
    assert 'class="badge status status-breach">Not met<' in html
    assert ">breach<" not in html


@pytest.mark.parametrize(
    "as_of", ["2026-13-01", "yesterday", "20260101", "1990-01-01", "2999-01-01"]
)
def test_new_review_refuses_a_bad_date(english, users, council_a, as_of):
    response = english(users["ministry"]).get(f"/councils/{council_a.id}/reviews/new?as_of={as_of}")
    assert response.status_code == 400
    assert "Write the date as year-month-day" in page_text(response)


def test_new_review_of_an_unknown_council_is_404(english, users):
    assert english(users["ministry"]).get("/councils/999999/reviews/new").status_code == 404


def test_ministry_opens_a_review_and_the_council_secretary_is_told(
    english, users, council_a, session, make_user
):
    second_secretary = make_user(Role.SECRETARY, council_id=council_a.id, locale="en")
    make_user(Role.SECRETARY, council_id=council_a.id, is_active=False)
    before = last_audit_id(session)
    response = english(users["ministry"]).post(
        f"/councils/{council_a.id}/reviews/new", data=new_review_data()
    )
    assert response.status_code == 302
    stored = session.scalars(select(Review)).one()
    assert response.headers["Location"] == f"/reviews/{stored.id}"
    assert (
        stored.council_id,
        stored.reviewer_id,
        stored.findings,
        stored.recommendations,
        stored.rules,
        stored.status,
        stored.respond_by,
    ) == (
        council_a.id,
        users["ministry"].id,
        FINDINGS,
        RECOMMENDATIONS,
        "R06,R09",
        ReviewStatus.AWAITING_RESPONSE,
        today() + timedelta(days=30),
    )
    assert audit_since(session, before) == [(AuditAction.CREATE, "reviews", stored.id)]
    sent = outbox(session)
    # The council's two active secretaries, not council B's, not the deactivated account.
    assert [m.recipient for m in sent] == [users["secretary_a"].email, second_secretary.email]
    assert [m.dedupe_key for m in sent] == [
        f"review:{stored.id}:opened:{users['secretary_a'].id}",
        f"review:{stored.id}:opened:{second_secretary.id}",
    ]
    link = f"http://localhost/reviews/{stored.id}"
    assert all(link in m.body for m in sent)
    # The e-mail points to the review; it never carries the reviewer's words.
    assert not any(FINDINGS in m.body or RECOMMENDATIONS in m.body for m in sent)
    # No language preference: all three languages; English preferred: English alone.
    assert sent[0].body.count("-----") == 2
    assert "-----" not in sent[1].body
    assert "Please read its findings and recommendations and respond by" in sent[1].body


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"findings": ""}, "This field is required."),
        ({"findings": "x" * 10_001}, "Field cannot be longer than 10000 characters."),
        ({"respond_by": "today"}, "Not a valid date value."),
        ({"respond_by": "TODAY"}, "The response is due after today."),
        ({"respond_by": "FAR"}, "Choose a date no later than"),
        ({"reviewed_as_of": "FUTURE"}, "This date cannot be in the future."),
        ({"rules": ["R99"]}, "is not a valid choice"),
    ],
)
def test_invalid_review_keeps_what_was_typed_and_saves_nothing(
    english, users, council_a, session, overrides, field_error
):
    day = today()
    dates = {
        "TODAY": day.isoformat(),
        "FAR": (day + timedelta(days=400)).isoformat(),
        "FUTURE": (day + timedelta(days=1)).isoformat(),
    }
    data = new_review_data(**overrides)
    for key in ("respond_by", "reviewed_as_of"):
        data[key] = dates.get(data[key], data[key])
    response = english(users["ministry"]).post(f"/councils/{council_a.id}/reviews/new", data=data)
    assert response.status_code == 400
    text = page_text(response)
    assert field_error in text
    if overrides.get("findings") is None:
        assert FINDINGS in response.get_data(as_text=True)
    assert RECOMMENDATIONS in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Review.id))) == 0
    assert outbox(session) == []


# The thread --------------------------------------------------------------------------------


def test_secretary_responds_and_the_reviewer_is_told(english, users, review, session):
    before = last_audit_id(session)
    response = english(users["secretary_a"]).post(
        f"/reviews/{review.id}/respond", data={"body": "We held a consultation on 12 May."}
    )
    assert response.status_code == 302
    session.expire_all()
    stored = session.get(Review, review.id)
    assert stored.status == ReviewStatus.ANSWERED
    message = session.scalars(select(ReviewMessage)).one()
    assert (message.side, message.author_id, message.body) == (
        "council",
        users["secretary_a"].id,
        "We held a consultation on 12 May.",
    )
    # One row per record the action changed: the message written, the review answered.
    assert audit_since(session, before) == [
        (AuditAction.CREATE, "review_messages", message.id),
        (AuditAction.UPDATE, "reviews", review.id),
    ]
    sent = outbox(session)
    assert [(m.recipient, m.dedupe_key) for m in sent] == [
        (
            users["ministry"].email,
            f"review:{review.id}:message:{message.id}:{users['ministry'].id}",
        )
    ]
    assert "We held a consultation" not in sent[0].body


def test_response_goes_to_every_ministry_reviewer_when_the_reviewer_is_gone(
    english, users, review, session, make_user
):
    other = make_user(Role.MINISTRY)
    users["ministry"].is_active = False
    session.commit()
    english(users["secretary_a"]).post(f"/reviews/{review.id}/respond", data={"body": "Done."})
    assert [m.recipient for m in outbox(session)] == [other.email]


def test_ministry_replies_with_a_new_deadline_and_the_council_must_respond_again(
    english, users, make_review, council_a, session
):
    answered = make_review(council_a, status=ReviewStatus.ANSWERED)
    session.commit()
    new_date = today() + timedelta(days=14)
    before = last_audit_id(session)
    response = english(users["ministry"]).post(
        f"/reviews/{answered.id}/reply",
        data={"body": "Please send the record.", "respond_by": new_date.isoformat()},
    )
    assert response.status_code == 302
    session.expire_all()
    stored = session.get(Review, answered.id)
    assert (stored.status, stored.respond_by) == (ReviewStatus.AWAITING_RESPONSE, new_date)
    message = session.scalars(select(ReviewMessage)).one()
    assert audit_since(session, before) == [
        (AuditAction.CREATE, "review_messages", message.id),
        (AuditAction.UPDATE, "reviews", answered.id),
    ]
    assert [m.recipient for m in outbox(session)] == [users["secretary_a"].email]


def test_reply_without_a_date_keeps_the_deadline_and_a_past_date_is_refused(
    english, users, make_review, council_a, session
):
    answered = make_review(council_a, status=ReviewStatus.ANSWERED)
    session.commit()
    deadline = answered.respond_by
    ministry = english(users["ministry"])
    refused = ministry.post(
        f"/reviews/{answered.id}/reply",
        data={"body": "Typed text stays.", "respond_by": today().isoformat()},
    )
    assert refused.status_code == 400
    assert "The response is due after today." in page_text(refused)
    assert "Typed text stays." in refused.get_data(as_text=True)
    assert messages(session, answered.id) == []
    ministry.post(f"/reviews/{answered.id}/reply", data={"body": "More, please.", "respond_by": ""})
    session.expire_all()
    assert session.get(Review, answered.id).respond_by == deadline


def test_thread_keeps_its_order_on_the_page(english, users, review, session):
    secretary, ministry = english(users["secretary_a"]), english(users["ministry"])
    secretary.post(f"/reviews/{review.id}/respond", data={"body": "First: the council's answer."})
    ministry.post(f"/reviews/{review.id}/reply", data={"body": "Second: the ministry asks more."})
    secretary.post(f"/reviews/{review.id}/respond", data={"body": "Third: the council again."})
    assert messages(session, review.id) == [
        ("council", "First: the council's answer."),
        ("ministry", "Second: the ministry asks more."),
        ("council", "Third: the council again."),
    ]
    text = page_text(ministry.get(f"/reviews/{review.id}"))
    first, second, third = (text.index(word) for word in ("First:", "Second:", "Third:"))
    assert first < second < third
    assert len(outbox(session)) == 3


def test_empty_or_too_long_message_is_refused_and_nothing_saved(english, users, review, session):
    secretary = english(users["secretary_a"])
    empty = secretary.post(f"/reviews/{review.id}/respond", data={"body": "  "})
    assert empty.status_code == 400
    assert "This field is required." in page_text(empty)
    long = secretary.post(f"/reviews/{review.id}/respond", data={"body": "y" * 5001})
    assert long.status_code == 400
    assert "Field cannot be longer than 5000 characters." in page_text(long)
    session.expire_all()
    assert session.get(Review, review.id).status == ReviewStatus.AWAITING_RESPONSE
    assert messages(session, review.id) == []
    assert outbox(session) == []


def test_closed_review_refuses_messages_and_a_second_close(english, users, review, session):
    ministry, secretary = english(users["ministry"]), english(users["secretary_a"])
    before = last_audit_id(session)
    assert ministry.post(f"/reviews/{review.id}/close").status_code == 302
    assert audit_since(session, before) == [(AuditAction.UPDATE, "reviews", review.id)]
    session.expire_all()
    stored = session.get(Review, review.id)
    assert (stored.status, stored.closed_on) == (ReviewStatus.CLOSED, today())
    before = last_audit_id(session)
    respond = secretary.post(f"/reviews/{review.id}/respond", data={"body": "Late answer."})
    reply = ministry.post(f"/reviews/{review.id}/reply", data={"body": "One more thing."})
    again = ministry.post(f"/reviews/{review.id}/close")
    assert [r.status_code for r in (respond, reply, again)] == [400, 400, 400]
    assert "This review is closed: it takes no more messages." in page_text(respond)
    assert "This review is already closed." in page_text(again)
    assert messages(session, review.id) == []
    assert outbox(session) == []
    assert audit_since(session, before) == []
    page = ministry.get(f"/reviews/{review.id}").get_data(as_text=True)
    for action in ("/respond", "/reply", "/close"):
        assert action not in page


def test_forms_shown_match_who_may_act(english, users, review):
    secretary_page = (
        english(users["secretary_a"]).get(f"/reviews/{review.id}").get_data(as_text=True)
    )
    ministry_page = english(users["ministry"]).get(f"/reviews/{review.id}").get_data(as_text=True)
    assert f"/reviews/{review.id}/respond" in secretary_page
    assert "/reply" not in secretary_page
    assert "/close" not in secretary_page
    assert "/respond" not in ministry_page
    assert f"/reviews/{review.id}/reply" in ministry_page
    assert f"/reviews/{review.id}/close" in ministry_page
    # The factory's words, on both sides' pages.
    assert "The council has not held a public consultation this year." in ministry_page
    assert "Hold a public consultation before the end of June." in secretary_page


def test_refusals_by_role(english, users, review, session):
    assert english(users["secretary_b"]).get(f"/reviews/{review.id}").status_code == 404
    assert (
        english(users["secretary_b"])
        .post(f"/reviews/{review.id}/respond", data={"body": "Not ours."})
        .status_code
        == 404
    )
    assert english(users["admin"]).get(f"/reviews/{review.id}").status_code == 403
    assert english(users["cso"]).get(f"/reviews/{review.id}").status_code == 403
    assert (
        english(users["ministry"])
        .post(f"/reviews/{review.id}/respond", data={"body": "Wrong side."})
        .status_code
        == 403
    )
    assert english(users["secretary_a"]).post(f"/reviews/{review.id}/close").status_code == 403
    assert english(users["ministry"]).get("/reviews/999999").status_code == 404
    assert messages(session, review.id) == []


def test_review_page_query_count(english, users, review, count_queries):
    client = english(users["ministry"])
    client.post(f"/reviews/{review.id}/reply", data={"body": "A first.", "respond_by": ""})
    english(users["secretary_a"]).post(f"/reviews/{review.id}/respond", data={"body": "Answer."})
    with count_queries() as counter:
        assert client.get(f"/reviews/{review.id}").status_code == 200
    # The user; the review with council, municipality and reviewer; its messages; their authors.
    assert counter.count <= 4
    assert_no_duplicated_queries(counter.statements)


# Overdue -----------------------------------------------------------------------------------


def test_overdue_starts_the_day_after_the_deadline(make_review, council_a, session):
    day = today()
    due_today = make_review(council_a, respond_by=day)
    due_yesterday = make_review(council_a, respond_by=day - timedelta(days=1))
    make_review(council_a, respond_by=day - timedelta(days=5), status=ReviewStatus.ANSWERED)
    make_review(council_a, respond_by=day - timedelta(days=5), status=ReviewStatus.CLOSED)
    session.commit()
    assert [r.id for r in services.overdue_reviews(session, day)] == [due_yesterday.id]
    assert not due_today.is_overdue(day)
    assert [r.id for r in services.overdue_reviews(session, day + timedelta(days=1))] == [
        due_yesterday.id,
        due_today.id,
    ]


@pytest.fixture
def run_reminders(app, session):
    runner = app.test_cli_runner()

    def invoke(*args: str):
        session.rollback()
        return runner.invoke(args=["review-reminders", *args])

    return invoke


def test_reminder_command_queues_once_per_overdue_review(
    run_reminders, make_review, council_a, council_b, users, session
):
    overdue = make_review(council_b, respond_by=today() - timedelta(days=3))
    make_review(council_a, respond_by=today())
    session.commit()
    first = run_reminders("--site-url", "https://safety.example.org")
    assert first.exit_code == 0, first.output
    assert "Reminders queued: 1." in first.output
    second = run_reminders("--site-url", "https://safety.example.org")
    assert "Reminders queued: 0." in second.output
    sent = outbox(session)
    assert [(m.recipient, m.dedupe_key) for m in sent] == [
        (
            users["ministry"].email,
            f"review:{overdue.id}:overdue:{overdue.respond_by.isoformat()}:{users['ministry'].id}",
        )
    ]
    assert f"https://safety.example.org/reviews/{overdue.id}" in sent[0].body


def test_reminder_command_needs_the_site_address(run_reminders, make_review, session):
    make_review(respond_by=today() - timedelta(days=3))
    session.commit()
    result = run_reminders()
    assert result.exit_code == 2
    assert "--site-url" in result.output
    assert outbox(session) == []


# The list ----------------------------------------------------------------------------------


def listed_ids(response) -> list[int]:
    return [
        int(i) for i in re.findall(r'<a href="/reviews/(\d+)">', response.get_data(as_text=True))
    ]


def test_ministry_list_puts_overdue_first_and_flags_them(
    english, users, make_review, council_a, council_b, session
):
    day = today()
    closed = make_review(council_a, status=ReviewStatus.CLOSED, closed_on=day)
    answered = make_review(council_b, status=ReviewStatus.ANSWERED)
    waiting = make_review(council_a, respond_by=day + timedelta(days=3))
    late = make_review(council_b, respond_by=day - timedelta(days=2))
    session.commit()
    response = english(users["ministry"]).get("/reviews/")
    assert response.status_code == 200
    assert listed_ids(response) == [late.id, waiting.id, answered.id, closed.id]
    assert page_text(response).count("Response overdue") == 1
    assert listed_ids(english(users["ministry"]).get("/reviews/?overdue=yes")) == [late.id]
    assert listed_ids(english(users["ministry"]).get("/reviews/?status=answered")) == [answered.id]
    assert listed_ids(english(users["ministry"]).get(f"/reviews/?council_id={council_a.id}")) == [
        waiting.id,
        closed.id,
    ]


def test_secretary_list_shows_only_their_council(
    english, users, make_review, council_a, council_b, session
):
    own = make_review(council_a)
    make_review(council_b)
    session.commit()
    assert listed_ids(english(users["secretary_a"]).get("/reviews/")) == [own.id]
    # Another council's id is not a choice for a secretary: refused, not widened.
    other = english(users["secretary_a"]).get(f"/reviews/?council_id={council_b.id}")
    assert other.status_code == 400
    assert listed_ids(other) == []


@pytest.mark.parametrize(
    "query", ["status=lost", "overdue=maybe", "council_id=abc", "page=99999999"]
)
def test_list_refuses_unknown_filters(english, users, query):
    response = english(users["ministry"]).get(f"/reviews/?{query}")
    assert response.status_code == 400


def test_list_query_count_does_not_grow_with_reviews(
    english, users, make_review, council_a, council_b, session, count_queries
):
    client = english(users["ministry"])

    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/reviews/").status_code == 200
        assert_no_duplicated_queries(counter.statements)
        return counter.count

    for number in range(3):
        make_review(council_a if number % 2 else council_b)
    session.commit()
    few = queries()
    for number in range(27):
        make_review(council_a if number % 2 else council_b)
    session.commit()
    assert len(listed_ids(client.get("/reviews/"))) == 30
    assert queries() == few
    # The user, the councils for the filter, the page of reviews with their councils.
    assert few <= 3


# The home pages ----------------------------------------------------------------------------


REVIEW_LINK = re.compile(r'href="/reviews/\d+"')


def test_secretary_home_shows_open_reviews_and_not_another_councils(
    english, users, make_review, council_a, council_b, session
):
    late = make_review(
        council_a, respond_by=today() - timedelta(days=1), reviewed_as_of=date(2026, 1, 31)
    )
    make_review(council_a, status=ReviewStatus.CLOSED)
    session.commit()
    home_a = english(users["secretary_a"]).get(f"/councils/{council_a.id}")
    html = home_a.get_data(as_text=True)
    assert f'href="/reviews/{late.id}"' in html
    assert "Response overdue" in page_text(home_a)
    assert "Review of the compliance on 31.01.2026" in page_text(home_a)
    # One open review listed: the closed one is history (the navigation's list link aside).
    assert len(REVIEW_LINK.findall(html)) == 1
    home_b = english(users["secretary_b"]).get(f"/councils/{council_b.id}").get_data(as_text=True)
    assert not REVIEW_LINK.findall(home_b)
    # Council A's page seen by others says nothing of its reviews.
    for user in (None, users["secretary_b"], users["cso"]):
        page = english(user).get(f"/councils/{council_a.id}").get_data(as_text=True)
        assert not REVIEW_LINK.findall(page)
        assert f"/reviews/?council_id={council_a.id}" not in page


def test_ministry_home_counts_overdue_reviews(
    english, users, make_review, council_a, council_b, session
):
    make_review(council_a, respond_by=today() - timedelta(days=1))
    make_review(council_b, respond_by=today() - timedelta(days=9))
    make_review(council_b)
    session.commit()
    response = english(users["ministry"]).get("/councils/")
    assert "2 reviews await a council's overdue response." in page_text(response)
    assert 'href="/reviews/?overdue=yes"' in response.get_data(as_text=True)
    assert "/reviews/" not in english(users["admin"]).get("/councils/").get_data(as_text=True)
