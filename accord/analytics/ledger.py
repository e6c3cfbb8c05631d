"""The balance ledger of an agreement or a partner, read live from the mobilities the actor may see.

Cancelled mobilities are left out; in-progress and completed ones are the flows, planned, nominated and
accepted ones (plus offers of places still awaiting the student's answer, where the exchange module is
installed) are the pipeline of the forecast.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, DurationField, ExpressionWrapper, QuerySet, Sum
from django.db.models.functions import Coalesce

from accord.accounts.models import User
from accord.agreements.models import Agreement
from accord.analytics.models import Stage
from accord.analytics.refresh import STAFF_TYPES
from accord.analytics.selectors import facts_visible_to
from accord.analytics.settings_store import analytics_settings
from accord.engines.health import LedgerLine, LedgerYear, build_ledger
from accord.institutions.models import Institution
from accord.mobility.models import Mobility, MobilityStatus
from accord.mobility.selectors import mobilities_visible_to

REALISED = (MobilityStatus.IN_PROGRESS, MobilityStatus.COMPLETED)
PIPELINE = (MobilityStatus.PLANNED, MobilityStatus.NOMINATED, MobilityStatus.ACCEPTED)
DAYS_PER_MONTH = 30


@dataclass(frozen=True)
class Ledger:
    lines: tuple[LedgerLine, ...]
    carries_over: bool
    threshold: int

    @property
    def warnings(self) -> list[LedgerLine]:
        return [line for line in self.lines if line.warning]


def pending_offers(*, agreement_id: int | None = None, partner_id: int | None = None) -> dict[int, int]:
    """Offers of exchange places awaiting an answer, by academic year: outgoing students not yet nominated."""
    if not apps.is_installed("accord.exchange"):
        return {}
    try:
        offer_model = apps.get_model("exchange", "Offer")
    except LookupError:
        return {}
    qs = offer_model.objects.filter(status="pending", mobility__isnull=True)
    if agreement_id is not None:
        qs = qs.filter(place__agreement_id=agreement_id)
    if partner_id is not None:
        qs = qs.filter(place__partner_id=partner_id)
    rows = qs.values("run__call__academic_year_id").annotate(n=Count("id")).order_by()
    return {row["run__call__academic_year_id"]: row["n"] for row in rows}


def _years(
    querysets: list[QuerySet[Mobility]],
    offers: dict[int, int],
    totals: dict[int, dict[str, float]] | None = None,
) -> list[LedgerYear]:
    totals = totals if totals is not None else defaultdict(lambda: defaultdict(float))
    for mobilities in querysets:
        _add(totals, mobilities)
    for year, n in offers.items():
        totals[year]["pipeline_outgoing"] += n
    return [
        LedgerYear(
            year=year,
            incoming=int(v["incoming"]),
            outgoing=int(v["outgoing"]),
            incoming_months=round(v["incoming_months"], 1),
            outgoing_months=round(v["outgoing_months"], 1),
            incoming_staff_days=int(v["incoming_staff_days"]),
            outgoing_staff_days=int(v["outgoing_staff_days"]),
            pipeline_incoming=int(v["pipeline_incoming"]),
            pipeline_outgoing=int(v["pipeline_outgoing"]),
        )
        for year, v in sorted(totals.items())
    ]


def _add(totals: dict[int, dict[str, float]], mobilities: QuerySet[Mobility]) -> None:
    """Count and sum days in SQL: a busy partner has tens of thousands of mobilities."""
    span = ExpressionWrapper(
        Coalesce("actual_end", "planned_end") - Coalesce("actual_start", "planned_start"),
        output_field=DurationField(),
    )
    rows = (
        mobilities.exclude(status=MobilityStatus.CANCELLED)
        .values("academic_year_id", "direction", "mobility_type", "status")
        .annotate(n=Count("id"), span=Sum(span))
        .order_by()
    )
    for row in rows:
        line, direction, n = totals[row["academic_year_id"]], row["direction"], row["n"]
        if row["status"] in PIPELINE:
            line[f"pipeline_{direction}"] += n
            continue
        # Both ends count: a stay from the 1st to the 30th is 30 days.
        days = (row["span"] or dt.timedelta()).days + n
        line[direction] += n
        if row["mobility_type"] in STAFF_TYPES:
            line[f"{direction}_staff_days"] += days
        else:
            line[f"{direction}_months"] += days / DAYS_PER_MONTH


def agreement_ledger(*, actor: User, agreement: Agreement) -> Ledger:
    """`agreement` must already be checked for access (`get_agreement_for_user`)."""
    threshold = analytics_settings().imbalance_threshold
    mobilities = mobilities_visible_to(actor).filter(agreement=agreement)
    years = _years([mobilities], pending_offers(agreement_id=agreement.pk))
    carries = bool(getattr(agreement, "carries_balance_over", False))
    return Ledger(build_ledger(years, carries_over=carries, threshold=threshold), carries, threshold)


def partner_ledger(*, actor: User, institution: Institution) -> Ledger:
    """All exchanges with one partner, from the mobility facts (as of the last refresh): the busiest partner
    of a large university has tens of thousands of mobilities, too many to sum on every request.

    The balance is carried over only if every agreement with the partner carries it.
    """
    threshold = analytics_settings().imbalance_threshold
    totals: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    rows = (
        facts_visible_to(actor)
        .filter(partner_id=institution.pk)
        .values("academic_year", "direction", "staff", "stage")
        .annotate(n=Sum("mobilities"), days=Sum("days"))
        .order_by()
    )
    for row in rows:
        line, direction, n = totals[row["academic_year"]], row["direction"], row["n"]
        if row["stage"] == Stage.PIPELINE:
            line[f"pipeline_{direction}"] += n
        elif row["staff"]:
            line[direction] += n
            line[f"{direction}_staff_days"] += row["days"]
        else:
            line[direction] += n
            line[f"{direction}_months"] += row["days"] / DAYS_PER_MONTH
    flags = list(
        Agreement.objects.filter(partners__institution=institution).values_list(
            "carries_balance_over", flat=True
        )
    )
    carries = bool(flags) and all(flags)
    years = _years([], pending_offers(partner_id=institution.pk), totals)
    return Ledger(build_ledger(years, carries_over=carries, threshold=threshold), carries, threshold)
