"""The entry point for Python callers (the Django adapter): frozen inputs in, an explained result out."""

from __future__ import annotations

from collections.abc import Sequence

from .algorithm import deferred_acceptance, serial_dictatorship
from .gcpause import paused_gc
from .instance import build_instance
from .models import AllocationOptions, Place, Student
from .reasons import ReasonWriter
from .result import AllocationResult

_DEFAULT_OPTIONS = AllocationOptions()


def allocate(
    students: Sequence[Student], places: Sequence[Place], options: AllocationOptions = _DEFAULT_OPTIONS
) -> AllocationResult:
    """Allocate places under ``options.policy``; raises ``AllocationInputError`` on invalid input.

    Deferred acceptance is the default because it is stable (no student loses a place to someone a place ranks
    lower) and strategy-proof (listing true preferences is always best), which an office can promise students.
    """
    with paused_gc():
        return _allocate(students, places, options)


def _allocate(
    students: Sequence[Student], places: Sequence[Place], options: AllocationOptions
) -> AllocationResult:
    instance = build_instance(students, places, options)
    solve = deferred_acceptance if options.policy == "deferred-acceptance" else serial_dictatorship
    held, weakest = solve(instance)
    own_priorities = options.policy == "deferred-acceptance"
    student_ids = list(instance.student_index)
    place_ids = list(instance.place_index)
    # held[s] == -1 (no place) picks the trailing None.
    assignments = dict(zip(student_ids, map([*place_ids, None].__getitem__, held), strict=True))
    last_admitted: dict[str, float | None] = {}
    for place, w in zip(places, weakest, strict=True):
        if w < 0:
            last_admitted[place.id] = None
        elif own_priorities and place.priorities is not None:
            last_admitted[place.id] = place.priorities[student_ids[w]]
        else:
            last_admitted[place.id] = students[w].score
    return AllocationResult(
        policy=options.policy,
        seed=options.seed,
        assignments=assignments,
        lottery=dict(zip(student_ids, instance.draws, strict=True)),
        last_admitted=last_admitted,
        effective_capacity=dict(zip(place_ids, instance.capacity, strict=True)),
        _writer=ReasonWriter(instance, held, weakest, own_priorities=own_priorities),
        _student_index=instance.student_index,
    )
