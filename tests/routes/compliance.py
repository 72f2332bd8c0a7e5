"""The compliance product's shared world; its routes are listed by job in `compliance_*.py`.

Council A has a review awaiting its response (review_a) and an answered one
(review_a_answered); council B has a review (review_b) that council A's secretary must never
see. A threshold change (threshold_change) raised R06's breach limit from 1 January 2026.
"""

from __future__ import annotations

from datetime import date

import pytest

from safety.compliance.models import ReviewStatus
from tests.routes.base import Route, World

ROUTES: list[Route] = []


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    council_a = request.getfixturevalue("council_a")
    council_b = request.getfixturevalue("council_b")
    make_review = request.getfixturevalue("make_review")
    make_threshold_change = request.getfixturevalue("make_threshold_change")

    review_a = make_review(council_a)
    review_a_answered = make_review(
        council_a,
        status=ReviewStatus.ANSWERED,
        messages=[("council", "We held the consultation on 12 May.")],
    )
    review_b = make_review(council_b)
    change = make_threshold_change("r06_breach_days", 200, date(2026, 1, 1))
    # The factories flush only: the world is dumped through another connection, which sees
    # committed rows alone.
    request.getfixturevalue("session").commit()
    return {
        "review_a": review_a.id,
        "review_a_answered": review_a_answered.id,
        "review_b": review_b.id,
        "threshold_change": change.id,
    }
