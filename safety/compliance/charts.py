"""Server-rendered SVG charts as geometry: labelled numbers in, rectangles and text positions out.

Pure: no Flask, no database. Templates draw the shapes, so a chart works without JavaScript,
prints, and passes the Content-Security-Policy (no inline style). Each shape carries a tone:
the template writes it as a class (for the page's CSS) and as a `fill` attribute, because
WeasyPrint does not apply the page's style sheets inside SVG. Values are printed beside or
inside the bars, and the pages give the same numbers in a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

WIDTH = 640
BAR = 14
GAP = 8
GROUP_GAP = 12
FONT = 12
CHAR = 6.6
"""The average width of a character at 12 px in the sans-serif fonts used, for label room."""
VALUE_ROOM = 44
LEGEND_ROW = 20
INSIDE_MIN = 22
"""A stacked segment this wide or wider prints its value inside itself."""

PALETTE = {
    "current": "#0b4f8a",
    "previous": "#8fb0d0",
    "ok": "#1a6b35",
    "warning": "#8a5a00",
    "breach": "#a4161a",
    "not_applicable": "#5f6b76",
}
"""Fills by tone; the same colours as `static/compliance/report.css`, which styles the page."""


@dataclass(frozen=True)
class Segment:
    """One rectangle, with where its value is written (`text` empty: not written there)."""

    x: float
    y: float
    width: float
    height: float
    tone: str
    value: int
    text: str
    text_x: float
    text_y: float
    text_inside: bool = False

    @property
    def fill(self) -> str:
        return PALETTE[self.tone]


@dataclass(frozen=True)
class Row:
    """A label, its bars, and optionally a note (a stacked bar's total) after them."""

    label: str
    label_y: float
    segments: tuple[Segment, ...]
    note: str = ""
    note_x: float = 0.0


@dataclass(frozen=True)
class LegendEntry:
    tone: str
    label: str
    x: float
    y: float

    @property
    def fill(self) -> str:
        return PALETTE[self.tone]


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    label_width: float
    rows: tuple[Row, ...]
    legend: tuple[LegendEntry, ...] = ()

    @property
    def label_x(self) -> float:
        return self.label_width - 6


def _label_width(labels: Sequence[str]) -> float:
    longest = max((len(label) for label in labels), default=0)
    return min(max(longest * CHAR + 12, 60), 260)


def _scale(largest: int, label_width: float) -> float:
    return (WIDTH - label_width - VALUE_ROOM) / max(largest, 1)


def _legend(entries: Sequence[tuple[str, str]]) -> tuple[tuple[LegendEntry, ...], float]:
    """Swatches left to right, wrapping to a new line at the chart's width; and its height."""
    placed: list[LegendEntry] = []
    x, y = 0.0, 0.0
    for tone, label in entries:
        room = 18 + len(label) * CHAR + 16
        if x and x + room > WIDTH:
            x, y = 0.0, y + LEGEND_ROW
        placed.append(LegendEntry(tone, label, x, y))
        x += room
    return tuple(placed), (y + LEGEND_ROW + GAP if placed else 0.0)


def _bar(x: float, y: float, value: int, scale: float, tone: str, height: float = BAR) -> Segment:
    width = value * scale
    return Segment(
        x, y, width, height, tone, value, str(value), x + width + 4, y + height / 2 + FONT / 3
    )


def bar_chart(rows: Sequence[tuple[str, int]], tone: str = "current") -> Chart:
    """Horizontal bars, one per (label, value), each value written after its bar."""
    label_width = _label_width([label for label, _ in rows])
    scale = _scale(max((value for _, value in rows), default=0), label_width)
    placed = []
    y = 0.0
    for label, value in rows:
        bar = _bar(label_width, y, value, scale, tone)
        placed.append(Row(label, bar.text_y, (bar,)))
        y += BAR + GAP
    return Chart(WIDTH, max(y, BAR), label_width, tuple(placed))


def grouped_bar_chart(
    rows: Sequence[tuple[str, int, int]], current_label: str, previous_label: str
) -> Chart:
    """Two bars per label, the year (dark) above the year before (light), with a legend."""
    legend, top = _legend([("current", current_label), ("previous", previous_label)])
    label_width = _label_width([label for label, _, _ in rows])
    largest = max((max(now, before) for _, now, before in rows), default=0)
    scale = _scale(largest, label_width)
    placed = []
    y = top
    for label, now, before in rows:
        current = _bar(label_width, y, now, scale, "current")
        previous = _bar(label_width, y + BAR, before, scale, "previous")
        placed.append(Row(label, y + BAR + FONT / 3, (current, previous)))
        y += 2 * BAR + GROUP_GAP
    return Chart(WIDTH, y, label_width, tuple(placed), legend)


def stacked_status_chart(
    rows: Sequence[tuple[str, Mapping[str, int]]], legend_labels: Mapping[str, str]
) -> Chart:
    """One bar per label, split by status in `legend_labels`' order; the total after the bar,
    each part's count inside it when it is wide enough to hold it."""
    legend, top = _legend(list(legend_labels.items()))
    label_width = _label_width([label for label, _ in rows])
    scale = _scale(max((sum(counts.values()) for _, counts in rows), default=0), label_width)
    placed = []
    y = top
    for label, counts in rows:
        x = label_width
        segments = []
        for tone in legend_labels:
            value = counts.get(tone, 0)
            if not value:
                continue
            width = value * scale
            inside = width >= INSIDE_MIN
            segments.append(
                Segment(
                    x,
                    y,
                    width,
                    BAR,
                    tone,
                    value,
                    str(value) if inside else "",
                    x + width / 2,
                    y + BAR / 2 + FONT / 3,
                    text_inside=True,
                )
            )
            x += width
        total = str(sum(counts.values()))
        placed.append(Row(label, y + BAR / 2 + FONT / 3, tuple(segments), total, x + 4))
        y += BAR + GAP
    return Chart(WIDTH, y, label_width, tuple(placed), legend)
