"""The promises deferred acceptance makes to students, checked on many small random cohorts."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from accord.engines.allocation import AllocationOptions, allocate, check_allocation

from .helpers import FAST, Case, admissible, cases, cohort, seats


@FAST
@given(cases(), st.integers(0, 2**32))
def test_outcome_is_feasible_and_stable(case: Case, seed: int) -> None:
    result = allocate(case.students, case.places, case.options(seed))
    by_id = {place.id: place for place in case.places}
    for student in case.students:
        got = result.assignments[student.id]
        if got is not None:
            assert got in student.preferences
            assert admissible(student, by_id[got], case.partner_balance)
    for place in case.places:
        taken = sum(1 for got in result.assignments.values() if got == place.id)
        assert taken <= seats(place, case.partner_balance) == result.effective_capacity[place.id]
    report = check_allocation(
        case.students,
        case.places,
        result.assignments,
        lottery=result.lottery,
        partner_balance=case.partner_balance,
    )
    assert report == {"stable": True, "blocking_pairs": 0, "capacity_ok": True, "eligibility_ok": True}


@FAST
@given(cases(), st.integers(0, 2**32))
def test_same_seed_same_result_whatever_the_input_order(case: Case, seed: int) -> None:
    first = allocate(case.students, case.places, case.options(seed))
    again = allocate(case.students, case.places, case.options(seed))
    shuffled_students, shuffled_places = case.students[:], case.places[:]
    random.Random(seed).shuffle(shuffled_students)
    random.Random(seed).shuffle(shuffled_places)
    reordered = allocate(shuffled_students, shuffled_places, case.options(seed))
    assert first == again
    assert dict(first.assignments) == dict(reordered.assignments)
    assert dict(first.lottery) == dict(reordered.lottery)
    assert dict(first.last_admitted) == dict(reordered.last_admitted)


def test_the_lottery_is_a_permutation_that_changes_with_the_seed() -> None:
    case = Case(*cohort(30))
    draws = [allocate(case.students, case.places, AllocationOptions(seed=seed)).lottery for seed in range(5)]
    for lottery in draws:
        assert sorted(lottery.values()) == list(range(1, 31))
    assert len({tuple(lottery.values()) for lottery in draws}) == 5


@FAST
@given(cases(own_rankings=False), st.integers(0, 2**32))
def test_with_one_common_ranking_it_equals_serial_dictatorship(case: Case, seed: int) -> None:
    deferred = allocate(case.students, case.places, case.options(seed))
    serial = allocate(case.students, case.places, case.options(seed, "serial-dictatorship"))
    assert dict(deferred.assignments) == dict(serial.assignments)
    assert dict(deferred.last_admitted) == dict(serial.last_admitted)


@FAST
@given(cases(), st.integers(0, 2**32))
def test_serial_dictatorship_respects_capacity_and_eligibility(case: Case, seed: int) -> None:
    result = allocate(case.students, case.places, case.options(seed, "serial-dictatorship"))
    report = check_allocation(
        case.students,
        case.places,
        result.assignments,
        lottery=result.lottery,
        partner_balance=case.partner_balance,
    )
    assert report["capacity_ok"] and report["eligibility_ok"]
    if all(place.priorities is None for place in case.places):
        assert report["stable"]


@FAST
@given(cases(), st.integers(0, 2**32))
def test_no_seat_is_wasted_while_an_eligible_student_wants_it(case: Case, seed: int) -> None:
    result = allocate(case.students, case.places, case.options(seed))
    taken = {place.id: 0 for place in case.places}
    for got in result.assignments.values():
        if got is not None:
            taken[got] += 1
    by_id = {place.id: place for place in case.places}
    for student in case.students:
        if result.assignments[student.id] is None:
            for place_id in student.preferences:
                place = by_id[place_id]
                if admissible(student, place, case.partner_balance):
                    assert taken[place_id] == seats(place, case.partner_balance)


def test_a_large_cohort_is_stable() -> None:
    students, places = cohort(3000)
    result = allocate(students, places, AllocationOptions(seed=7))
    report = check_allocation(students, places, result.assignments, lottery=result.lottery)
    assert report["stable"] and report["blocking_pairs"] == 0
    assert sum(got is not None for got in result.assignments.values()) > 1000
