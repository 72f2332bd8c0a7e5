"""Working days: weekdays that are not public holidays, counted with the product's holiday table.

The table is the only calendar (decided reading 12): what an administrator added or removed
there is what counts, substitute days included.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.plans.models import Holiday

MIN_COMMENT_WORKING_DAYS = 15
"""R13: a public comment period shorter than this many working days is a warning
(AI (MLGA) No. 06/2018 on minimum standards of public consultation)."""

_SATURDAY = 5


def working_days(start: date, end: date, holidays: Set[date]) -> int:
    """Working days from `start` to `end`, both counted (decided reading 6); 0 if end < start.

    Saturdays, Sundays and the days in `holidays` are not working days; a holiday on a weekend
    takes nothing more away (its substitute day, if the table holds one, does).
    """
    if end < start:
        return 0
    weeks, extra_days = divmod((end - start).days + 1, 7)
    # Every whole week holds five weekdays, wherever it starts.
    count = weeks * 5
    tail = start + timedelta(days=weeks * 7)
    count += sum((tail + timedelta(days=n)).weekday() < _SATURDAY for n in range(extra_days))
    count -= sum(start <= day <= end and day.weekday() < _SATURDAY for day in holidays)
    return count


def holiday_days(session: Session, start: date, end: date) -> set[date]:
    """The days of the holiday table from `start` to `end` (one query)."""
    return set(session.scalars(select(Holiday.day).where(Holiday.day.between(start, end))))


def period_working_days(session: Session, start: date, end: date) -> int:
    """Working days of the period from `start` to `end`, with the table's holidays."""
    return working_days(start, end, holiday_days(session, start, end))
