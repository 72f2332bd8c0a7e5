"""Which dates the public may see compliance for: today, or the end of a past public year.

Past years start at the configured "public history from" year (records.md: the year the
product went live), so the public never sees years judged on data nobody had entered yet.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

TODAY = "today"
"""The selector's value for today's statuses (also what an absent `?year=` means)."""


class BadYearError(ValueError):
    """`?year=` names no year the page shows; the message lists the ones it does."""


def public_years(first_year: int, day: date) -> list[int]:
    """The past years whose year-end statuses are public, newest first (none before `first`)."""
    return list(range(day.year - 1, first_year - 1, -1))


def chosen_year(raw: str | None, years: list[int]) -> int | None:
    """The year asked for in `?year=`, or None for today; a year not in `years` is refused."""
    if raw in (None, "", TODAY):
        return None
    if raw.isascii() and raw.isdigit() and int(raw) in years:
        return int(raw)
    if years:
        message = _(
            "Choose today or a year from %(first)d to %(last)d.", first=years[-1], last=years[0]
        )
    else:
        message = _("Only today's statuses are public yet.")
    raise BadYearError(message)


def year_end(year: int | None, day: date) -> date:
    """The day judged: 31 December of `year`, or `day` (today) when no year was chosen."""
    return day if year is None else date(year, 12, 31)
