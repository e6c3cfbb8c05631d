"""Convert one grade between two scales: the ECTS percentile method when both tables exist, else the linear
fallback, always with an explanation a student can read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import explain, linear, percentile
from .distribution import GradeDistribution
from .errors import GradeConversionError
from .scale import Grade, GradeScale, Placement, format_grade, grade_key

Method = Literal["percentile", "linear"]


@dataclass(frozen=True)
class Overlap:
    """A target grade sharing part of the source grade's cumulative range (percentile method only).

    ``lower``/``upper`` is the target grade's own range; ``points`` the percentage points shared; ``share``
    the part of the source grade's range they make up (0-1; 1 for a grade no student received, which is placed
    by its position instead).
    """

    grade: Grade
    lower: float
    upper: float
    points: float
    share: float


@dataclass(frozen=True)
class ConversionResult:
    """The converted grade, in the target scale's own form, and how it was reached.

    ``method`` is the method that applies to this pair of scales ("percentile" when both tables are given),
    also for failing grades, which convert to the target's failing grade under either method. ``tie`` is True
    when the tie rule chose between equally overlapping grades.
    """

    grade: Grade
    method: Method
    explanation: str
    overlaps: tuple[Overlap, ...] = ()
    passed: bool = True
    tie: bool = False


def convert(
    grade: object,
    *,
    source: GradeScale,
    target: GradeScale,
    source_table: GradeDistribution | None = None,
    target_table: GradeDistribution | None = None,
) -> ConversionResult:
    """Convert ``grade`` from ``source`` to ``target``; raises `GradeConversionError` for invalid input."""
    _check_table(source, source_table)
    _check_table(target, target_table)
    placement = source.place(grade)
    method: Method = "percentile" if source_table is not None and target_table is not None else "linear"
    if not placement.passed:
        return _failing(placement, source, target, method)
    if source == target and source_table == target_table:
        # Nothing to convert; returning the grade as given keeps a 13.5 a 13.5 rather than its 13 band.
        kept = (
            placement.label if grade_key(placement.given) == grade_key(placement.label) else placement.given
        )
        return ConversionResult(
            kept, method, explain.identity_text(placement, source, source_table is not None)
        )
    if source_table is not None and target_table is not None:
        return _percentile(placement, source_table, target_table)
    return _linear(placement, source, target, source_table, target_table)


def _percentile(
    placement: Placement, source_table: GradeDistribution, target_table: GradeDistribution
) -> ConversionResult:
    assert placement.index is not None
    targets = target_table.exact_ranges()
    found = percentile.match(source_table.exact_ranges()[placement.index], targets)
    width = found.source[1] - found.source[0]
    overlaps = tuple(
        Overlap(
            grade=target_table.scale.passing[index],
            lower=float(targets[index][0]),
            upper=float(targets[index][1]),
            points=float(points),
            share=float(points / width) if width else 1.0,
        )
        for index, points in found.overlaps
    )
    return ConversionResult(
        grade=target_table.scale.passing[found.chosen],
        method="percentile",
        explanation=explain.percentile_text(placement, source_table, target_table, found),
        overlaps=overlaps,
        tie=len(found.tied) > 1,
    )


def _linear(
    placement: Placement,
    source: GradeScale,
    target: GradeScale,
    source_table: GradeDistribution | None,
    target_table: GradeDistribution | None,
) -> ConversionResult:
    if not source.is_graded and target.is_graded:
        raise GradeConversionError(
            "pass_fail_to_graded",
            f"{source.name} only says pass or fail, so a grade on {target.name} cannot be derived from it "
            "without grade distribution tables for both scales",
        )
    missing = [
        scale.name for scale, table in ((source, source_table), (target, target_table)) if table is None
    ]
    where = linear.position(source, placement)
    result = linear.grade_at(target, where)
    return ConversionResult(
        result, "linear", explain.linear_text(placement, source, target, where, result, missing)
    )


def _failing(
    placement: Placement, source: GradeScale, target: GradeScale, method: Method
) -> ConversionResult:
    if not target.failing:
        raise GradeConversionError(
            "no_failing_grade",
            f"{format_grade(placement.given)} is a failing grade, but {target.name} lists no failing grade",
        )
    # On the same scale a failing grade stays itself (FX stays FX); across scales there is no finer match
    # than "failed", so the target's first failing grade is given.
    result = placement.label if source == target else target.failing[0]
    return ConversionResult(
        result, method, explain.failing_text(placement, source, target, result), passed=False
    )


def _check_table(scale: GradeScale, table: GradeDistribution | None) -> None:
    if table is not None and table.scale != scale:
        raise GradeConversionError(
            "distribution_scale_mismatch",
            f"the distribution table given for {scale.name} belongs to {table.scale.name}",
        )
