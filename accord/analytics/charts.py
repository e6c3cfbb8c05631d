"""The data behind every chart: one `Chart` per key, the same for the page, the API, CSV/XLSX and the report.

Each chart's rows are also its accessible text alternative (the table under the chart).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from accord.accounts.models import User
from accord.analytics.selectors import (
    DashboardFilters,
    flow_rows,
    flows_by,
    partner_flows,
    places_offered,
    realised,
)
from accord.engines.identifiers import format_academic_year
from accord.institutions.models import Institution
from accord.reference.vocab import countries, country_name

TREND_YEARS = 8
TOP_COUNTRIES = 15
TOP_BALANCE = 20
MAP_POINTS = 400
# Erasmus+ counts a month as 30 days.
DAYS_PER_MONTH = 30


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    kind: str  # bars, lines, diverging, map
    headers: list[str]
    rows: list[list[Any]]
    # Which columns to draw, by header index: the label column, then the series.
    label_column: int = 0
    series: tuple[int, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "description": self.description,
            "headers": self.headers,
            "rows": self.rows,
        }


def _year_label(year: int) -> str:
    return format_academic_year(year)


def _region_of() -> dict[str, str]:
    return {code: c.region or "Other" for code, c in countries().items()}


def _in_out(rows: list[dict[str, Any]], key: str) -> dict[Any, dict[str, int]]:
    totals: dict[Any, dict[str, int]] = defaultdict(lambda: {"outgoing": 0, "incoming": 0})
    for row in rows:
        totals[row[key]][row["direction"]] += row["n"]
    return totals


def trend_chart(actor: User, filters: DashboardFilters, *, this_year: int) -> Chart:
    first = this_year - TREND_YEARS + 1
    qs = flow_rows(actor, filters, all_years=True).filter(
        academic_year__gte=first, academic_year__lte=this_year
    )
    rows = flows_by(realised(qs), "academic_year")
    table: dict[int, list[int]] = {y: [0, 0, 0, 0, 0, 0] for y in range(first, this_year + 1)}
    for row in rows:
        line = table[row["academic_year"]]
        out = row["direction"] == "outgoing"
        line[0 if out else 1] += row["n"]
        if row["staff"]:
            line[4 if out else 5] += row["days"]
        else:
            line[2 if out else 3] += row["days"]
    data = [
        [
            _year_label(y),
            v[0],
            v[1],
            round(v[2] / DAYS_PER_MONTH, 1),
            round(v[3] / DAYS_PER_MONTH, 1),
            v[4],
            v[5],
        ]
        for y, v in table.items()
    ]
    return Chart(
        "trend",
        "Mobilities per year",
        f"Realised outgoing and incoming mobilities, {_year_label(first)} to {_year_label(this_year)}.",
        "lines",
        [
            "Academic year",
            "Outgoing",
            "Incoming",
            "Outgoing student months",
            "Incoming student months",
            "Outgoing staff days",
            "Incoming staff days",
        ],
        data,
        series=(1, 2),
    )


def countries_chart(actor: User, filters: DashboardFilters, *, this_year: int) -> Chart:
    year = filters.year or this_year
    totals = _in_out(
        flows_by(flow_rows(actor, filters.with_year(year), by_country=True), "country"), "country"
    )
    ranked = sorted(totals.items(), key=lambda kv: (-(kv[1]["outgoing"] + kv[1]["incoming"]), kv[0]))
    data = [
        [country_name(code), code, v["outgoing"], v["incoming"], v["outgoing"] + v["incoming"]]
        for code, v in ranked
    ]
    return Chart(
        "countries",
        "Flows by country",
        f"Outgoing and incoming mobilities in {_year_label(year)} by partner country "
        f"(realised and planned; the {TOP_COUNTRIES} busiest drawn, all in the table).",
        "bars",
        ["Country", "Code", "Outgoing", "Incoming", "Total"],
        data,
        series=(2, 3),
        extra={"draw_rows": TOP_COUNTRIES},
    )


def regions_chart(actor: User, filters: DashboardFilters, *, this_year: int) -> Chart:
    year = filters.year or this_year
    region_of = _region_of()
    totals: dict[str, dict[str, int]] = defaultdict(lambda: {"outgoing": 0, "incoming": 0})
    for row in flows_by(flow_rows(actor, filters.with_year(year), by_country=True), "country"):
        totals[region_of.get(row["country"], "Other")][row["direction"]] += row["n"]
    data = [
        [region, v["outgoing"], v["incoming"], v["outgoing"] - v["incoming"]]
        for region, v in sorted(totals.items(), key=lambda kv: -(kv[1]["outgoing"] + kv[1]["incoming"]))
    ]
    return Chart(
        "regions",
        "Flows by region",
        f"Outgoing and incoming mobilities in {_year_label(year)} by the partner's world region.",
        "bars",
        ["Region", "Outgoing", "Incoming", "Net (out - in)"],
        data,
        series=(1, 2),
    )


def places_chart(actor: User, filters: DashboardFilters, *, this_year: int) -> Chart:
    first = this_year - 5
    offered: dict[int, list[int]] = {y: [0, 0] for y in range(first, this_year + 1)}
    spans = (
        places_offered(actor, filters, first, this_year)
        .values("academic_year", "direction")
        .annotate(places=Sum("places"))
        .order_by()
    )
    for span in spans:
        offered[span["academic_year"]][0 if span["direction"] == "outgoing" else 1] += span["places"] or 0
    used = flow_rows(actor, filters, all_years=True).filter(
        academic_year__gte=first, academic_year__lte=this_year, with_condition=True
    )
    taken: dict[int, list[int]] = {y: [0, 0] for y in offered}
    for row in used.values("academic_year", "direction").annotate(n=Sum("mobilities")).order_by():
        taken[row["academic_year"]][0 if row["direction"] == "outgoing" else 1] += row["n"]
    data = []
    for y in offered:
        total_offered = offered[y][0] + offered[y][1]
        total_used = taken[y][0] + taken[y][1]
        share = round(100 * total_used / total_offered, 1) if total_offered else None
        data.append([_year_label(y), offered[y][0], taken[y][0], offered[y][1], taken[y][1], share])
    return Chart(
        "places",
        "Use of places",
        "Places offered by cooperation conditions and places taken by mobilities (not cancelled), per year.",
        "bars",
        ["Academic year", "Outgoing places", "Outgoing used", "Incoming places", "Incoming used", "% used"],
        data,
        series=(1, 2, 3, 4),
    )


def balance_chart(actor: User, filters: DashboardFilters, *, this_year: int) -> Chart:
    year = filters.year or this_year
    ranked, _count = partner_flows(actor, filters, year, order="imbalance", limit=TOP_BALANCE)
    info = {
        pid: (name, country)
        for pid, name, country in Institution.objects.filter(pk__in=[r[0] for r in ranked]).values_list(
            "id", "name", "country"
        )
    }
    data = [[*info.get(pid, (str(pid), "")), out, inc, out - inc, pid] for pid, out, inc in ranked]
    return Chart(
        "balance",
        "Balance per partner",
        f"The {TOP_BALANCE} partners furthest from balance in {_year_label(year)}: outgoing minus incoming "
        "(right: we send more; left: we receive more).",
        "diverging",
        ["Partner", "Country", "Outgoing", "Incoming", "Net (out - in)", "Partner id"],
        data,
        series=(4,),
    )


def map_chart(actor: User, filters: DashboardFilters, *, this_year: int) -> Chart:
    year = filters.year or this_year
    ranked, partner_count = partner_flows(actor, filters, year, order="total", limit=MAP_POINTS)
    places = {
        pid: (name, country, lat, lon)
        for pid, name, country, lat, lon in Institution.objects.filter(
            pk__in=[r[0] for r in ranked]
        ).values_list("id", "name", "country", "latitude", "longitude")
    }
    by_country = {
        code: v["outgoing"] + v["incoming"]
        for code, v in _in_out(
            flows_by(flow_rows(actor, filters.with_year(year), by_country=True), "country"), "country"
        ).items()
    }
    data = []
    for pid, out, inc in ranked:
        name, country, lat, lon = places[pid]
        data.append([name, country, lat, lon, out, inc, out + inc])
    return Chart(
        "map",
        "Partners on the map",
        f"Partners with mobilities in {_year_label(year)}, each a point sized by its number of mobilities "
        f"(the {MAP_POINTS} most active; without coordinates a partner is listed but not drawn).",
        "map",
        ["Partner", "Country", "Latitude", "Longitude", "Outgoing", "Incoming", "Total"],
        data,
        extra={"partners": partner_count, "by_country": by_country},
    )


BUILDERS: dict[str, Callable[..., Chart]] = {
    "map": map_chart,
    "countries": countries_chart,
    "regions": regions_chart,
    "trend": trend_chart,
    "places": places_chart,
    "balance": balance_chart,
}


def build_chart(key: str, actor: User, filters: DashboardFilters, *, this_year: int) -> Chart:
    return BUILDERS[key](actor, filters, this_year=this_year)
