"""Whether a map point lies in Kosovo: inside the 1:10m outline or within 5 km of it.

The outlines in `safety/data/kosovo_outline_{10m,50m}.json` are made with Natural Earth
(public domain, version 4.1.0, through npm's world-atlas 2.0.2), extracted once by
`scripts/extract_kosovo_outline.py`; nothing is fetched at run time. The coarse outlines cut
off border villages by up to 3 km, so the test uses the detailed one plus a 5 km margin
(records.md): a polygon test, not a bounding box, which would accept Skopje.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form
from wtforms.validators import ValidationError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

BORDER_MARGIN_KM = 5.0
"""Points this close to the outline count as inside: the outline is simplified (records.md)."""

EARTH_RADIUS_KM = 6371.0088
"""The mean radius: over a few kilometres the equirectangular error is far below a metre."""

Point = tuple[float, float]
Ring = list[Point]


@functools.cache
def outline(scale: str = "10m") -> tuple[tuple[Ring, ...], ...]:
    """Kosovo's polygons at `scale` ("10m" or "50m"), each a tuple of (longitude, latitude) rings.

    The first ring of a polygon is its outer boundary; any further rings are holes.
    """
    if scale not in ("10m", "50m"):
        raise ValueError(f"no outline at scale {scale!r}")
    document = json.loads((DATA_DIR / f"kosovo_outline_{scale}.json").read_text("utf-8"))
    return tuple(
        tuple([(float(lon), float(lat)) for lon, lat in ring] for ring in polygon)
        for polygon in document["polygons"]
    )


def _inside_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Even-odd ray casting: does a ray eastwards from the point cross the ring an odd time?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat):
            crossing_lon = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < crossing_lon:
                inside = not inside
    return inside


def inside_outline(lat: float, lon: float, scale: str = "10m") -> bool:
    """Strictly the polygon test, without the border margin."""
    for outer, *holes in outline(scale):
        if _inside_ring(lon, lat, outer) and not any(_inside_ring(lon, lat, h) for h in holes):
            return True
    return False


def _segment_distance(px: float, py: float, a: Point, b: Point) -> float:
    """Distance from (px, py) to the segment a-b, all in a flat kilometre grid."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    length_squared = dx * dx + dy * dy
    t = 0.0 if length_squared == 0 else ((px - ax) * dx + (py - ay) * dy) / length_squared
    t = min(1.0, max(0.0, t))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def distance_to_outline_km(lat: float, lon: float, scale: str = "10m") -> float:
    """The shortest distance from the point to the outline's boundary, in kilometres.

    Equirectangular around the point: over the few kilometres that matter here its error is
    negligible, and far away only "much more than 5 km" matters.
    """
    km_per_degree = math.radians(1) * EARTH_RADIUS_KM
    x_scale = km_per_degree * math.cos(math.radians(lat))

    def project(point: Point) -> Point:
        return ((point[0] - lon) * x_scale, (point[1] - lat) * km_per_degree)

    nearest = math.inf
    for polygon in outline(scale):
        for ring in polygon:
            projected = [project(point) for point in ring]
            for a, b in zip(projected, projected[1:] + projected[:1], strict=True):
                nearest = min(nearest, _segment_distance(0.0, 0.0, a, b))
    return nearest


def in_kosovo(lat: float, lon: float) -> bool:
    """Is the point inside Kosovo's 1:10m outline, or within 5 km of its boundary?"""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return False
    return inside_outline(lat, lon) or distance_to_outline_km(lat, lon) <= BORDER_MARGIN_KM


class InKosovo:
    """WTForms validator for a latitude field: with the form's longitude, a point in Kosovo.

    Skips when either number is missing or did not parse: whether both are required, and
    their ranges, are the fields' own validators' business.
    """

    def __init__(self, longitude_field: str = "longitude", message: Any = None) -> None:
        self.longitude_field = longitude_field
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        longitude = form[self.longitude_field].data
        latitude = field.data
        if not isinstance(latitude, int | float) or not isinstance(longitude, int | float):
            return
        if not in_kosovo(float(latitude), float(longitude)):
            raise ValidationError(self.message or _l("This point is outside Kosovo."))
