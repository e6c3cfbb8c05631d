"""Benchmark page and API latency on the large demo data set (20,000 institutions, 50,000 agreements,
1,000,000 mobilities) in PostgreSQL.

Run: python bench/pages.py [--requests 30] [--seed 2026] [--database accord_bench] [--explain]

The script creates the database on the local server (postgres@127.0.0.1:5432, trust authentication) if it
is missing, migrates it, and loads the large demo unless the same seed is already loaded (--reload forces a
fresh load). It then signs in as the demo officer with Django's test client, in process, and times each page
and API list: a few warm-up requests, then N timed ones. Beside them it times a bare django-ninja endpoint,
mounted only here, that returns a constant: the floor any request pays for Django's request cycle.

The table gives p50 and p95 in milliseconds, the p95 as a multiple of the bare endpoint's, and whether the
p95 meets the goal of 150 ms. With --explain, the slowest SQL of each page over the goal is shown with
EXPLAIN ANALYZE. A URL that answers 404 (a feature not built yet) is skipped with a note.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
import types
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOAL_MS = 150.0
WARMUP = 3


def ensure_database(name: str, server: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.")


def prepare_data(seed: int, reload: bool) -> None:
    import click
    from django.core.management import call_command

    from accord.demo.generator import demo_loaded, load_demo

    call_command("migrate", interactive=False, verbosity=0)
    event = demo_loaded()
    loaded = event.data if event is not None else {}
    if not reload and event is not None and loaded.get("size") == "large" and loaded.get("seed") == seed:
        print(f"Reusing the large demo (seed {seed}) loaded on {event.created_at:%Y-%m-%d %H:%M}.")
        return

    def bar(label: str, total: int) -> Any:
        return click.progressbar(length=total, label=f"{label:<13}", show_pos=True)

    report = load_demo(size="large", seed=seed, reset=True, progress=bar)
    counts = ", ".join(f"{n:,} {what}" for what, n in report.counts.items())
    print(f"Loaded the large demo in {report.seconds:.0f} s: {counts}.")


def mount_bare_endpoint() -> None:
    """Serve the project's URLs plus /bench-bare/ping, a django-ninja endpoint that does nothing."""
    from django.conf import settings
    from django.urls import clear_url_caches, include, path
    from ninja import NinjaAPI

    bare = NinjaAPI(title="bench", urls_namespace="bench_bare", docs_url=None, openapi_url=None)

    @bare.get("/ping")
    def ping(request: Any) -> dict[str, bool]:
        return {"ok": True}

    urlconf = types.ModuleType("bench_urls")
    urlconf.urlpatterns = [path("bench-bare/", bare.urls), path("", include(settings.ROOT_URLCONF))]  # type: ignore[attr-defined]
    settings.ROOT_URLCONF = urlconf
    clear_url_caches()


def targets() -> list[tuple[str, str]]:
    from django.db.models import Count

    from accord.agreements.models import AgreementPartner

    busiest = (
        AgreementPartner.objects.filter(institution__is_home=False)
        .values("institution")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    busy_id = busiest["institution"] if busiest else 0
    return [
        ("Dashboard", "/"),
        ("Agreements: active, DE, expiring 180 d", "/agreements/?status=active&country=DE&expiring=180"),
        ("Agreements: subject area 061 (ICT)", "/agreements/?subject_area=061"),
        ("Agreements: first page, no filter", "/agreements/"),
        (f"Institution page (busiest partner, id {busy_id})", f"/institutions/{busy_id}/"),
        # Where the institution page's "All agreements" and "All mobilities" links lead.
        ("Agreements: of the busiest partner", f"/agreements/?partner={busy_id}"),
        ("Mobilities: first page, no filter", "/mobilities/"),
        ("Mobilities: of the busiest partner", f"/mobilities/?institution={busy_id}"),
        ("Institution type-ahead (?q=univ)", "/agreements/institution-options/?q=univ"),
        ("API /api/v1/agreements", "/api/v1/agreements"),
        ("API /api/v1/mobilities", "/api/v1/mobilities"),
        ("API /api/v1/institutions", "/api/v1/institutions"),
        ("Bare django-ninja endpoint", "/bench-bare/ping"),
    ]


def measure(client: Any, url: str, n: int) -> tuple[int, list[float]]:
    for _ in range(WARMUP):
        status = client.get(url).status_code
        if status != 200:
            return status, []
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            return response.status_code, []
    return 200, timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def explain_slowest(client: Any, url: str, top: int = 2) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = sorted(captured.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    print(f"\n--- {url}: {len(queries)} queries, {sql_ms:.0f} ms in all; the slowest with EXPLAIN ANALYZE")
    for query in queries[:top]:
        sql = query["sql"]
        # The column list is long and says little; the FROM, WHERE and ORDER BY are what matter.
        shown = re.sub(r"^(.*?SELECT) .*? FROM ", r"\1 ... FROM ", sql, count=1, flags=re.S)
        print(f"\n[{float(query['time']) * 1000:.1f} ms] {shown[:1500]}")
        if sql.startswith("DECLARE"):
            sql = sql.split(" FOR ", 1)[1]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database", default="accord_bench")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--reload", action="store_true", help="load the data again even if it is there")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN the slowest SQL of slow pages")
    args = parser.parse_args()

    # Static files come from the apps' folders; a missing collectstatic folder is expected here.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    ensure_database(args.database, args.server)
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings")
    os.environ["ACCORD_DEBUG"] = "0"
    import django

    django.setup()
    prepare_data(args.seed, args.reload)
    mount_bare_endpoint()

    from django.test import Client

    from accord.demo.vocabulary import DEMO_PASSWORD

    client = Client()
    if not client.login(username="officer", password=DEMO_PASSWORD):
        print("Cannot sign in as the demo officer.", file=sys.stderr)
        return 1

    results: list[tuple[str, str, int, list[float]]] = []
    for label, url in targets():
        status, timings = measure(client, url, args.requests)
        results.append((label, url, status, timings))
    bare = next((t for label, _u, _s, t in results if label.startswith("Bare") and t), None)
    bare_p95 = p95(bare) if bare else None

    print(f"\n{args.requests} requests each after {WARMUP} warm-up requests; signed in as the officer.\n")
    header = f"{'page':<48} {'p50 ms':>8} {'p95 ms':>8} {'x bare':>7}  goal p95 <= {GOAL_MS:.0f} ms"
    print(header)
    print("-" * len(header))
    slow = []
    for label, url, status, timings in results:
        if not timings:
            note = "skipped: 404, not built yet" if status == 404 else f"skipped: HTTP {status}"
            print(f"{label:<48} {'':>8} {'':>8} {'':>7}  {note}")
            continue
        p50_ms, p95_ms = statistics.median(timings), p95(timings)
        ratio = f"{p95_ms / bare_p95:.1f}" if bare_p95 else "-"
        verdict = "ok" if p95_ms <= GOAL_MS else "OVER"
        if p95_ms > GOAL_MS:
            slow.append(url)
        print(f"{label:<48} {p50_ms:>8.1f} {p95_ms:>8.1f} {ratio:>7}  {verdict}")
    if args.explain:
        for url in slow:
            explain_slowest(client, url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
