"""Clocks and calendars without Flask: Kosovo's time zone, its today, and aware UTC now."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

KOSOVO_TZ = ZoneInfo("Europe/Belgrade")
"""Kosovo keeps Central European time; compliance dates are calendar dates in this zone."""


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime (the only clock models use)."""
    return datetime.now(UTC)


def today() -> date:
    """Today's calendar date in Kosovo, the only 'today' views and forms read."""
    return datetime.now(KOSOVO_TZ).date()


def kosovo_time(value: datetime) -> datetime:
    """An aware datetime shown as Kosovo local time."""
    return value.astimezone(KOSOVO_TZ)


def format_date(value: date | None) -> str:
    # Numeric day.month.year reads the same in Albanian, Serbian and English here, and avoids
    # Babel's Cyrillic month names for `sr`.
    return "" if value is None else f"{value.day:02d}.{value.month:02d}.{value.year}"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = kosovo_time(value)
    return f"{format_date(local.date())} {local:%H:%M}"
