"""Reach: which regions, countries, languages and ISCED fields the live partnerships cover, against the
office's goals, the gaps, and the share of participants with fewer opportunities."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.analytics.models import CoverageFact, GoalKind, ReachGoal
from accord.analytics.selectors import DashboardFilters, flow_rows
from accord.analytics.settings_store import analytics_settings
from accord.common.access import reads_everything, role_of
from accord.common.roles import Role
from accord.reference.models import IscedField
from accord.reference.vocab import countries, country_name, language_name, regions


@dataclass(frozen=True)
class GoalStatus:
    goal: ReachGoal
    partners: int
    met: bool
    text: str


def coverage_visible_to(actor: User) -> QuerySet[CoverageFact]:
    """Coverage of live agreements; a coordinator's is that of the agreements their units own."""
    if reads_everything(actor):
        return CoverageFact.objects.all()
    if role_of(actor) == Role.COORDINATOR:
        return CoverageFact.objects.filter(owner_unit_id__in=unit_ids_in_scope(actor))
    return CoverageFact.objects.none()


def partners_covering(actor: User, goal: ReachGoal) -> int:
    """How many partners with a live agreement meet the goal."""
    base = coverage_visible_to(actor)
    if goal.kind == GoalKind.REGION:
        base = base.filter(country__in=regions().get(goal.code, []))
    elif goal.kind == GoalKind.COUNTRY:
        base = base.filter(country=goal.code)
    field = goal.code if goal.kind == GoalKind.FIELD else goal.isced_id
    selections = []
    if goal.kind == GoalKind.LANGUAGE:
        if "-" in goal.code:
            selections.append(base.filter(Q(language=goal.code) | Q(language__startswith=f"{goal.code}-")))
        else:
            selections.append(base.filter(language_base=goal.code))
    if field:
        selections.append(base.filter(isced__in=fields_under(field)))
    if not selections:
        selections.append(base.filter(isced="", language=""))
    if len(selections) == 1:
        return selections[0].values("partner_id").distinct().count()
    sets = [set(qs.values_list("partner_id", flat=True).distinct()) for qs in selections]
    return len(set.intersection(*sets))


def fields_under(code: str) -> list[str]:
    """The ISCED-F code and every narrower one under it ("07" -> "07", "071", "0710", ...): an IN list an
    index answers, where LIKE '07%' needs a C collation."""
    return list(IscedField.objects.filter(code__startswith=code).values_list("code", flat=True)) or [code]


def goal_label(goal: ReachGoal) -> str:
    if goal.kind == GoalKind.COUNTRY:
        where = f"in {country_name(goal.code)}"
    elif goal.kind == GoalKind.REGION:
        where = f"in {goal.code}"
    elif goal.kind == GoalKind.LANGUAGE:
        where = f"teaching in {language_name(goal.code)}"
    else:
        where = ""
    field = goal.code if goal.kind == GoalKind.FIELD else goal.isced_id
    if field:
        name = IscedField.objects.filter(code=field).values_list("name", flat=True).first() or field
        where = f"{where} in {field} {name}".strip()
    return where


def goal_statuses(actor: User) -> list[GoalStatus]:
    statuses = []
    for goal in ReachGoal.objects.select_related("isced"):
        n = partners_covering(actor, goal)
        label = goal_label(goal)
        if n == 0:
            text = f"No partner {label}."
        elif n < goal.min_partners:
            text = f"{n} of {goal.min_partners} partners {label}."
        else:
            text = f"{n} partner{'s' if n != 1 else ''} {label} (goal {goal.min_partners})."
        statuses.append(GoalStatus(goal, n, n >= goal.min_partners, text))
    return statuses


@dataclass(frozen=True)
class Coverage:
    regions: list[str]
    fields: list[tuple[str, str]]
    # cells[region][broad field] = partners with a live agreement covering that field
    cells: dict[str, dict[str, int]]
    partners_by_region: dict[str, int]
    countries_covered: int
    languages: list[tuple[str, str, int]]


def coverage(actor: User) -> Coverage:
    """The coverage tables, cached until the next refresh (they change only then)."""
    scope = "all" if reads_everything(actor) else ",".join(map(str, sorted(unit_ids_in_scope(actor))))
    refreshed = analytics_settings().refreshed_at
    key = f"analytics:coverage:{refreshed.timestamp() if refreshed else 0}:{scope}"
    found: Coverage | None = cache.get(key)
    if found is None:
        found = _coverage(actor)
        cache.set(key, found, timeout=24 * 3600)
    return found


def _coverage(actor: User) -> Coverage:
    base = coverage_visible_to(actor)
    region_of = {code: c.region or "Other" for code, c in countries().items()}
    by_region: dict[str, int] = defaultdict(int)
    covered = set()
    partner_rows = (
        base.filter(isced="", language="")
        .values("country")
        .annotate(n=Count("partner_id", distinct=True))
        .order_by()
    )
    for row in partner_rows:
        by_region[region_of.get(row["country"], "Other")] += row["n"]
        covered.add(row["country"])
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    fields = list(IscedField.objects.filter(level="broad").values_list("code", "name"))
    broad_codes = [code for code, _name in fields]
    broad_rows = (
        base.filter(isced__in=broad_codes)
        .values("country", "isced")
        .annotate(n=Count("partner_id", distinct=True))
        .order_by()
    )
    for row in broad_rows:
        cells[region_of.get(row["country"], "Other")][row["isced"]] += row["n"]
    language_rows = (
        base.exclude(language="")
        .values("language")
        .annotate(n=Count("partner_id", distinct=True))
        .order_by("-n", "language")
    )
    languages = [(row["language"], language_name(row["language"]), row["n"]) for row in language_rows]
    # Antarctica has no universities to partner with.
    all_regions = sorted({c.region for c in countries().values() if c.region and c.region != "Antarctica"})
    # Plain dicts: the cache pickles the result, and a defaultdict of lambdas cannot be pickled.
    plain = {region: dict(row) for region, row in cells.items()}
    return Coverage(all_regions, fields, plain, dict(by_region), len(covered), languages)


@dataclass(frozen=True)
class Inclusion:
    participants: int
    fewer_opportunities: int

    @property
    def share(self) -> float | None:
        return round(100 * self.fewer_opportunities / self.participants, 1) if self.participants else None


def inclusion(actor: User, filters: DashboardFilters) -> dict[str, Inclusion]:
    """Participants with fewer opportunities by direction, for the filters' year."""
    totals = (
        flow_rows(actor, filters)
        .values("direction")
        .annotate(n=Sum("mobilities"), fewer=Sum("fewer_opportunities"))
        .order_by()
    )
    result = {row["direction"]: Inclusion(row["n"] or 0, row["fewer"] or 0) for row in totals}
    everyone = Inclusion(
        sum(i.participants for i in result.values()), sum(i.fewer_opportunities for i in result.values())
    )
    return {
        "outgoing": result.get("outgoing", Inclusion(0, 0)),
        "incoming": result.get("incoming", Inclusion(0, 0)),
        "all": everyone,
    }
