"""Grade scales: which grades exist, in which order, and where a given grade sits on them.

A scale lists its passing grades from the best to the lowest pass (the order distribution tables follow) and
its failing grades. Grades are kept exactly as given (``'B'``, ``27``, ``'1.0'``) so results can be returned
in the caller's own form; they are compared through `grade_key`, so ``'1.0'``, ``1`` and ``'1,0'`` are one
grade.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Literal, TypeAlias

from .errors import GradeConversionError

Grade: TypeAlias = str | int | float
ScaleKind = Literal["symbolic", "numeric", "pass_fail"]
# How a number between two listed points of a numeric scale is placed: "down" counts it for the point below
# (a French 13.5 is in the 13 band), "nearest" rounds it to the closest point, halves up (a Dutch 6.5 is a 7).
BetweenPoints = Literal["down", "nearest"]

SCALE_KINDS: tuple[ScaleKind, ...] = ("symbolic", "numeric", "pass_fail")
BETWEEN_POINTS: tuple[BetweenPoints, ...] = ("down", "nearest")

# A comma decimal separator is accepted because spreadsheets in most of Europe write 13,5.
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def check_grade(grade: object) -> Grade:
    """Return ``grade`` if it can be a grade (a non-empty string or a finite number), else raise."""
    if isinstance(grade, bool) or not isinstance(grade, str | int | float):
        raise GradeConversionError(
            "invalid_type", f"a grade must be a string or a number, not {type(grade).__name__} ({grade!r})"
        )
    if isinstance(grade, float) and not math.isfinite(grade):
        raise GradeConversionError("invalid_type", f"a grade must be a finite number, not {grade!r}")
    if isinstance(grade, str) and not grade.strip():
        raise GradeConversionError("invalid_type", "a grade cannot be an empty string")
    return grade


def numeric_value(grade: Grade) -> Fraction | None:
    """The exact number a grade denotes, or None for a symbolic label such as 'A' or '30L'."""
    if isinstance(grade, str):
        text = grade.strip()
        return Fraction(text.replace(",", ".")) if _NUMBER.fullmatch(text) else None
    return exact(grade)


def grade_key(grade: Grade) -> str:
    """The identity of a grade: numbers by value, labels without case or surrounding spaces."""
    value = numeric_value(grade)
    if value is None:
        return "label:" + str(grade).strip().casefold()
    return f"number:{value}"


def format_grade(grade: Grade) -> str:
    """A grade as a student reads it: labels quoted ('B'), numbers bare (27, 13.5)."""
    return f"'{grade}'" if isinstance(grade, str) else str(grade)


def exact(number: float) -> Fraction:
    """A float as the decimal it was written as (5.5 -> 11/2), so comparisons and ties are exact."""
    return Fraction(str(number))


@dataclass(frozen=True)
class NumericRange:
    """The number line of a numeric scale: marks from ``minimum`` to ``maximum``, passing from ``pass_mark``.

    ``decimals`` is the precision marks are recorded with; the linear fallback rounds its result to it.
    """

    minimum: float
    maximum: float
    pass_mark: float
    between_points: BetweenPoints = "down"
    decimals: int = 1


@dataclass(frozen=True)
class Placement:
    """Where a given grade sits on its scale.

    ``label`` is the scale's own grade it counts as (the band's point for a number between points); ``index``
    is its rank among the passing grades, 0 being the best, or None for a failing grade; ``value`` is the
    exact number on numeric scales (None for labels and honours such as '30L').
    """

    given: Grade
    label: Grade
    index: int | None
    value: Fraction | None

    @property
    def passed(self) -> bool:
        return self.index is not None


@dataclass(frozen=True)
class GradeScale:
    """A national or institutional grading scale.

    ``passing`` runs from the best grade to the lowest pass. On numeric scales it lists the points a
    distribution table uses, best first, optionally preceded by honours labels above the top mark ('30L',
    'MH'). ``failing`` lists failing grades; the first one is what failing grades of other scales convert to.
    """

    slug: str
    name: str
    kind: ScaleKind
    passing: tuple[Grade, ...]
    failing: tuple[Grade, ...] = ()
    numeric: NumericRange | None = None
    country: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        # Lists from JSON are accepted and frozen, so a scale stays hashable and immutable.
        object.__setattr__(self, "passing", tuple(self.passing))
        object.__setattr__(self, "failing", tuple(self.failing))
        _validate(self)

    @property
    def is_graded(self) -> bool:
        """More than one passing grade: the scale distinguishes better from worse passes."""
        return len(self.passing) > 1

    @property
    def honours(self) -> tuple[Grade, ...]:
        """Labels above the top mark of a numeric scale, such as '30L' (30 e lode)."""
        if self.numeric is None:
            return ()
        return tuple(g for g in self.passing if numeric_value(g) is None)

    def place(self, grade: object) -> Placement:
        """Find ``grade`` on this scale, or raise ``unknown_grade`` / ``grade_out_of_range``."""
        given = check_grade(grade)
        key = grade_key(given)
        for index, label in enumerate(self.passing):
            if grade_key(label) == key:
                return Placement(given, label, index, numeric_value(label) if self.numeric else None)
        for label in self.failing:
            if grade_key(label) == key:
                return Placement(given, label, None, None)
        value = numeric_value(given)
        if self.numeric is None or value is None:
            raise GradeConversionError(
                "unknown_grade",
                f"grade {format_grade(given)} is not on {self.name}; "
                f"its passing grades are {', '.join(format_grade(g) for g in self.passing)}"
                + (
                    f"; its failing grades are {', '.join(format_grade(g) for g in self.failing)}"
                    if self.failing
                    else ""
                ),
            )
        return self._place_number(given, value, self.numeric)

    def _place_number(self, given: Grade, value: Fraction, rng: NumericRange) -> Placement:
        if not exact(rng.minimum) <= value <= exact(rng.maximum):
            raise GradeConversionError(
                "grade_out_of_range",
                f"grade {format_grade(given)} is outside {self.name}, which runs from "
                f"{rng.minimum:g} to {rng.maximum:g}",
            )
        if value < exact(rng.pass_mark):
            return Placement(given, given, None, value)
        for index, lower in _band_lower_bounds(self):
            if value >= lower:
                return Placement(given, self.passing[index], index, value)
        raise AssertionError("unreachable: the lowest band starts at the pass mark")  # pragma: no cover


def _band_lower_bounds(scale: GradeScale) -> list[tuple[int, Fraction]]:
    """(passing index, lowest mark counted for that point), best point first.

    The last band starts at the pass mark, so every passing mark falls in one band."""
    assert scale.numeric is not None
    start = len(scale.honours)
    points = [v for v in (numeric_value(g) for g in scale.passing[start:]) if v is not None]
    bounds: list[tuple[int, Fraction]] = []
    for offset, point in enumerate(points):
        if offset == len(points) - 1:
            lower = exact(scale.numeric.pass_mark)
        elif scale.numeric.between_points == "nearest":
            lower = (point + points[offset + 1]) / 2
        else:
            lower = point
        bounds.append((start + offset, lower))
    return bounds


def _validate(scale: GradeScale) -> None:
    if not scale.slug or not scale.name:
        raise GradeConversionError("invalid_scale", "a scale needs a slug and a name")
    if not scale.passing:
        raise GradeConversionError("empty_scale", f"{scale.name} lists no passing grade")
    seen: dict[str, Grade] = {}
    for grade in (*scale.passing, *scale.failing):
        key = grade_key(check_grade(grade))
        if key in seen:
            raise GradeConversionError(
                "duplicate_grade",
                f"{scale.name} lists {format_grade(seen[key])} and {format_grade(grade)}, "
                "which are the same grade",
            )
        seen[key] = grade
    if scale.kind not in SCALE_KINDS:
        raise GradeConversionError(
            "invalid_scale", f"unknown scale kind {scale.kind!r}; use one of {SCALE_KINDS}"
        )
    if scale.kind == "pass_fail" and len(scale.passing) != 1:
        raise GradeConversionError(
            "invalid_scale", f"{scale.name} is pass/fail and must have exactly one passing grade"
        )
    if scale.kind == "symbolic" and len(scale.passing) < 2:
        raise GradeConversionError(
            "invalid_scale", f"{scale.name} has one passing grade; use the kind 'pass_fail'"
        )
    if (scale.kind == "numeric") != (scale.numeric is not None):
        raise GradeConversionError(
            "invalid_scale", f"{scale.name}: a numeric range is required for, and only for, kind 'numeric'"
        )
    if scale.numeric is not None:
        _validate_numeric(scale, scale.numeric)


def _validate_numeric(scale: GradeScale, rng: NumericRange) -> None:
    def refuse(problem: str) -> GradeConversionError:
        return GradeConversionError("invalid_scale", f"{scale.name}: {problem}")

    for part in (rng.minimum, rng.maximum, rng.pass_mark):
        if isinstance(part, bool) or not isinstance(part, int | float) or not math.isfinite(part):
            raise refuse(f"minimum, maximum and pass mark must be finite numbers, not {part!r}")
    if not rng.minimum <= rng.pass_mark < rng.maximum:
        raise refuse("needs minimum <= pass mark < maximum")
    if rng.between_points not in BETWEEN_POINTS:
        raise refuse(f"between_points must be one of {BETWEEN_POINTS}")
    if isinstance(rng.decimals, bool) or not isinstance(rng.decimals, int) or not 0 <= rng.decimals <= 6:
        raise refuse("decimals must be a whole number from 0 to 6")
    # The linear fallback rounds marks to `decimals`; a pass mark finer than that could round into a fail.
    if any((exact(part) * 10**rng.decimals).denominator != 1 for part in (rng.pass_mark, rng.maximum)):
        raise refuse(f"the pass mark and maximum must be recorded with at most {rng.decimals} decimals")
    honours = len(scale.honours)
    values = [numeric_value(g) for g in scale.passing[honours:]]
    if not values or any(v is None for v in values):
        raise refuse("list honours labels (such as '30L') first, then at least one number, best first")
    points = [v for v in values if v is not None]
    if any(a <= b for a, b in pairwise(points)):
        raise refuse("the points must be listed from the best to the lowest pass, each once")
    if points[0] > exact(rng.maximum) or points[-1] < exact(rng.pass_mark):
        raise refuse("every point must lie between the pass mark and the maximum")
    for grade in scale.failing:
        value = numeric_value(grade)
        if value is not None and not exact(rng.minimum) <= value < exact(rng.pass_mark):
            raise refuse(f"the failing grade {format_grade(grade)} must lie below the pass mark")
