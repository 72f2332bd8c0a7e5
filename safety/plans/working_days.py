"""Working days of a period, counted with the product's holiday table, as R13 counts them.

The count itself is R13's (`safety.compliance.rules.working_days`: both ends counted, no
Saturdays, Sundays or holidays), so the plan pages and the compliance findings cannot
disagree. The table is the only calendar (decided reading 12): what an administrator added
or removed there is what counts, substitute days included.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.compliance.rules import R13_MIN_WORKING_DAYS
from safety.compliance.rules import working_days as _rule_working_days
from safety.plans.models import Holiday

MIN_COMMENT_WORKING_DAYS = R13_MIN_WORKING_DAYS
"""R13's default: a public comment period shorter than this many working days is a warning."""


def working_days(start: date, end: date, holidays: Set[date]) -> int:
    """Working days from `start` to `end`, both counted (decided reading 6); 0 if end < start.

    A holiday on a weekend takes nothing more away (its substitute day, if the table holds
    one, does).
    """
    return _rule_working_days(start, end, frozenset(holidays))


def holiday_days(session: Session, start: date, end: date) -> set[date]:
    """The days of the holiday table from `start` to `end` (one query)."""
    return set(session.scalars(select(Holiday.day).where(Holiday.day.between(start, end))))


def period_working_days(session: Session, start: date, end: date) -> int:
    """Working days of the period from `start` to `end`, with the table's holidays."""
    return working_days(start, end, holiday_days(session, start, end))
