"""Extract Kosovo's outline from npm `world-atlas` 2.0.2 into safety/data (run once, by hand).

The product keeps its own copy of the polygons; nothing is fetched at run time or in tests.
To refresh them (the npm registry is the only source needed):

    tmp=$(mktemp -d) && (cd "$tmp" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
    python3 scripts/extract_kosovo_outline.py "$tmp/package"

world-atlas packages Natural Earth 4.1.0 (public domain) as TopoJSON. Decoding needs only
the standard library: each arc is a list of quantised deltas, so a running sum gives the
points, then `x * scale + translate` gives longitude and latitude; a negative arc index `i`
means arc `~i` reversed; each arc after the first in a ring repeats the previous arc's last
point, which is dropped.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

COUNTRY_NAME = "Kosovo"
SCALES = ("10m", "50m")
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "safety" / "data"
CREDIT = (
    "Made with Natural Earth (public domain), version 4.1.0, through the npm package "
    "world-atlas 2.0.2 (ISC); extracted by scripts/extract_kosovo_outline.py."
)
DECIMALS = 6
"""About 0.1 m: far finer than the 1:10m data itself."""

Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Every arc of a quantised topology as absolute (longitude, latitude) points."""
    (scale_x, scale_y), (translate_x, translate_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def ring_points(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    """Join a ring's arcs into one closed list of points."""
    ring: list[Point] = []
    for position, index in enumerate(indexes):
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points if position == 0 else points[1:])
    return ring


def country_polygons(topology: dict[str, Any], name: str) -> list[list[list[Point]]]:
    """The country's polygons, each a list of rings (outer ring first), as GeoJSON orders them."""
    arcs = decode_arcs(topology)
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("properties", {}).get("name") != name:
            continue
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            raise ValueError(f"{name} is a {geometry['type']}, not a polygon")
        return [[ring_points(arcs, ring) for ring in polygon] for polygon in polygons]
    raise ValueError(f"{name} is not in this topology")


def outline_document(polygons: list[list[list[Point]]], scale: str) -> dict[str, Any]:
    rounded = [
        [[[round(lon, DECIMALS), round(lat, DECIMALS)] for lon, lat in ring] for ring in polygon]
        for polygon in polygons
    ]
    return {
        "name": COUNTRY_NAME,
        "scale": f"1:{scale}",
        "coordinates": "MultiPolygon rings of [longitude, latitude] pairs (WGS 84)",
        "credit": CREDIT,
        "license": "Public domain (Natural Earth)",
        "polygons": rounded,
    }


def to_json(document: dict[str, Any]) -> str:
    """Indented JSON with one point per line, so a refresh shows a readable diff."""
    text = json.dumps(document, indent=1)
    # Fold each [longitude, latitude] pair, which `indent` spreads over four lines.
    return re.sub(r"\[\s+(-?[\d.]+),\s+(-?[\d.]+)\s+\]", r"[\1, \2]", text) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked world-atlas package folder")
    arguments = parser.parse_args()
    for scale in SCALES:
        topology = json.loads((arguments.package / f"countries-{scale}.json").read_text())
        document = outline_document(country_polygons(topology, COUNTRY_NAME), scale)
        target = OUTPUT_DIR / f"kosovo_outline_{scale}.json"
        target.write_text(to_json(document))
        points = sum(len(ring) for polygon in document["polygons"] for ring in polygon)
        print(f"{target}: {len(document['polygons'])} polygon(s), {points} points")


if __name__ == "__main__":
    main()
