"""Sentences a student can read, saying how a grade was converted and on what evidence.

Kept apart from the arithmetic so the wording can change (or be translated later) without touching the method.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from .distribution import GradeDistribution
from .linear import describe_position
from .percentile import PercentileMatch, Span
from .scale import Grade, GradeScale, Placement, format_grade, grade_key

DASH = "\u2013"  # en dash, for ranges such as 10.0–35.0%


def percent(value: Fraction) -> str:
    return f"{float(value):.1f}"


def span(value: Span) -> str:
    return f"{percent(value[0])}{DASH}{percent(value[1])}%"


def join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def counted_as(scale: GradeScale, placement: Placement) -> str:
    """Explain how a mark between listed points was placed, or nothing when the grade is itself listed."""
    if scale.numeric is None or grade_key(placement.given) == grade_key(placement.label):
        return ""
    rule = (
        "marks between listed points count for the point below"
        if scale.numeric.between_points == "down"
        else "marks round to the nearest listed point, halves up"
    )
    given, label = format_grade(placement.given), format_grade(placement.label)
    return f"{given} counts as {label} on {scale.name} ({rule}). "


def percentile_text(
    placement: Placement,
    source_table: GradeDistribution,
    target_table: GradeDistribution,
    found: PercentileMatch,
) -> str:
    source, target = source_table.scale, target_table.scale
    shown = format_grade(placement.label)
    chosen = format_grade(target.passing[found.chosen])
    text = counted_as(source, placement)
    if found.empty:
        text += (
            f"No passing student in the table for {source.name}{_group(source_table)} "
            f"received grade {shown}, "
            f"so its position, {percent(found.source[0])}% from the top, is used. "
            f"On {target.name}{_group(target_table)} that position falls in {chosen} "
            f"({span(target_table.exact_ranges()[found.chosen])})."
        )
        return text + _scaling_note(source_table, target_table)
    ranges = target_table.exact_ranges()
    covers = [f"{format_grade(target.passing[i])} covers {span(ranges[i])}" for i, _ in found.overlaps]
    text += (
        f"Grade {shown} covers {span(found.source)} of passing students, best first, on {source.name}"
        f"{_group(source_table)}. On {target.name}{_group(target_table)}, {join(covers)}. "
    )
    width = found.source[1] - found.source[0]
    largest = dict(found.overlaps)[found.chosen]
    if len(found.tied) > 1:
        tied = join([format_grade(target.passing[i]) for i in found.tied])
        text += (
            f"{tied} overlap it equally ({percent(largest)} points each); "
            f"the better grade, {chosen}, is given, "
            "because a tie in the tables should not lower a student's grade."
        )
    elif len(found.overlaps) == 1:
        text += f"It lies entirely within {chosen}."
    else:
        text += f"The largest overlap is {chosen} ({percent(largest)} of {percent(width)} points)."
    return text + _scaling_note(source_table, target_table)


def _group(table: GradeDistribution) -> str:
    described = table.describe()
    return f" ({described})" if described else ""


def _scaling_note(*tables: GradeDistribution) -> str:
    notes = [
        f" The table for {t.scale.name} adds up to {t.total:g}%, so it was scaled to 100%."
        for t in tables
        if t.total != 100
    ]
    return "".join(notes)


def linear_text(
    placement: Placement,
    source: GradeScale,
    target: GradeScale,
    where: Fraction | None,
    result: Grade,
    missing: Sequence[str],
) -> str:
    if len(missing) == 1:
        lacking = f"there is no grade distribution table for {missing[0]}"
    else:
        lacking = f"neither {missing[0]} nor {missing[1]} has a grade distribution table"
    text = f"Linear fallback, not the ECTS percentile method: {lacking}. "
    shown = format_grade(placement.given)
    if not target.is_graded:
        return (
            text
            + f"Grade {shown} is a pass, and every pass converts to {format_grade(result)} on {target.name}."
        )
    if where is None:
        return text + (
            f"Grade {shown} is {describe_position(source, where)}, so it converts to the best grade on "
            f"{target.name}, {format_grade(result)}."
        )
    return text + (
        f"Grade {shown} is {describe_position(source, where)}; the same position on {target.name} "
        f"gives {format_grade(result)}."
    )


def failing_text(placement: Placement, source: GradeScale, target: GradeScale, result: Grade) -> str:
    reason = ""
    if source.numeric is not None and placement.value is not None:
        reason = f" (below the pass mark {source.numeric.pass_mark:g})"
    return (
        f"Grade {format_grade(placement.given)} is a failing grade on {source.name}{reason}; a failing grade "
        f"converts to the failing grade {format_grade(result)} on {target.name}."
    )


def identity_text(placement: Placement, scale: GradeScale, with_table: bool) -> str:
    evidence = "the same grade distribution table" if with_table else "no distribution table on either side"
    return f"Same scale ({scale.name}) and {evidence}: grade {format_grade(placement.given)} is unchanged."
