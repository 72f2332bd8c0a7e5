"""Demo ministry reviews: one of each state a review passes through, on failing councils.

The first four councils (by code, Prishtinë aside) whose overall status is "not met" on the
anchor get, in turn: a review answered and closed; an answered one; one awaiting a response
within its deadline; one whose response is overdue. Prishtinë (01), the demo secretary's
council, gets a review awaiting its response, so the secretary's home shows one. Each
review is about the rules slipping or not met on its date, as the one evaluation path finds
them. Dated relative to the anchor; a council that already has a review is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.accounts.models import Role, User
from safety.compliance.evaluation import ComplianceFacts, load_compliance
from safety.compliance.models import Review, ReviewMessage, ReviewStatus
from safety.compliance.reviews import COUNCIL_SIDE, MINISTRY_SIDE, rules_value
from safety.compliance.rules import Status
from safety.councils.models import Council
from safety.demo_common import DEMO_DOMAIN, entered_at

SECRETARY_COUNCIL = "01"
FAILING_REVIEWS = 4


@dataclass(frozen=True)
class Story:
    """A review's dates as days before (negative: after) the anchor, and how it went."""

    reviewed: int
    respond_by: int
    answered: int | None = None
    closed: int | None = None


STORIES = (
    Story(reviewed=150, respond_by=120, answered=125, closed=110),
    Story(reviewed=45, respond_by=10, answered=14),
    Story(reviewed=7, respond_by=-21),
    Story(reviewed=60, respond_by=20),
)
SECRETARY_STORY = Story(reviewed=3, respond_by=-27)


def _attention(facts: ComplianceFacts, council_id: int, day: date) -> list[str]:
    found = facts.council_on(council_id, day).findings
    return [f.rule for f in found if f.status in (Status.BREACH, Status.WARNING)]


def _add(
    session: Session,
    facts: ComplianceFacts,
    council: Council,
    story: Story,
    today: date,
    reviewer: User | None,
    secretary: User | None,
) -> None:
    reviewed_on = today - timedelta(days=story.reviewed)
    rules = _attention(facts, council.id, reviewed_on)
    listed = ", ".join(rules) or "-"
    review = Review(
        council_id=council.id,
        reviewer_id=reviewer.id if reviewer else None,
        reviewed_as_of=reviewed_on,
        findings=f"On {reviewed_on:%d.%m.%Y} these obligations were slipping or not met: {listed}.",
        recommendations=(
            "Put each of these on the agenda of the next council meeting, with who acts and "
            "by when, and tell the ministry what was decided."
        ),
        respond_by=today - timedelta(days=story.respond_by),
        rules=rules_value(rules),
        status=ReviewStatus.AWAITING_RESPONSE,
        created_at=entered_at(reviewed_on),
    )
    session.add(review)
    session.flush()
    if story.answered is not None:
        session.add(
            ReviewMessage(
                review_id=review.id,
                author_id=secretary.id if secretary else None,
                side=COUNCIL_SIDE,
                body=(
                    "The council discussed the review at its meeting and agreed a date and a "
                    "responsible member for each point."
                ),
                created_at=entered_at(today - timedelta(days=story.answered)),
            )
        )
        review.status = ReviewStatus.ANSWERED
    if story.closed is not None:
        closed_on = today - timedelta(days=story.closed)
        session.add(
            ReviewMessage(
                review_id=review.id,
                author_id=reviewer.id if reviewer else None,
                side=MINISTRY_SIDE,
                body="Thank you: the ministry closes the review.",
                created_at=entered_at(closed_on),
            )
        )
        review.status = ReviewStatus.CLOSED
        review.closed_on = closed_on
    session.flush()


def add_reviews(session: Session, councils: dict[str, Council], today: date) -> None:
    """Add the demo reviews (idempotent: councils that have a review get no other)."""
    reviewed = set(session.scalars(select(Review.council_id)))
    # The reviews are about dates up to the oldest story's before the anchor.
    earliest = today - timedelta(days=max(s.reviewed for s in (*STORIES, SECRETARY_STORY)))
    facts = load_compliance(session, since=earliest)
    failing = [
        found.council
        for found in facts.on(today)
        if found.overall == Status.BREACH and found.code != SECRETARY_COUNCIL
    ][:FAILING_REVIEWS]
    reviewer = session.scalars(
        select(User).where(User.email == f"ministry@{DEMO_DOMAIN}", User.role == Role.MINISTRY)
    ).first()
    secretaries = {
        user.council_id: user
        for user in session.scalars(select(User).where(User.role == Role.SECRETARY))
    }
    plan = [*zip(failing, STORIES, strict=False), (councils[SECRETARY_COUNCIL], SECRETARY_STORY)]
    for council, story in plan:
        if council.id in reviewed:
            continue
        _add(session, facts, council, story, today, reviewer, secretaries.get(council.id))
