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
