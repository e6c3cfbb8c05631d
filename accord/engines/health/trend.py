"""Five years of scores, and the lists leadership asks for: at risk, dormant, deepening."""

from collections.abc import Callable
from dataclasses import dataclass

from accord.engines.health.indicators import PartnershipFacts, Renewal
from accord.engines.health.policy import HealthPolicy
from accord.engines.health.score import HealthScore, score_partnership

TREND_YEARS = 5


@dataclass(frozen=True)
class TrendPoint:
    year: int
    score: float | None


@dataclass(frozen=True)
class Trend:
    points: tuple[TrendPoint, ...]

    @property
    def change(self) -> float | None:
        """Score of the last year minus that of the first year with a score."""
        known = [p.score for p in self.points if p.score is not None]
        if len(known) < 2:
            return None
        return round(known[-1] - known[0], 1)


def score_trend(
    facts_for_year: Callable[[int], PartnershipFacts], policy: HealthPolicy, *, this_year: int
) -> Trend:
    """Scores for the five academic years up to `this_year`, each from the facts known as of that year."""
    points = []
    for year in range(this_year - TREND_YEARS + 1, this_year + 1):
        points.append(TrendPoint(year, score_partnership(facts_for_year(year), policy).score))
    return Trend(tuple(points))


def classify(
    facts: PartnershipFacts, current: HealthScore, trend: Trend, policy: HealthPolicy
) -> frozenset[str]:
    """`dormant`: a live agreement but no mobility for `dormant_after_years`; `at_risk`: a low score;
    `deepening`: a score rising by `deepening_gain` or more over the trend, with several kinds of activity.
    """
    labels = set()
    live = facts.renewal is not Renewal.LAPSED
    last = facts.last_active_year
    idle = last is None or facts.as_of_year - last >= policy.dormant_after_years
    if live and idle:
        labels.add("dormant")
    if current.score is not None and current.score < policy.at_risk_below and "dormant" not in labels:
        labels.add("at_risk")
    change = trend.change
    if change is not None and change >= policy.deepening_gain and len(facts.activity_kinds) > 1:
        labels.add("deepening")
    return frozenset(labels)
