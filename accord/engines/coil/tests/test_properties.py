"""The promises of the matcher, checked on many small random pools (see helpers.pools)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from accord.engines.coil import CoilPolicy, Offer, Pool, Suggestion, match, match_brute_force, overlap_days

from .helpers import FAST, pools

Case = tuple[list[Offer], list[tuple[str, str]]]


def shape(found: dict[str, tuple[Suggestion, ...]]) -> dict[str, list[tuple[str, float, int, float, str]]]:
    return {
        key: [
            (s.offer, s.score, s.overlap_weeks, s.live_overlap_hours_per_week, s.explanation) for s in value
        ]
        for key, value in found.items()
    }


@FAST
@given(pools(), st.integers(1, 4))
def test_the_search_gives_exactly_what_the_brute_force_gives(case: Case, k: int) -> None:
    offers, partnerships = case
    assert shape(match(offers, partnerships=partnerships, top=k)) == shape(
        match_brute_force(offers, partnerships=partnerships, top=k)
    )


@FAST
@given(pools(max_offers=40), st.integers(1, 3))
def test_the_search_equals_the_brute_force_on_larger_pools(case: Case, k: int) -> None:
    offers, partnerships = case
    found = match(offers, partnerships=partnerships, top=k)
    assert shape(found) == shape(match_brute_force(offers, partnerships=partnerships, top=k))


@FAST
@given(pools(max_offers=10))
def test_scores_and_figures_are_the_same_from_both_sides(case: Case) -> None:
    offers, partnerships = case
    forward, backward = Pool(offers, partnerships=partnerships), Pool(offers[::-1], partnerships=partnerships)
    for a in offers:
        for b in offers:
            first, second = forward.pair(a.id, b.id), backward.pair(b.id, a.id)
            assert (first is None) == (second is None)
            if first is not None and second is not None:
                assert first.score == second.score
                assert (first.overlap_weeks, first.live_hours_per_week) == (
                    second.overlap_weeks,
                    second.live_hours_per_week,
                )
                assert 0 <= first.score <= 100


@FAST
@given(pools(), st.integers(1, 5))
def test_suggestions_keep_the_rules(case: Case, k: int) -> None:
    offers, partnerships = case
    by_id = {o.id: o for o in offers}
    found = match(offers, partnerships=partnerships, top=k)
    assert set(found) == set(by_id)
    for mine, suggestions in found.items():
        assert len(suggestions) <= k
        keys = [(-s.score, s.offer) for s in suggestions]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
        for s in suggestions:
            other = by_id[s.offer]
            assert s.offer != mine and other.institution != by_id[mine].institution
            assert s.overlap_weeks >= 4 and overlap_days(by_id[mine], other) // 7 == s.overlap_weeks


POLICIES = [
    CoilPolicy(field=0.0, text=40.0),  # tiers no longer matter: every field is searched
    CoilPolicy(live=0.0, calendar=32.0),  # live time no longer matters, but is still reported
    CoilPolicy(text=0.0, partnership=12.0, narrow_share=1.0, broad_share=1.0),
]


@FAST
@given(pools(), st.integers(1, 3), st.sampled_from(POLICIES))
def test_other_policies_give_the_brute_forces_answer_too(case: Case, k: int, policy: CoilPolicy) -> None:
    offers, partnerships = case
    assert shape(match(offers, partnerships=partnerships, top=k, policy=policy)) == shape(
        match_brute_force(offers, partnerships=partnerships, top=k, policy=policy)
    )
