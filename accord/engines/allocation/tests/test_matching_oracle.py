"""The engine finds exactly the student-optimal stable matching that the `matching` library finds.

The library is a test-only oracle. It gets the same problem: each student's admissible preferences, each
place's ranking of its admissible applicants (its own priorities or the common score, ties broken by the
lottery the engine publishes) and the seats left after the exchange-balance cap. The student-optimal
stable matching is unique, so the two must agree student by student.
"""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from accord.engines.allocation import AllocationOptions, Place, Student, allocate

from .helpers import FAST, Case, admissible, cases, cohort, seats


def oracle(
    students: list[Student], places: list[Place], lottery: dict[str, int], balance: dict[str, int]
) -> dict[str, str | None]:
    by_id = {place.id: place for place in places}
    resident_prefs = {s.id: [p for p in s.preferences if admissible(s, by_id[p], balance)] for s in students}
    resident_prefs = {sid: prefs for sid, prefs in resident_prefs.items() if prefs}
    applicants: dict[str, list[Student]] = {place.id: [] for place in places}
    for student in students:
        for place_id in resident_prefs.get(student.id, []):
            applicants[place_id].append(student)

    def ranking(place: Place) -> list[str]:
        def key(s: Student) -> tuple[float, int]:
            value = place.priorities[s.id] if place.priorities is not None else s.score
            return -value, lottery[s.id]

        return [s.id for s in sorted(applicants[place.id], key=key)]

    hospital_prefs = {place.id: ranking(place) for place in places if applicants[place.id]}
    capacities = {pid: seats(by_id[pid], balance) for pid in hospital_prefs}
    assignments: dict[str, str | None] = {s.id: None for s in students}
    if not hospital_prefs:
        return assignments
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would mean we built an ill-formed game
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        for hospital, residents in game.solve(optimal="resident").items():
            for resident in residents:
                assignments[resident.name] = hospital.name
    return assignments


@settings(FAST, max_examples=300)
@given(cases(), st.integers(0, 2**32))
def test_equals_the_matching_library_on_random_instances(case: Case, seed: int) -> None:
    result = allocate(case.students, case.places, case.options(seed))
    expected = oracle(case.students, case.places, dict(result.lottery), case.partner_balance)
    assert dict(result.assignments) == expected


@pytest.mark.parametrize("seed", [1, 2])
def test_equals_the_matching_library_on_a_mid_sized_cohort(seed: int) -> None:
    students, places = cohort(150)
    result = allocate(students, places, AllocationOptions(seed=seed))
    assert dict(result.assignments) == oracle(students, places, dict(result.lottery), {})
