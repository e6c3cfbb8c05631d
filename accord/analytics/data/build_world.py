"""Rebuild `world.json` from Natural Earth's 1:110m countries as TopoJSON (the npm package `world-atlas@2`).

Run once by a developer, never at run time: `python accord/analytics/data/build_world.py countries-110m.json`.
The output maps each ISO 3166 alpha-2 code to an SVG path already projected (equirectangular, the frame in
`accord.analytics.charts.map_frame`), rounded to a tenth of a unit, so the app draws the map without any
geometry code or tile server. Antarctica is left out: no partner lives there and it takes a fifth of the page.
"""

import json
import sys
from pathlib import Path

import pycountry

WIDTH = 960.0
NORTH, SOUTH = 84.0, -58.0
SCALE = WIDTH / 360.0


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180.0) * SCALE, (NORTH - lat) * SCALE


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a ring continuous across the antimeridian (Alaska's Aleutians): 179 then -179 becomes 181.

    Points past +-180 fall outside the frame and are clipped, instead of a line drawn across the whole map.
    """
    result: list[tuple[float, float]] = []
    for lon, lat in points:
        if result:
            previous = result[-1][0]
            while lon - previous > 180:
                lon -= 360
            while previous - lon > 180:
                lon += 360
        result.append((lon, lat))
    return result


def path_of(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for points in rings:
        projected = [project(lon, lat) for lon, lat in unwrap(points)]
        coords = []
        last = None
        for x, y in projected:
            cell = (round(x, 1), round(y, 1))
            if cell != last:
                coords.append(f"{cell[0]:g},{cell[1]:g}")
                last = cell
        if len(coords) >= 3:
            parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


def alpha2(numeric: str, name: str) -> str | None:
    country = pycountry.countries.get(numeric=numeric.zfill(3)) if numeric else None
    if country is not None:
        return str(country.alpha_2)
    # Natural Earth gives some disputed areas no ISO number.
    return {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}.get(name)


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text())
    arcs = decode_arcs(topology)
    shapes: dict[str, str] = {}
    names: dict[str, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        code = alpha2(geometry.get("id", ""), name)
        if code is None or code == "AQ":
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(r, arcs) for polygon in polygons for r in polygon]
        shapes[code] = shapes.get(code, "") + path_of(rings)
        names.setdefault(code, name)
    height = (NORTH - SOUTH) * SCALE
    out = {"width": WIDTH, "height": round(height, 1), "north": NORTH, "shapes": shapes}
    target = Path(__file__).with_name("world.json")
    target.write_text(json.dumps(out, separators=(",", ":"), sort_keys=True))
    print(f"{len(shapes)} countries, {target.stat().st_size:,} bytes -> {target}")


if __name__ == "__main__":
    main(sys.argv[1])
