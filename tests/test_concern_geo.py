"""Map points: inside Kosovo's 1:10m outline or within 5 km of it, never a neighbour's city."""

from __future__ import annotations

import json
import math

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import FloatField, Form
from wtforms.validators import Optional

from safety.concerns.geo import (
    DATA_DIR,
    EARTH_RADIUS_KM,
    InKosovo,
    distance_to_outline_km,
    in_kosovo,
    inside_outline,
    outline,
)

KM_PER_DEGREE_OF_LATITUDE = math.radians(1) * EARTH_RADIUS_KM

INSIDE = {
    "Prishtina": (42.66, 21.17),
    "Leposaviq / Leposavić, north": (43.10, 20.80),
    "Dragash, south": (42.06, 20.65),
    "Prizren": (42.21, 20.74),
    "Gjakova": (42.38, 20.43),
}
OUTSIDE = {
    "Skopje": (42.00, 21.43),
    "Tirana": (41.33, 19.82),
    "Niš": (43.32, 21.90),
    "Podgorica": (42.44, 19.26),
    "Tetovo": (42.01, 20.97),
    "Kukës": (42.08, 20.42),
    "Novi Pazar": (43.14, 20.51),
    "Rožaje, 5.6 km beyond": (42.84, 20.17),
}


@pytest.mark.parametrize(("lat", "lon"), INSIDE.values(), ids=INSIDE.keys())
def test_towns_of_kosovo_are_accepted(lat, lon):
    assert in_kosovo(lat, lon)
    assert inside_outline(lat, lon)


@pytest.mark.parametrize(("lat", "lon"), OUTSIDE.values(), ids=OUTSIDE.keys())
def test_neighbouring_towns_are_refused(lat, lon):
    assert not in_kosovo(lat, lon)


def test_a_border_town_the_outline_cuts_off_is_accepted_through_the_margin():
    # Han i Elezit sits on the border: the simplified outline leaves it 0.2 km outside.
    lat, lon = 42.15, 21.30
    assert not inside_outline(lat, lon)
    assert distance_to_outline_km(lat, lon) < 1
    assert in_kosovo(lat, lon)


def _beyond_the_northernmost_point(km: float) -> tuple[float, float]:
    """A point `km` due north of the outline's northernmost vertex: exactly `km` away from it,
    since no part of the outline lies further north."""
    lon, lat = max(
        (point for polygon in outline() for ring in polygon for point in ring),
        key=lambda point: point[1],
    )
    return lat + km / KM_PER_DEGREE_OF_LATITUDE, lon


def test_the_margin_is_five_kilometres():
    near = _beyond_the_northernmost_point(4.9)
    far = _beyond_the_northernmost_point(5.1)
    assert distance_to_outline_km(*near) == pytest.approx(4.9, abs=0.01)
    assert distance_to_outline_km(*far) == pytest.approx(5.1, abs=0.01)
    assert in_kosovo(*near)
    assert not in_kosovo(*far)


def test_the_bounding_box_is_not_the_test():
    """Skopje lies within the outline's bounding box, 15 km into North Macedonia."""
    points = [point for polygon in outline() for ring in polygon for point in ring]
    lat, lon = OUTSIDE["Skopje"]
    assert min(p[0] for p in points) < lon < max(p[0] for p in points)
    assert min(p[1] for p in points) < lat < max(p[1] for p in points)
    assert distance_to_outline_km(lat, lon) > 10
    assert not in_kosovo(lat, lon)


def test_points_the_coarse_outline_cuts_off_are_accepted():
    """The 1:50m outline (for drawing) leaves out 10m points, by up to 3 km in the north."""
    cut_off = [
        (lat, lon)
        for polygon in outline("10m")
        for ring in polygon
        for lon, lat in ring
        if not inside_outline(lat, lon, "50m")
    ]
    assert len(cut_off) > 50
    assert all(in_kosovo(lat, lon) for lat, lon in cut_off)


def test_not_a_number_is_refused():
    assert not in_kosovo(math.nan, 21.0)
    assert not in_kosovo(42.5, math.inf)


def test_the_outlines_credit_natural_earth_and_have_the_documented_sizes():
    for scale, points in (("10m", 266), ("50m", 71)):
        document = json.loads((DATA_DIR / f"kosovo_outline_{scale}.json").read_text("utf-8"))
        assert "Natural Earth" in document["credit"]
        assert "public domain" in document["license"].lower()
        rings = [ring for polygon in document["polygons"] for ring in polygon]
        assert sum(len(ring) for ring in rings) == points
        assert all(ring[0] == ring[-1] for ring in rings)
        longitudes = [lon for ring in rings for lon, _lat in ring]
        latitudes = [lat for ring in rings for _lon, lat in ring]
        assert 20.0 < min(longitudes) < max(longitudes) < 21.8
        assert 41.8 < min(latitudes) < max(latitudes) < 43.3


def test_unknown_scale_is_an_error():
    with pytest.raises(ValueError, match="110m"):
        outline("110m")


class PointForm(Form):
    latitude = FloatField(validators=[Optional(), InKosovo()])
    longitude = FloatField(validators=[Optional()])


@pytest.mark.parametrize(
    ("latitude", "longitude", "errors"),
    [
        ("42.66", "21.17", []),
        ("42.00", "21.43", ["This point is outside Kosovo."]),
        ("", "", []),
        ("42.00", "", []),
        ("not a number", "21.43", ["Not a valid float value."]),
    ],
)
def test_the_form_validator(app: Flask, latitude, longitude, errors):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        form = PointForm(MultiDict({"latitude": latitude, "longitude": longitude}))
        assert form.validate() is (not errors)
        assert [str(error) for error in form.latitude.errors] == errors
