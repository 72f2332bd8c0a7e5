"""Demo reviews: one in each state on failing councils, one awaiting the demo secretary."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.compliance.demo_reviews import add_reviews
from safety.compliance.evaluation import evaluate_council
from safety.compliance.models import Review, ReviewMessage, ReviewStatus
from safety.compliance.rules import Status
from safety.councils.demo import councils_by_code
from tests.demo_build import Demo, demo_app

ANCHOR = date(2026, 11, 23)


def _digest(session: Session) -> str:
    rows = session.execute(
        select(Review.council_id, Review.reviewed_as_of, Review.respond_by, Review.status).order_by(
            Review.id
        )
    ).all()
    return repr(rows)


@pytest.fixture(scope="module")
def demo(database_url: str) -> Iterator[Demo]:
    with demo_app(database_url, ANCHOR, _digest) as built:
        yield built


def test_demo_has_a_review_in_each_state(demo):
    session = demo.session
    reviews = session.scalars(select(Review).order_by(Review.id)).all()
    assert len(reviews) == 5
    by_code = {c.id: code for code, c in councils_by_code(session).items()}
    states = [(r.status, r.is_overdue(ANCHOR), r.closed_on is not None) for r in reviews[:4]]
    assert states == [
        (ReviewStatus.CLOSED, False, True),
        (ReviewStatus.ANSWERED, False, False),
        (ReviewStatus.AWAITING_RESPONSE, False, False),
        (ReviewStatus.AWAITING_RESPONSE, True, False),
    ]
    for review in reviews[:4]:
        found = evaluate_council(session, review.council_id, ANCHOR)
        assert found.overall == Status.BREACH
        assert by_code[review.council_id] != "01"
        # Each is about the rules failing on its date, as the one evaluation path says.
        on_date = evaluate_council(session, review.council_id, review.reviewed_as_of)
        failing = [f.rule for f in on_date.findings if f.status in (Status.BREACH, Status.WARNING)]
        assert review.rules == ",".join(sorted(failing))
    last = reviews[4]
    assert (by_code[last.council_id], last.status, last.is_overdue(ANCHOR)) == (
        "01",
        ReviewStatus.AWAITING_RESPONSE,
        False,
    )
    sides = [
        [
            m.side
            for m in session.scalars(
                select(ReviewMessage)
                .where(ReviewMessage.review_id == r.id)
                .order_by(ReviewMessage.id)
            )
        ]
        for r in reviews
    ]
    assert sides == [["council", "ministry"], ["council"], [], [], []]


def test_demo_reviews_are_idempotent(demo):
    session = demo.session
    before = _digest(session)
    add_reviews(session, councils_by_code(session), ANCHOR)
    session.flush()
    assert _digest(session) == before
    session.rollback()
