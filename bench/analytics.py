"""Benchmark the analytics dashboards and the score list on the large demo (1,000,000 mobilities), PostgreSQL.

Run: python bench/analytics.py [--requests 20] [--database accord_bench] [--refresh]

Loads the large demo if the database lacks it (as bench/pages.py does), rebuilds the analytics summary tables
when they are empty (or with --refresh, timing the rebuild), then signs in as the demo officer and times each
page: "cold" requests each open a new database connection (fresh PostgreSQL backend: empty catalogue and plan
caches; the server's shared buffers stay as they are; the process has served one other page first), "warm"
requests reuse one connection after warm-up. Prints p50 and p95 in milliseconds for both, and whether the
warm and cold p95 meet the goal of 300 ms.

Two baselines run beside them on the same machine: a bare django-ninja endpoint (what Django's request cycle
alone costs; each page's warm p95 is shown as a multiple of it), and the figures of the countries chart and of
the busiest partner's ledger summed live from the mobilities table (what the summary tables save).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

GOAL_MS = 300.0
WARMUP = 2


def targets(year: int, agreement_id: int, partner_id: int) -> list[tuple[str, str]]:
    y = f"year={year}"
    return [
        ("Dashboard (all charts)", f"/analytics/?{y}"),
        ("Dashboard, filtered by region", f"/analytics/?{y}&region=Europe"),
        ("Dashboard, filtered by faculty and kind", f"/analytics/?{y}&faculty={{faculty}}&kind=erasmus_iia"),
        ("Chart: map SVG", f"/analytics/charts/map.svg?{y}"),
        ("Chart: countries CSV", f"/analytics/charts/countries.csv?{y}"),
        ("Chart: trend (API)", "/api/v1/analytics/charts/trend"),
        ("Chart: places (API)", "/api/v1/analytics/charts/places"),
        ("Chart: balance (API)", "/api/v1/analytics/charts/balance"),
        ("Score list: partners", "/analytics/scores/"),
        ("Score list: agreements at risk", "/analytics/scores/?level=agreement&label=at_risk"),
        ("Score list (API)", "/api/v1/analytics/scores?level=partner&label=dormant"),
        ("Reach", f"/analytics/reach/?{y}"),
        ("Ledger of a busy agreement", f"/analytics/ledger/agreements/{agreement_id}/"),
        ("Ledger of the busiest partner", f"/analytics/ledger/partners/{partner_id}/"),
        ("Baseline: bare django-ninja endpoint", "/bench-bare/ping"),
    ]


def live_countries(year: int) -> None:
    """The countries chart's figures summed straight from the mobilities table: what a dashboard without
    summary tables would run."""
    from django.db.models import Count

    from accord.mobility.models import Mobility

    year_rows = Mobility.objects.filter(academic_year_id=year).exclude(status="cancelled")
    for direction, country in (
        ("outgoing", "host_institution__country"),
        ("incoming", "home_institution__country"),
    ):
        list(year_rows.filter(direction=direction).values(country).annotate(n=Count("id")).order_by())


def live_partner_ledger(partner_id: int) -> None:
    """The busiest partner's ledger summed from its mobilities, as the agreement ledger is."""
    from collections import defaultdict

    from django.db.models import Q

    from accord.analytics.ledger import _add
    from accord.mobility.models import Mobility

    totals: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    _add(
        totals, Mobility.objects.filter(Q(host_institution_id=partner_id) | Q(home_institution_id=partner_id))
    )


