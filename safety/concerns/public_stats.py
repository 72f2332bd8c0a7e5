"""What the public page shows of a council's concerns: counts grouped in SQL, and public texts.

Counts take every concern not deleted as spam, restricted and unreviewed ones included:
they are numbers only, and leaving them out would hide part of the council's workload.
Texts are only those of concerns that are public, reviewed and not deleted (`is_public` in
`safety.concerns.access`), with the answers given to them; never who submitted them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Integer, Select, case, cast, extract, func, select
from sqlalchemy.orm import Session

from safety.concerns.models import (
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernPhoto,
    ConcernStatus,
    Sensitivity,
)

YEARS_SHOWN = 3
"""This year and the two before it: enough to see a trend, short enough to read."""

CHART_HEIGHT = 120
CHART_BAR_WIDTH = 24
CHART_GAP = 8

K = TypeVar("K")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @property
    def text(self) -> str:
        return _("Q%(number)s %(year)s", number=self.number, year=self.year)


@dataclass(frozen=True)
class CountTable(Generic[K]):
    """Counts by a row key (a quarter, a category) and a column key (a status, a year)."""

    rows: Sequence[Any]
    columns: Sequence[K]
    counts: dict[tuple[Any, K], int] = field(default_factory=dict)

    def count(self, row: Any, column: K) -> int:
        return self.counts.get((row, column), 0)

    def row_total(self, row: Any) -> int:
        return sum(self.count(row, column) for column in self.columns)

    def column_total(self, column: K) -> int:
        return sum(self.count(row, column) for row in self.rows)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Bar:
    """One bar of the chart of concerns per quarter (SVG coordinates)."""

    quarter: Quarter
    count: int
    x: int
    y: int
    height: int


def window_start(today: date) -> date:
    return date(today.year - YEARS_SHOWN + 1, 1, 1)


def quarters_between(start: date, today: date) -> list[Quarter]:
    first, last = (
        Quarter(start.year, (start.month + 2) // 3),
        Quarter(today.year, (today.month + 2) // 3),
    )
    quarters = []
    current = first
    while current <= last:
        quarters.append(current)
        year, number = (
            (current.year + 1, 1) if current.number == 4 else (current.year, current.number + 1)
        )
        current = Quarter(year, number)
    return quarters


def _year() -> ColumnElement[int]:
    # EXTRACT gives a numeric on PostgreSQL and an integer on SQLite: both read as integers.
    return cast(extract("year", Concern.submitted_on), Integer)


def _quarter() -> ColumnElement[int]:
    month = cast(extract("month", Concern.submitted_on), Integer)
    return case((month <= 3, 1), (month <= 6, 2), (month <= 9, 3), else_=4)


def _counted(council_id: int, start: date, today: date) -> list[ColumnElement[bool]]:
    return [
        Concern.council_id == council_id,
        Concern.deleted_on.is_(None),
        Concern.submitted_on >= start,
        Concern.submitted_on <= today,
    ]


def status_by_quarter(session: Session, council_id: int, today: date) -> CountTable[ConcernStatus]:
    """Concerns submitted in each quarter, by their status today: one grouped statement."""
    start = window_start(today)
    year, quarter = _year().label("year"), _quarter().label("quarter")
    rows = session.execute(
        select(year, quarter, Concern.status, func.count(Concern.id))
        .where(*_counted(council_id, start, today))
        .group_by(year, quarter, Concern.status)
    )
    counts = {(Quarter(y, q), status): n for y, q, status, n in rows}
    return CountTable(quarters_between(start, today), list(ConcernStatus), counts)


def category_by_year(session: Session, council_id: int, today: date) -> CountTable[int]:
    """Concerns submitted in each year, by category (categories with none are left out)."""
    start = window_start(today)
    year = _year().label("year")
    rows = session.execute(
        select(Concern.category, year, func.count(Concern.id))
        .where(*_counted(council_id, start, today))
        .group_by(Concern.category, year)
    )
    counts = {(category, y): n for category, y, n in rows}
    present = {category for category, _year_ in counts}
    return CountTable(
        [category for category in ConcernCategory if category in present],
        list(range(start.year, today.year + 1)),
        counts,
    )


def chart_bars(table: CountTable[Any]) -> list[Bar]:
    """Bars of the concerns per quarter, scaled to the tallest (a table gives the numbers)."""
    tallest = max((table.row_total(row) for row in table.rows), default=0) or 1
    bars = []
    for index, quarter in enumerate(table.rows):
        count = table.row_total(quarter)
        height = round(count * CHART_HEIGHT / tallest)
        bars.append(
            Bar(
                quarter=quarter,
                count=count,
                x=index * (CHART_BAR_WIDTH + CHART_GAP),
                y=CHART_HEIGHT - height,
                height=height,
            )
        )
    return bars


def public_concerns_query(council_id: int) -> Select[Any]:
    """The council's concerns anyone may read, newest first: only what the public page shows."""
    return (
        select(
            Concern.id,
            Concern.reference,
            Concern.title,
            Concern.description,
            Concern.category,
            Concern.settlement,
            Concern.status,
            Concern.submitted_on,
        )
        .where(
            Concern.council_id == council_id,
            Concern.deleted_on.is_(None),
            Concern.reviewed_on.is_not(None),
            Concern.sensitivity == Sensitivity.PUBLIC,
        )
        .order_by(Concern.submitted_on.desc(), Concern.id.desc())
    )


@dataclass(frozen=True)
class PublicAnswer:
    status: ConcernStatus
    changed_on: date
    answer: str


def public_answers(session: Session, concern_ids: Sequence[int]) -> dict[int, list[PublicAnswer]]:
    """The answers given to these (public) concerns, oldest first, in one statement."""
    if not concern_ids:
        return {}
    rows = session.execute(
        select(
            ConcernEvent.concern_id,
            ConcernEvent.status,
            ConcernEvent.changed_on,
            ConcernEvent.answer,
        )
        .where(
            ConcernEvent.concern_id.in_(concern_ids),
            func.coalesce(ConcernEvent.answer, "") != "",
        )
        .order_by(ConcernEvent.concern_id, ConcernEvent.id)
    )
    answers: dict[int, list[PublicAnswer]] = {}
    for concern_id, status, changed_on, answer in rows:
        answers.setdefault(concern_id, []).append(PublicAnswer(status, changed_on, answer))
    return answers


def published_photo_ids(session: Session, concern_ids: Sequence[int]) -> dict[int, list[int]]:
    """The photos staff published of these concerns (never the others), in one statement."""
    if not concern_ids:
        return {}
    rows = session.execute(
        select(ConcernPhoto.concern_id, ConcernPhoto.id)
        .where(ConcernPhoto.concern_id.in_(concern_ids), ConcernPhoto.is_published.is_(True))
        .order_by(ConcernPhoto.concern_id, ConcernPhoto.id)
    )
    photos: dict[int, list[int]] = {}
    for concern_id, photo_id in rows:
        photos.setdefault(concern_id, []).append(photo_id)
    return photos
