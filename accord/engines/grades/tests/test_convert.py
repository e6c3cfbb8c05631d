"""Failing grades, pass/fail scales, the same-scale case and mismatched tables."""

from __future__ import annotations

import pytest

from accord.engines.grades import (
    GradeConversionError,
    GradeDistribution,
    GradeScale,
    convert,
    legacy_ects_distribution,
    load_scale,
)

ECTS = load_scale("ects")
FRANCE = load_scale("fr-0-20")
PASS_FAIL = load_scale("pass-fail")
LEGACY = legacy_ects_distribution()


@pytest.mark.parametrize(
    ("slug", "grade", "target", "expected"),
    [
        ("fr-0-20", 9.99, "ects", "F"),  # below the pass mark
        ("fr-0-20", "AJ", "ects", "F"),
        ("ects", "FX", "fr-0-20", "AJ"),
        ("ects", "FX", "us-letter", "F"),
        ("ects", "FX", "ects", "FX"),  # the same scale keeps its own failing grade
        ("nl-1-10", 5.4, "de-1-5", "5.0"),  # 5.4 does not round up to a pass
        ("it-18-30", "respinto", "pl-2-5", 2),
        ("fr-0-20", 2, "pl-2-5", 2),  # a French 2/20 is a fail, not the Polish label that happens to read 2
        ("pass-fail", "Fail", "ects", "F"),
    ],
)
def test_failing_grades_convert_to_the_targets_failing_grade(
    slug: str, grade: object, target: str, expected: object
) -> None:
    result = convert(grade, source=load_scale(slug), target=load_scale(target))
    assert result.grade == expected
    assert not result.passed
    assert "failing grade" in result.explanation


def test_failing_grades_under_the_percentile_method() -> None:
    france_table = GradeDistribution(FRANCE, (1, 1, 2, 4, 8, 12, 15, 17, 18, 12, 10))
    failed = convert(8, source=FRANCE, target=ECTS, source_table=france_table, target_table=LEGACY)
    assert (failed.grade, failed.method, failed.passed) == ("F", "percentile", False)
    assert "below the pass mark 10" in failed.explanation


def test_failing_into_a_scale_without_failing_grades_is_refused() -> None:
    target = GradeScale(slug="t", name="target", kind="symbolic", passing=("P", "Q"))
    with pytest.raises(GradeConversionError) as refused:
        convert("F", source=ECTS, target=target)
    assert refused.value.code == "no_failing_grade"


def test_pass_fail_to_pass_fail_and_graded_to_pass_fail() -> None:
    assert convert("pass", source=PASS_FAIL, target=PASS_FAIL).grade == "Pass"
    for grade in ECTS.passing:
        assert convert(grade, source=ECTS, target=PASS_FAIL).grade == "Pass"
    result = convert("E", source=ECTS, target=PASS_FAIL)
    assert "every pass converts to 'Pass'" in result.explanation


def test_pass_fail_to_graded_needs_both_tables() -> None:
    with pytest.raises(GradeConversionError) as refused:
        convert("Pass", source=PASS_FAIL, target=ECTS)
    assert refused.value.code == "pass_fail_to_graded"
    assert "only says pass or fail" in refused.value.message
    with pytest.raises(GradeConversionError):
        convert("Pass", source=PASS_FAIL, target=ECTS, target_table=LEGACY)
    # With both tables the pass covers 0-100%, and the grade sharing most of it (C, 30 points) is given.
    table = GradeDistribution(PASS_FAIL, (100,))
    assert (
        convert("Pass", source=PASS_FAIL, target=ECTS, source_table=table, target_table=LEGACY).grade == "C"
    )


def test_same_scale_without_tables_keeps_the_grade_as_given() -> None:
    result = convert(13.5, source=FRANCE, target=FRANCE)
    assert (result.grade, result.method) == (13.5, "linear")
    assert "unchanged" in result.explanation
    assert convert("b", source=ECTS, target=ECTS).grade == "B"  # the scale's own spelling


def test_a_table_must_belong_to_its_scale() -> None:
    with pytest.raises(GradeConversionError) as refused:
        convert("A", source=FRANCE, target=ECTS, source_table=LEGACY, target_table=LEGACY)
    assert refused.value.code == "distribution_scale_mismatch"


@pytest.mark.parametrize(
    ("grade", "code"),
    [("G", "unknown_grade"), (True, "invalid_type"), (None, "invalid_type"), (float("nan"), "invalid_type")],
)
def test_bad_grades_are_refused(grade: object, code: str) -> None:
    with pytest.raises(GradeConversionError) as refused:
        convert(grade, source=ECTS, target=FRANCE)
    assert refused.value.code == code
