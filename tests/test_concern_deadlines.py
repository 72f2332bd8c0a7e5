"""Answer deadlines of concerns: pure dates, no app, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from safety.compliance.rules import DEFAULT_THRESHOLDS
from safety.concerns.deadlines import (
    DEFAULT_ANSWER_DAYS,
    answered_on_in_cycle,
    deadline,
    due_on,
    first_answer_on,
    is_overdue,
)

SUBMITTED = date(2025, 3, 3)


@dataclass(frozen=True)
class Row:
    submitted_on: date
    reopened_on: date | None = None
    answered_on: date | None = None


@dataclass(frozen=True)
class Event:
    status: str
    changed_on: date
    answer: str | None = None


def test_the_default_is_r16s_breach_threshold_of_thirty_days():
    # One number: the deadline promised to submitters is the limit R16 judges councils by
    # (an administrator's change to it is tested in test_thresholds.py).
    assert DEFAULT_ANSWER_DAYS == DEFAULT_THRESHOLDS["r16_breach_days"] == 30


def test_the_first_answer_is_due_thirty_days_after_submission():
    assert due_on(SUBMITTED, days=30) == date(2025, 4, 2)
    # Across a year end and a leap day.
    assert due_on(date(2023, 12, 15), days=30) == date(2024, 1, 14)
    assert due_on(date(2024, 2, 10), days=30) == date(2024, 3, 11)


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (date(2025, 3, 3), False),  # day 0
        (date(2025, 4, 2), False),  # day 30: due today, not late yet
        (date(2025, 4, 3), True),  # day 31
        (date(2025, 12, 31), True),
    ],
)
def test_unanswered_concern_is_overdue_from_day_31(today, overdue):
    assert is_overdue(Row(SUBMITTED), today) is overdue


def test_answered_concern_is_never_overdue_even_when_answered_late():
    late = Row(SUBMITTED, answered_on=date(2025, 5, 1))
    assert is_overdue(late, date(2025, 6, 1)) is False
    result = deadline(
        submitted_on=SUBMITTED,
        reopened_on=None,
        events=[Event("submitted", SUBMITTED), Event("resolved", date(2025, 5, 1), "Fixed.")],
        today=date(2025, 6, 1),
    )
    assert result.is_overdue is False
    assert result.was_late is True
    assert result.answered_on == date(2025, 5, 1)


def test_answer_on_the_due_date_is_not_late():
    result = deadline(
        submitted_on=SUBMITTED,
        reopened_on=None,
        events=[Event("resolved", date(2025, 4, 2), "Fixed.")],
        today=date(2025, 6, 1),
    )
    assert (result.due_on, result.was_late, result.is_overdue) == (date(2025, 4, 2), False, False)


def test_a_move_to_review_without_an_answer_does_not_stop_the_clock():
    events = [Event("submitted", SUBMITTED), Event("under_review", date(2025, 3, 5))]
    assert answered_on_in_cycle(events) is None
    result = deadline(
        submitted_on=SUBMITTED, reopened_on=None, events=events, today=date(2025, 4, 3)
    )
    assert result.is_overdue is True


def test_a_reopened_concern_is_due_again_from_the_reopening():
    reopened = date(2025, 6, 10)
    events = [
        Event("submitted", SUBMITTED),
        Event("resolved", date(2025, 3, 20), "Lights repaired."),
        Event("reopened", reopened),
    ]
    # The earlier answer answered the earlier cycle.
    assert answered_on_in_cycle(events) is None
    assert first_answer_on(events) == date(2025, 3, 20)
    on_day_30 = deadline(
        submitted_on=SUBMITTED, reopened_on=reopened, events=events, today=date(2025, 7, 10)
    )
    assert (on_day_30.due_on, on_day_30.is_overdue) == (date(2025, 7, 10), False)
    on_day_31 = deadline(
        submitted_on=SUBMITTED, reopened_on=reopened, events=events, today=date(2025, 7, 11)
    )
    assert on_day_31.is_overdue is True
    assert is_overdue(Row(SUBMITTED, reopened_on=reopened), date(2025, 7, 11)) is True
    assert is_overdue(Row(SUBMITTED, reopened_on=reopened), date(2025, 7, 10)) is False

    answered = [*events, Event("resolved", date(2025, 6, 20), "Repaired again.")]
    assert answered_on_in_cycle(answered) == date(2025, 6, 20)
    assert (
        deadline(
            submitted_on=SUBMITTED, reopened_on=reopened, events=answered, today=date(2025, 9, 1)
        ).is_overdue
        is False
    )


def test_the_earliest_answer_of_the_cycle_counts_whatever_the_order_recorded():
    # An answer by telephone recorded after an in-app one, but given before it.
    events = [
        Event("under_review", date(2025, 3, 10), "We are looking into it."),
        Event("resolved", date(2025, 3, 8), "Told by phone."),
    ]
    assert answered_on_in_cycle(events) == date(2025, 3, 8)
    assert first_answer_on(events) == date(2025, 3, 8)


def test_a_shorter_setting_moves_the_due_date():
    assert is_overdue(Row(SUBMITTED), date(2025, 3, 25), days=21) is True
    assert is_overdue(Row(SUBMITTED), date(2025, 3, 24), days=21) is False
