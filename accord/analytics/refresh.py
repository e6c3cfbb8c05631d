# ruff: noqa: S608 (every table and column name in this SQL comes from the models, never from input)
"""Rebuild the derived tables: mobility facts (one SQL statement) and health scores (the engine).

Run by the daily task, the officers' "Refresh figures" button and `accord analytics-refresh`. The facts table
holds one row per (year, agreement, partner, unit, direction, staff/student, stage): about a fifth of the
mobilities' row count, small enough to aggregate on every dashboard request.
"""

import time
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.agreements.models import Agreement, CooperationCondition
from accord.analytics.models import (
    CoverageFact,
    FlowRollup,
    HealthScoreRow,
    MobilityFact,
    PartnerRollup,
    PlacesOffered,
)
from accord.analytics.settings_store import analytics_settings
from accord.common import audit
from accord.institutions.models import Institution
from accord.mobility.models import Mobility

STAFF_TYPES = ("staff_teaching", "staff_training")


def _days_sql(start: str, end: str) -> str:
    if connection.vendor == "postgresql":
        return f"({end} - {start} + 1)"
    return f"(CAST(julianday({end}) - julianday({start}) AS INTEGER) + 1)"


def _facts_sql() -> str:
    mobility = Mobility._meta.db_table
    agreement = Agreement._meta.db_table
    institution = Institution._meta.db_table
    days = _days_sql("COALESCE(m.actual_start, m.planned_start)", "COALESCE(m.actual_end, m.planned_end)")
    partner = "CASE WHEN m.direction = 'outgoing' THEN m.host_institution_id ELSE m.home_institution_id END"
    staff = ", ".join(f"'{t}'" for t in STAFF_TYPES)
    # Table and column names come from the models, never from input.
    return f"""
        INSERT INTO {MobilityFact._meta.db_table} (
            academic_year, agreement_id, agreement_kind, owner_unit_id, unit_id, responsible_unit_id,
            partner_id, country,
            direction, staff, stage, with_condition, mobilities, days, fewer_opportunities
        )
        SELECT m.academic_year_id, m.agreement_id, COALESCE(a.kind, ''), a.owner_unit_id, m.unit_id,
               COALESCE(m.unit_id, a.owner_unit_id), {partner}, i.country, m.direction,
               CASE WHEN m.mobility_type IN ({staff}) THEN TRUE ELSE FALSE END,
               CASE WHEN m.status IN ('in_progress', 'completed') THEN 'realised' ELSE 'pipeline' END,
               CASE WHEN m.condition_id IS NULL THEN FALSE ELSE TRUE END,
               COUNT(*), SUM({days}),
               SUM(CASE WHEN m.fewer_opportunities THEN 1 ELSE 0 END)
        FROM {mobility} m
        LEFT JOIN {agreement} a ON a.id = m.agreement_id
        JOIN {institution} i ON i.id = {partner}
        WHERE m.status <> 'cancelled'
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    """


def _rollup_sql() -> list[str]:
    facts, rollup, partners = (
        MobilityFact._meta.db_table,
        FlowRollup._meta.db_table,
        PartnerRollup._meta.db_table,
    )
    columns = "direction, staff, stage, with_condition"
    out = "SUM(CASE WHEN direction = 'outgoing' THEN mobilities ELSE 0 END)"
    inc = "SUM(CASE WHEN direction = 'incoming' THEN mobilities ELSE 0 END)"
    sums = "SUM(mobilities), SUM(days), SUM(fewer_opportunities)"
    into = (
        f"INSERT INTO {rollup} (grain, academic_year, unit_id, owner_unit_id, responsible_unit_id, "
        f"agreement_kind, country, {columns}, mobilities, days, fewer_opportunities) "
    )
    units = "unit_id, owner_unit_id, responsible_unit_id"
    return [
        into + f"SELECT 'detail', academic_year, {units}, agreement_kind, country, {columns}, "
        f"{sums} FROM {facts} "
        f"GROUP BY academic_year, {units}, agreement_kind, country, {columns}",
        into + f"SELECT 'country', academic_year, NULL, NULL, NULL, '', country, {columns}, {sums} "
        f"FROM {facts} GROUP BY academic_year, country, {columns}",
        into + f"SELECT 'total', academic_year, NULL, NULL, NULL, '', '', {columns}, {sums} "
        f"FROM {facts} GROUP BY academic_year, {columns}",
        f"INSERT INTO {partners} (academic_year, partner_id, country, outgoing, incoming, total, imbalance) "
        f"SELECT academic_year, partner_id, country, {out}, {inc}, {out} + {inc}, ABS({out} - {inc}) "
        f"FROM {facts} GROUP BY academic_year, partner_id, country",
    ]


