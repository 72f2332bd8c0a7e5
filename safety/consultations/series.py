"""Dates of a monthly series: "the first Tuesday of each month", "the last Friday", for N months.

Pure calendar arithmetic, no clock and no database: the view decides which dates are past.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

LAST = 5
"""`week_of_month` meaning "the last" such weekday of the month (the fourth or the fifth)."""

MAX_MONTHS = 24
"""A series covers at most two years: plans further out are guesses, not a schedule."""


def nth_weekday(year: int, month: int, weekday: int, week: int) -> date:
    """The `week`-th `weekday` (Monday = 0) of the month; week 1-4, or LAST for the last one.

    Weeks 1-4 exist in every month (the fourth falls on day 22-28); a fifth may not, which is
    why "the last" is offered instead.
    """
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0-6, not {weekday}")
    if week == LAST:
        last_day = date(year, month, calendar.monthrange(year, month)[1])
        return last_day - timedelta(days=(last_day.weekday() - weekday) % 7)
    if not 1 <= week <= 4:
        raise ValueError(f"week must be 1-4 or {LAST} (last), not {week}")
    first_day = date(year, month, 1)
    return first_day + timedelta(days=(weekday - first_day.weekday()) % 7 + 7 * (week - 1))


def monthly_dates(first_month: date, months: int, weekday: int, week: int) -> list[date]:
    """One date per month for `months` months, starting with the month of `first_month`."""
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months must be 1-{MAX_MONTHS}, not {months}")
    dates = []
    year, month = first_month.year, first_month.month
    for _ in range(months):
        dates.append(nth_weekday(year, month, weekday, week))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates
