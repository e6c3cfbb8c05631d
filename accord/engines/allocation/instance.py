"""Validation and indexing: the frozen inputs become integer arrays once, so the algorithms only touch lists.

Every rule that can reject input lives here, so both policies and both entry points (Python callers and the
JSON contract) reject the same things with the same codes. Eligibility is decided here too, memoised per pair
of (language/EQF/subject profile, place requirement): real cohorts share a handful of profiles, so 100,000
students with 10 preferences cost a few hundred distinct checks, not a million.
"""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import AllocationInputError
from .models import POLICIES, AllocationOptions, Place, Student, cefr_rank, language_key, subject_matches

# A student's (or place's) requirements in comparable form: ((language, CEFR rank), ...), EQF, subject areas.
LanguageLevels = tuple[tuple[str, int], ...]
StudentProfile = tuple[LanguageLevels, int | None, tuple[str, ...]]
PlaceRequirement = tuple[LanguageLevels, frozenset[int], tuple[str, ...]]
OPEN: PlaceRequirement = ((), frozenset(), ())
_CLOSED = -1  # requirement id of a place with no seats: nobody can take it
_EAGER_LIMIT = 64


@dataclass(slots=True)
class Instance:
    """The indexed problem. Students and places are numbered by input order.

    ``keys[s][i]`` is student ``s``'s priority key at its ``i``-th admissible place ``prefs[s][i]``: larger is
    better, unique per place, and ``key % n_students == s``, so a heap of keys is a heap of students.
    """

    students: Sequence[Student]
    places: Sequence[Place]
    place_index: dict[str, int]
    student_index: dict[str, int]
    draws: list[int]
    order: list[int]
    capacity: list[int]
    prefs: list[list[int]]
    keys: list[list[int]]
    profiles: list[StudentProfile]
    requirements: list[PlaceRequirement]
    ranked_by_place: list[dict[int, int] | None]


def build_instance(
    students: Sequence[Student], places: Sequence[Place], options: AllocationOptions
) -> Instance:
    """Validate everything, draw the lottery, precompute admissible preference lists with priority keys."""
    if options.policy not in POLICIES:
        raise AllocationInputError(
            "unknown_policy", f"unknown policy {options.policy!r}; expected one of {', '.join(POLICIES)}"
        )
    if not isinstance(options.seed, int) or isinstance(options.seed, bool):
        raise AllocationInputError("invalid_type", "the seed must be an integer")
    place_index, requirements, capacity = _index_places(places, options.partner_balance)
    student_index, scores = _index_students(students)
    n = len(students)

    # One lottery number per student, drawn over ids in sorted order so the draw depends only on the seed and
    # the set of ids, never on input order or preferences (which keeps deferred acceptance strategy-proof).
    shuffled = sorted(range(n), key=list(student_index).__getitem__)
    random.Random(options.seed).shuffle(shuffled)
    draws = [0] * n
    for position, s in enumerate(shuffled, start=1):
        draws[s] = position
    # sorted() is stable even with reverse=True, so equal scores keep lottery order.
    order = sorted(shuffled, key=scores.__getitem__, reverse=True)
    common_key = [0] * n
    for rank, s in enumerate(order):
        common_key[s] = (n - rank) * n + s

    ranked_by_place = [_place_ranking(place, student_index, draws) for place in places]
    profiles = _student_profiles(students)
    prefs, keys = _admissible_preferences(
        students, place_index, capacity, requirements, ranked_by_place, profiles, common_key
    )
    return Instance(
        students=students,
        places=places,
        place_index=place_index,
        student_index=student_index,
        draws=draws,
        order=order,
        capacity=capacity,
        prefs=prefs,
        keys=keys,
        profiles=profiles,
        requirements=requirements,
        ranked_by_place=ranked_by_place,
    )


def effective_capacity(place: Place, partner_balance: Mapping[str, int]) -> int:
    """Seats a place offers this round: its capacity, cut to the partner's allowance (never below 0)."""
    if place.partner_id is not None and place.partner_id in partner_balance:
        return max(0, min(place.capacity, partner_balance[place.partner_id]))
    return place.capacity


def is_admissible(profile: StudentProfile, requirement: PlaceRequirement) -> bool:
    """All of the place's language minimums, its EQF allow-list and its subject allow-list hold."""
    languages, eqf, areas = profile
    needed_languages, eqf_levels, place_areas = requirement
    if needed_languages:
        have = dict(languages)
        if any(have.get(code, -1) < level for code, level in needed_languages):
            return False
    if eqf_levels and eqf not in eqf_levels:
        return False
    return not place_areas or any(subject_matches(a, p) for a in areas for p in place_areas)


def _index_places(
    places: Sequence[Place], partner_balance: Mapping[str, int]
) -> tuple[dict[str, int], list[PlaceRequirement], list[int]]:
    for partner, allowance in partner_balance.items():
        if not isinstance(allowance, int) or isinstance(allowance, bool):
            raise AllocationInputError(
                "invalid_type", f"partner {partner!r}: the balance allowance must be an integer"
            )
    place_index: dict[str, int] = {}
    requirements: list[PlaceRequirement] = []
    capacity: list[int] = []
    # Equal requirements share one object (OPEN for "no requirement"), so they can be compared by identity.
    interned: dict[PlaceRequirement, PlaceRequirement] = {OPEN: OPEN}
    for j, place in enumerate(places):
        if not isinstance(place.id, str) or not place.id:
            raise AllocationInputError("invalid_type", f"place #{j + 1}: the id must be a non-empty string")
        if place.id in place_index:
            raise AllocationInputError("duplicate_place", f"place {place.id!r} appears more than once")
        place_index[place.id] = j
        if not isinstance(place.capacity, int) or isinstance(place.capacity, bool):
            raise AllocationInputError("invalid_type", f"place {place.id!r}: the capacity must be an integer")
        if place.capacity < 0:
            raise AllocationInputError(
                "negative_capacity",
                f"place {place.id!r}: the capacity is {place.capacity}, it cannot be negative",
            )
        capacity.append(effective_capacity(place, partner_balance))
        requirement = _place_requirement(place)
        requirements.append(interned.setdefault(requirement, requirement))
    return place_index, requirements, capacity


def _place_requirement(place: Place) -> PlaceRequirement:
    levels: dict[str, int] = {}
    for code, level in place.languages.items():
        key = language_key(code)
        if key is None:
            raise AllocationInputError("bad_language", f"place {place.id!r}: {code!r} is not a language code")
        rank = cefr_rank(level)
        if rank is None:
            raise AllocationInputError(
                "bad_cefr", f"place {place.id!r}: {level!r} for {code!r} is not a CEFR level (A1-C2)"
            )
        levels[key] = max(rank, levels.get(key, -1))
    for eqf in place.eqf_levels:
        if not _valid_eqf(eqf):
            raise AllocationInputError(
                "bad_eqf", f"place {place.id!r}: EQF level {eqf!r} is not between 1 and 8"
            )
    areas = _clean_areas(place.subject_areas, f"place {place.id!r}")
    requirement = (tuple(sorted(levels.items())), frozenset(place.eqf_levels), areas)
    return requirement


def _index_students(students: Sequence[Student]) -> tuple[dict[str, int], list[float]]:
    student_index: dict[str, int] = {}
    scores: list[float] = []
    for s, student in enumerate(students):
        if not isinstance(student.id, str) or not student.id:
            raise AllocationInputError("invalid_type", f"student #{s + 1}: the id must be a non-empty string")
        if student.id in student_index:
            raise AllocationInputError("duplicate_student", f"student {student.id!r} appears more than once")
        student_index[student.id] = s
        score = student.score
        if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
            raise AllocationInputError(
                "bad_score", f"student {student.id!r}: the score must be a finite number"
            )
        scores.append(score)
    return student_index, scores


def _student_profiles(students: Sequence[Student]) -> list[StudentProfile]:
    """Profiles shared by identity between students with the same raw data, so verdicts can be reused."""
    seen: dict[tuple[tuple[tuple[str, str], ...], int | None, tuple[str, ...]], StudentProfile] = {}
    profiles: list[StudentProfile] = []
    for student in students:
        raw = (tuple(student.languages.items()), student.eqf, student.subject_areas)
        try:
            profile = seen.get(raw)
        except TypeError:  # unhashable junk inside; let validation name it
            profile = None
        if profile is None:
            profile = _student_profile(student)
            with contextlib.suppress(TypeError):
                seen[raw] = profile
        profiles.append(profile)
    return profiles


def _student_profile(student: Student) -> StudentProfile:
    levels: dict[str, int] = {}
    for code, level in student.languages.items():
        key = language_key(code)
        if key is None:
            raise AllocationInputError(
                "bad_language", f"student {student.id!r}: {code!r} is not a language code"
            )
        rank = cefr_rank(level)
        if rank is None:
            raise AllocationInputError(
                "bad_cefr", f"student {student.id!r}: {level!r} for {code!r} is not a CEFR level (A1-C2)"
            )
        levels[key] = max(rank, levels.get(key, -1))
    if student.eqf is not None and not _valid_eqf(student.eqf):
        raise AllocationInputError(
            "bad_eqf", f"student {student.id!r}: EQF level {student.eqf!r} is not between 1 and 8"
        )
    areas = _clean_areas(student.subject_areas, f"student {student.id!r}")
    return tuple(sorted(levels.items())), student.eqf, areas


