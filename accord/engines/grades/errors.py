"""The one error the grade engine raises for bad input.

A single type with a stable ``code`` lets the CLI print the message and exit 2, and lets the Django adapter
turn it into a ``DomainError`` once, without string matching. Engines cannot import ``accord.common``, so the
shape mirrors ``DomainError(code, message, extra)`` instead of subclassing it (as the allocation engine does).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

# Every code the engine can raise; clients may test these strings, so only ever add to the list.
ErrorCode = Literal[
    "invalid_type",  # a value of the wrong JSON/Python type (a grade that is a bool, percentages as text...)
    "missing_field",  # a required contract field is absent
    "unknown_field",  # a contract field the engine does not know (a typo would otherwise be ignored)
    "empty_scale",  # a scale without passing grades
    "duplicate_grade",  # the same grade listed twice in one scale ('1.0' and 1 count as the same)
    "invalid_scale",  # a scale whose parts contradict each other (kind, numeric range, order of points)
    "unknown_scale",  # no shipped scale with that id
    "unknown_grade",  # a grade that is not on the scale
    "grade_out_of_range",  # a number outside a numeric scale's minimum..maximum
    "negative_percentage",
    "distribution_length",  # not one percentage per passing grade
    "distribution_sum",  # percentages not adding up to 100 (within 0.5)
    "distribution_scale_mismatch",  # a table passed with a scale it does not belong to
    "invalid_isced_code",
    "pass_fail_to_graded",  # a pass cannot become a graded result without both tables
    "no_failing_grade",  # a failing grade, but the target scale lists no failing grade
]


class GradeConversionError(ValueError):
    """Invalid grade input; ``code`` is a stable string clients can test, ``message`` says what to fix."""

    def __init__(self, code: ErrorCode, message: str, extra: Mapping[str, object] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code: ErrorCode = code
        self.message = message
        self.extra: dict[str, object] = dict(extra or {})
