"""Reads for the dashboards, scoped to the actor: every figure a coordinator sees is of their units.

Dashboards aggregate `MobilityFact` (pre-aggregated mobilities) so that each chart is one small GROUP BY.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Abs

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.analytics.models import (
    FlowRollup,
    Grain,
    HealthScoreRow,
    Level,
    MobilityFact,
    PartnerRollup,
    PlacesOffered,
    Stage,
)
from accord.common.access import reads_everything, role_of
from accord.common.roles import Role
from accord.institutions.models import OrganisationalUnit
from accord.reference.services import academic_year_for_date
from accord.reference.vocab import regions


def current_year(today: dt.date) -> int:
    return academic_year_for_date(today.year, today.month)


@dataclass(frozen=True)
class DashboardFilters:
    faculty: int | None = None
    year: int | None = None
    region: str = ""
    kind: str = ""

    def with_year(self, year: int) -> "DashboardFilters":
        return DashboardFilters(self.faculty, year, self.region, self.kind)

    def as_query(self) -> dict[str, Any]:
        values = {"faculty": self.faculty, "year": self.year, "region": self.region, "kind": self.kind}
        return {k: v for k, v in values.items() if v not in (None, "")}


def unit_subtree(unit_id: int) -> set[int]:
    scope, frontier = {unit_id}, {unit_id}
    while frontier:
        frontier = set(OrganisationalUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier -= scope
        scope |= frontier
    return scope


def facts_visible_to(actor: User) -> QuerySet[MobilityFact]:
    """The same scope as `mobilities_visible_to`: a coordinator's units, or agreements their units own."""
    qs = MobilityFact.objects.all()
    if reads_everything(actor):
        return qs
    if role_of(actor) == Role.COORDINATOR:
        units = unit_ids_in_scope(actor)
        return qs.filter(Q(unit_id__in=units) | Q(owner_unit_id__in=units))
    return qs.none()


def filtered_facts(
    actor: User, filters: DashboardFilters, *, all_years: bool = False
) -> QuerySet[MobilityFact]:
    qs = facts_visible_to(actor)
    if filters.faculty:
        subtree = unit_subtree(filters.faculty)
        qs = qs.filter(responsible_unit_id__in=subtree)
    if filters.region:
        qs = qs.filter(country__in=regions().get(filters.region, []))
    if filters.kind:
        qs = qs.filter(agreement_kind=filters.kind)
    if filters.year and not all_years:
        qs = qs.filter(academic_year=filters.year)
    return qs


def _unsliced(actor: User, filters: DashboardFilters) -> bool:
    """True when the pre-summed grains answer: the actor sees everything and no unit or kind is chosen."""
    return reads_everything(actor) and not filters.faculty and not filters.kind


def flow_rows(
    actor: User, filters: DashboardFilters, *, by_country: bool = False, all_years: bool = False
) -> QuerySet[FlowRollup]:
    """Flows at the coarsest grain that still answers the question (see `FlowRollup`)."""
    if _unsliced(actor, filters):
        grain = Grain.COUNTRY if by_country or filters.region else Grain.TOTAL
        qs = FlowRollup.objects.filter(grain=grain)
    else:
        qs = FlowRollup.objects.filter(grain=Grain.DETAIL)
        if not reads_everything(actor):
            if role_of(actor) != Role.COORDINATOR:
                return qs.none()
            units = unit_ids_in_scope(actor)
            qs = qs.filter(Q(unit_id__in=units) | Q(owner_unit_id__in=units))
        if filters.faculty:
            subtree = unit_subtree(filters.faculty)
            qs = qs.filter(responsible_unit_id__in=subtree)
        if filters.kind:
            qs = qs.filter(agreement_kind=filters.kind)
    if filters.region:
        qs = qs.filter(country__in=regions().get(filters.region, []))
    if filters.year and not all_years:
        qs = qs.filter(academic_year=filters.year)
    return qs


