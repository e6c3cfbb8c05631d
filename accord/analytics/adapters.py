"""Rows to health-engine inputs, and engine results to `HealthScoreRow`s.

Flows come from the mobility facts (already aggregated); places offered from cooperation conditions;
renewal from agreement status and dates; research and surveys from `PartnerActivity`; recognition rate and
learning-agreement turnaround from the recognition module when it is installed. At agreement level, depth
(kinds of activity, research, outcomes, satisfaction) is the partner's: those are facts about the partner.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count, Sum
from django.utils import timezone

from accord.agreements.models import Agreement, AgreementPartner, AgreementStatus, CooperationCondition
from accord.agreements.selectors import LIVE_STATUSES
from accord.analytics.models import ActivityKind, HealthScoreRow, Level, MobilityFact, PartnerActivity, Stage
from accord.analytics.settings_store import health_policy
from accord.engines.health import (
    ActivityYear,
    HealthPolicy,
    PartnershipFacts,
    Renewal,
    classify,
    score_partnership,
    score_trend,
)
from accord.engines.health.trend import TREND_YEARS
from accord.institutions.models import Institution
from accord.reference.services import academic_year_for_date

LIVE = LIVE_STATUSES
NEGOTIATING = (
    AgreementStatus.DRAFT,
    AgreementStatus.IN_REVIEW,
    AgreementStatus.NEGOTIATION,
    AgreementStatus.PARTNER_APPROVED,
)
# Agreement kinds grouped into the kinds of activity the breadth indicator counts.
ACTIVITY_OF_KIND = {
    "erasmus_iia": "exchange",
    "bilateral_exchange": "exchange",
    "framework_mou": "framework",
    "joint_degree": "joint_programme",
    "double_degree": "joint_programme",
    "research": "research",
    "virtual_exchange": "virtual_exchange",
}
RESEARCH_WINDOW_YEARS = 5
BATCH = 2000


@dataclass(frozen=True)
class AgreementInfo:
    id: int
    kind: str
    status: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    owner_unit_id: int | None


@dataclass
class Subject:
    """What the adapter gathers for one partner or agreement before asking the engine."""

    years: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    agreements: list[AgreementInfo] = field(default_factory=list)


def learning_metrics(institution_ids: Iterable[int] | None = None) -> dict[int, Any]:
    """`accord.recognition`'s per-partner metrics, or nothing while that module is not installed."""
    if not apps.is_installed("accord.recognition"):
        return {}
    try:
        from accord.recognition.metrics import partner_learning_metrics
    except ImportError:
        return {}
    return dict(partner_learning_metrics(institution_ids))


def _renewal(agreements: list[AgreementInfo], day: dt.date) -> tuple[Renewal, int | None]:
    """The best standing among the agreements, as of `day`."""
    live = [
        a
        for a in agreements
        if a.status in LIVE
        or (
            a.status in (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)
            and a.valid_to
            and a.valid_to >= day
        )
    ]
    live = [
        a
        for a in live
        if (a.valid_from is None or a.valid_from <= day) and (a.valid_to is None or a.valid_to >= day)
    ]
    if any(a.valid_to is None for a in live):
        return Renewal.OPEN_ENDED, None
    if live:
        return Renewal.LIVE, max((a.valid_to - day).days for a in live if a.valid_to)
    if any(a.status in NEGOTIATING for a in agreements):
        return Renewal.RENEWING, None
    return Renewal.LAPSED, None


def _research(partner_ids: set[int]) -> dict[int, list[tuple[str, int, int, float | None]]]:
    rows: dict[int, list[tuple[str, int, int, float | None]]] = defaultdict(list)
    for institution_id, kind, year, count, rating in PartnerActivity.objects.filter(
        institution_id__in=partner_ids
    ).values_list("institution_id", "kind", "academic_year_id", "count", "rating"):
        rows[institution_id].append((kind, year, count, float(rating) if rating is not None else None))
    return rows


