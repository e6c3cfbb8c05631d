"""The ECTS Users' Guide (2015) percentile method, on exact cumulative ranges.

A source grade occupies a range of the cumulative percentage of passing students, counted from the best
grade. It converts to the target grade whose range overlaps it most.

Tie rule: when two or more target grades overlap the source grade by exactly the same amount, the better one
is chosen. The tables cannot tell those grades apart, and recognition should not lower a student's grade on a
coin toss; this follows the spirit of the Lisbon Recognition Convention, which puts the burden of showing a
difference on the assessing institution, not on the applicant. The alternative, "the grade whose midpoint is
closest", was rejected: it can tie again (two ranges placed symmetrically) and is harder to explain to a
student. Exact fractions make ties real ties rather than accidents of floating point.

A grade that no student of the reference group received has an empty range. It has no overlap to measure, so
its position is used instead: it takes the target grade whose range contains that point (ranges are [lower,
upper), so a point on a boundary belongs to the grade below it; the point 100 belongs to the last grade).

Either rule keeps the conversion monotone: a better grade never converts to a worse one (property tests).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

Span = tuple[Fraction, Fraction]


@dataclass(frozen=True)
class PercentileMatch:
    """The outcome for one source grade; indexes count target passing grades from the best (0).

    ``overlaps`` lists every target grade sharing part of the source range, with the shared percentage points,
    best grade first. ``tied`` holds the indexes that share the largest overlap; more than one means the tie
    rule decided. For an empty source range both hold only the grade found at its position, with 0 points.
    """

    chosen: int
    source: Span
    overlaps: tuple[tuple[int, Fraction], ...]
    tied: tuple[int, ...]

    @property
    def empty(self) -> bool:
        return self.source[0] == self.source[1]


def overlap(a: Span, b: Span) -> Fraction:
    """Percentage points two ranges share (0 when they only touch)."""
    return max(Fraction(0), min(a[1], b[1]) - max(a[0], b[0]))


def match(source: Span, targets: Sequence[Span]) -> PercentileMatch:
    """Choose the target grade for a source grade's range; ``targets`` are the target scale's ranges."""
    if source[0] == source[1]:
        chosen = _containing(source[0], targets)
        return PercentileMatch(chosen, source, ((chosen, Fraction(0)),), (chosen,))
    shared = tuple(
        (index, points) for index, span in enumerate(targets) if (points := overlap(source, span)) > 0
    )
    largest = max(points for _, points in shared)
    tied = tuple(index for index, points in shared if points == largest)
    # The tie rule: `tied` is in scale order, so its first entry is the better grade.
    return PercentileMatch(tied[0], source, shared, tied)


def _containing(point: Fraction, targets: Sequence[Span]) -> int:
    """The target grade with a non-empty range holding ``point``; the last such grade for the point 100."""
    filled = [index for index, (lower, upper) in enumerate(targets) if upper > lower]
    for index in filled:
        lower, upper = targets[index]
        if lower <= point < upper:
            return index
    return filled[-1]
