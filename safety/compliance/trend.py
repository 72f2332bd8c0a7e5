"""A council's 12-month trend: its status at each month end, per rule and overall, and the
geometry of the heat strip the page draws from it (the page's table carries the same data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from safety.compliance.evaluation import ComplianceFacts, month_ends, trend
from safety.compliance.explanations import STATUS_SYMBOLS
from safety.compliance.rules import RULES, Status

OVERALL = "overall"
"""The key of the trend's first row, the council's overall status."""

ROW_KEYS = (OVERALL, *(f"R{number:02d}" for number in range(1, len(RULES) + 1)))
"""Rows top to bottom: the overall status, then R01-R18."""

MONTHS = 12

# Heat-strip geometry in SVG user units; the stylesheet scales the drawing to its column.
LABEL_WIDTH = 96
HEADER_HEIGHT = 28
CELL_WIDTH = 56
CELL_HEIGHT = 22
GAP = 2


@dataclass(frozen=True)
class TrendRow:
    """One row of the trend: the overall status or one rule, oldest month first."""

    key: str
    statuses: tuple[Status, ...]

    @property
    def is_overall(self) -> bool:
        return self.key == OVERALL


@dataclass(frozen=True)
class Cell:
    """One drawn cell: its box, its status and the symbol centred in it."""

    x: int
    y: int
    status: Status
    symbol: str
    text_x: int
    text_y: int


@dataclass(frozen=True)
class Label:
    """A month label above a column or a row label left of a row."""

    x: int
    y: int
    text: str


@dataclass(frozen=True)
class Trend:
    """Statuses of one council at each of `days` (the 12 month ends up to `as_of`)."""

    days: tuple[date, ...]
    rows: tuple[TrendRow, ...]

    @property
    def width(self) -> int:
        return LABEL_WIDTH + len(self.days) * CELL_WIDTH

    @property
    def height(self) -> int:
        return HEADER_HEIGHT + len(self.rows) * CELL_HEIGHT

    @property
    def cell_width(self) -> int:
        return CELL_WIDTH - GAP

    @property
    def cell_height(self) -> int:
        return CELL_HEIGHT - GAP

    def cells(self) -> list[Cell]:
        """Every cell of the strip, row by row."""
        found = []
        for row_index, row in enumerate(self.rows):
            y = HEADER_HEIGHT + row_index * CELL_HEIGHT
            for column, status in enumerate(row.statuses):
                x = LABEL_WIDTH + column * CELL_WIDTH
                found.append(
                    Cell(
                        x=x,
                        y=y,
                        status=status,
                        symbol=STATUS_SYMBOLS[status],
                        text_x=x + self.cell_width // 2,
                        # Text sits on its baseline: a third of the cell below the middle.
                        text_y=y + self.cell_height * 2 // 3 + 1,
                    )
                )
        return found

    def month_labels(self) -> list[Label]:
        """`MM.YYYY` above each column, centred (the table gives each exact day)."""
        return [
            Label(
                x=LABEL_WIDTH + column * CELL_WIDTH + self.cell_width // 2,
                y=HEADER_HEIGHT - 8,
                text=f"{day.month:02d}.{day.year}",
            )
            for column, day in enumerate(self.days)
        ]

    def row_label_positions(self) -> list[tuple[TrendRow, int]]:
        """Each row with the baseline of its label (the template writes the translated text)."""
        return [
            (row, HEADER_HEIGHT + index * CELL_HEIGHT + self.cell_height * 2 // 3 + 1)
            for index, row in enumerate(self.rows)
        ]


def council_trend(facts: ComplianceFacts, council_id: int, as_of: date) -> Trend:
    """The council's statuses at the 12 month ends up to `as_of`, from facts loaded once."""
    days = tuple(month_ends(as_of, MONTHS))
    found = trend(facts, council_id, days)
    overall = TrendRow(OVERALL, tuple(compliance.overall for compliance in found))
    by_rule = [
        TrendRow(key, tuple(compliance.finding(key).status for compliance in found))
        for key in ROW_KEYS[1:]
    ]
    return Trend(days, (overall, *by_rule))
