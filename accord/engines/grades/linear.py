"""The linear fallback, used when a distribution table is missing on either side.

A passing grade is placed at a position from 0 (the lowest pass) to 1 (the best grade), and the grade at the
same position on the target scale is taken. Numeric scales use the mark itself between the pass mark and the
maximum; symbolic scales use rank positions, evenly spaced ('E'=0, 'D'=0.25, ... 'A'=1 on ECTS). Honours above
a numeric maximum ('30L', 'MH') have no position: they convert to the target's best grade.

This is not the ECTS method. It assumes grades are spread evenly, which they rarely are, so results are
labelled "linear" and say so in their explanation.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .scale import Grade, GradeScale, Placement, exact, format_grade, numeric_value


def position(scale: GradeScale, placement: Placement) -> Fraction | None:
    """0 for the lowest pass, 1 for the best grade; None for an honours label, which sits above them all."""
    assert placement.index is not None, "failing grades have no position"
    if scale.numeric is not None:
        if placement.value is None:
            return None
        pass_mark = exact(scale.numeric.pass_mark)
        return (placement.value - pass_mark) / (exact(scale.numeric.maximum) - pass_mark)
    if len(scale.passing) == 1:
        return Fraction(1)
    return 1 - Fraction(placement.index, len(scale.passing) - 1)


def grade_at(scale: GradeScale, where: Fraction | None) -> Grade:
    """The grade of ``scale`` at a position; a rounding tie goes to the better grade, as in the percentile
    method."""
    if where is None or len(scale.passing) == 1:
        return scale.passing[0]
    if scale.numeric is not None:
        return _mark_at(scale, where)
    rank = (1 - where) * (len(scale.passing) - 1)
    return scale.passing[math.ceil(rank - Fraction(1, 2))]


def _mark_at(scale: GradeScale, where: Fraction) -> Grade:
    """The mark at a position, rounded half up to the scale's recorded precision; a listed point keeps its
    form (20, not 20.0)."""
    assert scale.numeric is not None
    pass_mark, maximum = exact(scale.numeric.pass_mark), exact(scale.numeric.maximum)
    unit = Fraction(1, 10**scale.numeric.decimals)
    mark = math.floor((pass_mark + where * (maximum - pass_mark)) / unit + Fraction(1, 2)) * unit
    for label in scale.passing:
        if numeric_value(label) == mark:
            return label
    return int(mark) if scale.numeric.decimals == 0 else float(mark)


def describe_position(scale: GradeScale, where: Fraction | None) -> str:
    """'35% of the way from the lowest pass 10 to the best grade 20 on France 0-20', for explanations."""
    if where is None:
        return f"an honours grade above the top mark of {scale.name}"
    if scale.numeric is not None:
        low, high = f"{scale.numeric.pass_mark:g}", f"{scale.numeric.maximum:g}"
    else:
        low, high = format_grade(scale.passing[-1]), format_grade(scale.passing[0])
    share = f"{float(where) * 100:.0f}%"
    return f"{share} of the way from the lowest pass {low} to the best grade {high} on {scale.name}"
