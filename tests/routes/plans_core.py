"""Routes of the plans' core: the council's list, the plan page, drafting, items, CSV import.

Drafts are for council A's staff: the public, organisations and council B's secretary get
404. Only council A's secretary writes; the ministry and administrators read (403 on writes).
Writes point at council A's 2026 draft and its item, so outsiders' 404 is tested on them.
"""

from __future__ import annotations

import io

from safety.dates import today
from tests.routes.base import Route, World, only, statuses

CSV = (
    "\ufeffobjective;activity;responsible_kind;responsible_name;deadline\r\n"
    "Safer schools;Patrols at school gates;police_station;Police Station North;2026-06-30\r\n"
).encode()


def draft_writer(ok: int) -> dict[str, int]:
    """Council A's secretary writes; staff who only read get 403, everyone else 404."""
    return statuses(404, anonymous=302, secretary_a=ok, ministry=403, admin=403)


def draft_item_url(world: World, action: str) -> str:
    return f"/plans/{world['plan_a_draft']}/items/{world['draft_item']}/{action}"


ITEM = {
    "objective": "Safer walk to school",
    "activity": "Crossing guards at the primary school",
    "responsible_kind": "school",
    "responsible_name": "Primary school Naim Frashëri",
    "starts_on": "2026-02-01",
    "deadline": "2026-06-30",
    "budget_eur": "1500,50",
}

ROUTES: list[Route] = [
    Route("plans.index", "GET", lambda w: f"/councils/{w['council_a']}/plans/", statuses(200)),
    Route(
        "plans.new",
        "GET",
        lambda w: f"/councils/{w['council_a']}/plans/new",
        only(200, "secretary_a"),
    ),
    Route(
        "plans.new",
        "POST",
        lambda w: f"/councils/{w['council_a']}/plans/new",
        only(302, "secretary_a"),
        data=lambda w: {"year": "2024", "title": "Action plan 2024", "summary": ""},
    ),
    Route(
        "plans.show",
        "GET",
        lambda w: f"/plans/{w['plan_a_draft']}",
        statuses(404, secretary_a=200, ministry=200, admin=200),
    ),
    Route("plans.edit", "GET", lambda w: f"/plans/{w['plan_a_draft']}/edit", draft_writer(200)),
    Route(
        "plans.edit",
        "POST",
        lambda w: f"/plans/{w['plan_a_draft']}/edit",
        draft_writer(302),
        data=lambda w: {
            "title": "Safer municipality 2026",
            "summary": "Lighting, schools, roads.",
            "version": str(w["plan_a_draft_version"]),
        },
    ),
    Route(
        "plans.versions",
        "GET",
        lambda w: f"/plans/{w['plan_a_draft']}/versions",
        statuses(404, anonymous=302, secretary_a=200, ministry=200, admin=200),
    ),
    Route(
        "plans.new_item",
        "GET",
        lambda w: f"/plans/{w['plan_a_draft']}/items/new",
        draft_writer(200),
    ),
    Route(
        "plans.new_item",
        "POST",
        lambda w: f"/plans/{w['plan_a_draft']}/items/new",
        draft_writer(302),
        data=lambda w: {**ITEM, "progress": "0"},
    ),
    Route("plans.edit_item", "GET", lambda w: draft_item_url(w, "edit"), draft_writer(200)),
    Route(
        "plans.edit_item",
        "POST",
        lambda w: draft_item_url(w, "edit"),
        draft_writer(302),
        data=lambda w: {**ITEM, "version": str(w["draft_item_version"])},
    ),
    Route("plans.item_status", "GET", lambda w: draft_item_url(w, "status"), draft_writer(200)),
    Route(
        "plans.item_status",
        "POST",
        lambda w: draft_item_url(w, "status"),
        draft_writer(302),
        data=lambda w: {
            "status": "in_progress",
            "changed_on": today().isoformat(),
            "version": str(w["draft_item_version"]),
        },
    ),
    Route("plans.item_progress", "GET", lambda w: draft_item_url(w, "progress"), draft_writer(200)),
    Route(
        "plans.item_progress",
        "POST",
        lambda w: draft_item_url(w, "progress"),
        draft_writer(302),
        data=lambda w: {
            "progress": "30",
            "reported_on": today().isoformat(),
            "note": "Guards hired.",
            "version": str(w["draft_item_version"]),
        },
    ),
    Route(
        "plans.import_csv",
        "GET",
        lambda w: f"/plans/{w['plan_a_draft']}/import",
        draft_writer(200),
    ),
    Route(
        "plans.import_csv",
        "POST",
        lambda w: f"/plans/{w['plan_a_draft']}/import",
        draft_writer(302),
        data=lambda w: {"file": (io.BytesIO(CSV), "items.csv")},
    ),
    Route("plans.import_template", "GET", lambda w: "/plans/import-template.csv", statuses(200)),
]
