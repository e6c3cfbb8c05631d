"""The linear fallback: positions from the lowest pass (0) to the best grade (1), on numeric and symbolic
scales, used whenever a table is missing."""

from __future__ import annotations

import pytest

from accord.engines.grades import GradeDistribution, convert, legacy_ects_distribution, load_scale

ECTS = load_scale("ects")


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        ("A", "A"),  # position 1 -> rank 0
        ("B", "B+"),  # position 0.75 -> rank 0.25 * 9 = 2.25, rounds to 2
        ("C", "B-"),  # position 0.5 -> rank 4.5, a tie between B- (4) and C+ (5): the better grade
        ("D", "C-"),  # position 0.25 -> rank 6.75, rounds to 7
        ("E", "D"),  # position 0 -> the lowest pass
    ],
)
def test_symbolic_to_symbolic_uses_rank_positions(grade: str, expected: str) -> None:
    result = convert(grade, source=ECTS, target=load_scale("us-letter"))
    assert (result.grade, result.method) == (expected, "linear")
    assert result.overlaps == ()


@pytest.mark.parametrize(
    ("slug", "grade", "expected"),
    [
        ("fr-0-20", 20, "A"),  # position 1
        ("fr-0-20", 15, "C"),  # (15 - 10) / 10 = 0.5 -> rank 2
        ("fr-0-20", 13.5, "D"),  # 0.35 -> rank 0.65 * 4 = 2.6, rounds to 3
        ("fr-0-20", 10, "E"),  # the pass mark is the lowest pass
        ("nl-1-10", 5.5, "E"),  # the Dutch pass mark
        ("nl-1-10", 7.75, "C"),  # (7.75 - 5.5) / 4.5 = 0.5
        ("it-18-30", "30L", "A"),  # honours convert to the best grade
        ("it-18-30", 24, "C"),  # (24 - 18) / 12 = 0.5
    ],
)
def test_numeric_to_symbolic_interpolates_the_mark(slug: str, grade: object, expected: str) -> None:
    assert convert(grade, source=load_scale(slug), target=ECTS).grade == expected


@pytest.mark.parametrize(
    ("slug", "grade", "expected"),
    [
        ("fr-0-20", "B", 17.5),  # 10 + 0.75 * 10
        ("fr-0-20", "A", 20),  # a listed point keeps the scale's form: 20, not 20.0
        ("it-18-30", "B", 27),  # 18 + 0.75 * 12, whole marks only
        ("it-18-30", "A", 30),  # not 30L: honours are a judgement the fallback does not make
        ("nl-1-10", "B", 8.9),  # 5.5 + 0.75 * 4.5 = 8.875, one decimal, half up
        ("es-0-10", "D", 6.3),  # 5 + 0.25 * 5 = 6.25, half up
    ],
)
def test_symbolic_to_numeric_interpolates_the_mark(slug: str, grade: str, expected: float) -> None:
    result = convert(grade, source=ECTS, target=load_scale(slug))
    assert result.grade == expected
    assert type(result.grade) is type(expected)


def test_numeric_to_numeric() -> None:
    france, spain, italy = load_scale("fr-0-20"), load_scale("es-0-10"), load_scale("it-18-30")
    assert convert(13.5, source=france, target=spain).grade == 6.8  # 0.35 -> 5 + 1.75 = 6.75, half up
    assert convert(27, source=italy, target=france).grade == 17.5  # 0.75 -> 17.5
    assert convert("30L", source=italy, target=spain).grade == "MH"  # honours to honours


def test_german_scale_is_symbolic_with_numeric_labels() -> None:
    germany = load_scale("de-1-5")
    assert (
        convert("C", source=ECTS, target=germany).grade == "2.3"
    )  # rank 4.5 of 9: the better of 2.3 and 2.7
    assert convert(1, source=germany, target=ECTS).grade == "A"  # 1 is the listed '1.0'


def test_the_explanation_says_it_is_the_fallback_and_what_is_missing() -> None:
    france = load_scale("fr-0-20")
    both = convert(13.5, source=france, target=ECTS).explanation
    assert both.startswith(
        "Linear fallback, not the ECTS percentile method: neither France 0–20 nor ECTS A–E"
    )
    assert "13.5 is 35% of the way from the lowest pass 10 to the best grade 20 on France 0–20" in both
    assert "gives 'D'" in both
    one = convert(13.5, source=france, target=ECTS, target_table=legacy_ects_distribution())
    assert one.method == "linear"
    assert "there is no grade distribution table for France 0–20." in one.explanation


def test_one_table_is_not_enough_for_the_percentile_method() -> None:
    table = GradeDistribution(ECTS, (10, 20, 40, 20, 10))
    result = convert("B", source=ECTS, target=load_scale("pl-2-5"), source_table=table)
    assert result.method == "linear"
