"""The submitter's private tracking page and reopening through it: answers but no notes, no
staff names, no other concerns; a reopen once, from resolved or rejected, with a reason."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from safety.audit.models import AuditEvent
from safety.concerns.models import (
    Concern,
    ConcernChannel,
    ConcernEvent,
    ConcernNote,
    ConcernStatus,
    ReferralBody,
)
from safety.concerns.tracking import MAX_TOKEN_LENGTH, new_token, token_hash
from safety.dates import format_date, today

S = ConcernStatus
TOKEN = "a-tracking-token-for-the-tests-0123456789abcdef"


@pytest.fixture
def english(login):
    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


@pytest.fixture
def tracked(make_concern, council_a):
    """A concern with a tracking token, given `history`."""

    def factory(token=TOKEN, **overrides):
        return make_concern(
            council_a,
            channel=ConcernChannel.PUBLIC_FORM,
            tracking_token_hash=token_hash(token),
            **overrides,
        )

    return factory


def track(client, token=TOKEN):
    return client.get(f"/track/{token}")


def reopen(client, reason="The lights went out again last week.", token=TOKEN):
    return client.post(f"/track/{token}/reopen", data={"reason": reason})


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_tokens_are_random_and_only_their_hash_is_kept():
    token, digest = new_token()
    other, _ = new_token()
    assert token != other
    assert len(token) >= 43
    assert digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in digest


def test_the_page_shows_the_concern_its_status_due_date_and_every_answer(
    english, session, tracked, users, make_concern, council_a
):
    concern = tracked(
        title="Stray dogs near the bus station",
        description="A pack of dogs chases children on their way to school.",
        submitted_on=date(2025, 3, 3),
        history=[
            (S.UNDER_REVIEW, date(2025, 3, 5), "We have asked the municipal service."),
            (S.REFERRED, date(2025, 3, 12), "The veterinary service will collect the dogs."),
        ],
    )
    event = session.scalars(select(ConcernEvent).where(ConcernEvent.status == S.REFERRED)).one()
    event.referred_to = ReferralBody.MUNICIPAL_DIRECTORATE
    event.referred_to_name = "Directorate of Agriculture"
    event.actor_id = users["secretary_a"].id
    session.add(
        ConcernNote(
            concern_id=concern.id,
            body="Internal: the caller phoned twice, angry.",
            author_id=users["secretary_a"].id,
        )
    )
    other = make_concern(council_a, title="Somebody else's concern")
    session.commit()

    response = track(english())
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for shown in (
        concern.reference,
        "Stray dogs near the bus station",
        "A pack of dogs chases children on their way to school.",
        "Referred",
        "We have asked the municipal service.",
        "The veterinary service will collect the dogs.",
        "Directorate of Agriculture",
        format_date(date(2025, 3, 12)),
        # Due 30 days after submission, answered on the first answer's day.
        format_date(date(2025, 4, 2)),
        "answered on 05.03.2025",
    ):
        assert shown in html
    for hidden in (
        "Internal: the caller phoned twice",
        users["secretary_a"].full_name,
        other.title,
        other.reference,
    ):
        assert hidden not in html
    # Nothing to reopen yet.
    assert "/reopen" not in html
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_an_overdue_concern_says_so(english, tracked):
    tracked(submitted_on=today() - timedelta(days=40))
    html = track(english()).get_data(as_text=True)
    assert "overdue" in html
    assert format_date(today() - timedelta(days=10)) in html


def test_a_duplicate_does_not_name_the_other_concern(english, session, tracked, make_concern):
    original = make_concern(title="The original concern")
    concern = tracked(history=[(S.DUPLICATE, date(2025, 3, 10), "Already being handled.")])
    event = session.scalars(select(ConcernEvent).where(ConcernEvent.status == S.DUPLICATE)).one()
    event.duplicate_of_id = original.id
    concern.duplicate_of_id = original.id
    session.commit()
    html = track(english()).get_data(as_text=True)
    assert "Already being handled." in html
    assert "handling the same matter under another concern" in html
    assert original.reference not in html
    assert original.title not in html


@pytest.mark.parametrize(
    "token",
    ["unknown-token", "x" * (MAX_TOKEN_LENGTH + 1), TOKEN.upper()],
)
def test_an_unknown_token_is_404(english, tracked, token):
    tracked()
    assert track(english(), token).status_code == 404
    assert reopen(english(), token=token).status_code == 404


def test_a_deleted_concern_is_gone_for_its_sender_too(english, tracked):
    tracked(deleted_on=date(2025, 3, 9), deleted_reason="Spam.")
    assert track(english()).status_code == 404
    assert reopen(english()).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "cso", "secretary_b", "ministry"])
def test_the_link_works_for_whoever_holds_it(english, users, tracked, role):
    concern = tracked()
    response = track(english(users.get(role)))
    assert response.status_code == 200
    assert concern.title in response.get_data(as_text=True)


# -- Reopening -----------------------------------------------------------------------------


@pytest.mark.parametrize("closed", [S.RESOLVED, S.REJECTED])
def test_a_resolved_or_rejected_concern_is_reopened_once_with_a_reason(
    english, session, tracked, closed
):
    concern = tracked(history=[(closed, date(2025, 3, 20), "Done, or not ours to do.")])
    client = english()
    page = track(client).get_data(as_text=True)
    assert f'action="/track/{TOKEN}/reopen"' in page
    response = reopen(client)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/track/{TOKEN}"
    session.refresh(concern)
    assert concern.status == S.REOPENED
    assert concern.reopened_on == today()
    event = session.scalars(select(ConcernEvent).order_by(ConcernEvent.id.desc())).first()
    assert (event.status, event.changed_on, event.reason, event.actor_id, event.answer) == (
        S.REOPENED,
        today(),
        "The lights went out again last week.",
        None,
        None,
    )
    after = track(client).get_data(as_text=True)
    assert "The concern has been reopened." in after
    assert "The lights went out again last week." in after
    # A new answer is due 30 days from the reopening.
    assert format_date(today() + timedelta(days=30)) in after
    assert f'action="/track/{TOKEN}/reopen"' not in after
    assert "it can be reopened only once" in after


def test_a_concern_is_reopened_only_once(english, session, tracked):
    concern = tracked(
        history=[(S.RESOLVED, date(2025, 3, 20), "Done.")], reopened_on=date(2025, 3, 25)
    )
    events = count(session, ConcernEvent)
    response = reopen(english())
    assert response.status_code == 400
    assert "This concern has already been reopened once." in response.get_data(as_text=True)
    session.refresh(concern)
    assert concern.status == S.RESOLVED
    assert count(session, ConcernEvent) == events


@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW, S.REFERRED, S.DUPLICATE])
def test_only_resolved_or_rejected_concerns_are_reopened(english, session, tracked, status):
    history = [] if status == S.SUBMITTED else [(status, date(2025, 3, 20), "An answer.")]
    concern = tracked(history=history)
    version = concern.version_id
    events = count(session, ConcernEvent)
    response = reopen(english())
    assert response.status_code == 400
    assert "Only a resolved or rejected concern can be reopened." in response.get_data(as_text=True)
    session.refresh(concern)
    assert (concern.status, concern.reopened_on, concern.version_id) == (status, None, version)
    assert count(session, ConcernEvent) == events


@pytest.mark.parametrize("reason", ["", "   ", "\u200b\u200b"])
def test_a_reopen_needs_a_reason(english, session, tracked, reason):
    concern = tracked(history=[(S.REJECTED, date(2025, 3, 20), "Not for the council.")])
    events = count(session, ConcernEvent)
    response = reopen(english(), reason=reason)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Say why the concern should be looked at again." in html or "Enter visible text" in html
    session.refresh(concern)
    assert concern.status == S.REJECTED
    assert concern.reopened_on is None
    assert count(session, ConcernEvent) == events


def test_reopening_by_the_tracking_link_is_anonymous_in_the_history(
    english, session, tracked, users
):
    concern = tracked(history=[(S.RESOLVED, date(2025, 3, 20), "Done.")])
    reopen(english())
    page = english(users["secretary_a"]).get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert "Reopened by the submitter." in page
    assert session.scalar(select(Concern.status).where(Concern.id == concern.id)) == S.REOPENED


def test_the_audit_trail_keeps_the_reopen_path_without_the_token(english, session, tracked):
    # The trail is read by administrators and the ministry: a token in it would let them
    # follow or reopen the submitter's concern.
    tracked(history=[(S.RESOLVED, date(2025, 3, 20), "Done.")])
    assert reopen(english()).status_code == 302
    paths = session.scalars(select(AuditEvent.path).where(AuditEvent.path.is_not(None))).all()
    assert "/track/<token>/reopen" in paths
    assert not [path for path in paths if TOKEN in path]
