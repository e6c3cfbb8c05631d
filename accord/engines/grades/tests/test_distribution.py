"""Distribution tables: what is accepted, what is refused, and the cumulative ranges."""

from __future__ import annotations

import pytest

from accord.engines.grades import (
    GradeConversionError,
    GradeDistribution,
    legacy_ects_distribution,
    load_scale,
)

ECTS = load_scale("ects")


@pytest.mark.parametrize("percentages", [(10, 25, 30, 25, 10), (10, 25, 30, 25, 9.5), (10, 25, 30, 25, 10.5)])
def test_sums_within_half_a_point_of_100_are_accepted(percentages: tuple[float, ...]) -> None:
    GradeDistribution(ECTS, percentages)


@pytest.mark.parametrize(
    ("percentages", "code"),
    [
        ((10, 25, 30, 25, 9.4), "distribution_sum"),
        ((10, 25, 30, 25, 10.6), "distribution_sum"),
        ((0, 0, 0, 0, 0), "distribution_sum"),
        ((20, 25, 30, 35, -10), "negative_percentage"),
        ((10, 25, 30, 35), "distribution_length"),
        ((10, 25, 30, 25, 5, 5), "distribution_length"),
        ((10, 25, 30, 25, "10"), "invalid_type"),
        ((10, 25, 30, 25, True), "invalid_type"),
        ((10, 25, 30, 25, float("nan")), "invalid_type"),
    ],
)
def test_bad_tables_are_refused(percentages: tuple[object, ...], code: str) -> None:
    with pytest.raises(GradeConversionError) as refused:
        GradeDistribution(ECTS, percentages)  # type: ignore[arg-type]
    assert refused.value.code == code


def test_the_sum_error_says_what_the_table_adds_up_to() -> None:
    with pytest.raises(GradeConversionError, match=r"add up to 99\.4, not 100"):
        GradeDistribution(ECTS, (10, 25, 30, 25, 9.4))


def test_cumulative_ranges_count_from_the_best_grade() -> None:
    ranges = legacy_ects_distribution().ranges()
    assert [(r.grade, r.lower, r.upper) for r in ranges] == [
        ("A", 0, 10),
        ("B", 10, 35),
        ("C", 35, 65),
        ("D", 65, 90),
        ("E", 90, 100),
    ]


def test_reference_group_metadata() -> None:
    table = GradeDistribution(
        ECTS, (10, 25, 30, 25, 10), institution="Uni X", isced_code="0613", period="2024/2025"
    )
    assert table.describe() == "Uni X, ISCED 0613, 2024/2025"
    assert GradeDistribution(ECTS, (10, 25, 30, 25, 10)).describe() == ""
    assert "not the results of real students" in legacy_ects_distribution().describe()
    with pytest.raises(GradeConversionError) as refused:
        GradeDistribution(ECTS, (10, 25, 30, 25, 10), isced_code="Computing")
    assert refused.value.code == "invalid_isced_code"
