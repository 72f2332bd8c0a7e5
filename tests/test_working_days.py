"""Working days: weekends, holidays, both Easters, year ends, substitute days, both ends counted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from safety.plans.holiday_prefill import prefill_holidays
from safety.plans.models import Holiday, HolidayKind
from safety.plans.working_days import (
    MIN_COMMENT_WORKING_DAYS,
    holiday_days,
    period_working_days,
    working_days,
)

# Kosovo's holidays of the periods below, as the pre-fill gives them.
HOLIDAYS_2024 = {
    date(2024, 1, 1),
    date(2024, 1, 2),
    date(2024, 1, 7),
    date(2024, 2, 17),
    date(2024, 3, 31),  # Catholic Easter (a Sunday)
    date(2024, 4, 1),  # Catholic Easter Monday
    date(2024, 4, 9),
    date(2024, 4, 10),  # Eid al-Fitr
    date(2024, 5, 1),
    date(2024, 5, 5),  # Orthodox Easter (a Sunday)
    date(2024, 5, 6),  # Orthodox Easter Monday
    date(2024, 5, 9),
    date(2024, 6, 16),  # Eid al-Adha (a Sunday)
    date(2024, 6, 17),  # its substitute day
    date(2024, 12, 25),
}
NEW_YEAR_2025 = {date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 7)}


def test_the_worked_example_is_exactly_fifteen_working_days():
    # Monday 22 January to Friday 9 February 2024: three whole weeks, no holiday inside.
    assert working_days(date(2024, 1, 22), date(2024, 2, 9), HOLIDAYS_2024) == 15
    assert MIN_COMMENT_WORKING_DAYS == 15
    # One day less is below the threshold, one more weekday above it.
    assert working_days(date(2024, 1, 22), date(2024, 2, 8), HOLIDAYS_2024) == 14
    assert working_days(date(2024, 1, 22), date(2024, 2, 12), HOLIDAYS_2024) == 16


def test_both_ends_count():
    monday = date(2024, 1, 22)
    assert working_days(monday, monday, set()) == 1
    assert working_days(monday, monday + timedelta(days=1), set()) == 2


def test_an_end_before_the_start_is_no_period():
    assert working_days(date(2024, 1, 22), date(2024, 1, 21), set()) == 0


def test_weekends_are_not_working_days():
    saturday, sunday = date(2024, 1, 27), date(2024, 1, 28)
    assert working_days(saturday, sunday, set()) == 0
    # Friday to Monday: two working days.
    assert working_days(date(2024, 1, 26), date(2024, 1, 29), set()) == 2
    # Starting on a Sunday, a whole week still holds five weekdays.
    assert working_days(sunday, sunday + timedelta(days=6), set()) == 5


def test_a_holiday_on_a_weekday_is_taken_away_and_one_on_a_weekend_is_not():
    week = (date(2024, 4, 8), date(2024, 4, 14))
    assert working_days(*week, set()) == 5
    # Constitution Day (Tuesday 9 April) and Eid al-Fitr (Wednesday 10 April).
    assert working_days(*week, HOLIDAYS_2024) == 3
    # Europe Day 2026 falls on a Saturday: nothing more is taken away for it.
    assert working_days(date(2026, 5, 4), date(2026, 5, 10), {date(2026, 5, 9)}) == 5


def test_catholic_easter_monday():
    # 25 March to 12 April 2024: fifteen weekdays less Easter Monday (1 April) and
    # Constitution Day (9 April) and Eid al-Fitr (10 April).
    assert working_days(date(2024, 3, 25), date(2024, 4, 12), HOLIDAYS_2024) == 12


def test_orthodox_easter_monday():
    # 29 April to 17 May 2024: less 1 May, Orthodox Easter Monday (6 May) and 9 May.
    assert working_days(date(2024, 4, 29), date(2024, 5, 17), HOLIDAYS_2024) == 12


def test_a_period_across_the_year_end():
    # 23 December 2024 to 10 January 2025: fifteen weekdays less Christmas (Wednesday),
    # 1 and 2 January and Orthodox Christmas (Tuesday 7 January).
    holidays = HOLIDAYS_2024 | NEW_YEAR_2025
    assert working_days(date(2024, 12, 23), date(2025, 1, 10), holidays) == 11


def test_substitute_days_count_when_the_table_holds_them():
    europe_week = (date(2026, 5, 4), date(2026, 5, 15))
    # Europe Day 2026 is a Saturday; Monday 11 May is its substitute day.
    assert working_days(*europe_week, {date(2026, 5, 9)}) == 10
    assert working_days(*europe_week, {date(2026, 5, 9), date(2026, 5, 11)}) == 9
    # 2 January 2027 is a Saturday; Monday 4 January is its substitute day.
    new_year = {date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 4), date(2027, 1, 7)}
    assert working_days(date(2026, 12, 28), date(2027, 1, 8), new_year) == 7


@given(
    start=st.dates(min_value=date(2013, 1, 1), max_value=date(2035, 12, 31)),
    length=st.integers(min_value=-3, max_value=120),
    offsets=st.sets(st.integers(min_value=-10, max_value=130), max_size=12),
)
def test_the_count_matches_walking_the_days(start, length, offsets):
    end = start + timedelta(days=length)
    holidays = {start + timedelta(days=offset) for offset in offsets}
    walked = 0
    day = start
    while day <= end:
        walked += day.weekday() < 5 and day not in holidays
        day += timedelta(days=1)
    assert working_days(start, end, holidays) == walked


@pytest.fixture
def prefilled(app, session):
    prefill_holidays(session, years=[2024, 2025, 2026, 2027])
    session.commit()


def test_the_table_is_the_calendar(prefilled, session):
    # The pre-filled table gives the same counts as the sets above.
    assert period_working_days(session, date(2024, 1, 22), date(2024, 2, 9)) == 15
    assert period_working_days(session, date(2024, 3, 25), date(2024, 4, 12)) == 12
    assert period_working_days(session, date(2024, 4, 29), date(2024, 5, 17)) == 12
    assert period_working_days(session, date(2024, 12, 23), date(2025, 1, 10)) == 11
    assert period_working_days(session, date(2026, 5, 4), date(2026, 5, 15)) == 9
    assert period_working_days(session, date(2026, 12, 28), date(2027, 1, 8)) == 7


def test_an_administrators_change_to_the_table_changes_the_count(prefilled, session):
    substitute = session.scalars(select(Holiday).where(Holiday.day == date(2026, 5, 11))).one()
    assert substitute.kind == HolidayKind.SUBSTITUTE
    session.delete(substitute)
    session.add(
        Holiday(
            day=date(2026, 5, 14),
            name_sq="Festë lokale",
            name_sr="Lokalni praznik",
            name_en="Local holiday",
            kind=HolidayKind.OTHER,
        )
    )
    session.commit()
    assert period_working_days(session, date(2026, 5, 4), date(2026, 5, 15)) == 9
    assert date(2026, 5, 11) not in holiday_days(session, date(2026, 5, 4), date(2026, 5, 15))


def test_the_loader_includes_both_ends(prefilled, session):
    assert holiday_days(session, date(2024, 12, 25), date(2025, 1, 1)) == {
        date(2024, 12, 25),
        date(2025, 1, 1),
    }
    assert holiday_days(session, date(2024, 12, 26), date(2024, 12, 31)) == set()