def _research_facts(
    rows: list[tuple[str, int, int, float | None]], year: int
) -> tuple[int | None, int | None, float | None]:
    window = [r for r in rows if year - RESEARCH_WINDOW_YEARS < r[1] <= year]
    kinds_ever = {r[0] for r in rows}
    projects = sum(r[2] for r in window if r[0] == ActivityKind.JOINT_PROJECT)
    publications = sum(r[2] for r in window if r[0] == ActivityKind.CO_PUBLICATION)
    ratings = [r[3] for r in window if r[0] == ActivityKind.SATISFACTION and r[3] is not None]
    return (
        projects if ActivityKind.JOINT_PROJECT in kinds_ever else None,
        publications if ActivityKind.CO_PUBLICATION in kinds_ever else None,
        sum(ratings) / len(ratings) if ratings else None,
    )


def _facts(
    subject: Subject,
    year: int,
    day: dt.date,
    research: list[tuple[str, int, int, float | None]],
    partner_kinds: set[str],
    metrics: Any,
) -> PartnershipFacts:
    renewal, expires = _renewal(subject.agreements, day)
    projects, publications, satisfaction = _research_facts(research, year)
    kinds = set(partner_kinds)
    if projects or publications:
        kinds.add("research")
    return PartnershipFacts(
        as_of_year=year,
        years=tuple(
            ActivityYear(y, v["incoming"], v["outgoing"], v["offered"], v["used"])
            for y, v in sorted(subject.years.items())
            if y <= year
        ),
        activity_kinds=frozenset(kinds),
        renewal=renewal,
        expires_in_days=expires,
        recognition_rate=getattr(metrics, "recognition_rate", None),
        la_turnaround_days=getattr(metrics, "la_turnaround_days", None),
        joint_projects=projects,
        co_publications=publications,
        satisfaction=satisfaction,
    )


def _year_start(year: int) -> dt.date:
    return dt.date(year, 9, 1)


def _load(this_year: int) -> tuple[dict[int, Subject], dict[int, Subject], dict[int, list[int]]]:
    """Agreements and partners with their yearly flows and places; and each agreement's partners."""
    first_year = this_year - TREND_YEARS - 3
    infos = {
        a.id: a
        for a in (
            AgreementInfo(*row)
            for row in Agreement.objects.values_list(
                "id", "kind", "status", "valid_from", "valid_to", "owner_unit_id"
            ).iterator(chunk_size=5000)
        )
    }
    home_ids = set(Institution.objects.filter(is_home=True).values_list("id", flat=True))
    partners_of: dict[int, list[int]] = defaultdict(list)
    for agreement_id, institution_id in (
        AgreementPartner.objects.exclude(institution_id__in=home_ids)
        .values_list("agreement_id", "institution_id")
        .iterator(chunk_size=5000)
    ):
        partners_of[agreement_id].append(institution_id)
    by_agreement: dict[int, Subject] = defaultdict(Subject)
    by_partner: dict[int, Subject] = defaultdict(Subject)
    for agreement_id, partners in partners_of.items():
        info = infos[agreement_id]
        by_agreement[agreement_id].agreements.append(info)
        for partner_id in partners:
            by_partner[partner_id].agreements.append(info)
    facts = (
        MobilityFact.objects.filter(academic_year__gte=first_year, academic_year__lte=this_year)
        .values("agreement_id", "partner_id", "academic_year", "direction", "stage", "with_condition")
        .annotate(n=Sum("mobilities"))
    )
    for row in facts.iterator(chunk_size=5000):
        targets = [by_partner[row["partner_id"]]]
        if row["agreement_id"] is not None and row["agreement_id"] in by_agreement:
            targets.append(by_agreement[row["agreement_id"]])
        for target in targets:
            year = target.years[row["academic_year"]]
            if row["stage"] == Stage.REALISED:
                year[row["direction"]] += row["n"]
            if row["with_condition"]:
                year["used"] += row["n"]
    conditions = (
        CooperationCondition.objects.filter(last_year_id__gte=first_year)
        .values("agreement_id", "first_year_id", "last_year_id")
        .annotate(places=Sum("places_per_year"), n=Count("id"))
    )
    for span in conditions.iterator(chunk_size=5000):
        agreement_id = span["agreement_id"]
        for y in range(max(span["first_year_id"], first_year), min(span["last_year_id"], this_year) + 1):
            by_agreement[agreement_id].years[y]["offered"] += span["places"]
            for partner_id in partners_of.get(agreement_id, []):
                by_partner[partner_id].years[y]["offered"] += span["places"]
    return by_agreement, by_partner, partners_of


