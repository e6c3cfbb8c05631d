"""No student can do better by listing anything other than their true preferences.

Exhaustive over misreports: every ordered subset of the places (16 lists for 3 places, 65 for 4), for every
student, on small random cohorts with one-seat places (competition is what makes lying pay elsewhere: a
Boston-mechanism mutant fails these tests). This is what lets an office tell students "rank what you want".
"""

from __future__ import annotations

import dataclasses
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engines.allocation import allocate

from .helpers import FAST, Case, cases, outcome_rank


def all_lists(place_ids: list[str]) -> list[tuple[str, ...]]:
    return [perm for k in range(len(place_ids) + 1) for perm in itertools.permutations(place_ids, k)]


def best_misreport_gain(case: Case, seed: int) -> int:
    truthful = allocate(case.students, case.places, case.options(seed)).assignments
    lists = all_lists([place.id for place in case.places])
    best_gain = 0
    for i, student in enumerate(case.students):
        honest = outcome_rank(student.preferences, truthful[student.id])
        for report in lists:
            lying = [*case.students]
            lying[i] = dataclasses.replace(student, preferences=report)
            got = allocate(lying, case.places, case.options(seed)).assignments[student.id]
            best_gain = max(best_gain, honest - outcome_rank(student.preferences, got))
    return best_gain


@settings(FAST, max_examples=80)
@given(cases(max_students=5, max_places=3, max_capacity=1), st.integers(0, 1000))
def test_deferred_acceptance_is_strategy_proof(case: Case, seed: int) -> None:
    assert best_misreport_gain(case, seed) == 0


@settings(FAST, max_examples=12)
@given(cases(max_students=5, max_places=4, max_capacity=2, requirements=False), st.integers(0, 1000))
def test_strategy_proof_with_four_places_and_own_rankings(case: Case, seed: int) -> None:
    assert best_misreport_gain(case, seed) == 0
