"""Grade distribution tables: the share of passing students who received each grade, for a reference group.

This is the table the ECTS Users' Guide (2015) asks each institution to publish per reference group (a
subject area, at one institution, over a few years). Each grade then occupies a cumulative percentage range
counted from the top: with 10 % A and 25 % B, A covers 0-10 % and B covers 10-35 %.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from .errors import GradeConversionError
from .scale import Grade, GradeScale, exact

# Published tables are rounded, so they rarely add up to exactly 100; half a point is the accepted slack.
SUM_TOLERANCE = Fraction(1, 2)
_ISCED = re.compile(r"\d{2,4}")


@dataclass(frozen=True)
class GradeRange:
    """One grade's cumulative range, in percent of passing students counted from the best: [lower, upper)."""

    grade: Grade
    lower: float
    upper: float


@dataclass(frozen=True)
class GradeDistribution:
    """Percentages of passing students per passing grade of ``scale``, best grade first.

    ``institution``, ``isced_code`` (ISCED-F 2013, 2 to 4 digits) and ``period`` (e.g. '2021/2022-2023/2024')
    describe the reference group and appear in explanations. ``normative`` marks a prescribed scale, such as
    the legacy ECTS 10/25/30/25/10, that describes no real group of students.
    """

    scale: GradeScale
    percentages: tuple[float, ...]
    institution: str = ""
    isced_code: str = ""
    period: str = ""
    normative: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "percentages", tuple(self.percentages))
        _validate(self)

    @property
    def total(self) -> float:
        return float(_exact_total(self.percentages))

    def exact_ranges(self) -> tuple[tuple[Fraction, Fraction], ...]:
        """Cumulative [lower, upper) ranges as exact fractions, scaled so that the last one ends at 100.

        Scaling spreads the table's rounding error over all grades instead of leaving a gap (or an overlap)
        at the bottom; it is exact, so equal overlaps stay equal and the tie rule sees real ties.
        """
        shares = [exact(p) for p in self.percentages]
        factor = 100 / _exact_total(self.percentages)
        ranges: list[tuple[Fraction, Fraction]] = []
        lower = Fraction(0)
        for share in shares:
            upper = lower + share * factor
            ranges.append((lower, upper))
            lower = upper
        return tuple(ranges)

    def ranges(self) -> tuple[GradeRange, ...]:
        """The cumulative range of every passing grade, for display."""
        return tuple(
            GradeRange(grade, float(lower), float(upper))
            for grade, (lower, upper) in zip(self.scale.passing, self.exact_ranges(), strict=True)
        )

    def describe(self) -> str:
        """The reference group in a few words, e.g. 'Universita di Bologna, ISCED 0613, 2021/2022', or ''."""
        if self.normative:
            return "the normative legacy ECTS percentages, not the results of real students"
        parts = [self.institution, f"ISCED {self.isced_code}" if self.isced_code else "", self.period]
        return ", ".join(p for p in parts if p)


def _exact_total(percentages: tuple[float, ...]) -> Fraction:
    return sum((exact(p) for p in percentages), Fraction(0))


def _validate(table: GradeDistribution) -> None:
    name = table.scale.name
    for value in table.percentages:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise GradeConversionError(
                "invalid_type", f"the table for {name} must hold finite numbers, not {value!r}"
            )
        if value < 0:
            raise GradeConversionError(
                "negative_percentage", f"the table for {name} has a negative percentage ({value:g})"
            )
    expected = len(table.scale.passing)
    if len(table.percentages) != expected:
        raise GradeConversionError(
            "distribution_length",
            f"the table for {name} has {len(table.percentages)} percentages but the scale has {expected} "
            "passing grades; give one percentage per passing grade, best first",
        )
    if abs(_exact_total(table.percentages) - 100) > SUM_TOLERANCE:
        raise GradeConversionError(
            "distribution_sum",
            f"the percentages in the table for {name} add up to {table.total:g}, not 100 "
            f"(within {float(SUM_TOLERANCE):g})",
        )
    if table.isced_code and not _ISCED.fullmatch(table.isced_code):
        raise GradeConversionError(
            "invalid_isced_code", f"{table.isced_code!r} is not an ISCED-F code (2 to 4 digits, e.g. '0613')"
        )
