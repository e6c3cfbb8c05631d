"""An independent audit of any allocation outcome, written straight from the definitions.

It shares nothing with the algorithm but the input types and the meaning of a CEFR level or a language code,
so a bug in the fast path (indices, heaps, memoised eligibility) shows up here as a blocking pair or a
violation instead of being repeated. It also audits outcomes the engine did not produce: a spreadsheet
allocation can be loaded and checked the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TypedDict

from .gcpause import paused_gc
from .models import Place, Student, cefr_rank, language_key, subject_matches


class CheckReport(TypedDict):
    """``stable`` is True only for a valid outcome (capacity and eligibility kept) with no blocking pair."""

    stable: bool
    blocking_pairs: int
    capacity_ok: bool
    eligibility_ok: bool


def check_allocation(
    students: Sequence[Student],
    places: Sequence[Place],
    assignments: Mapping[str, str | None],
    *,
    lottery: Mapping[str, int],
    partner_balance: Mapping[str, int] | None = None,
) -> CheckReport:
    """Audit ``assignments`` (student id -> place id or None) against the inputs.

    A blocking pair is a student and a place they ranked above their assignment (or any ranked place, if
    unassigned) where they are eligible and the place has a free seat or admitted someone it ranks lower.
    Priority at a place is its own priority for the student if it has its own ranking, else the student's
    score; ties go to the lower ``lottery`` draw, and a student missing from ``lottery`` loses every tie.
    """
    with paused_gc():
        return _check(students, places, assignments, lottery, partner_balance or {})


def _check(
    students: Sequence[Student],
    places: Sequence[Place],
    assignments: Mapping[str, str | None],
    lottery: Mapping[str, int],
    balance: Mapping[str, int],
) -> CheckReport:
    by_id = {place.id: place for place in places}
    student_by_id = {student.id: student for student in students}
    eligible = _Eligibility()
    admitted: dict[str, list[Student]] = {place.id: [] for place in places}
    eligibility_ok = True
    for student_id, place_id in assignments.items():
        if place_id is None:
            continue
        student = student_by_id.get(student_id)
        place = by_id.get(place_id)
        if student is None or place is None:
            eligibility_ok = False
            continue
        admitted[place_id].append(student)
        if place_id not in student.preferences or not eligible(student, place):
            eligibility_ok = False

    def priority(student: Student, place: Place) -> tuple[float, float]:
        value = student.score
        if place.priorities is not None:
            value = place.priorities.get(student.id, -math.inf)
        return value, -lottery.get(student.id, math.inf)

    capacity_ok = True
    # Per place, the bar an applicant must clear (None while a seat is free, else the weakest admitted) and
    # the place; a place without seats gets no entry, as nobody can claim it.
    bars: dict[str, tuple[tuple[float, float] | None, Place]] = {}
    for place in places:
        taken, seats = admitted[place.id], _seats(place, balance)
        if len(taken) > seats:
            capacity_ok = False
        if seats:
            bar = min((priority(a, place) for a in taken), default=None) if len(taken) >= seats else None
            bars[place.id] = (bar, place)

    blocking = 0
    for student in students:
        got = assignments.get(student.id)
        common = (student.score, -lottery.get(student.id, math.inf))
        for place_id in student.preferences:
            if place_id == got:
                break
            entry = bars.get(place_id)
            if entry is None:
                continue
            bar, place = entry
            if bar is not None and (common if place.priorities is None else priority(student, place)) <= bar:
                continue
            # Cheap tests first: most rejected applicants are below the bar and never reach this line.
            if eligible(student, place):
                blocking += 1
    return {
        "stable": blocking == 0 and capacity_ok and eligibility_ok,
        "blocking_pairs": blocking,
        "capacity_ok": capacity_ok,
        "eligibility_ok": eligibility_ok,
    }


def _seats(place: Place, balance: Mapping[str, int]) -> int:
    allowance = balance.get(place.partner_id) if place.partner_id is not None else None
    return place.capacity if allowance is None else max(0, min(place.capacity, allowance))


class _Eligibility:
    """Eligibility from the definitions, remembering each student's and place's languages once."""

    def __init__(self) -> None:
        self._levels: dict[str, dict[str | None, int]] = {}
        self._needs: dict[str, list[tuple[str | None, int | None]]] = {}

    def __call__(self, student: Student, place: Place) -> bool:
        if place.priorities is not None and student.id not in place.priorities:
            return False
        if place.eqf_levels and student.eqf not in place.eqf_levels:
            return False
        if place.subject_areas and not any(
            subject_matches(mine, theirs) for mine in student.subject_areas for theirs in place.subject_areas
        ):
            return False
        if not place.languages:
            return True
        needs = self._needs.get(place.id)
        if needs is None:
            needs = self._needs[place.id] = [
                (language_key(code), cefr_rank(level)) for code, level in place.languages.items()
            ]
        levels = self._levels.get(student.id)
        if levels is None:
            levels = self._levels[student.id] = {}
            for code, level in student.languages.items():
                key, rank = language_key(code), cefr_rank(level)
                if rank is not None:
                    levels[key] = max(rank, levels.get(key, -1))
        return all(needed is not None and levels.get(code, -1) >= needed for code, needed in needs)
