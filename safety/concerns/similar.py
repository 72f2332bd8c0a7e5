"""Similar concerns of one council, for duplicate suggestions: words in common, counted in SQL.

A concern's `search_text` is its title and description lower-cased. The words of the new
text (the longest few, common words left out) are each matched with LIKE, and the number
matched is the score, in one statement on both engines, limited to a few rows.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from safety.concerns.models import OPEN_STATUSES, Concern, ConcernStatus, Sensitivity

MIN_WORD_LENGTH = 4
"""Shorter words ("the", "dhe", "na", "i") say nothing about what a concern is about."""

MAX_WORDS = 8
"""The longest words carry the topic; more LIKE terms only slow the statement down."""

MIN_SHARED_WORDS = 2
"""One shared word ("road", "rruga") is chance; two start to be the same matter."""

DEFAULT_LIMIT = 5

# Frequent words of four letters or more in Albanian, Serbian (Latin) and English.
COMMON_WORDS = frozenset(
    {
        "about", "also", "been", "before", "from", "have", "here", "more", "near", "over",
        "that", "their", "there", "they", "this", "very", "were", "what", "when", "which",
        "with", "would",
        "është", "janë", "kemi", "kanë", "shumë", "edhe", "sepse", "prej", "pranë", "këtu",
        "atje", "deri", "para", "pasi", "gjatë", "kësaj", "këtë", "atyre",
        "koji", "koja", "koje", "nije", "biti", "zbog", "veoma", "ovde", "tamo", "jako",
        "kada", "posle", "pored", "ispred",
    }
)  # fmt: skip

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SimilarConcern:
    id: int
    reference: str
    title: str
    status: ConcernStatus
    submitted_on: date
    shared_words: int


def search_words(text: str) -> list[str]:
    """The distinctive words of `text`, lower-cased as `search_text` is, longest first."""
    words = {
        word
        for word in _WORD.findall(text.lower())
        if len(word) >= MIN_WORD_LENGTH and not word.isdigit() and word not in COMMON_WORDS
    }
    return sorted(words, key=lambda word: (-len(word), word))[:MAX_WORDS]


def similar_concerns(
    session: Session,
    council_id: int,
    text: str,
    *,
    exclude_id: int | None = None,
    statuses: Collection[ConcernStatus] = OPEN_STATUSES,
    public_only: bool = False,
    limit: int = DEFAULT_LIMIT,
) -> list[SimilarConcern]:
    """The council's concerns sharing the most words with `text`, best first.

    Open ones by default (a new concern repeating one still with the council); deleted ones
    never. `public_only` keeps to reviewed public concerns, for a reader who may not see
    the others (a CSO or the public form): their titles are theirs to read.
    """
    words = search_words(text)
    if not words:
        return []
    shared = sum(
        (case((Concern.search_text.contains(word, autoescape=True), 1), else_=0) for word in words),
    ).label("shared")
    query = select(
        Concern.id,
        Concern.reference,
        Concern.title,
        Concern.status,
        Concern.submitted_on,
        shared,
    ).where(
        Concern.council_id == council_id,
        Concern.deleted_on.is_(None),
        Concern.status.in_(list(statuses)),
        shared >= min(MIN_SHARED_WORDS, len(words)),
    )
    if exclude_id is not None:
        query = query.where(Concern.id != exclude_id)
    if public_only:
        query = query.where(
            Concern.reviewed_on.is_not(None), Concern.sensitivity == Sensitivity.PUBLIC
        )
    rows = session.execute(
        query.order_by(shared.desc(), Concern.submitted_on.desc(), Concern.id.desc()).limit(limit)
    )
    return [SimilarConcern(*row) for row in rows]
