"""Benchmark the analytics dashboards and the score list on the large demo (1,000,000 mobilities), PostgreSQL.

Run: python bench/analytics.py [--requests 20] [--database accord_bench] [--refresh]

Loads the large demo if the database lacks it (as bench/pages.py does), rebuilds the analytics summary tables
when they are empty (or with --refresh, timing the rebuild), then signs in as the demo officer and times each
page: "cold" requests each open a new database connection (fresh PostgreSQL backend: empty catalogue and plan
caches; the server's shared buffers stay as they are), "warm" requests reuse one connection after warm-up.
Prints p50 and p95 in milliseconds for both, and whether the warm and cold p95 meet the goal of 300 ms.
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
    ]


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
    from pages import ensure_database, prepare_data

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
    faculty = OrganisationalUnit.objects.filter(institution__is_home=True, parent__isnull=True).first()

    client = Client()
    if not client.login(username="officer", password=DEMO_PASSWORD):
        print("Cannot sign in as the demo officer.", file=sys.stderr)
        return 1
    rows = []
    for label, url in targets(year - 1, busy["agreement_id"], partner["partner_id"]):
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
        f"{max(3, args.requests // 4)} cold (new connection each).\n"
    )
    columns = f"{'cold p50':>9} {'cold p95':>9} {'warm p50':>9} {'warm p95':>9}"
    header = f"{'page':<42} {columns}  goal p95 <= {GOAL_MS:.0f} ms"
    print(header)
    print("-" * len(header))
    for label, status, cold, warm in rows:
        verdict = "ok" if max(p95(cold), p95(warm)) <= GOAL_MS else "OVER"
        if status != 200:
            verdict = f"HTTP {status}"
        print(
            f"{label:<42} {statistics.median(cold):>9.1f} {p95(cold):>9.1f} "
            f"{statistics.median(warm):>9.1f} {p95(warm):>9.1f}  {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
