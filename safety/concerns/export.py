"""CSV export of a list of concerns: streamed in batches from one query, formula-safe cells.

The rows are the list's own query (`safety.concerns.listing`), so the file holds exactly
what the filters show, on every page. Who submitted a concern is written only for a reader
who may see submitters (the council's own secretary).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select

from safety.concerns.listing import ListRow, Scope, list_rows
from safety.councils.models import Community
from safety.csv_cells import safe_cell
from safety.db import get_session
from safety.labels import label

BATCH_SIZE = 500
"""Rows fetched and written per step: memory stays flat however many concerns match."""


def header(scope: Scope) -> list[str]:
    columns = [_("Reference")]
    if scope.across_councils:
        columns.append(_("Council"))
    columns += [
        _("Title"),
        _("Category"),
        _("Settlement or neighbourhood"),
        _("Communities affected"),
        _("Status"),
        _("Submitted on"),
        _("Answer due by"),
        _("Overdue"),
        _("Answered on"),
        _("Serious incident"),
        _("Date of the incident"),
        _("Sensitivity"),
    ]
    if scope.with_submitter:
        columns += [
            _("Submitting organisation"),
            _("Submitter's name"),
            _("Submitter's e-mail"),
            _("Submitter's telephone"),
        ]
    return columns


def _date(value: date | None) -> str:
    # ISO dates: spreadsheets in every language read them as dates and sort them right.
    return value.isoformat() if value else ""


def row(entry: ListRow, scope: Scope, language: str) -> list[object]:
    yes, no = _("Yes"), _("No")
    cells: list[object] = [entry.reference]
    if scope.across_councils:
        cells.append(entry.municipality.bilingual_name(language))
    cells += [
        entry.title,
        label(entry.category),
        entry.settlement,
        ", ".join(label(_community(value)) for value in entry.community_list),
        label(entry.status),
        _date(entry.submitted_on),
        _date(entry.due_on),
        yes if entry.is_overdue else no,
        _date(entry.answered_on),
        yes if entry.serious_incident else no,
        _date(entry.incident_on),
        label(entry.sensitivity),
    ]
    if scope.with_submitter:
        cells += [
            entry.organisation_name,
            entry.submitter_name,
            entry.submitter_email,
            entry.submitter_phone,
        ]
    return cells


def _community(value: str) -> object:
    """The community's member for its label (a value no longer known is written as stored)."""
    try:
        return Community(value)
    except ValueError:
        return value


def _lines(rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([safe_cell(cell) for cell in cells] for cells in rows)
    return buffer.getvalue()


def stream_csv(
    query: Select[tuple[object]], scope: Scope, *, today: date, days: int, language: str
) -> Iterator[str]:
    """The header, then the list's rows in batches, all from one statement."""
    # The byte-order mark lets spreadsheet programs in the region read ë, ç and š as UTF-8.
    yield "\ufeff" + _lines([header(scope)])
    # Taken while streaming, so the request's teardown after the last row closes the session
    # (as the audit export does): Flask tears the request down once before the body is sent.
    session = get_session()
    result = session.execute(query.execution_options(yield_per=BATCH_SIZE))
    for batch in result.partitions():
        entries = list_rows(batch, today=today, days=days)
        yield _lines(row(entry, scope, language) for entry in entries)
