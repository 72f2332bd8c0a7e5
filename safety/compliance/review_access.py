"""Who may read a review and act in its thread: every review route and template asks here.

Deny by default. The ministry reads, replies to and closes every review; a council's own
secretary reads and answers its council's reviews. Administrators keep accounts and settings
"and nothing more" (records.md), organisations have no part in reviews; another council's
secretary must not learn that a review exists (404).
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from safety.accounts.models import Role, User
from safety.compliance.models import Review, ReviewStatus
from safety.plans.access import is_council_secretary

READER_ROLES = (Role.MINISTRY, Role.SECRETARY)


def is_ministry(user: User) -> bool:
    return user.is_authenticated and user.role == Role.MINISTRY


def can_read_reviews_of(user: User, council_id: int) -> bool:
    return is_ministry(user) or is_council_secretary(user, council_id)


def can_read_review(user: User, review: Review) -> bool:
    return can_read_reviews_of(user, review.council_id)


def can_respond(user: User, review: Review) -> bool:
    """The council's secretary answers while the review is open (again after a reply)."""
    return is_council_secretary(user, review.council_id) and review.status != ReviewStatus.CLOSED


def can_reply(user: User, review: Review) -> bool:
    return is_ministry(user) and review.status != ReviewStatus.CLOSED


def can_close(user: User, review: Review) -> bool:
    return is_ministry(user) and review.status != ReviewStatus.CLOSED


def readable(review: Review | None) -> Review:
    """The review, or 404 when it does not exist or the reader may not know of it."""
    if review is None or not can_read_review(current_user, review):
        abort(404)
    return review
