"""One score per partnership: the weighted mean of the known indicators, and what pulls it down."""

from dataclasses import dataclass

from accord.engines.health.indicators import IndicatorValue, PartnershipFacts, indicator_values
from accord.engines.health.policy import HealthPolicy


@dataclass(frozen=True)
class HealthScore:
    score: float | None
    indicators: tuple[IndicatorValue, ...]
    # Codes of the indicators below the policy's bar, the costliest first.
    pulling_down: tuple[str, ...]

    def indicator(self, code: str) -> IndicatorValue:
        return next(i for i in self.indicators if i.code == code)


def weighted_score(indicators: tuple[IndicatorValue, ...]) -> float | None:
    known = [i for i in indicators if i.value is not None and i.weight > 0]
    total_weight = sum(i.weight for i in known)
    if total_weight == 0:
        return None
    return round(sum(i.weight * (i.value or 0.0) for i in known) / total_weight, 1)


def score_partnership(facts: PartnershipFacts, policy: HealthPolicy) -> HealthScore:
    indicators = indicator_values(facts, policy)
    weak = [
        i for i in indicators if i.value is not None and i.weight > 0 and i.value < policy.pulls_down_below
    ]
    weak.sort(key=lambda i: (-i.shortfall, i.code))
    return HealthScore(weighted_score(indicators), indicators, tuple(i.code for i in weak))
