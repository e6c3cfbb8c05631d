"""The outcome of one allocation run, with everything needed to publish and audit it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from .gcpause import paused_gc
from .models import Policy
from .reasons import Reason, ReasonWriter


@dataclass(frozen=True)
class AllocationResult:
    """Assignments plus the facts behind them.

    ``lottery`` holds every student's draw (1 = first; lower draws win ties) so a tie-break can be verified.
    ``last_admitted`` is, per place, the priority of the weakest admitted student (the common score, or the
    place's own priority where it has one) or None when nobody was admitted: the published "cut-off" of each
    place.
    ``effective_capacity`` is the number of seats after the exchange-balance cap.
    Reasons are written on first use (see ``reasons_for``), so a large run only pays for the texts it shows.
    """

    policy: Policy
    seed: int
    assignments: Mapping[str, str | None]
    lottery: Mapping[str, int]
    last_admitted: Mapping[str, float | None]
    effective_capacity: Mapping[str, int]
    _writer: ReasonWriter = field(repr=False, compare=False)
    _student_index: Mapping[str, int] = field(repr=False, compare=False)

    def reasons_for(self, student_id: str) -> tuple[Reason, ...]:
        """Why the student did not get each place ranked above their assignment (all, if unassigned)."""
        return self._writer.for_student(self._student_index[student_id])

    @cached_property
    def reasons(self) -> Mapping[str, tuple[Reason, ...]]:
        """``reasons_for`` for every student; an empty tuple for those who got their first choice."""
        with paused_gc():
            return {student_id: self._writer.for_student(s) for student_id, s in self._student_index.items()}
