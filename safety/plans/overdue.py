"""When a plan item is overdue on a day: one definition for pages, lists and rules (R15).

Pure: dates and statuses in, a boolean out; no clock, no database. An item is overdue on
day `d` if its deadline is before `d` and its status on `d` is neither done nor cancelled.
An item without a deadline is never overdue (decided reading 7).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from safety.compliance.rules import status_as_of
from safety.plans.models import ItemStatus

CLOSED_STATUSES = frozenset({ItemStatus.DONE, ItemStatus.CANCELLED})
"""Statuses that end an item's obligation: a closed item is never overdue."""


def status_on(history: Iterable[tuple[date, ItemStatus]], day: date) -> ItemStatus:
    """The status in force on `day`: the last change dated on or before it.

    `history` is the item's (changed_on, status) changes in the order they were recorded;
    a later record on the same date wins. Before any change an item is not started.
    """
    return status_as_of(history, day, ItemStatus.NOT_STARTED)


def is_overdue(deadline: date | None, status: ItemStatus, day: date) -> bool:
    """Overdue on `day`, given the item's status on that day."""
    return deadline is not None and deadline < day and status not in CLOSED_STATUSES


def is_overdue_on(
    deadline: date | None, history: Iterable[tuple[date, ItemStatus]], day: date
) -> bool:
    """Overdue on `day`, reading the status from the item's dated history."""
    return is_overdue(deadline, status_on(history, day), day)