def _score_row(
    level: str,
    subject: Subject,
    policy: HealthPolicy,
    this_year: int,
    today: dt.date,
    research: list[tuple[str, int, int, float | None]],
    kinds: set[str],
    metrics: Any,
) -> dict[str, Any]:
    def facts_for(year: int) -> PartnershipFacts:
        day = today if year == this_year else _year_start(year)
        return _facts(subject, year, day, research, kinds, metrics)

    current_facts = facts_for(this_year)
    current = score_partnership(current_facts, policy)
    trend = score_trend(facts_for, policy, this_year=this_year)
    labels = classify(current_facts, current, trend, policy)
    return {
        "level": level,
        "score": current.score,
        "indicators": [
            {"code": i.code, "label": i.label, "value": i.value, "weight": i.weight, "reason": i.reason}
            for i in current.indicators
        ],
        "pulling_down": list(current.pulling_down),
        "trend": [[p.year, p.score] for p in trend.points],
        "trend_change": trend.change,
        "at_risk": "at_risk" in labels,
        "dormant": "dormant" in labels,
        "deepening": "deepening" in labels,
    }


def refresh_scores(*, today: dt.date) -> int:
    """Score every partner and agreement; replaces the previous scores. Returns the number of rows."""
    policy = health_policy()
    this_year = academic_year_for_date(today.year, today.month)
    by_agreement, by_partner, partners_of = _load(this_year)
    countries = dict(Institution.objects.filter(pk__in=by_partner.keys()).values_list("id", "country"))
    research = _research(set(by_partner))
    metrics = learning_metrics(list(by_partner))
    kinds_of = {
        partner_id: {ACTIVITY_OF_KIND.get(a.kind, a.kind) for a in subject.agreements}
        for partner_id, subject in by_partner.items()
    }
    now = timezone.now()
    HealthScoreRow.objects.all().delete()
    rows: list[HealthScoreRow] = []

    def flush() -> None:
        HealthScoreRow.objects.bulk_create(rows, batch_size=BATCH)
        rows.clear()

    for partner_id, subject in by_partner.items():
        if not subject.agreements:
            continue
        values = _score_row(
            Level.PARTNER,
            subject,
            policy,
            this_year,
            today,
            research.get(partner_id, []),
            kinds_of[partner_id],
            metrics.get(partner_id),
        )
        rows.append(
            HealthScoreRow(
                institution_id=partner_id, country=countries.get(partner_id, ""), computed_at=now, **values
            )
        )
        if len(rows) >= BATCH:
            flush()
    for agreement_id, subject in by_agreement.items():
        partners = partners_of.get(agreement_id)
        if not partners:
            continue
        partner_id = partners[0]
        info = subject.agreements[0]
        values = _score_row(
            Level.AGREEMENT,
            subject,
            policy,
            this_year,
            today,
            research.get(partner_id, []),
            kinds_of.get(partner_id, set()),
            metrics.get(partner_id),
        )
        rows.append(
            HealthScoreRow(
                institution_id=partner_id,
                agreement_id=agreement_id,
                owner_unit_id=info.owner_unit_id,
                country=countries.get(partner_id, ""),
                agreement_kind=info.kind,
                computed_at=now,
                **values,
            )
        )
        if len(rows) >= BATCH:
            flush()
    flush()
    return HealthScoreRow.objects.count()
