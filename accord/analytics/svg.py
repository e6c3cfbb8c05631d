"""Charts drawn as SVG on the server: the same file is shown on the page, downloaded, and put in the report.

No chart library and nothing fetched: bars, lines, a diverging bar chart and a world map from the Natural
Earth shapes shipped in `data/world.json`. Every SVG carries a <title> and <desc>; the data table beside it
is the text alternative.
"""

import functools
import json
import math
from pathlib import Path
from typing import Any

from django.utils.html import escape

from accord.analytics.charts import Chart

COLOURS = ("#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b")
FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="12"'
WIDTH = 760


def _tick(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.1f}"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _frame(chart: Chart, width: float, height: float, body: list[str]) -> str:
    ident = f"chart-{chart.key}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" width="{width:g}" '
        f'height="{height:g}" role="img" aria-labelledby="{ident}-title {ident}-desc" {FONT}>'
        f'<title id="{ident}-title">{escape(chart.title)}</title>'
        f'<desc id="{ident}-desc">{escape(chart.description)}</desc>'
        # Sizes in numbers, not "100%": the PDF's SVG renderer reads percentages against another box.
        f'<rect width="{width:g}" height="{height:g}" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


def _legend(chart: Chart, x: float, y: float) -> list[str]:
    parts = []
    for i, column in enumerate(chart.series):
        parts.append(
            f'<rect x="{x:g}" y="{y - 10:g}" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>'
            f'<text x="{x + 16:g}" y="{y:g}">{escape(chart.headers[column])}</text>'
        )
        x += 24 + 7 * len(chart.headers[column])
    return parts


def _nice_max(value: float) -> float:
    """The axis end: four times a round whole step (1, 1.5, 2, 2.5 ... 8 times a power of ten), so that every
    tick of a count is a whole number (0, 1, 2, 3, 4 rather than 1.2 and 3.8 for a peak of 5)."""
    quarter = max(float(value), 1.0) / 4
    magnitude = 10 ** math.floor(math.log10(quarter))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = step * magnitude
        if candidate >= quarter and candidate >= 1 and candidate == int(candidate):
            return float(4 * candidate)
    return float(40 * magnitude)


def _empty(chart: Chart) -> str:
    return _frame(chart, WIDTH, 80, ['<text x="20" y="45" fill="#555">No data for these filters.</text>'])


def bars(chart: Chart) -> str:
    rows = chart.rows[: chart.extra.get("draw_rows", len(chart.rows))]
    if not rows:
        return _empty(chart)
    n = len(chart.series)
    bar, gap, label_width = 12, 10, 190
    top = 34
    group = n * bar + gap
    height = top + group * len(rows) + 30
    plot = WIDTH - label_width - 60
    peak = _nice_max(max((float(r[c] or 0) for r in rows for c in chart.series), default=0))
    body = _legend(chart, label_width, 18)
    for tick in range(5):
        x = label_width + plot * tick / 4
        body.append(
            f'<line x1="{x:g}" y1="{top - 4}" x2="{x:g}" y2="{height - 26}" stroke="#e2e2e2"/>'
            f'<text x="{x:g}" y="{height - 10}" text-anchor="middle" fill="#555">'
            f"{_tick(peak * tick / 4)}</text>"
        )
    for i, row in enumerate(rows):
        y = top + i * group
        label = str(row[chart.label_column])
        label = label if len(label) <= 28 else label[:27] + "..."
        body.append(
            f'<text x="{label_width - 8}" y="{y + n * bar / 2 + 4:g}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        for j, column in enumerate(chart.series):
            value = float(row[column] or 0)
            w = plot * value / peak
            body.append(
                f'<rect x="{label_width}" y="{y + j * bar}" width="{w:.1f}" height="{bar - 2}" '
                f'fill="{COLOURS[j % len(COLOURS)]}"><title>{escape(label)}, '
                f"{escape(chart.headers[column])}: "
                f"{_fmt(row[column])}</title></rect>"
                f'<text x="{label_width + w + 4:.1f}" y="{y + j * bar + bar - 3}" font-size="10" '
                f'fill="#333">{_fmt(row[column])}</text>'
            )
    return _frame(chart, WIDTH, height, body)


def lines(chart: Chart) -> str:
    rows = chart.rows
    if not rows:
        return _empty(chart)
    left, right, top, bottom = 60, 45, 40, 40
    height = 320
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = _nice_max(max((float(r[c] or 0) for r in rows for c in chart.series), default=0))
    step = plot_w / max(len(rows) - 1, 1)
    body = _legend(chart, left, 20)
    for tick in range(5):
        y = top + plot_h - plot_h * tick / 4
        body.append(
            f'<line x1="{left}" y1="{y:g}" x2="{WIDTH - right}" y2="{y:g}" stroke="#e2e2e2"/>'
            f'<text x="{left - 6}" y="{y + 4:g}" text-anchor="end" fill="#555">'
            f"{_tick(peak * tick / 4)}</text>"
        )
    for i, row in enumerate(rows):
        body.append(
            f'<text x="{left + i * step:.1f}" y="{height - 16}" text-anchor="middle" fill="#555">'
            f"{escape(str(row[chart.label_column]))}</text>"
        )
    for j, column in enumerate(chart.series):
        colour = COLOURS[j % len(COLOURS)]
        points = [
            (left + i * step, top + plot_h - plot_h * float(row[column] or 0) / peak)
            for i, row in enumerate(rows)
        ]
        body.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            + '"/>'
        )
        for (x, y), row in zip(points, rows, strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"><title>'
                f"{escape(str(row[chart.label_column]))}, {escape(chart.headers[column])}: "
                f"{_fmt(row[column])}"
                "</title></circle>"
            )
    return _frame(chart, WIDTH, height, body)


