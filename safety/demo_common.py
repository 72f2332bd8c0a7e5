"""What every slice's demo builder shares: the address domain, the random seed, entry times.

It imports no slice, so `safety/<slice>/demo.py` modules can use it without importing the
collector (`safety/demo.py`), which imports them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

DEMO_DOMAIN = "demo.safety-ks.org"
# Seed each area's `random.Random` from this plus a key of its own (`f"{SEED}-{code}"`), so
# adding a slice's demo data never shifts the people another slice generates.
SEED = 2026


def entered_at(day: date, hour: int = 9) -> datetime:
    """An aware UTC moment on `day`: demo entries are dated the day they were made."""
    return datetime.combine(day, time(hour), tzinfo=UTC)
