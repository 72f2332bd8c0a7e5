"""Kosovo's outline and the 38 municipal seats projected into an SVG viewBox, one marker each.

The outline is Natural Earth's 1:50m polygon (public domain, `safety/data/kosovo_outline_50m.json`,
read by `safety.concerns.geo`); the seats are GeoNames points (CC BY 4.0) kept in
`safety/data/municipal_seats.csv` with their source column. Nothing is fetched at run time.

The projection is equirectangular with longitudes scaled by cos(mean latitude): over Kosovo's
1.4 degrees of latitude the distortion is far below a marker's size. Some seats lie a few
hundred metres apart (the two Mitrovicas, Zveçan), so markers are spread until they no longer
overlap and a leader line joins a moved marker to its seat. The layout does not depend on the
statuses, so it is computed once per process; each request only colours the markers.
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from safety.compliance.evaluation import CouncilCompliance
from safety.compliance.rules import Status
from safety.concerns.geo import DATA_DIR, outline

SEATS_FILE = DATA_DIR / "municipal_seats.csv"

SCALE = 440.0
"""SVG user units per degree of latitude: the drawing is about 590 x 650 units."""

PADDING = 16.0
"""Room around the outline, so markers on the border are drawn whole."""

MARKER_RADIUS = 11.0
"""Half a marker's width: room for a two-digit code in the shape."""

MARKER_SPACING = 2 * MARKER_RADIUS + 2
"""The least distance between two markers' centres once spread."""

MOVED = 1.0
"""A marker further than this from its seat gets a leader line and a dot on the seat."""

CREDIT = _l("Outline: Natural Earth (public domain). Seats: GeoNames (CC BY 4.0).")

SHAPES = {
    # A circle for "met", a triangle for "slipping", a square for "not met", a dashed circle
    # for "not applicable": the shape tells the status where colour cannot (WCAG 1.4.1).
    Status.OK: "M -11 0 A 11 11 0 1 0 11 0 A 11 11 0 1 0 -11 0 Z",
    Status.WARNING: "M 0 -14 L 13 9 L -13 9 Z",
    Status.BREACH: "M -10 -10 H 10 V 10 H -10 Z",
    Status.NOT_APPLICABLE: "M -10 0 A 10 10 0 1 0 10 0 A 10 10 0 1 0 -10 0 Z",
}
"""Each status's marker outline, centred on (0, 0); the template translates it to the seat."""

CODE_BASELINE = {
    # The triangle's roomy part is low; elsewhere the code sits in the middle.
    Status.WARNING: 6.0,
}
"""Where a code's baseline sits in its marker, below the centre (default 3.5)."""


@dataclass(frozen=True)
class Seat:
    """A municipality's seat as the data file gives it."""

    code: str
    name: str
    lat: float
    lon: float
    source: str


@dataclass(frozen=True)
class MapMarker:
    """One council drawn on the map: its seat, where its marker sits and its overall status."""

    council_id: int
    code: str
    name: str
    status: Status
    seat_x: float
    seat_y: float
    x: float
    y: float

    @property
    def is_moved(self) -> bool:
        return math.hypot(self.x - self.seat_x, self.y - self.seat_y) > MOVED

    @property
    def shape(self) -> str:
        return SHAPES[self.status]

    @property
    def code_y(self) -> float:
        return CODE_BASELINE.get(self.status, 3.5)


@dataclass(frozen=True)
class KosovoMap:
    """What the map template draws: the viewBox size, the outline's path and the markers."""

    width: float
    height: float
    outline_d: str
    markers: tuple[MapMarker, ...]


@functools.cache
def seats() -> dict[str, Seat]:
    """Every municipality's seat by municipality code, read once from the data file."""
    with SEATS_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: Seat(
                row["code"], row["seat"], float(row["lat"]), float(row["lon"]), row["source"]
            )
            for row in csv.DictReader(handle)
        }


@dataclass(frozen=True)
class Projection:
    """Longitude and latitude to SVG units, north up, fitted to the outline with padding."""

    west: float
    north: float
    x_scale: float
    width: float
    height: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            PADDING + (lon - self.west) * self.x_scale,
            PADDING + (self.north - lat) * SCALE,
        )