def diverging(chart: Chart) -> str:
    rows = chart.rows
    if not rows:
        return _empty(chart)
    column = chart.series[0]
    bar, label_width, top = 16, 250, 30
    height = top + bar * len(rows) + 30
    half = (WIDTH - label_width - 20) / 2
    centre = label_width + half
    peak = _nice_max(max(abs(float(r[column] or 0)) for r in rows))
    body = [
        f'<text x="{centre - 6:g}" y="18" text-anchor="end" fill="{COLOURS[1]}">we receive more</text>',
        f'<text x="{centre + 6:g}" y="18" fill="{COLOURS[0]}">we send more</text>',
        f'<line x1="{centre:g}" y1="{top - 4}" x2="{centre:g}" y2="{height - 24}" stroke="#888"/>',
    ]
    for i, row in enumerate(rows):
        y = top + i * bar
        value = float(row[column] or 0)
        w = half * abs(value) / peak
        x = centre if value >= 0 else centre - w
        colour = COLOURS[0] if value >= 0 else COLOURS[1]
        label = str(row[chart.label_column])
        label = label if len(label) <= 32 else label[:31] + "..."
        body.append(
            f'<text x="{label_width - 8}" y="{y + 12}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{x:.1f}" y="{y + 2}" width="{max(w, 1):.1f}" height="{bar - 4}" fill="{colour}">'
            f"<title>{escape(label)}: {value:+.0f}</title></rect>"
            f'<text x="{(x + w + 4) if value >= 0 else (x - 4):.1f}" y="{y + 12}" font-size="10" '
            f'text-anchor="{"start" if value >= 0 else "end"}">{value:+.0f}</text>'
        )
    body.append(
        f'<text x="{centre:g}" y="{height - 8}" text-anchor="middle" fill="#555">outgoing - incoming '
        f"(scale ±{_fmt(peak)})</text>"
    )
    return _frame(chart, WIDTH, height, body)


def _blend(share: float) -> str:
    """The chart blue mixed into white by `share` (0..1)."""
    base = (0x1F, 0x5F, 0xA8)
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in base)


@functools.cache
def world() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "world.json").read_text())
    return data


def map_svg(chart: Chart) -> str:
    shapes = world()
    width, height, north = shapes["width"], shapes["height"], shapes["north"]
    scale = width / 360.0
    by_country: dict[str, int] = chart.extra.get("by_country", {})
    busiest = max(by_country.values(), default=0) or 1
    body = [f'<rect width="{width:g}" height="{height:g}" fill="#eef4fa"/>']
    for code, path in sorted(shapes["shapes"].items()):
        n = by_country.get(code, 0)
        # Shade by the share of the busiest country; square root so that small partners still show.
        shade = 0 if n == 0 else 0.15 + 0.6 * math.sqrt(n / busiest)
        # Solid colours (no rgba): the PDF renderer reads only #rrggbb.
        fill = _blend(shade) if n else "#dcdcdc"
        body.append(
            f'<path d="{path}" fill="{fill}" stroke="#ffffff" stroke-width="0.5">'
            f"<title>{escape(code)}: {n:,} mobilities</title></path>"
        )
    peak = max((int(r[6]) for r in chart.rows), default=0) or 1
    for name, _country, lat, lon, _out, _in, total in reversed(chart.rows):
        if lat is None or lon is None:
            continue
        x, y = (lon + 180.0) * scale, (north - lat) * scale
        if not 0 <= y <= height:
            continue
        radius = 2 + 10 * math.sqrt(total / peak)
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{COLOURS[1]}" fill-opacity="0.75" '
            f'stroke="#7a4510" stroke-width="0.6"><title>{escape(name)}: {total:,} mobilities</title>'
            "</circle>"
        )
    return _frame(chart, width, height, body)


RENDERERS = {"bars": bars, "lines": lines, "diverging": diverging, "map": map_svg}


def render(chart: Chart) -> str:
    return RENDERERS[chart.kind](chart)
