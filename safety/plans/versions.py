"""A plan's saved versions: the JSON snapshot a save stores, and what changed between two.

A snapshot holds what drafting changes: the plan's title and summary and each item's content
with the concerns it answers. Statuses and progress are not in it: they have dated
histories of their own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from safety.dates import format_date
from safety.labels import label
from safety.plans.models import ActionPlan, PlanItem, ResponsibleKind

PLAN_FIELDS = ("title", "summary")
ITEM_FIELDS = (
    "objective",
    "activity",
    "responsible_kind",
    "responsible_name",
    "partners",
    "starts_on",
    "deadline",
    "budget_eur",
    "budget_source",
    "indicator",
    "target",
    "concerns",
)


FIELD_LABELS: Mapping[str, Any] = {
    **{name: ActionPlan.__audit_labels__[name] for name in PLAN_FIELDS},
    **{name: PlanItem.__audit_labels__[name] for name in ITEM_FIELDS if name != "concerns"},
    "concerns": _l("Concerns this item answers"),
}
"""The names a reader sees for the fields of a snapshot (those of the audit trail)."""


def _stored(value: Any) -> Any:
    """Dates as ISO text, amounts with their two decimals (as the column keeps them)."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(plan: ActionPlan, items: Iterable[PlanItem], concerns: Mapping[int, list[str]]) -> str:
    """The JSON document of the plan as saved; `concerns` maps item ids to references."""
    document = {
        **{name: _stored(getattr(plan, name)) for name in PLAN_FIELDS},
        "items": [
            {
                "id": item.id,
                **{
                    name: _stored(getattr(item, name)) for name in ITEM_FIELDS if name != "concerns"
                },
                "concerns": sorted(concerns.get(item.id, [])),
            }
            for item in items
        ],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemChange:
    """An item added, removed or changed between two versions (changed: its fields)."""

    kind: str
    activity: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class VersionChanges:
    plan: list[FieldChange]
    items: list[ItemChange]

    @property
    def is_empty(self) -> bool:
        return not self.plan and not self.items


def shown(field: str, value: Any) -> str:
    """A stored value as a reader sees it: dates day first, kinds by their label."""
    if value is None or value == "" or value == []:
        return "\u2013"  # an en dash, as pages write "nothing recorded"
    if field in ("starts_on", "deadline"):
        return format_date(date.fromisoformat(value))
    if field == "responsible_kind":
        return label(ResponsibleKind(value))
    if field == "concerns":
        return ", ".join(value)
    return str(value)


def _field_changes(
    fields: Iterable[str], before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[FieldChange]:
    return [
        FieldChange(name, shown(name, before.get(name)), shown(name, after.get(name)))
        for name in fields
        if before.get(name) != after.get(name)
    ]


def changes(before: str | None, after: str) -> VersionChanges:
    """What changed from the snapshot `before` (None: the first version) to `after`."""
    old = json.loads(before) if before else {"items": []}
    new = json.loads(after)
    old_items = {item["id"]: item for item in old["items"]}
    new_items = {item["id"]: item for item in new["items"]}
    items: list[ItemChange] = []
    for item_id, item in new_items.items():
        if item_id not in old_items:
            items.append(ItemChange("added", item["activity"], []))
            continue
        fields = _field_changes(ITEM_FIELDS, old_items[item_id], item)
        if fields:
            items.append(ItemChange("changed", item["activity"], fields))
    items.extend(
        ItemChange("removed", item["activity"], [])
        for item_id, item in old_items.items()
        if item_id not in new_items
    )
    plan = _field_changes(PLAN_FIELDS, old, new) if before else []
    return VersionChanges(plan=plan, items=items)
