"""Plan items from a CSV file: the downloadable template, and every row checked like the form.

Spreadsheets in the region save UTF-8 with or without a byte-order mark, and separate cells
with commas or semicolons: both are read. Each row goes through the item form's own checks,
so a row is refused for exactly what the form would refuse. Nothing is saved unless every
row passes (records.md, "Limits on what people send": 2 MiB, 2,000 rows, in the request).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from safety.labels import label
from safety.plans.forms import ItemFieldsForm
from safety.plans.models import PlanItem, ResponsibleKind

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS = (
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
)
REQUIRED_COLUMNS = ("objective", "activity", "responsible_kind", "responsible_name")
BOM = "\ufeff"
LANGUAGES = ("sq", "sr", "en")
"""Responsible bodies may be named by their code or their label in any of these."""


@dataclass(frozen=True)
class RowProblem:
    """Why a row was refused: its row number in the spreadsheet (the header is row 1)."""

    row: int
    column: str | None
    message: str


@dataclass
class ImportResult:
    """What a file gave: the rows read, the items to save, and every problem found."""

    read: int = 0
    items: list[PlanItem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    file_error: str | None = None

    @property
    def is_valid(self) -> bool:
        return self.file_error is None and not self.problems

    @property
    def refused(self) -> int:
        return len({problem.row for problem in self.problems})


def template_csv() -> bytes:
    """The template: the column names, one example row, UTF-8 with a byte-order mark.

    The mark makes spreadsheet programs open the file as UTF-8 (ë, ç, č, š, ž intact).
    """
    example = {
        "objective": _("Safer walk to school"),
        "activity": _("Install street lights on the road to the primary school"),
        "responsible_kind": ResponsibleKind.MUNICIPAL_DIRECTORATE.value,
        "responsible_name": _("Directorate of Public Services"),
        "partners": _("Police station; parents' council"),
        "starts_on": "2026-03-01",
        "deadline": "2026-09-30",
        "budget_eur": "12000.00",
        "budget_source": _("Municipal budget"),
        "indicator": _("Street lights working"),
        "target": _("40 lights"),
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([example[name] for name in COLUMNS])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _responsible_kinds() -> dict[str, ResponsibleKind]:
    """Codes and labels in every language, lower-cased, to the kind they name."""
    names: dict[str, ResponsibleKind] = {kind.value: kind for kind in ResponsibleKind}
    for language in LANGUAGES:
        with force_locale(language):
            names.update({label(kind).casefold(): kind for kind in ResponsibleKind})
    return names


def _delimiter(header_line: str) -> str:
    """A semicolon when the header has more of them than commas (regional spreadsheets)."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _column_name(cell: str) -> str:
    return "_".join(cell.strip().casefold().split())


def _rows(text: str) -> Any:
    """A csv reader (it counts the lines it has read, for messages)."""
    first_line = text.split("\n", 1)[0]
    return csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))


def _decode(content: bytes) -> str | None:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text.removeprefix(BOM)


def _check_header(header: list[str]) -> str | None:
    names = [_column_name(cell) for cell in header]
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        return _(
            "The file has columns this import does not know: %(columns)s. Use the column "
            "names of the template.",
            columns=", ".join(unknown),
        )
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        return _("These columns appear more than once: %(columns)s.", columns=", ".join(repeated))
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        return _(
            "The file lacks these columns: %(columns)s. The first row must hold the column "
            "names of the template.",
            columns=", ".join(missing),
        )
    return None


def _check_row(
    number: int, names: list[str], cells: list[str], kinds: dict[str, ResponsibleKind]
) -> tuple[PlanItem | None, list[RowProblem]]:
    if len(cells) > len(names) and any(cell.strip() for cell in cells[len(names) :]):
        return None, [
            RowProblem(
                number,
                None,
                _(
                    "This row has %(cells)s cells but the file has %(columns)s columns.",
                    cells=len(cells),
                    columns=len(names),
                ),
            )
        ]
    values = {name: cell for name, cell in zip(names, cells, strict=False) if name}
    problems: list[RowProblem] = []
    kind_text = values.get("responsible_kind", "").strip()
    if kind_text:
        kind = kinds.get(kind_text.casefold())
        if kind is None:
            # Said here with the accepted codes; the form's own message is left out.
            problems.append(
                RowProblem(
                    number,
                    "responsible_kind",
                    _(
                        "“%(value)s” is not a responsible body this import knows; use one "
                        "of: %(codes)s.",
                        value=kind_text,
                        codes=", ".join(kind.value for kind in ResponsibleKind),
                    ),
                )
            )
        else:
            values["responsible_kind"] = kind.value
    form = ItemFieldsForm(formdata=MultiDict(values), meta={"csrf": False})
    if not form.validate() or problems:
        said = {problem.column for problem in problems}
        problems.extend(
            RowProblem(number, column, str(message))
            for column in COLUMNS
            if column not in said
            for message in form.errors.get(column, [])
        )
        # In the order of the columns, as the reader scans the row.
        problems.sort(key=lambda problem: COLUMNS.index(problem.column or COLUMNS[0]))
        return None, problems
    item = PlanItem()
    form.populate_obj(item)
    return item, []


def read_items(content: bytes) -> ImportResult:
    """Check every row of a CSV file; the items are returned only when every row passes."""
    result = ImportResult()
    text = _decode(content)
    if text is None:
        result.file_error = _(
            "The file is not in UTF-8. In your spreadsheet, save it as “CSV UTF-8” and try again."
        )
        return result
    if "\x00" in text:
        result.file_error = _("The file is not a CSV text file.")
        return result
    rows = _rows(text)
    try:
        header = next(rows, None)
        if header is None or not any(cell.strip() for cell in header):
            result.file_error = _("The file is empty: its first row must hold the column names.")
            return result
        result.file_error = _check_header(header)
        if result.file_error:
            return result
        names = [_column_name(cell) for cell in header]
        kinds = _responsible_kinds()
        items: list[PlanItem] = []
        for number, cells in enumerate(rows, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # spreadsheets save empty rows at the end
            result.read += 1
            if result.read > MAX_ROWS:
                result.file_error = _(
                    "The file has more than %(max)s rows: split it into smaller files.",
                    max=MAX_ROWS,
                )
                return result
            item, problems = _check_row(number, names, cells, kinds)
            result.problems.extend(problems)
            if item is not None:
                items.append(item)
    except csv.Error:
        result.file_error = _(
            "The file could not be read as CSV near row %(row)s.", row=rows.line_num
        )
        return result
    if result.read == 0:
        result.file_error = _("The file has no rows of items under its column names.")
    elif not result.problems:
        result.items = items
    return result