def partner_flows(
    actor: User, filters: DashboardFilters, year: int, *, order: str, limit: int
) -> tuple[list[tuple[int, int, int]], int]:
    """The top partners of one year as (partner id, outgoing, incoming), ranked in SQL by `order` ("total" or
    "imbalance"), and how many partners there are: ten thousand partners never travel to Python."""
    if _unsliced(actor, filters):
        rollup = PartnerRollup.objects.filter(academic_year=year)
        if filters.region:
            rollup = rollup.filter(country__in=regions().get(filters.region, []))
        column = "total" if order == "total" else "imbalance"
        rows = rollup.order_by(f"-{column}", "partner_id").values_list("partner_id", "outgoing", "incoming")
        top = list(rows[:limit])
        return top, rollup.count() if len(top) == limit else len(top)
    qs = filtered_facts(actor, filters.with_year(year))
    grouped = qs.values("partner_id").annotate(
        out=Sum("mobilities", filter=Q(direction="outgoing"), default=0),
        inc=Sum("mobilities", filter=Q(direction="incoming"), default=0),
    )
    ranking = F("out") + F("inc") if order == "total" else Abs(F("out") - F("inc"))
    ranked = grouped.annotate(rank=ranking).order_by("-rank", "partner_id")[:limit]
    found = [(row["partner_id"], row["out"], row["inc"]) for row in ranked]
    count = qs.values("partner_id").distinct().count() if len(found) == limit else len(found)
    return found, count


def places_offered(actor: User, filters: DashboardFilters, first: int, last: int) -> QuerySet[PlacesOffered]:
    """Places offered by the conditions of agreements owned by the actor's units (all, for the office)."""
    qs = PlacesOffered.objects.filter(academic_year__gte=first, academic_year__lte=last)
    if _unsliced(actor, filters):
        qs = qs.filter(grain=Grain.COUNTRY if filters.region else Grain.TOTAL)
    else:
        qs = qs.filter(grain=Grain.DETAIL)
    if not reads_everything(actor):
        qs = (
            qs.filter(owner_unit_id__in=unit_ids_in_scope(actor))
            if role_of(actor) == Role.COORDINATOR
            else qs.none()
        )
    if filters.faculty:
        qs = qs.filter(owner_unit_id__in=unit_subtree(filters.faculty))
    if filters.kind:
        qs = qs.filter(agreement_kind=filters.kind)
    if filters.region:
        qs = qs.filter(country__in=regions().get(filters.region, []))
    return qs


def flows_by(qs: QuerySet[Any], *keys: str) -> list[dict[str, Any]]:
    """Sum mobilities and days by the given columns and direction (staff and student apart)."""
    return list(
        qs.values(*keys, "direction", "staff").annotate(n=Sum("mobilities"), days=Sum("days")).order_by()
    )


def realised(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(stage=Stage.REALISED)


def scores_visible_to(actor: User, level: str) -> QuerySet[HealthScoreRow]:
    """Partner scores weigh every unit's exchanges, so only roles that read everything see them;
    coordinators see the scores of the agreements their units own."""
    qs = HealthScoreRow.objects.filter(level=level)
    if reads_everything(actor):
        return qs
    if role_of(actor) == Role.COORDINATOR and level == Level.AGREEMENT:
        return qs.filter(owner_unit_id__in=unit_ids_in_scope(actor))
    return qs.none()


@dataclass(frozen=True)
class ScoreFilters:
    level: str = Level.PARTNER
    label: str = ""  # at_risk, dormant, deepening
    region: str = ""
    kind: str = ""
    faculty: int | None = None
    q: str = ""
    order: str = "score"


SCORE_ORDERS: dict[str, list[Any]] = {
    "score": [F("score").asc(nulls_last=True), "id"],
    "-score": [F("score").desc(nulls_last=True), "id"],
    "change": [F("trend_change").asc(nulls_last=True), "id"],
    "-change": [F("trend_change").desc(nulls_last=True), "id"],
}


def score_list(*, actor: User, filters: ScoreFilters) -> QuerySet[HealthScoreRow]:
    qs = scores_visible_to(actor, filters.level)
    if filters.label in ("at_risk", "dormant", "deepening"):
        qs = qs.filter(**{filters.label: True})
    if filters.region:
        qs = qs.filter(country__in=regions().get(filters.region, []))
    if filters.kind and filters.level == Level.AGREEMENT:
        qs = qs.filter(agreement_kind=filters.kind)
    if filters.faculty and filters.level == Level.AGREEMENT:
        qs = qs.filter(owner_unit_id__in=unit_subtree(filters.faculty))
    if filters.q:
        term = filters.q.strip()
        qs = qs.filter(Q(institution__name__icontains=term) | Q(agreement__title__icontains=term))
    return qs.order_by(*SCORE_ORDERS.get(filters.order, SCORE_ORDERS["score"]))
