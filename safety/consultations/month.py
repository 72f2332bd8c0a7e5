"""Month-grid arithmetic for the meetings calendar: weeks from Monday, neighbours, parsing."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

EARLIEST_YEAR = 1999
LATEST_YEAR = 2099
"""Months the calendar opens: no council existed before 1999, and a typo like 20255 is one."""

# ASCII digits only: `\d` also matches other scripts' digits, which int() would accept.
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
# Monday first, as calendars are printed in Kosovo.
_WEEKS = calendar.Calendar(firstweekday=calendar.MONDAY)


@dataclass(frozen=True)
class MonthGrid:
    """One month laid out in whole weeks, Monday to Sunday, with its neighbours."""

    first: date

    @property
    def last(self) -> date:
        return self.first.replace(day=calendar.monthrange(self.first.year, self.first.month)[1])

    @property
    def weeks(self) -> list[list[date]]:
        """Whole weeks covering the month; the first and last may hold days of its neighbours."""
        return _WEEKS.monthdatescalendar(self.first.year, self.first.month)

    @property
    def previous(self) -> MonthGrid | None:
        month = (self.first - timedelta(days=1)).replace(day=1)
        return MonthGrid(month) if month.year >= EARLIEST_YEAR else None

    @property
    def next(self) -> MonthGrid | None:
        month = self.last + timedelta(days=1)
        return MonthGrid(month) if month.year <= LATEST_YEAR else None

    @property
    def key(self) -> str:
        """The month as the `month` query parameter writes it: YYYY-MM."""
        return f"{self.first.year:04d}-{self.first.month:02d}"

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


def month_of(day: date) -> MonthGrid:
    return MonthGrid(day.replace(day=1))


def parse_month(text: str) -> MonthGrid | None:
    """The month written YYYY-MM between EARLIEST_YEAR and LATEST_YEAR, else None."""
    match = _MONTH.fullmatch(text.strip())
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (EARLIEST_YEAR <= year <= LATEST_YEAR and 1 <= month <= 12):
        return None
    return MonthGrid(date(year, month, 1))
