"""The dates of a monthly series: Nth and last weekdays, short and long months, year ends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safety.consultations.series import LAST, MAX_MONTHS, monthly_dates, nth_weekday

MONDAY, TUESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = 0, 1, 3, 4, 5, 6


@pytest.mark.parametrize(
    ("year", "month", "weekday", "week", "expected"),
    [
        # April 2025 starts on a Tuesday: the first Tuesday is the 1st itself.
        (2025, 4, TUESDAY, 1, date(2025, 4, 1)),
        (2025, 4, MONDAY, 1, date(2025, 4, 7)),
        (2025, 4, TUESDAY, 4, date(2025, 4, 22)),
        # April 2025 has five Tuesdays (1, 8, 15, 22, 29): the last is the fifth.
        (2025, 4, TUESDAY, LAST, date(2025, 4, 29)),
        # ... but four Mondays (7, 14, 21, 28): the last is the fourth.
        (2025, 4, MONDAY, LAST, date(2025, 4, 28)),
        # The last day of the month is itself the weekday asked for.
        (2025, 5, SATURDAY, LAST, date(2025, 5, 31)),
        # A 28-day February (2026) starting on a Sunday has exactly four of every weekday.
        (2026, 2, SUNDAY, 1, date(2026, 2, 1)),
        (2026, 2, SATURDAY, 4, date(2026, 2, 28)),
        (2026, 2, SATURDAY, LAST, date(2026, 2, 28)),
        (2026, 2, SUNDAY, LAST, date(2026, 2, 22)),
        # Leap February 2028 has 29 days: it ends on a Tuesday, the fifth of the month.
        (2028, 2, TUESDAY, LAST, date(2028, 2, 29)),
        (2028, 2, TUESDAY, 4, date(2028, 2, 22)),
        (2028, 2, MONDAY, LAST, date(2028, 2, 28)),
        # The fourth of a weekday is never later than the 28th, whatever the month.
        (2025, 12, SUNDAY, 4, date(2025, 12, 28)),
        (2025, 12, MONDAY, 4, date(2025, 12, 22)),
    ],
)
def test_nth_weekday(year, month, weekday, week, expected):
    assert nth_weekday(year, month, weekday, week) == expected
    assert expected.weekday() == weekday


@pytest.mark.parametrize(("weekday", "week"), [(7, 1), (-1, 1), (TUESDAY, 0), (TUESDAY, 6)])
def test_nth_weekday_refuses_impossible_positions(weekday, week):
    with pytest.raises(ValueError, match="must be"):
        nth_weekday(2025, 4, weekday, week)


def test_monthly_dates_cross_the_year_end():
    assert monthly_dates(date(2025, 11, 15), 4, TUESDAY, 1) == [
        date(2025, 11, 4),
        date(2025, 12, 2),
        date(2026, 1, 6),
        date(2026, 2, 3),
    ]


def test_monthly_dates_last_friday_through_a_leap_february():
    assert monthly_dates(date(2027, 12, 1), 4, FRIDAY, LAST) == [
        date(2027, 12, 31),
        date(2028, 1, 28),
        date(2028, 2, 25),
        date(2028, 3, 31),
    ]


def test_monthly_dates_start_in_the_month_given_whatever_its_day():
    # The 31st of the month: the series still starts with that month, not the next.
    assert monthly_dates(date(2025, 1, 31), 2, THURSDAY, 2) == [
        date(2025, 1, 9),
        date(2025, 2, 13),
    ]


def test_monthly_dates_count_limits():
    assert len(monthly_dates(date(2025, 1, 1), MAX_MONTHS, MONDAY, 1)) == MAX_MONTHS
    assert len(monthly_dates(date(2025, 1, 1), 1, MONDAY, 1)) == 1
    for months in (0, MAX_MONTHS + 1):
        with pytest.raises(ValueError, match="months must be"):
            monthly_dates(date(2025, 1, 1), months, MONDAY, 1)


def test_a_twelve_month_series_has_one_date_per_month_in_order():
    dates = monthly_dates(date(2025, 3, 1), 12, TUESDAY, LAST)
    assert [(d.year, d.month) for d in dates] == [
        (2025 + (2 + n) // 12, (2 + n) % 12 + 1) for n in range(12)
    ]
    assert all(d.weekday() == TUESDAY for d in dates)
    # The last: a week later is already the next month.
    assert all((d + timedelta(days=7)).month != d.month for d in dates)
