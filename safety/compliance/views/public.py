"""Public transparency: every council's compliance, the map and the open data."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from typing import Any

from flask import current_app, render_template, request
from werkzeug.wrappers import Response

from safety.accounts.models import Role
from safety.auth import role_required
from safety.compliance.blueprint import bp
from safety.compliance.evaluation import CouncilCompliance, load_compliance
from safety.compliance.explanations import STATUS_SYMBOLS, obligation
from safety.compliance.grid import RULE_IDS, STATUS_ORDER, overall_counts
from safety.compliance.map import CREDIT, SHAPES, kosovo_map
from safety.compliance.open_data import DATASETS, LICENCE, LICENCE_URL, Dataset
from safety.compliance.public_years import (
    TODAY,
    BadYearError,
    chosen_year,
    public_years,
    year_end,
)
from safety.compliance.views.council import BadDateError, as_of_argument
from safety.csv_cells import safe_cell
from safety.dates import today
from safety.db import get_session
from safety.errors import render_error
from safety.i18n import current_language
from safety.labels import label


def _map_context(rows: Sequence[CouncilCompliance], language: str) -> dict[str, Any]:
    """What the map macro needs beside the rows: the drawing, signs, words and credit."""
    return {
        "kosovo": kosovo_map(rows, language),
        "statuses": STATUS_ORDER,
        "shapes": SHAPES,
        "symbols": STATUS_SYMBOLS,
        # Translated once per page, not once per cell (684 cells on the public grid).
        "words": {status: label(status) for status in STATUS_ORDER},
        "per_overall": overall_counts(rows),
        "credit": CREDIT,
        "language": language,
    }


@bp.get("/transparency/")
def transparency() -> str | tuple[str, int]:
    """Show every council's compliance today or at the end of a past year, with the map."""
    day = today()
    years = public_years(current_app.config["PUBLIC_HISTORY_FROM"], day)
    try:
        year = chosen_year(request.args.get("year"), years)
    except BadYearError as error:
        return render_error(400, str(error))
    as_of = year_end(year, day)
    language = current_language()
    # One load (five queries) for the grid and the map alike.
    rows = load_compliance(get_session(), since=as_of).on(as_of)
    return render_template(
        "compliance/transparency.html",
        rows=rows,
        as_of=as_of,
        year=year,
        years=years,
        today_value=TODAY,
        rules=RULE_IDS,
        obligations={rule: obligation(rule) for rule in RULE_IDS},
        datasets=DATASETS.values(),
        licence=LICENCE,
        licence_url=LICENCE_URL,
        **_map_context(rows, language),
    )


@bp.get("/compliance/map", endpoint="map")
@role_required(Role.MINISTRY, Role.ADMIN)
def map_page() -> str | tuple[str, int]:
    """Show the councils' overall status on any date on a large map, with the same as a list."""
    day = today()
    try:
        as_of = as_of_argument(request.args.get("as_of"), day)
    except BadDateError as error:
        return render_error(400, str(error))
    rows = load_compliance(get_session(), since=as_of).on(as_of)
    return render_template(
        "compliance/map.html",
        rows=rows,
        as_of=as_of,
        is_today=as_of == day,
        **_map_context(rows, current_language()),
    )


def _csv_lines(dataset: Dataset, rows: Sequence[tuple[Any, ...]]) -> Iterator[str]:
    """The CSV a line at a time; every cell neutralised so no spreadsheet runs it."""
    # No byte-order mark (unlike the staff exports): open data is read by programs first,
    # and Python's csv module or R would take it for part of the first column's name.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in (dataset.column_names, *rows):
        writer.writerow(
            [
                safe_cell("true" if cell is True else "false" if cell is False else cell)
                for cell in line
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)


@bp.get(
    "/transparency/data/<any(councils, consultations, plans, concerns):dataset>"
    ".<any(csv, json):fmt>"
)
def open_data(dataset: str, fmt: str) -> Response:
    """Download a public dataset as CSV or JSON, under an open licence."""
    day = today()
    chosen = DATASETS[dataset]
    # Read in full before answering: the rows are aggregates, and the session must not
    # outlive the request while a response streams.
    rows = chosen.read(get_session(), day)
    filename = f"{dataset}-{day.isoformat()}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt == "csv":
        return Response(_csv_lines(chosen, rows), mimetype="text/csv", headers=headers)
    document = {
        "dataset": dataset,
        "generated_on": day.isoformat(),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "columns": chosen.column_names,
        "rows": chosen.records(rows),
    }
    return Response(
        json.dumps(document, ensure_ascii=False, indent=1),
        mimetype="application/json",
        headers=headers,
    )