def timed_call(function: Any, *args: Any) -> float:
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(client: Any, url: str) -> tuple[int, float]:
    started = time.perf_counter()
    response = client.get(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response.status_code, (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database", default="accord_bench", help="the same database as bench/pages.py")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--refresh", action="store_true", help="rebuild the summary tables and time it")
    args = parser.parse_args()

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    from pages import ensure_database, mount_bare_endpoint, prepare_data

    ensure_database(args.database, args.server)
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings")
    os.environ["ACCORD_DEBUG"] = "0"
    import django

    django.setup()
    prepare_data(args.seed, reload=False)

    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from accord.analytics.models import MobilityFact
    from accord.analytics.refresh import refresh_all
    from accord.analytics.selectors import current_year
    from accord.demo.vocabulary import DEMO_PASSWORD
    from accord.institutions.models import OrganisationalUnit
    from accord.mobility.models import Mobility

    if args.refresh or not MobilityFact.objects.exists():
        summary = refresh_all()
        print(
            f"Rebuilt the summary tables in {summary['seconds']:.1f} s: {summary['facts']:,} fact rows, "
            f"{summary['scores']:,} scores."
        )
    print(f"{Mobility.objects.count():,} mobilities; {MobilityFact.objects.count():,} fact rows.")
    year = current_year(timezone.localdate())
    busy = (
        Mobility.objects.filter(academic_year_id=year - 1)
        .values("agreement_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    partner = MobilityFact.objects.values("partner_id").annotate(n=Count("id")).order_by("-n").first()
    partner_id = partner["partner_id"]
    faculty = OrganisationalUnit.objects.filter(institution__is_home=True, parent__isnull=True).first()

    mount_bare_endpoint()
    client = Client()
    if not client.login(username="officer", password=DEMO_PASSWORD):
        print("Cannot sign in as the demo officer.", file=sys.stderr)
        return 1
    # Django builds its URL tables on the first request a process serves, whatever the page (about 200 ms
    # here): a worker pays that once when it starts, not per page, so it is paid before the clock starts.
    client.get("/")
    rows = []
    for label, url in targets(year - 1, busy["agreement_id"], partner_id):
        url = url.replace("{faculty}", str(faculty.pk if faculty else ""))
        cold = []
        for _ in range(max(3, args.requests // 4)):
            connection.close()
            status, ms = timed(client, url)
            cold.append(ms)
        for _ in range(WARMUP):
            timed(client, url)
        warm = []
        for _ in range(args.requests):
            status, ms = timed(client, url)
            warm.append(ms)
        rows.append((label, status, cold, warm))

    print(
        f"\nSigned in as the officer; {args.requests} warm requests per page after {WARMUP} warm-up, "
        f"{max(3, args.requests // 4)} cold (new connection each). 'x bare' is the warm p95 over the bare "
        "endpoint's: what Django's request cycle alone costs.\n"
    )
    bare_p95 = p95(rows[-1][3])
    columns = f"{'cold p50':>9} {'cold p95':>9} {'warm p50':>9} {'warm p95':>9} {'x bare':>7}"
    header = f"{'page':<42} {columns}  goal p95 <= {GOAL_MS:.0f} ms"
    print(header)
    print("-" * len(header))
    for label, status, cold, warm in rows:
        verdict = "ok" if max(p95(cold), p95(warm)) <= GOAL_MS else "OVER"
        if status != 200:
            verdict = f"HTTP {status}"
        print(
            f"{label:<42} {statistics.median(cold):>9.1f} {p95(cold):>9.1f} "
            f"{statistics.median(warm):>9.1f} {p95(warm):>9.1f} {p95(warm) / bare_p95:>7.0f}  {verdict}"
        )

    # What the summary tables save: the same figures summed from the mobilities table on every request.
    live_rows = [
        ("Countries chart", "Chart: countries CSV", live_countries, (year - 1,)),
        (
            "Ledger of the busiest partner",
            "Ledger of the busiest partner",
            live_partner_ledger,
            (partner_id,),
        ),
    ]
    warm_p95 = {label: p95(warm) for label, _status, _cold, warm in rows}
    print(f"\n{'figures':<32} {'page p95':>9} {'live SQL p50':>13} {'live SQL p95':>13} {'x faster':>9}")
    for label, page, function, call_args in live_rows:
        timed_call(function, *call_args)
        live = [timed_call(function, *call_args) for _ in range(max(3, args.requests // 4))]
        print(
            f"{label:<32} {warm_p95[page]:>9.1f} {statistics.median(live):>13.1f} {p95(live):>13.1f} "
            f"{p95(live) / warm_p95[page]:>9.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
