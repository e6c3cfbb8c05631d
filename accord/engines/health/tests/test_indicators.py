"""Each indicator on a hand-built partnership whose answer is worked out in the comment."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.engines.health import (
    ActivityYear,
    HealthPolicy,
    PartnershipFacts,
    Renewal,
    classify,
    indicator_values,
    score_partnership,
    score_trend,
)

POLICY = HealthPolicy()


def values(facts: PartnershipFacts, policy: HealthPolicy = POLICY) -> dict[str, float | None]:
    return {i.code: i.value for i in indicator_values(facts, policy)}


def test_recency_falls_a_quarter_per_idle_year() -> None:
    facts = PartnershipFacts(as_of_year=2026, years=(ActivityYear(2024, incoming=1),))
    assert values(facts)["recency"] == 50.0  # two idle years of four
    assert values(PartnershipFacts(as_of_year=2026))["recency"] == 0.0
    assert (
        values(PartnershipFacts(as_of_year=2026, years=(ActivityYear(2026, outgoing=1),)))["recency"] == 100
    )


def test_use_of_places_over_the_three_year_window() -> None:
    years = (
        ActivityYear(2022, places_offered=100, places_used=0),  # outside the window
        ActivityYear(2024, places_offered=4, places_used=3),
        ActivityYear(2025, places_offered=4, places_used=1),
        ActivityYear(2026, places_offered=2, places_used=1),
    )
    assert values(PartnershipFacts(as_of_year=2026, years=years))["use_of_places"] == 50.0  # 5 of 10


def test_use_of_places_unknown_without_places_and_capped_at_100() -> None:
    assert values(PartnershipFacts(as_of_year=2026))["use_of_places"] is None
    over = (ActivityYear(2026, places_offered=2, places_used=5),)
    assert values(PartnershipFacts(as_of_year=2026, years=over))["use_of_places"] == 100.0


def test_balance_is_one_minus_the_relative_gap() -> None:
    years = (ActivityYear(2025, incoming=1, outgoing=3),)  # gap 2 over 4 exchanges
    assert values(PartnershipFacts(as_of_year=2026, years=years))["balance"] == 50.0
    even = (ActivityYear(2026, incoming=2, outgoing=2),)
    assert values(PartnershipFacts(as_of_year=2026, years=even))["balance"] == 100.0
    assert values(PartnershipFacts(as_of_year=2026))["balance"] is None


def test_breadth_counts_kinds_of_activity() -> None:
    facts = PartnershipFacts(as_of_year=2026, activity_kinds=frozenset({"exchange", "research", "virtual"}))
    assert values(facts)["breadth"] == 75.0


@pytest.mark.parametrize(
    ("renewal", "days", "expected"),
    [
        (Renewal.OPEN_ENDED, None, 100.0),
        (Renewal.LIVE, 400, 100.0),
        (Renewal.LIVE, 365 // 2, 75.0),  # halfway between 50 at the end date and 100 a year before
        (Renewal.LIVE, 0, 50.0),
        (Renewal.RENEWING, None, 75.0),
        (Renewal.LAPSED, None, 0.0),
    ],
)
def test_renewal(renewal: Renewal, days: int | None, expected: float) -> None:
    facts = PartnershipFacts(as_of_year=2026, renewal=renewal, expires_in_days=days)
    assert values(facts)["renewal"] == pytest.approx(expected, abs=0.2)


def test_outcomes_and_research() -> None:
    facts = PartnershipFacts(
        as_of_year=2026,
        recognition_rate=0.9,
        la_turnaround_days=37.0,  # halfway between 14 (good) and 60 (bad)
        joint_projects=1,
        co_publications=12,
        satisfaction=4.0,
    )
    got = values(facts)
    assert got["recognition"] == 90.0
    assert got["la_turnaround"] == 50.0
    assert got["joint_projects"] == pytest.approx(33.3)
    assert got["co_publications"] == 100.0
    assert got["satisfaction"] == 75.0


def test_score_weighs_only_known_indicators_and_names_what_pulls_down() -> None:
    # recency 100 (w3), balance 50 (w3), breadth 25 (w1.5), renewal 100 (w2); everything else unknown.
    facts = PartnershipFacts(
        as_of_year=2026,
        years=(ActivityYear(2026, incoming=1, outgoing=3),),
        activity_kinds=frozenset({"exchange"}),
        renewal=Renewal.OPEN_ENDED,
    )
    result = score_partnership(facts, POLICY)
    assert result.score == pytest.approx((300 + 150 + 37.5 + 200) / 9.5, abs=0.05)
    # Balance loses 3 x 50 = 150 weighted points, breadth 1.5 x 75 = 112.5.
    assert result.pulling_down == ("balance", "breadth")


def test_weights_are_configurable_and_zero_weight_ignores_an_indicator() -> None:
    facts = PartnershipFacts(
        as_of_year=2026, years=(ActivityYear(2026, incoming=1, outgoing=3),), renewal=Renewal.OPEN_ENDED
    )
    only_balance = HealthPolicy(weights={code: 0.0 for code in POLICY.weights} | {"balance": 1.0})
    assert score_partnership(facts, only_balance).score == 50.0
    assert score_partnership(facts, only_balance).pulling_down == ("balance",)


def test_no_weight_at_all_gives_no_score() -> None:
    nothing = HealthPolicy(weights={code: 0.0 for code in POLICY.weights})
    assert score_partnership(PartnershipFacts(as_of_year=2026), nothing).score is None


def _facts_growing(year: int) -> PartnershipFacts:
    # A partner that started by only receiving our students and grew into balanced exchange and research.
    years = tuple(
        ActivityYear(y, incoming=y - 2021 if y >= 2024 else 0, outgoing=y - 2021)
        for y in range(2022, year + 1)
    )
    kinds = frozenset({"exchange", "research"}) if year >= 2025 else frozenset({"exchange"})
    return PartnershipFacts(as_of_year=year, years=years, activity_kinds=kinds, renewal=Renewal.OPEN_ENDED)


def test_trend_and_deepening() -> None:
    trend = score_trend(_facts_growing, POLICY, this_year=2026)
    assert [p.year for p in trend.points] == [2022, 2023, 2024, 2025, 2026]
    assert trend.change is not None and trend.change > 0
    facts = _facts_growing(2026)
    labels = classify(facts, score_partnership(facts, POLICY), trend, POLICY)
    assert labels == {"deepening"}


def test_dormant_and_at_risk() -> None:
    idle = PartnershipFacts(
        as_of_year=2026, years=(ActivityYear(2023, outgoing=2),), renewal=Renewal.LIVE, expires_in_days=900
    )
    trend = score_trend(lambda y: idle, POLICY, this_year=2026)
    assert classify(idle, score_partnership(idle, POLICY), trend, POLICY) == {"dormant"}
    lapsing = PartnershipFacts(
        as_of_year=2026,
        years=(ActivityYear(2026, outgoing=5, places_offered=20, places_used=5),),
        renewal=Renewal.LAPSED,
    )
    current = score_partnership(lapsing, POLICY)
    assert current.score is not None and current.score < 40
    assert classify(lapsing, current, score_trend(lambda y: lapsing, POLICY, this_year=2026), POLICY) == {
        "at_risk"
    }


@given(
    incoming=st.integers(0, 500),
    outgoing=st.integers(0, 500),
    offered=st.integers(0, 500),
    used=st.integers(0, 500),
    kinds=st.integers(0, 6),
    rate=st.none() | st.floats(0, 1),
    turnaround=st.none() | st.floats(0, 400),
    satisfaction=st.none() | st.floats(1, 5),
)
def test_every_indicator_and_the_score_stay_within_0_and_100(
    incoming: int,
    outgoing: int,
    offered: int,
    used: int,
    kinds: int,
    rate: float | None,
    turnaround: float | None,
    satisfaction: float | None,
) -> None:
    facts = PartnershipFacts(
        as_of_year=2026,
        years=(ActivityYear(2026, incoming, outgoing, offered, used),),
        activity_kinds=frozenset(str(k) for k in range(kinds)),
        recognition_rate=rate,
        la_turnaround_days=turnaround,
        satisfaction=satisfaction,
    )
    result = score_partnership(facts, POLICY)
    assert result.score is not None and 0 <= result.score <= 100
    assert all(i.value is None or 0 <= i.value <= 100 for i in result.indicators)
