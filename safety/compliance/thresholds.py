"""The thresholds in force on a day: the rules' defaults, overridden by dated changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.compliance.models import ThresholdChange
from safety.compliance.rules import DEFAULT_THRESHOLDS


@dataclass(frozen=True)
class ThresholdHistory:
    """Every stored change, so thresholds can be read for any number of dates from one query."""

    # (effective_from, id, name, value), oldest first: a later row wins on the same day.
    changes: tuple[tuple[date, int, str, Any], ...] = ()

    def on(self, day: date) -> dict[str, Any]:
        """The value of every threshold in force on `day` (decided reading 16)."""
        values = dict(DEFAULT_THRESHOLDS)
        for effective_from, _id, name, value in self.changes:
            if effective_from > day:
                break
            if name in values:
                values[name] = value
        return values


NO_CHANGES = ThresholdHistory()


def threshold_history(session: Session) -> ThresholdHistory:
    """Every threshold change, in one query."""
    rows = session.execute(
        select(
            ThresholdChange.effective_from,
            ThresholdChange.id,
            ThresholdChange.name,
            ThresholdChange.value,
        ).order_by(ThresholdChange.effective_from, ThresholdChange.id)
    )
    return ThresholdHistory(tuple((row[0], row[1], row[2], row[3]) for row in rows))


def thresholds_on(session: Session, day: date) -> dict[str, Any]:
    """The thresholds in force on `day`."""
    return threshold_history(session).on(day)
