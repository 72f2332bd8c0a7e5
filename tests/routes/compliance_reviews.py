"""Routes of the compliance product: the ministry's reviews of councils and their threads.

The ministry lists, opens, replies to and closes reviews; a council's secretary lists and
reads its council's reviews and answers them. Administrators and organisations have no part
in reviews (403). Council B's secretary asking for council A's review gets 404 where the
route is theirs to use (reading, answering), so its existence does not leak.
"""

from __future__ import annotations

from datetime import timedelta

from safety.dates import today
from tests.routes.base import Route, only, statuses


def reader(ok: int) -> dict[str, int]:
    """The ministry and council A's secretary; council B's secretary 404; the rest refused."""
    return statuses(403, anonymous=302, secretary_a=ok, ministry=ok, secretary_b=404)


ROUTES: list[Route] = [
    Route(
        "compliance.reviews",
        "GET",
        lambda w: "/reviews/",
        only(200, "secretary_a", "secretary_b", "ministry"),
    ),
    Route(
        "compliance.new_review",
        "GET",
        lambda w: f"/councils/{w['council_a']}/reviews/new",
        only(200, "ministry"),
    ),
    Route(
        "compliance.new_review",
        "POST",
        lambda w: f"/councils/{w['council_a']}/reviews/new",
        only(302, "ministry"),
        data=lambda w: {
            "reviewed_as_of": today().isoformat(),
            "findings": "No public consultation was held this year.",
            "recommendations": "Hold one before the summer.",
            "respond_by": (today() + timedelta(days=30)).isoformat(),
            "rules": ["R09"],
        },
    ),
    Route("compliance.review", "GET", lambda w: f"/reviews/{w['review_a']}", reader(200)),
    Route(
        "compliance.respond_to_review",
        "POST",
        lambda w: f"/reviews/{w['review_a']}/respond",
        statuses(403, anonymous=302, secretary_a=302, secretary_b=404),
        data=lambda w: {"body": "We held the consultation on 12 May."},
    ),
    Route(
        "compliance.reply_to_review",
        "POST",
        lambda w: f"/reviews/{w['review_a_answered']}/reply",
        only(302, "ministry"),
        data=lambda w: {"body": "Please send the consultation's record.", "respond_by": ""},
    ),
    Route(
        "compliance.close_review",
        "POST",
        lambda w: f"/reviews/{w['review_a_answered']}/close",
        only(302, "ministry"),
    ),
]
