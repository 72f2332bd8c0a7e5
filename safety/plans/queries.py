"""The SQL of the plan pages: what each page loads, list rows aggregated in SQL, overdue counts.

Lists count items and overdue items in one grouped statement, whatever the number of plans
or items. Today's overdue items are read from the status mirror, which is the status on
today (status dates are never in the future); `safety.plans.overdue` says the same in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort
from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from safety.accounts.models import User
from safety.concerns.models import OPEN_STATUSES, Concern, ConcernStatus
from safety.councils.models import Council
from safety.plans.models import (
    ActionPlan,
    ItemConcern,
    ItemStatus,
    PlanItem,
    PlanStatus,
    PlanVersion,
)
from safety.plans.overdue import CLOSED_STATUSES

OVERDUE_SHOWN = 10
"""Overdue items listed on the council's page; the plan page shows them all."""


def overdue_condition(item: Any, day: date) -> ColumnElement[bool]:
    """SQL for "overdue on `day`" on a plan item (or an alias of it), from today's status."""
    return and_(
        item.deadline.is_not(None),
        item.deadline < day,
        item.status.not_in(list(CLOSED_STATUSES)),
    )


def plan_page_options() -> list[Any]:
    """Everything the plan page shows, in a fixed number of statements for any number of items."""
    return [
        joinedload(ActionPlan.council).joinedload(Council.municipality),
        joinedload(ActionPlan.adopted_at_meeting),
        selectinload(ActionPlan.items).selectinload(PlanItem.status_events),
        selectinload(ActionPlan.items)
        .selectinload(PlanItem.concern_links)
        .joinedload(ItemConcern.concern),
    ]


def plan_council_options() -> list[Any]:
    """The plan with its council's name, for pages that show the plan's heading only."""
    return [joinedload(ActionPlan.council).joinedload(Council.municipality)]


def item_of_plan(session: Session, plan_id: int, item_id: int, *options: Any) -> PlanItem:
    """The item only if it belongs to `plan_id` (another plan's item answers 404)."""
    item = session.scalars(
        select(PlanItem)
        .where(PlanItem.id == item_id, PlanItem.plan_id == plan_id)
        .options(*options)
    ).one_or_none()
    if item is None:
        abort(404)
    return item


def council_or_404(session: Session, council_id: int) -> Council:
    council = session.scalars(
        select(Council).where(Council.id == council_id).options(joinedload(Council.municipality))
    ).one_or_none()
    if council is None:
        abort(404)
    return council


@dataclass(frozen=True)
class PlanRow:
    """A line of a council's list of plans."""

    id: int
    year: int
    title: str
    status: PlanStatus
    adopted_on: date | None
    forwarded_on: date | None
    item_count: int
    done_count: int
    overdue_count: int
    progress: int | None


def _item_totals(day: date) -> Any:
    done = PlanItem.status == ItemStatus.DONE
    counted = PlanItem.status != ItemStatus.CANCELLED
    return (
        select(
            PlanItem.plan_id,
            func.count(PlanItem.id).label("item_count"),
            func.sum(case((done, 1), else_=0)).label("done_count"),
            func.sum(case((overdue_condition(PlanItem, day), 1), else_=0)).label("overdue_count"),
            func.avg(case((counted, PlanItem.progress), else_=None)).label("progress"),
        )
        .group_by(PlanItem.plan_id)
        .subquery()
    )


def council_plan_rows(
    session: Session, council_id: int, day: date, *, include_drafts: bool
) -> list[PlanRow]:
    """The council's plans, newest year first, with item and overdue counts (one statement)."""
    totals = _item_totals(day)
    statement = (
        select(
            ActionPlan.id,
            ActionPlan.year,
            ActionPlan.title,
            ActionPlan.status,
            ActionPlan.adopted_on,
            ActionPlan.forwarded_on,
            func.coalesce(totals.c.item_count, 0),
            func.coalesce(totals.c.done_count, 0),
            func.coalesce(totals.c.overdue_count, 0),
            totals.c.progress,
        )
        .outerjoin(totals, totals.c.plan_id == ActionPlan.id)
        .where(ActionPlan.council_id == council_id)
        .order_by(ActionPlan.year.desc())
    )
    if not include_drafts:
        statement = statement.where(ActionPlan.status != PlanStatus.DRAFT)
    return [
        PlanRow(
            id=row[0],
            year=row[1],
            title=row[2],
            status=row[3],
            adopted_on=row[4],
            forwarded_on=row[5],
            item_count=int(row[6]),
            done_count=int(row[7]),
            overdue_count=int(row[8]),
            progress=None if row[9] is None else round(float(row[9])),
        )
        for row in session.execute(statement)
    ]


@dataclass(frozen=True)
class OverdueItem:
    id: int
    activity: str
    deadline: date