def refresh_places() -> int:
    """Places offered, per academic year, from the conditions' year ranges (expanded here, once)."""
    home = set(Institution.objects.filter(is_home=True).values_list("id", flat=True))
    countries = dict(Institution.objects.values_list("id", "country").iterator(chunk_size=10000))
    totals: dict[tuple[int, int | None, str, str, str], int] = {}
    conditions = CooperationCondition.objects.values_list(
        "first_year_id",
        "last_year_id",
        "agreement__owner_unit_id",
        "agreement__kind",
        "sending_institution_id",
        "receiving_institution_id",
        "places_per_year",
    )
    for first, last, unit, kind, sender, receiver, places in conditions.iterator(chunk_size=10000):
        outgoing = sender in home
        country = countries.get(receiver if outgoing else sender, "")
        direction = "outgoing" if outgoing else "incoming"
        for year in range(first, last + 1):
            key = (year, unit, kind, country, direction)
            totals[key] = totals.get(key, 0) + places
    coarse: dict[tuple[str, int, str, str], int] = {}
    for (year, _unit, _kind, country, direction), places in totals.items():
        for grain_key in (("country", year, country, direction), ("total", year, "", direction)):
            coarse[grain_key] = coarse.get(grain_key, 0) + places
    rows = [
        PlacesOffered(academic_year=y, owner_unit_id=u, agreement_kind=k, country=c, direction=d, places=n)
        for (y, u, k, c, d), n in totals.items()
    ]
    rows += [
        PlacesOffered(grain=g, academic_year=y, agreement_kind="", country=c, direction=d, places=n)
        for (g, y, c, d), n in coarse.items()
    ]
    PlacesOffered.objects.all().delete()
    PlacesOffered.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def refresh_coverage() -> int:
    """Fields and languages of live agreements, per partner: one row each, so reach counts partners fast."""
    from accord.agreements.models import AgreementPartner, ConditionLanguage, ConditionSubjectArea
    from accord.agreements.selectors import LIVE_STATUSES

    live = Agreement.objects.filter(status__in=LIVE_STATUSES)
    partners: dict[int, list[tuple[int, str]]] = {}
    owners = dict(live.values_list("id", "owner_unit_id").iterator(chunk_size=10000))
    for agreement_id, partner_id, country in (
        AgreementPartner.objects.filter(agreement__in=live, institution__is_home=False)
        .values_list("agreement_id", "institution_id", "institution__country")
        .iterator(chunk_size=10000)
    ):
        partners.setdefault(agreement_id, []).append((partner_id, country))
    rows: set[tuple[int | None, int, str, str, str]] = set()
    for agreement_id, found in partners.items():
        for partner_id, country in found:
            rows.add((owners.get(agreement_id), partner_id, country, "", ""))
    areas = ConditionSubjectArea.objects.filter(condition__agreement__in=live).values_list(
        "condition__agreement_id", "isced_id"
    )
    for agreement_id, isced in areas.iterator(chunk_size=10000):
        for partner_id, country in partners.get(agreement_id, []):
            rows.add((owners.get(agreement_id), partner_id, country, isced, ""))
            # The broad field as a row of its own: the region-by-field table groups these alone.
            rows.add((owners.get(agreement_id), partner_id, country, isced[:2], ""))
    languages = ConditionLanguage.objects.filter(condition__agreement__in=live).values_list(
        "condition__agreement_id", "language"
    )
    for agreement_id, language in languages.iterator(chunk_size=10000):
        for partner_id, country in partners.get(agreement_id, []):
            rows.add((owners.get(agreement_id), partner_id, country, "", language.lower()))
    CoverageFact.objects.all().delete()
    CoverageFact.objects.bulk_create(
        (
            CoverageFact(
                owner_unit_id=u, partner_id=p, country=c, isced=i, language=g, language_base=g.split("-")[0]
            )
            for u, p, c, i, g in rows
        ),
        batch_size=5000,
    )
    return len(rows)


def refresh_facts() -> int:
    derived = [MobilityFact, FlowRollup, PartnerRollup]
    with transaction.atomic(), connection.cursor() as cursor:
        for model in derived:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
        cursor.execute(_facts_sql())
        inserted = cursor.rowcount
        for statement in _rollup_sql():
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            for model in derived:
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return int(inserted)


def refresh_all(*, actor: User | None = None, record: bool = True) -> dict[str, Any]:
    """Rebuild facts and scores; records when, how long, and how many rows (the demo loader, which writes a
    single `demo.loaded` event for everything it loads, passes `record=False`)."""
    from accord.analytics.adapters import refresh_scores

    started = time.monotonic()
    # One transaction: readers keep seeing the previous figures until the new ones are complete.
    with transaction.atomic():
        facts = refresh_facts()
        refresh_places()
        refresh_coverage()
        scores = refresh_scores(today=timezone.localdate())
        seconds = round(time.monotonic() - started, 2)
        settings = analytics_settings(for_update=True)
        settings.refreshed_at = timezone.now()
        settings.refresh_seconds = seconds
        settings.save(update_fields=["refreshed_at", "refresh_seconds", "updated_at"])
        summary = {"facts": facts, "scores": scores, "seconds": seconds}
        if record:
            audit.record(actor=actor, action="analytics.refreshed", target=settings, data=summary)
    tidy_after_refresh()
    return summary


DERIVED = (MobilityFact, FlowRollup, PartnerRollup, PlacesOffered, CoverageFact, HealthScoreRow)


def tidy_after_refresh() -> None:
    """VACUUM the rebuilt tables once the new figures are committed (PostgreSQL).

    The refresh deletes and inserts (TRUNCATE would lock readers out for the whole rebuild), which leaves
    every old row dead and the visibility map empty: until autovacuum comes round, reach's and the score
    list's index-only scans visit the table for each row, and dashboards read twice the pages. VACUUM cannot
    run inside a transaction, so inside one (tests, a caller's atomic block) this does nothing.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in DERIVED:
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
