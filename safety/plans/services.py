"""Multi-step writes for plans: creating, saving with a version, items, status and progress.

Every save of a plan's content (title, summary, items, the concerns they answer) stores a
`PlanVersion` snapshot, in any status: an adopted plan may still be corrected, and the
versions show what changed. Status changes and progress reports are dated rows of their
own. Functions flush, never commit; refusals raise `PlanChangeRefusedError` before any write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from safety.accounts.models import User
from safety.concerns.models import Concern
from safety.forms import has_visible_character
from safety.plans.models import (
    ActionPlan,
    ItemConcern,
    ItemStatus,
    ItemStatusEvent,
    PlanEvent,
    PlanItem,
    PlanStatus,
    PlanVersion,
    ProgressUpdate,
)
from safety.plans.versions import snapshot


class PlanChangeRefusedError(Exception):
    """A change the plan's data does not allow; the view words `code` (and `on`, a date)."""

    def __init__(self, code: str, on: date | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.on = on


def earliest_record_on(plan: ActionPlan) -> date:
    """Work on a plan's items may start while it is drafted, in the year before its own."""
    return date(plan.year - 1, 1, 1)


def year_is_taken(session: Session, council_id: int, year: int) -> bool:
    return bool(
        session.scalar(
            select(exists().where(ActionPlan.council_id == council_id, ActionPlan.year == year))
        )
    )


def record_version(session: Session, actor: User, plan: ActionPlan) -> PlanVersion | None:
    """Store the plan as it now is (its items read back after a flush) as its next version.

    A save that changed nothing of the snapshot stores no new version.
    """
    session.flush()
    items = list(
        session.scalars(
            select(PlanItem)
            .where(PlanItem.plan_id == plan.id)
            .order_by(PlanItem.position, PlanItem.id)
        )
    )
    concerns: dict[int, list[str]] = defaultdict(list)
    for item_id, reference in session.execute(
        select(ItemConcern.item_id, Concern.reference)
        .join(Concern, Concern.id == ItemConcern.concern_id)
        .join(PlanItem, PlanItem.id == ItemConcern.item_id)
        .where(PlanItem.plan_id == plan.id)
    ):
        concerns[item_id].append(reference)
    latest = session.execute(
        select(PlanVersion.number, PlanVersion.snapshot)
        .where(PlanVersion.plan_id == plan.id)
        .order_by(PlanVersion.number.desc())
        .limit(1)
    ).first()
    document = snapshot(plan, items, concerns)
    if latest is not None and latest.snapshot == document:
        return None
    version = PlanVersion(
        plan_id=plan.id,
        number=(latest.number if latest else 0) + 1,
        snapshot=document,
        actor_id=actor.id,
    )
    session.add(version)
    session.flush()
    return version


def create_plan(
    session: Session,
    actor: User,
    *,
    council_id: int,
    year: int,
    title: str,
    summary: str,
    today: date,
) -> ActionPlan:
    """A council's draft plan for `year`, dated today, with its first version.

    Refused when the council has a plan for that year; the unique constraint remains the
    backstop against two requests racing past this check.
    """
    if year_is_taken(session, council_id, year):
        raise PlanChangeRefusedError("year_taken")
    plan = ActionPlan(
        council_id=council_id,
        year=year,
        title=title,
        summary=summary,
        status=PlanStatus.DRAFT,
    )
    session.add(plan)
    session.flush()
    session.add(
        PlanEvent(plan_id=plan.id, status=PlanStatus.DRAFT, changed_on=today, actor_id=actor.id)
    )
    record_version(session, actor, plan)
    return plan


def _write_concern_links(
    session: Session, item: PlanItem, existing: Sequence[ItemConcern], concern_ids: Iterable[int]
) -> None:
    """Make the item answer exactly `concern_ids`, touching only the links that differ."""
    wanted = set(concern_ids)
    current = {link.concern_id: link for link in existing}
    for concern_id, link in current.items():
        if concern_id not in wanted:
            session.delete(link)
    for concern_id in sorted(wanted - set(current)):
        session.add(ItemConcern(item_id=item.id, concern_id=concern_id))


def _next_position(session: Session, plan: ActionPlan) -> int:
    latest = session.scalar(select(func.max(PlanItem.position)).where(PlanItem.plan_id == plan.id))
    return (latest or 0) + 1


def add_item(
    session: Session,
    actor: User,
    plan: ActionPlan,
    item: PlanItem,
    *,
    concern_ids: Iterable[int] = (),
    today: date,
) -> PlanItem:
    """Append `item` to the plan; progress it starts with is reported as of today."""
    item.plan_id = plan.id
    item.position = _next_position(session, plan)
    item.status = ItemStatus.NOT_STARTED
    item.progress = item.progress or 0
    session.add(item)
    session.flush()
    _write_concern_links(session, item, [], concern_ids)
    if item.progress:
        session.add(
            ProgressUpdate(
                item_id=item.id, progress=item.progress, reported_on=today, actor_id=actor.id
            )
        )
    record_version(session, actor, plan)
    return item


def update_item(
    session: Session,
    actor: User,
    plan: ActionPlan,
    item: PlanItem,
    *,
    concern_ids: Iterable[int],
) -> PlanItem:
    """Save the item's edited content and the concerns it answers (needs `concern_links`)."""
    _write_concern_links(session, item, item.concern_links, concern_ids)
    record_version(session, actor, plan)
    return item


def import_items(
    session: Session, actor: User, plan: ActionPlan, items: Sequence[PlanItem]
) -> list[PlanItem]:
    """Append checked items in their order, as one new version of the plan."""
    position = _next_position(session, plan)
    for offset, item in enumerate(items):
        item.plan_id = plan.id
        item.position = position + offset
        item.status = ItemStatus.NOT_STARTED
        item.progress = 0
    session.add_all(items)
    record_version(session, actor, plan)
    return list(items)


def _check_stated_date(plan: ActionPlan, on: date, today: date, latest: date | None) -> None:
    if on > today:
        raise PlanChangeRefusedError("in_future")
    if on < earliest_record_on(plan):
        raise PlanChangeRefusedError("before_plan", earliest_record_on(plan))
    if latest is not None and on < latest:
        # Histories stay in date order, so "the status on a day" has one answer.
        raise PlanChangeRefusedError("before_latest", latest)


def change_item_status(
    session: Session,
    actor: User,
    plan: ActionPlan,
    item: PlanItem,
    *,
    status: ItemStatus,
    changed_on: date,
    reason: str | None,
    today: date,
) -> ItemStatusEvent:
    """Record the item's new status on a stated date; cancelling needs a reason.

    The date may not be in the future, before the year preceding the plan's, or before the
    item's last change. Marking an item done reports its progress as 100 % on that date
    when it was lower: done is complete. Reaching 100 % does not make an item done: the
    council says so with this change.
    """
    if status == item.status:
        raise PlanChangeRefusedError("same_status")
    if status == ItemStatus.CANCELLED and not (reason and has_visible_character(reason)):
        raise PlanChangeRefusedError("reason_required")
    latest = session.scalar(
        select(func.max(ItemStatusEvent.changed_on)).where(ItemStatusEvent.item_id == item.id)
    )
    _check_stated_date(plan, changed_on, today, latest)
    event = ItemStatusEvent(
        item_id=item.id,
        status=status,
        changed_on=changed_on,
        reason=reason,
        actor_id=actor.id,
    )
    session.add(event)
    item.status = status
    if status == ItemStatus.DONE and item.progress < 100:
        session.add(
            ProgressUpdate(item_id=item.id, progress=100, reported_on=changed_on, actor_id=actor.id)
        )
        item.progress = 100
    session.flush()
    return event


def record_progress(
    session: Session,
    actor: User,
    plan: ActionPlan,
    item: PlanItem,
    *,
    progress: int,
    reported_on: date,
    note: str | None,
    today: date,
) -> ProgressUpdate:
    """Report the item's progress (0-100 %) on a stated date; the item shows the latest."""
    if not 0 <= progress <= 100:
        raise PlanChangeRefusedError("out_of_range")
    latest = session.scalar(
        select(func.max(ProgressUpdate.reported_on)).where(ProgressUpdate.item_id == item.id)
    )
    _check_stated_date(plan, reported_on, today, latest)
    update = ProgressUpdate(
        item_id=item.id, progress=progress, reported_on=reported_on, note=note, actor_id=actor.id
    )
    session.add(update)
    item.progress = progress
    session.flush()
    return update