@functools.cache
def projection() -> Projection:
    points = [point for polygon in outline("50m") for ring in polygon for point in ring]
    west = min(lon for lon, _ in points)
    east = max(lon for lon, _ in points)
    south = min(lat for _, lat in points)
    north = max(lat for _, lat in points)
    x_scale = SCALE * math.cos(math.radians((north + south) / 2))
    return Projection(
        west=west,
        north=north,
        x_scale=x_scale,
        width=round(2 * PADDING + (east - west) * x_scale, 1),
        height=round(2 * PADDING + (north - south) * SCALE, 1),
    )


def outline_bounds() -> tuple[float, float, float, float]:
    """The projected outline's box: (left, top, right, bottom) in SVG units."""
    view = projection()
    return (PADDING, PADDING, view.width - PADDING, view.height - PADDING)


@functools.cache
def outline_path() -> str:
    """The outline as an SVG path `d`: one closed subpath per ring."""
    view = projection()
    parts = []
    for polygon in outline("50m"):
        for ring in polygon:
            points = [view.point(lon, lat) for lon, lat in ring]
            parts.append(
                "M " + " L ".join(f"{x:.1f} {y:.1f}" for x, y in points) + " Z",
            )
    return " ".join(parts)


def spread(
    points: dict[str, tuple[float, float]],
    spacing: float,
    box: tuple[float, float, float, float],
    rounds: int = 200,
) -> dict[str, tuple[float, float]]:
    """Move points apart until no two are closer than `spacing`, each as little as it can.

    Each round pushes every overlapping pair apart along the line joining them, half the
    shortfall each, then keeps the points in `box`. Deterministic: the same points always
    give the same layout.
    """
    left, top, right, bottom = box
    placed = {code: list(point) for code, point in points.items()}
    codes = sorted(placed)
    for _ in range(rounds):
        moved = False
        for index, first in enumerate(codes):
            for second in codes[index + 1 :]:
                a, b = placed[first], placed[second]
                dx, dy = b[0] - a[0], b[1] - a[1]
                distance = math.hypot(dx, dy)
                if distance >= spacing - 1e-6:
                    continue
                if distance < 1e-6:
                    # Points on top of each other: part them left and right.
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = (spacing - distance) / 2 + 0.01
                ux, uy = dx / distance, dy / distance
                a[0] -= ux * push
                a[1] -= uy * push
                b[0] += ux * push
                b[1] += uy * push
                moved = True
        for point in placed.values():
            point[0] = min(max(point[0], left), right)
            point[1] = min(max(point[1], top), bottom)
        if not moved:
            break
    return {code: (x, y) for code, (x, y) in placed.items()}


@functools.cache
def layout() -> dict[str, tuple[float, float, float, float]]:
    """Each seat's projected point and its marker's place: code -> (seat_x, seat_y, x, y)."""
    view = projection()
    projected = {code: view.point(seat.lon, seat.lat) for code, seat in seats().items()}
    margin = MARKER_RADIUS + 3
    placed = spread(
        projected, MARKER_SPACING, (margin, margin, view.width - margin, view.height - margin)
    )
    return {
        code: (*(round(value, 1) for value in projected[code]), *map(_round, placed[code]))
        for code in projected
    }


def _round(value: float) -> float:
    return round(value, 1)


def kosovo_map(rows: Sequence[CouncilCompliance], language: str) -> KosovoMap:
    """The map of the given councils' overall statuses, markers named in `language`."""
    view = projection()
    places = layout()
    markers = []
    for row in rows:
        seat_x, seat_y, x, y = places[row.code]
        markers.append(
            MapMarker(
                council_id=row.council.id,
                code=row.code,
                name=row.municipality.name(language),
                status=row.overall,
                seat_x=seat_x,
                seat_y=seat_y,
                x=x,
                y=y,
            )
        )
    return KosovoMap(view.width, view.height, outline_path(), tuple(markers))
