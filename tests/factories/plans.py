"""Action-plan factories: plans in any status with items, dated item histories and comments."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from safety.councils.models import Council
from safety.plans.models import (
    ActionPlan,
    ActivityReport,
    ItemStatus,
    ItemStatusEvent,
    PlanComment,
    PlanEvent,
    PlanItem,
    PlanStatus,
    ReportKind,
    ResponsibleKind,
)
from tests.factories import sequence


@pytest.fixture
def make_plan(session: Session, council_a: Council) -> Callable[..., ActionPlan]:
    """A plan; `status` adds the events leading to it on the dates given in `overrides`."""

    def factory(
        council: Council | None = None,
        *,
        year: int = 2025,
        status: PlanStatus = PlanStatus.DRAFT,
        **overrides: Any,
    ) -> ActionPlan:
        values: dict[str, Any] = {
            "council_id": (council or council_a).id,
            "year": year,
            "title": f"Action plan {year} ({next(sequence)})",
            "summary": "Safer roads to school, lighting and outreach to every community.",
            "status": status,
        }
        values.update(overrides)
        plan = ActionPlan(**values)
        session.add(plan)
        session.flush()
        session.add(
            PlanEvent(plan_id=plan.id, status=PlanStatus.DRAFT, changed_on=date(year, 1, 5))
        )
        dated = {
            PlanStatus.OPEN_FOR_COMMENT: plan.comment_starts_on,
            PlanStatus.ADOPTED: plan.adopted_on,
            PlanStatus.FORWARDED_TO_ASSEMBLY: plan.forwarded_on,
        }
        for step, on in dated.items():
            if on is not None:
                session.add(PlanEvent(plan_id=plan.id, status=step, changed_on=on))
        session.commit()
        return plan

    return factory


@pytest.fixture
def make_item(session: Session) -> Callable[..., PlanItem]:
    """An item of `plan`; `history` is (status, date, reason) triples, the last one today's."""

    def factory(
        plan: ActionPlan,
        *,
        history: Iterable[tuple[ItemStatus, date, str | None]] = (),
        **overrides: Any,
    ) -> PlanItem:
        number = next(sequence)
        values: dict[str, Any] = {
            "plan_id": plan.id,
            "position": number,
            "objective": "A safer route to the school",
            "activity": f"Install street lights on the school road ({number})",
            "responsible_kind": ResponsibleKind.MUNICIPAL_DIRECTORATE,
            "responsible_name": "Public Services Directorate",
            "starts_on": date(plan.year, 2, 1),
            "deadline": date(plan.year, 6, 30),
        }
        values.update(overrides)
        item = PlanItem(**values)
        session.add(item)
        session.flush()
        for status, changed_on, reason in history:
            session.add(
                ItemStatusEvent(
                    item_id=item.id, status=status, changed_on=changed_on, reason=reason
                )
            )
            item.status = status
        session.commit()
        return item

    return factory


@pytest.fixture
def make_comment(session: Session) -> Callable[..., PlanComment]:
    def factory(plan: ActionPlan, **overrides: Any) -> PlanComment:
        values: dict[str, Any] = {
            "plan_id": plan.id,
            "body": "Please add lighting at the bus stop near the school.",
            "language": "sq",
            "submitted_on": plan.comment_starts_on or date(plan.year, 2, 1),
        }
        values.update(overrides)
        comment = PlanComment(**values)
        session.add(comment)
        session.commit()
        return comment

    return factory


@pytest.fixture
def make_report(session: Session, council_a: Council) -> Callable[..., ActivityReport]:
    def factory(
        council: Council | None = None,
        *,
        kind: ReportKind = ReportKind.ANNUAL,
        year: int = 2024,
        **overrides: Any,
    ) -> ActivityReport:
        values: dict[str, Any] = {
            "council_id": (council or council_a).id,
            "kind": kind,
            "year": year,
            "body": "<p>The council met ten times and held two public consultations.</p>",
        }
        values.update(overrides)
        report = ActivityReport(**values)
        session.add(report)
        session.commit()
        return report

    return factory
