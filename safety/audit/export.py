"""CSV export of the audit trail: streamed in batches, Kosovo time, formula-safe cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from flask_babel import gettext as _
from sqlalchemy import Select

from safety.audit.describe import Describer, Entry, changes_text
from safety.csv_cells import safe_cell
from safety.dates import format_datetime
from safety.db import get_session
from safety.labels import label

BATCH_SIZE = 500
"""Events read, named and written per step: memory stays flat however long the trail is."""


def header() -> list[str]:
    return [
        _("When (Kosovo time)"),
        _("Who"),
        _("Action"),
        _("Record type"),
        _("Record"),
        _("Record number"),
        _("Changes"),
        _("Refused address"),
        _("IP address"),
    ]


def row(entry: Entry) -> list[str]:
    event = entry.event
    return [
        format_datetime(event.occurred_at),
        event.actor_label,
        label(event.action),
        entry.record_type,
        entry.record_name or "",
        entry.record_number,
        changes_text(entry),
        entry.refused or "",
        event.ip_address or "",
    ]


def _lines(rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([safe_cell(cell) for cell in cells] for cells in rows)
    return buffer.getvalue()


def stream_csv(query: Select[tuple[object]], locale: str, viewer_role: str | None) -> Iterator[str]:
    """The header, then the events of `query` in batches, each named with a few queries."""
    # The byte-order mark lets spreadsheet programs read ë, ç and š as UTF-8.
    yield "\ufeff" + _lines([header()])
    # Flask tears the request down once before a streamed body is sent: the session is taken
    # here, while streaming, so the teardown after the last row closes it (and its
    # transaction) instead of leaving a closed session reopened and idle.
    session = get_session()
    describer = Describer(session, locale, viewer_role)
    result = session.scalars(query.execution_options(yield_per=BATCH_SIZE))
    for batch in result.partitions():
        entries = describer.describe(batch, with_links=False)
        yield _lines(row(entry) for entry in entries)
