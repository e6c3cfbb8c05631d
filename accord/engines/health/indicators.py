"""Indicators of a partnership's health, each on 0-100, or None where the fact is not known.

A missing fact (no recognition data, no survey) gives None rather than 0: the score is then weighed over the
indicators that are known, so that a partner is not punished for what the office never recorded.
"""

import enum
from dataclasses import dataclass

from accord.engines.health.policy import HealthPolicy


class Renewal(enum.Enum):
    """Where the partnership's agreements stand, from the point of view of the year scored."""

    OPEN_ENDED = "open_ended"
    LIVE = "live"
    RENEWING = "renewing"
    LAPSED = "lapsed"


@dataclass(frozen=True)
class ActivityYear:
    year: int
    incoming: int = 0
    outgoing: int = 0
    places_offered: int = 0
    places_used: int = 0


@dataclass(frozen=True)
class PartnershipFacts:
    """What is known about one partner (or one agreement) up to and including `as_of_year`."""

    as_of_year: int
    years: tuple[ActivityYear, ...] = ()
    activity_kinds: frozenset[str] = frozenset()
    renewal: Renewal = Renewal.LAPSED
    # Days until the latest live agreement ends (None: open-ended or not live).
    expires_in_days: int | None = None
    recognition_rate: float | None = None
    la_turnaround_days: float | None = None
    joint_projects: int | None = None
    co_publications: int | None = None
    satisfaction: float | None = None

    @property
    def last_active_year(self) -> int | None:
        active = [y.year for y in self.years if y.year <= self.as_of_year and y.incoming + y.outgoing > 0]
        return max(active) if active else None

    def window(self, years: int) -> list[ActivityYear]:
        first = self.as_of_year - years + 1
        return [y for y in self.years if first <= y.year <= self.as_of_year]


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    label: str
    value: float | None
    weight: float
    reason: str

    @property
    def shortfall(self) -> float:
        """Points of the weighted score lost to this indicator (0 when unknown)."""
        return 0.0 if self.value is None else self.weight * (100.0 - self.value)


INDICATORS: dict[str, str] = {
    "recency": "Activity recency",
    "use_of_places": "Use of offered places",
    "balance": "Balance of exchange",
    "breadth": "Breadth of activity",
    "renewal": "Renewal status",
    "recognition": "Recognition rate",
    "la_turnaround": "Learning agreement turnaround",
    "joint_projects": "Joint projects",
    "co_publications": "Co-publications",
    "satisfaction": "Satisfaction",
}


def _clamp(value: float) -> float:
    return round(max(0.0, min(100.0, value)), 1)


def recency(facts: PartnershipFacts, policy: HealthPolicy) -> tuple[float | None, str]:
    last = facts.last_active_year
    if last is None:
        return 0.0, "no mobility recorded"
    gap = facts.as_of_year - last
    value = _clamp(100.0 * (1 - gap / policy.recency_zero_after_years))
    return value, "mobilities this year" if gap == 0 else f"last mobility in {last}/{last + 1}"


def use_of_places(facts: PartnershipFacts, policy: HealthPolicy) -> tuple[float | None, str]:
    window = facts.window(policy.window_years)
    offered = sum(y.places_offered for y in window)
    used = sum(y.places_used for y in window)
    if offered == 0:
        return None, "no places offered"
    return _clamp(100.0 * used / offered), f"{used} of {offered} places used over {policy.window_years} years"


def balance(facts: PartnershipFacts, policy: HealthPolicy) -> tuple[float | None, str]:
    window = facts.window(policy.window_years)
    incoming = sum(y.incoming for y in window)
    outgoing = sum(y.outgoing for y in window)
    if incoming + outgoing == 0:
        return None, "no exchange to balance"
    value = _clamp(100.0 * (1 - abs(incoming - outgoing) / (incoming + outgoing)))
    return value, f"{outgoing} out, {incoming} in over {policy.window_years} years"


def breadth(facts: PartnershipFacts, policy: HealthPolicy) -> tuple[float | None, str]:
    kinds = len(facts.activity_kinds)
    value = _clamp(100.0 * kinds / policy.full_breadth_kinds)
    return value, f"{kinds} kind{'s' if kinds != 1 else ''} of activity"


def renewal(facts: PartnershipFacts, policy: HealthPolicy) -> tuple[float | None, str]:
    if facts.renewal is Renewal.OPEN_ENDED:
        return 100.0, "open-ended agreement"
    if facts.renewal is Renewal.RENEWING:
        return 75.0, "renewal under way"
    if facts.renewal is Renewal.LAPSED or facts.expires_in_days is None:
        return 0.0, "no live agreement"
    days = facts.expires_in_days
    if days >= policy.renewal_notice_days:
        return 100.0, f"runs for {days} more days"
    # Halfway at the end date: an agreement about to lapse still exists, but needs attention.
    return _clamp(50.0 + 50.0 * max(days, 0) / policy.renewal_notice_days), f"ends in {days} days"


def recognition(facts: PartnershipFacts, policy: HealthPolicy) -> tuple[float | None, str]:
    if facts.recognition_rate is None:
        return None, "no recognition data"
    return _clamp(100.0 * facts.recognition_rate), f"{facts.recognition_rate:.0%} of credits recognised"


def la_turnaround(facts: PartnershipFacts, policy: HealthPolicy) -> tuple[float | None, str]:
    days = facts.la_turnaround_days
    if days is None:
        return None, "no learning agreements"
    good, bad = policy.turnaround_good_days, policy.turnaround_bad_days
    value = 100.0 if days <= good else 0.0 if days >= bad else 100.0 * (bad - days) / (bad - good)
    return _clamp(value), f"{days:.0f} days on average"


def joint_projects(facts: PartnershipFacts, policy: HealthPolicy) -> tuple[float | None, str]:
    if facts.joint_projects is None:
        return None, "none recorded"
    n = facts.joint_projects
    return _clamp(100.0 * n / policy.projects_for_full_score), f"{n} joint project{'s' if n != 1 else ''}"


def co_publications(facts: PartnershipFacts, policy: HealthPolicy) -> tuple[float | None, str]:
    if facts.co_publications is None:
        return None, "none recorded"
    n = facts.co_publications
    value = _clamp(100.0 * n / policy.publications_for_full_score)
    return value, f"{n} co-publication{'s' if n != 1 else ''}"


def satisfaction(facts: PartnershipFacts, policy: HealthPolicy) -> tuple[float | None, str]:
    if facts.satisfaction is None:
        return None, "no survey recorded"
    # Surveys use a 1-5 scale: 1 is 0, 5 is 100.
    return _clamp(25.0 * (facts.satisfaction - 1.0)), f"{facts.satisfaction:.1f} of 5"


_FUNCTIONS = {
    "recency": recency,
    "use_of_places": use_of_places,
    "balance": balance,
    "breadth": breadth,
    "renewal": renewal,
    "recognition": recognition,
    "la_turnaround": la_turnaround,
    "joint_projects": joint_projects,
    "co_publications": co_publications,
    "satisfaction": satisfaction,
}


def indicator_values(facts: PartnershipFacts, policy: HealthPolicy) -> tuple[IndicatorValue, ...]:
    values = []
    for code, label in INDICATORS.items():
        value, reason = _FUNCTIONS[code](facts, policy)
        values.append(IndicatorValue(code, label, value, policy.weight(code), reason))
    return tuple(values)
