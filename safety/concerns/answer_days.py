"""How many days a council has to answer a concern: R16's breach threshold in force on a day.

There is no separate setting: the deadline a submitter is promised, the overdue marks of the
lists and the concern page, and rule R16 read the same threshold, so a change an administrator
makes on the thresholds page moves all of them from its effective date.
"""

from __future__ import annotations

from datetime import date

from flask import g
from sqlalchemy.orm import Session

from safety.compliance.thresholds import threshold_history
from safety.dates import today
from safety.db import get_session

THRESHOLD = "r16_breach_days"


def answer_days(session: Session, day: date) -> int:
    """The days to answer in force on `day` (one query)."""
    return int(threshold_history(session).on(day)[THRESHOLD])


def answer_days_today() -> int:
    """The days to answer in force today, read once per request however often it is asked."""
    if "concern_answer_days" not in g:
        g.concern_answer_days = answer_days(get_session(), today())
    return g.concern_answer_days