def _place_ranking(
    place: Place, student_index: Mapping[str, int], draws: Sequence[int]
) -> dict[int, int] | None:
    """A place's own priority keys, ties broken by the same lottery as the common ranking."""
    if place.priorities is None:
        return None
    by_student: dict[int, float] = {}
    for student_id, priority in place.priorities.items():
        s = student_index.get(student_id)
        if s is None:
            raise AllocationInputError(
                "unknown_student", f"place {place.id!r} gives a priority to unknown student {student_id!r}"
            )
        if isinstance(priority, bool) or not isinstance(priority, int | float) or not math.isfinite(priority):
            raise AllocationInputError(
                "bad_score", f"place {place.id!r}: the priority of {student_id!r} must be a finite number"
            )
        by_student[s] = priority
    listed = sorted(by_student, key=draws.__getitem__)
    listed.sort(key=by_student.__getitem__, reverse=True)
    size, n = len(listed), len(draws)
    return {s: (size - rank) * n + s for rank, s in enumerate(listed)}


def _admissible_preferences(
    students: Sequence[Student],
    place_index: Mapping[str, int],
    capacity: Sequence[int],
    requirements: Sequence[PlaceRequirement],
    ranked_by_place: Sequence[dict[int, int] | None],
    profiles: Sequence[StudentProfile],
    common_key: Sequence[int],
) -> tuple[list[list[int]], list[list[int]]]:
    """Drop preferences a student cannot take (ineligible, unranked, no seats); attach priority keys."""
    requirement_ids: dict[PlaceRequirement, int] = {OPEN: 0}
    place_requirement = [
        requirement_ids.setdefault(r, len(requirement_ids)) if seats else _CLOSED
        for r, seats in zip(requirements, capacity, strict=True)
    ]
    distinct = list(requirement_ids)
    # With few distinct requirements (the usual case) a profile's verdicts are computed for all of them at
    # once; with many (say, per-place subject lists) only for the requirements its own preferences meet.
    eager = len(distinct) <= _EAGER_LIMIT
    verdicts: dict[int, dict[int, bool]] = {}
    own_places = {j for j, ranking in enumerate(ranked_by_place) if ranking is not None}
    all_open = not own_places and not any(place_requirement)
    prefs: list[list[int]] = []
    keys: list[list[int]] = []
    for s, student in enumerate(students):
        chosen = _preference_indices(student, place_index)
        if not all_open:
            profile = profiles[s]
            verdict = verdicts.get(id(profile))
            if verdict is None:
                verdict = {_CLOSED: False, 0: True}
                if eager:
                    verdict.update((r, is_admissible(profile, distinct[r])) for r in range(1, len(distinct)))
                verdicts[id(profile)] = verdict
            if not eager:
                for j in chosen:
                    r = place_requirement[j]
                    if r not in verdict:
                        verdict[r] = is_admissible(profile, distinct[r])
            chosen = [j for j in chosen if verdict[place_requirement[j]]]
        key = common_key[s]
        if own_places and not own_places.isdisjoint(chosen):
            chosen = [j for j in chosen if (ranking := ranked_by_place[j]) is None or s in ranking]
            student_keys = [key if (ranking := ranked_by_place[j]) is None else ranking[s] for j in chosen]
        else:
            student_keys = [key] * len(chosen)
        prefs.append(chosen)
        keys.append(student_keys)
    return prefs, keys


def _preference_indices(student: Student, place_index: Mapping[str, int]) -> list[int]:
    try:
        chosen = list(map(place_index.__getitem__, student.preferences))
    except (KeyError, TypeError):
        unknown = next(p for p in student.preferences if not isinstance(p, str) or p not in place_index)
        raise AllocationInputError(
            "unknown_place", f"student {student.id!r} lists unknown place {unknown!r} in preferences"
        ) from None
    if len(set(chosen)) != len(chosen):
        seen: set[str] = set()
        duplicate = ""
        for place_id in student.preferences:
            if place_id in seen:
                duplicate = place_id
                break
            seen.add(place_id)
        raise AllocationInputError(
            "duplicate_preference", f"student {student.id!r} lists place {duplicate!r} more than once"
        )
    return chosen


def _valid_eqf(level: object) -> bool:
    return isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= 8


def _clean_areas(areas: Sequence[str], owner: str) -> tuple[str, ...]:
    cleaned = []
    for area in areas:
        if not isinstance(area, str) or not area.strip():
            raise AllocationInputError("invalid_type", f"{owner}: subject areas must be non-empty strings")
        cleaned.append(area.strip())
    return tuple(cleaned)