@dataclass(frozen=True)
class CurrentPlan:
    """The council page's plan section: this year's plan and its overdue items."""

    id: int
    year: int
    title: str
    status: PlanStatus
    overdue_count: int
    overdue_items: list[OverdueItem]


def current_plan(
    session: Session, council_id: int, day: date, *, include_drafts: bool
) -> CurrentPlan | None:
    """The plan for `day`'s year with its overdue count and first overdue items, in one statement.

    The count is a subquery on the plan row; the items are outer-joined, so a plan without
    overdue items still comes back (as one row without an item).
    """
    counted = aliased(PlanItem)
    overdue_count = (
        select(func.count(counted.id))
        .where(counted.plan_id == ActionPlan.id, overdue_condition(counted, day))
        .correlate(ActionPlan)
        .scalar_subquery()
    )
    statement = (
        select(
            ActionPlan.id,
            ActionPlan.year,
            ActionPlan.title,
            ActionPlan.status,
            overdue_count,
            PlanItem.id,
            PlanItem.activity,
            PlanItem.deadline,
        )
        .select_from(ActionPlan)
        .outerjoin(
            PlanItem, and_(PlanItem.plan_id == ActionPlan.id, overdue_condition(PlanItem, day))
        )
        .where(ActionPlan.council_id == council_id, ActionPlan.year == day.year)
        .order_by(PlanItem.deadline, PlanItem.position, PlanItem.id)
        .limit(OVERDUE_SHOWN)
    )
    if not include_drafts:
        statement = statement.where(ActionPlan.status != PlanStatus.DRAFT)
    rows = session.execute(statement).all()
    if not rows:
        return None
    first = rows[0]
    return CurrentPlan(
        id=first[0],
        year=first[1],
        title=first[2],
        status=first[3],
        overdue_count=int(first[4]),
        overdue_items=[
            OverdueItem(id=row[5], activity=row[6], deadline=row[7])
            for row in rows
            if row[5] is not None
        ],
    )


@dataclass(frozen=True)
class AnsweringItem:
    """An item that answers a concern, as the concern's page lists it."""

    id: int
    activity: str
    status: ItemStatus
    progress: int
    deadline: date | None
    plan_id: int
    plan_year: int
    plan_status: PlanStatus


def items_answering(
    session: Session, concern_id: int, *, include_drafts: bool
) -> list[AnsweringItem]:
    """The plan items answering a concern, newest plan first (one statement)."""
    statement = (
        select(
            PlanItem.id,
            PlanItem.activity,
            PlanItem.status,
            PlanItem.progress,
            PlanItem.deadline,
            ActionPlan.id,
            ActionPlan.year,
            ActionPlan.status,
        )
        .join(ItemConcern, ItemConcern.item_id == PlanItem.id)
        .join(ActionPlan, ActionPlan.id == PlanItem.plan_id)
        .where(ItemConcern.concern_id == concern_id)
        .order_by(ActionPlan.year.desc(), PlanItem.position, PlanItem.id)
    )
    if not include_drafts:
        statement = statement.where(ActionPlan.status != PlanStatus.DRAFT)
    return [AnsweringItem(*row) for row in session.execute(statement)]


ANSWERABLE_STATUSES = frozenset({*OPEN_STATUSES, ConcernStatus.ACCEPTED_INTO_PLAN})
"""Concerns an item may take on: still open, or accepted into the plan."""


def concern_choices(
    session: Session, council_id: int, item_id: int | None = None
) -> list[tuple[int, str]]:
    """The council's open or accepted concerns (and those the item already answers), labelled."""
    wanted = Concern.status.in_(list(ANSWERABLE_STATUSES))
    if item_id is not None:
        linked = select(ItemConcern.concern_id).where(ItemConcern.item_id == item_id)
        wanted = or_(wanted, Concern.id.in_(linked))
    rows = session.execute(
        select(Concern.id, Concern.reference, Concern.title)
        .where(Concern.council_id == council_id, Concern.deleted_on.is_(None), wanted)
        .order_by(Concern.submitted_on.desc(), Concern.id.desc())
    )
    return [(row.id, f"{row.reference}: {row.title}") for row in rows]


@dataclass(frozen=True)
class VersionRow:
    number: int
    snapshot: str
    note: str | None
    created_at: Any
    actor_name: str | None


def plan_versions(session: Session, plan_id: int) -> list[VersionRow]:
    """The plan's saved versions, newest first, with who saved each."""
    rows = session.execute(
        select(
            PlanVersion.number,
            PlanVersion.snapshot,
            PlanVersion.note,
            PlanVersion.created_at,
            User.full_name,
        )
        .outerjoin(User, User.id == PlanVersion.actor_id)
        .where(PlanVersion.plan_id == plan_id)
        .order_by(PlanVersion.number.desc())
    )
    return [VersionRow(*row) for row in rows]
