"""The ministry dashboard: councils x rules on any date, filtered, sorted, exported."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import render_template, request, url_for
from werkzeug.wrappers import Response

from safety.accounts.models import Role
from safety.auth import role_required
from safety.collation import sort_key
from safety.compliance.blueprint import bp
from safety.compliance.dashboard_forms import ASCENDING, DESCENDING, DashboardFilterForm
from safety.compliance.evaluation import ComplianceFacts, CouncilCompliance, load_compliance
from safety.compliance.explanations import STATUS_SYMBOLS, obligation
from safety.compliance.grid import (
    RULE_IDS,
    SORTS,
    STATUS_ORDER,
    GridQuery,
    as_records,
    csv_text,
    overall_counts,
    rule_counts,
    select_rows,
    sort_rows,
    worst_first,
)
from safety.dates import today
from safety.db import get_session
from safety.errors import render_error
from safety.i18n import current_language
from safety.labels import label


def _filter_form(facts: ComplianceFacts, language: str) -> DashboardFilterForm:
    form = DashboardFilterForm(formdata=request.args)
    municipalities = [council.municipality for council in facts.councils]
    key = sort_key(language)
    form.set_place_choices(
        districts=sorted({m.district for m in municipalities}, key=key),
        regions=sorted({m.osce_region for m in municipalities}, key=key),
        majorities={m.majority_community for m in municipalities},
    )
    return form


def _asked_day() -> date | None:
    """The date asked for, today when none was, None when it is not a date (refused later)."""
    raw = request.args.get("as_of", "").strip()
    if not raw:
        return today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _grid(language: str) -> tuple[DashboardFilterForm, GridQuery | None, list[CouncilCompliance]]:
    """The filter form and, when it is valid, the query and the councils it shows in order."""
    # One load (five queries) whatever the date, the filters or the number of records; the
    # history settled before the asked date is aggregated in SQL (the form validates it).
    facts = load_compliance(get_session(), since=_asked_day())
    form = _filter_form(facts, language)
    if not form.validate():
        return form, None, []
    query = form.query(today())
    # The date box shows the day judged, today when none was asked for.
    form.as_of.data = query.as_of
    rows = sort_rows(select_rows(facts.on(query.as_of), query), query, language)
    return form, query, rows


def _sort_links(query: GridQuery) -> dict[str, str]:
    """For each sortable column, the address that sorts by it (again: the other way round)."""
    args = request.args.to_dict()
    links = {}
    for key in SORTS:
        descending = not query.descending if key == query.sort else worst_first(key)
        direction = DESCENDING if descending else ASCENDING
        links[key] = url_for("compliance.dashboard", **{**args, "sort": key, "dir": direction})
    return links


def _problems(form: DashboardFilterForm) -> str:
    return " ".join(
        f"{form[name].label.text}: {' '.join(str(error) for error in errors)}"
        for name, errors in form.errors.items()
    )


@bp.get("/compliance/")
@role_required(Role.MINISTRY, Role.ADMIN)
def dashboard() -> tuple[str, int]:
    """Show every council's status on each rule on one date, with counts per rule."""
    language = current_language()
    form, query, rows = _grid(language)
    if query is None:
        # The page keeps the form, so the reader sees which value to correct.
        return render_template("compliance/dashboard.html", form=form, query=None), 400
    return render_template(
        "compliance/dashboard.html",
        form=form,
        query=query,
        rows=rows,
        rules=RULE_IDS,
        statuses=STATUS_ORDER,
        per_rule=rule_counts(rows),
        per_overall=overall_counts(rows),
        language=language,
        sort_links=_sort_links(query),
        # Translated once per page, not once per cell: 684 cells made the lookups add up.
        words={status: label(status) for status in STATUS_ORDER},
        symbols=STATUS_SYMBOLS,
        obligations={rule: obligation(rule) for rule in RULE_IDS},
        export_args=request.args.to_dict(),
    ), 200


def _export(
    suffix: str, mimetype: str, body: Callable[[list[dict[str, Any]]], str]
) -> Response | tuple[str, int]:
    language = current_language()
    form, query, rows = _grid(language)
    if query is None:
        return render_error(400, _problems(form))
    filename = f"compliance-{query.as_of.isoformat()}.{suffix}"
    return Response(
        body(as_records(rows, language)),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/compliance/export.csv")
@role_required(Role.MINISTRY, Role.ADMIN)
def export_csv() -> Response | tuple[str, int]:
    """Download the grid's councils (same filters, date and order) as CSV, a row per rule."""
    return _export("csv", "text/csv", csv_text)


@bp.get("/compliance/export.json")
@role_required(Role.MINISTRY, Role.ADMIN)
def export_json() -> Response | tuple[str, int]:
    """Download the grid's councils (same filters, date and order) as JSON, as the command."""
    return _export(
        "json",
        "application/json",
        lambda records: json.dumps(records, ensure_ascii=False, indent=2),
    )
