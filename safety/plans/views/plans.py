"""Plan pages: a council's plans, the plan page, drafting with versions, items, CSV import.

Every route asks `safety.plans.access`: a draft is for the council's staff (others get 404,
with nothing of the plan in the page); only the council's own secretary writes (the
ministry and administrators get 403).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from safety.concerns.access import is_public
from safety.concerns.models import Concern
from safety.dates import today
from safety.db import get_session
from safety.plans.access import (
    can_edit_plan,
    is_council_staff,
    readable_plan,
)
from safety.plans.blueprint import bp
from safety.plans.models import ItemStatus, PlanItem
from safety.plans.overdue import is_overdue
from safety.plans.queries import (
    AnsweringItem,
    items_answering,
    plan_page_options,
)

Page = Response | str | tuple[str, int]


# The plan page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemLine:
    """An item as the plan page shows it: overdue today, and the concerns this reader may see."""

    item: PlanItem
    is_overdue: bool
    concerns: list[Concern]

    @property
    def cancel_reason(self) -> str | None:
        """Why a cancelled item was cancelled (its last change says)."""
        if self.item.status != ItemStatus.CANCELLED or not self.item.status_events:
            return None
        return self.item.status_events[-1].reason


def overall_progress(items: list[PlanItem]) -> int | None:
    """The mean progress of the items that are not cancelled (None when there are none)."""
    counted = [item.progress for item in items if item.status != ItemStatus.CANCELLED]
    return round(sum(counted) / len(counted)) if counted else None


@bp.get("/plans/<int:plan_id>")
def show(plan_id: int) -> str:
    """Show a plan: its dates, overall progress, items with overdue ones marked, comments."""
    plan = readable_plan(plan_id, *plan_page_options())
    day = today()
    staff = is_council_staff(current_user, plan.council_id)
    lines = [
        ItemLine(
            item=item,
            is_overdue=is_overdue(item.deadline, item.status, day),
            concerns=[
                link.concern for link in item.concern_links if staff or is_public(link.concern)
            ],
        )
        for item in plan.items
    ]
    return render_template(
        "plans/show.html",
        plan=plan,
        council=plan.council,
        lines=lines,
        overall=overall_progress(plan.items),
        overdue_count=sum(line.is_overdue for line in lines),
        can_edit=can_edit_plan(current_user, plan),
        is_staff=staff,
        today=day,
    )


@bp.app_template_global()
def plan_items_answering(concern: Concern) -> list[AnsweringItem]:
    """The plan items answering `concern` that the reader may see (one query)."""
    return items_answering(
        get_session(),
        concern.id,
        include_drafts=is_council_staff(current_user, concern.council_id),
    )
