"""Known answers of the percentile method, worked out by hand, and the tie rule."""

from __future__ import annotations

from fractions import Fraction

import pytest

from accord.engines.grades import (
    GradeDistribution,
    GradeScale,
    convert,
    legacy_ects_distribution,
    load_scale,
)
from accord.engines.grades.percentile import match

# The normative legacy ECTS table, cumulative from the top:
#   A 10 -> [0, 10)   B 25 -> [10, 35)   C 30 -> [35, 65)   D 25 -> [65, 90)   E 10 -> [90, 100)
ECTS = load_scale("ects")
LEGACY = legacy_ects_distribution()

# A made-up Polish table: 20 / 15 / 30 / 20 / 15 % of passing students, cumulative from the top:
#   5 -> [0, 20)   4.5 -> [20, 35)   4 -> [35, 65)   3.5 -> [65, 85)   3 -> [85, 100)
POLAND = load_scale("pl-2-5")
POLISH_TABLE = GradeDistribution(
    POLAND, (20, 15, 30, 20, 15), institution="Made-up University", period="2024"
)


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        (5, "A"),  # [0,20): A shares 10 (0-10), B shares 10 (10-20): a tie, so the better grade A
        (4.5, "B"),  # [20,35) lies inside B
        ("4.0", "C"),  # [35,65) is exactly C; '4.0' is the listed 4
        (3.5, "D"),  # [65,85) lies inside D
        (3, "E"),  # [85,100): D shares 5 (85-90), E shares 10 (90-100)
    ],
)
def test_made_up_polish_table_against_legacy_ects(grade: object, expected: str) -> None:
    result = convert(grade, source=POLAND, target=ECTS, source_table=POLISH_TABLE, target_table=LEGACY)
    assert (result.grade, result.method) == (expected, "percentile")


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        ("A", 5),  # [0,10) lies inside 5 [0,20)
        ("B", 4.5),  # [10,35): 5 shares 10 (10-20), 4.5 shares 15 (20-35)
        ("C", 4),  # [35,65) is exactly 4
        ("D", 3.5),  # [65,90): 3.5 shares 20 (65-85), 3 shares 5 (85-90)
        ("E", 3),  # [90,100) lies inside 3 [85,100)
    ],
)
def test_legacy_ects_against_made_up_polish_table(grade: str, expected: float) -> None:
    result = convert(grade, source=ECTS, target=POLAND, source_table=LEGACY, target_table=POLISH_TABLE)
    assert result.grade == expected
    assert type(result.grade) is type(
        expected
    )  # returned in the form the scale gives it: 4.5 and 4 as numbers


def test_overlaps_and_explanation_of_a_grade_spanning_two_grades() -> None:
    # Host table 12.5 / 9.5 / 19.5 / 30 / 28.5, cumulative 12.5, 22.0, 41.5, 71.5, 100: grade 3 covers
    # [22.0, 41.5). B [10,35) shares 13.0 points, C [35,65) shares 6.5; 13.0 / 19.5 = 2/3 of the grade.
    host = GradeScale(slug="host", name="the host scale", kind="symbolic", passing=(1, 2, 3, 4, 5))
    table = GradeDistribution(host, (12.5, 9.5, 19.5, 30, 28.5))
    result = convert(3, source=host, target=ECTS, source_table=table, target_table=LEGACY)
    assert result.grade == "B"
    assert [(o.grade, o.points, round(o.share, 4)) for o in result.overlaps] == [
        ("B", 13.0, 0.6667),
        ("C", 6.5, 0.3333),
    ]
    assert [(o.lower, o.upper) for o in result.overlaps] == [(10.0, 35.0), (35.0, 65.0)]
    assert "Grade 3 covers 22.0–41.5% of passing students" in result.explanation
    assert "'B' covers 10.0–35.0% and 'C' covers 35.0–65.0%" in result.explanation
    assert "The largest overlap is 'B' (13.0 of 19.5 points)" in result.explanation
    assert "normative legacy ECTS" in result.explanation
    assert not result.tie


