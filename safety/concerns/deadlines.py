"""When a concern's answer is due and whether it is late: pure dates, no clock, no database.

A first answer is due `days` after submission: rule R16's breach threshold in force (30 days
by default; `safety.concerns.answer_days` reads it). A concern its submitter reopened is
due again `days` after the reopening. Overdue means today is later than the due date and no
answer has been given in that cycle, whatever the status (R16, decided reading 8: a concern
closed without an answer to the submitter stays unanswered).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from safety.compliance.rules import R16_BREACH_DAYS

DEFAULT_ANSWER_DAYS = R16_BREACH_DAYS
"""R16's default: a concern older than 30 days without a first answer is a breach."""

REOPENED = "reopened"


class EventFacts(Protocol):
    """What a deadline reads of a status change (a `ConcernEvent` has these)."""

    status: Any
    changed_on: date
    answer: str | None


class DeadlineFacts(Protocol):
    """A concern as a list row or a page sees it: its dates and its answer in this cycle."""

    submitted_on: date
    reopened_on: date | None
    answered_on: date | None


@dataclass(frozen=True)
class Deadline:
    """The answer due date of a concern's current cycle, and how it stands on `today`."""

    due_on: date
    answered_on: date | None
    is_overdue: bool

    @property
    def was_late(self) -> bool:
        """Answered, but after the due date."""
        return self.answered_on is not None and self.answered_on > self.due_on


def due_on(submitted_on: date, reopened_on: date | None = None, *, days: int) -> date:
    """The day by which the answer is due: counted from the reopening, if any."""
    return (reopened_on or submitted_on) + timedelta(days=days)


def answered_on_in_cycle(events: Iterable[EventFacts]) -> date | None:
    """The earliest answer given since the last reopening (or ever), from events in order."""
    answered: list[date] = []
    for event in events:
        if event.status == REOPENED:
            # A reopening asks for a new answer: earlier ones answered the earlier cycle.
            answered = []
        elif event.answer:
            answered.append(event.changed_on)
    return min(answered, default=None)


def first_answer_on(events: Iterable[EventFacts]) -> date | None:
    """The date of the first answer ever given, which R16 measures."""
    return min((event.changed_on for event in events if event.answer), default=None)


def is_overdue(concern_row: DeadlineFacts, today: date, *, days: int = DEFAULT_ANSWER_DAYS) -> bool:
    """True when the cycle's answer is missing and its due date is before `today`."""
    if concern_row.answered_on is not None:
        return False
    return today > due_on(concern_row.submitted_on, concern_row.reopened_on, days=days)


def deadline(
    *,
    submitted_on: date,
    reopened_on: date | None,
    events: Iterable[EventFacts],
    today: date,
    days: int = DEFAULT_ANSWER_DAYS,
) -> Deadline:
    """The deadline of a concern whose events are loaded (the concern page)."""
    answered = answered_on_in_cycle(events)
    due = due_on(submitted_on, reopened_on, days=days)
    return Deadline(due_on=due, answered_on=answered, is_overdue=answered is None and today > due)
