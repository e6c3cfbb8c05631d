"""The office's settings for the health score: weights and the thresholds of each indicator."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Balance and use of places matter most to offices (they are what partners complain about); recency tells
# whether anything happens at all. Outcomes and research count where they are known.
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "recency": 3.0,
        "use_of_places": 3.0,
        "balance": 3.0,
        "breadth": 1.5,
        "renewal": 2.0,
        "recognition": 2.0,
        "la_turnaround": 1.0,
        "joint_projects": 1.0,
        "co_publications": 1.0,
        "satisfaction": 1.5,
    }
)


@dataclass(frozen=True)
class HealthPolicy:
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    # Recency falls from 100 (activity this year) to 0 after this many years without any mobility.
    recency_zero_after_years: int = 4
    # Balance and use of places are measured over the last few academic years, not one noisy year.
    window_years: int = 3
    # Exchange, research, a joint programme and virtual exchange: four kinds make a full partnership.
    full_breadth_kinds: int = 4
    # An agreement that ends within this many days is "expiring" and loses renewal points.
    renewal_notice_days: int = 365
    turnaround_good_days: float = 14.0
    turnaround_bad_days: float = 60.0
    projects_for_full_score: int = 3
    publications_for_full_score: int = 10
    at_risk_below: float = 40.0
    dormant_after_years: int = 2
    deepening_gain: float = 10.0
    # An indicator pulls the score down when it is below this value.
    pulls_down_below: float = 60.0

    def weight(self, code: str) -> float:
        return max(0.0, float(self.weights.get(code, DEFAULT_WEIGHTS.get(code, 0.0))))
