"""One home grade from several host grades: a home course recognised for two host courses gets one grade.

Each host grade is first converted on its own (`convert`); `combine` then weighs the converted grades by the
credits of their host courses. On a numeric scale the marks are averaged and rounded to the scale's recorded
precision; on a symbolic scale the ranks are (0 = the best grade), since 'A' and 'C' have no arithmetic. A
half rounds towards the better grade, as the percentile tie rule does, so combining never costs a student a
grade on a rounding coin toss. Any failed part fails the whole: the home course was not completed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .errors import GradeConversionError
from .explain import join
from .scale import Grade, GradeScale, exact, format_grade, numeric_value


@dataclass(frozen=True)
class CombinedGrade:
    grade: Grade
    passed: bool
    explanation: str


def combine(target: GradeScale, parts: Sequence[tuple[Grade, float]]) -> CombinedGrade:
    """Weigh grades of ``target`` by credits; ``parts`` are (grade, credits > 0) pairs."""
    if not parts:
        raise GradeConversionError("missing_field", "there is no grade to combine")
    placed = []
    for grade, weight in parts:
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
            raise GradeConversionError(
                "invalid_type", f"each grade needs a positive number of credits, not {weight!r}"
            )
        placed.append((target.place(grade), exact(weight)))
    listed = join([f"{format_grade(p.given)} ({float(w):g} credits)" for p, w in placed])
    if len(placed) == 1:
        only = placed[0][0]
        return CombinedGrade(only.given, only.passed, "")
    failed = [p for p, _ in placed if not p.passed]
    if failed:
        result = failed[0].label
        return CombinedGrade(
            result,
            False,
            f"{listed} include the failing grade {format_grade(result)}, so the result is a fail.",
        )
    total = sum((w for _, w in placed), Fraction(0))
    values = [p.value for p, _ in placed]
    if target.numeric is not None and all(v is not None for v in values):
        mean = sum((v * w for v, (_, w) in zip(values, placed, strict=True) if v is not None), Fraction(0))
        grade = _round_mark(target, mean / total)
        how = "the credit-weighted mean of the marks"
    else:
        rank = sum((Fraction(p.index or 0) * w for p, w in placed), Fraction(0)) / total
        grade = target.passing[math.ceil(rank - Fraction(1, 2))]
        how = "the credit-weighted mean of their ranks on the scale"
    return CombinedGrade(
        grade,
        True,
        f"{listed} combine to {format_grade(grade)}: {how}, a half rounded towards the better grade.",
    )


def _round_mark(scale: GradeScale, mean: Fraction) -> Grade:
    assert scale.numeric is not None
    unit = Fraction(1, 10**scale.numeric.decimals)
    mark = math.floor(mean / unit + Fraction(1, 2)) * unit
    for label in scale.passing:
        if numeric_value(label) == mark:
            return label
    return int(mark) if mark.denominator == 1 else float(mark)