def test_spanish_marks_between_points_use_their_band() -> None:
    # Made-up Spanish table MH 2, 10 3, 9 10, 8 20, 7 25, 6 22, 5 18, cumulative:
    #   MH [0,2)  10 [2,5)  9 [5,15)  8 [15,35)  7 [35,60)  6 [60,82)  5 [82,100)
    spain = load_scale("es-0-10")
    table = GradeDistribution(spain, (2, 3, 10, 20, 25, 22, 18), institution="Universidad Inventada")
    expected = {
        "MH": "A",  # inside A
        10: "A",  # inside A
        9: "A",  # A shares 5 (5-10), B 5 (10-15): tie, the better grade
        8.7: "B",  # counts as 8: [15,35) inside B
        "7,5": "C",  # counts as 7 (comma decimal as spreadsheets write it): [35,60) inside C
        6: "D",  # C shares 5 (60-65), D 17 (65-82)
        5: "E",  # D shares 8 (82-90), E 10 (90-100)
    }
    for grade, ects in expected.items():
        result = convert(grade, source=spain, target=ECTS, source_table=table, target_table=LEGACY)
        assert result.grade == ects, grade
    explained = convert(8.7, source=spain, target=ECTS, source_table=table, target_table=LEGACY).explanation
    assert explained.startswith(
        "8.7 counts as 8 on Spain 0–10 (marks between listed points count for the point below)"
    )


def test_tie_goes_to_the_better_grade() -> None:
    # Source grade 'y' covers [20,40); target 'P' covers [0,30) and 'Q' [30,100): 10 points each.
    source = GradeScale(slug="s", name="source", kind="symbolic", passing=("x", "y", "z"))
    target = GradeScale(slug="t", name="target", kind="symbolic", passing=("P", "Q"))
    source_table = GradeDistribution(source, (20, 20, 60))
    target_table = GradeDistribution(target, (30, 70))
    result = convert("y", source=source, target=target, source_table=source_table, target_table=target_table)
    assert result.grade == "P"
    assert result.tie
    assert [(o.grade, o.points) for o in result.overlaps] == [("P", 10.0), ("Q", 10.0)]
    assert (
        "'P' and 'Q' overlap it equally (10.0 points each); the better grade, 'P', is given"
        in result.explanation
    )


def test_a_tie_is_exact_even_with_decimals_that_floats_cannot_hold() -> None:
    # 0.1 + 0.2 != 0.3 in floats; in exact fractions the two overlaps below are both 0.3 points.
    source = [(Fraction(0), Fraction(6, 10))]
    targets = [(Fraction(0), Fraction(3, 10)), (Fraction(3, 10), Fraction(100))]
    found = match(source[0], targets)
    assert found.tied == (0, 1)
    assert found.chosen == 0


def test_a_grade_nobody_received_is_placed_by_its_position() -> None:
    source = GradeScale(slug="s", name="source", kind="symbolic", passing=("x", "y", "z"))
    cases = {
        (0, 50, 50): ("x", "A"),  # x sits at 0%: inside A
        (50, 0, 50): ("y", "C"),  # y sits at 50%: inside C [35,65)
        (50, 50, 0): ("z", "E"),  # z sits at 100%: the last grade
        (35, 0, 65): ("y", "C"),  # y sits at 35%, the boundary of B and C: ranges are [lower, upper), so C
    }
    for percentages, (grade, expected) in cases.items():
        table = GradeDistribution(source, percentages)
        result = convert(grade, source=source, target=ECTS, source_table=table, target_table=LEGACY)
        assert result.grade == expected, percentages
        assert [(o.grade, o.points, o.share) for o in result.overlaps] == [(expected, 0.0, 1.0)]
        assert "No passing student" in result.explanation


def test_a_target_grade_nobody_received_is_never_chosen() -> None:
    target = GradeScale(slug="t", name="target", kind="symbolic", passing=("P", "Q", "R"))
    table = GradeDistribution(target, (40, 0, 60))  # Q is empty at 40%
    results = [
        convert(g, source=ECTS, target=target, source_table=LEGACY, target_table=table).grade for g in "ABCDE"
    ]
    assert results == ["P", "P", "R", "R", "R"]  # C [35,65): P shares 5, R shares 25


def test_tables_off_by_rounding_are_scaled_to_100() -> None:
    table = GradeDistribution(ECTS, (10, 25, 30, 25, 9.6))  # adds up to 99.6
    assert table.exact_ranges()[-1][1] == 100
    result = convert("E", source=ECTS, target=ECTS, source_table=table, target_table=LEGACY)
    assert "adds up to 99.6%, so it was scaled to 100%" in result.explanation
