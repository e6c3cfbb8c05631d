"""Combining several converted grades into one home grade, weighted by credits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.engines.grades import GradeConversionError, combine, load_scale

from .strategies import PROPERTY

ECTS = load_scale("ects")
ITALY = load_scale("it-18-30")


def test_one_grade_is_itself() -> None:
    result = combine(ECTS, [("B", 6)])
    assert (result.grade, result.passed, result.explanation) == ("B", True, "")


def test_symbolic_grades_average_their_ranks_weighted_by_credits() -> None:
    # A (rank 0) for 9 credits and C (rank 2) for 3: mean rank 0.5, a half, which goes to the better A.
    assert combine(ECTS, [("A", 9), ("C", 3)]).grade == "A"
    # A for 3 and C for 9: mean rank 1.5 -> B.
    result = combine(ECTS, [("A", 3), ("C", 9)])
    assert result.grade == "B"
    assert "'A' (3 credits) and 'C' (9 credits)" in result.explanation


def test_numeric_marks_average_and_round_to_the_scale_precision() -> None:
    assert combine(ITALY, [(27, 6), (30, 6)]).grade == 29  # 28.5 rounds half up
    assert combine(ITALY, [(24, 10), (30, 5)]).grade == 26


def test_a_failed_part_fails_the_whole() -> None:
    result = combine(ECTS, [("A", 6), ("F", 3)])
    assert (result.grade, result.passed) == ("F", False)


def test_credits_must_be_positive() -> None:
    with pytest.raises(GradeConversionError) as caught:
        combine(ECTS, [("A", 0), ("B", 3)])
    assert caught.value.code == "invalid_type"
    with pytest.raises(GradeConversionError):
        combine(ECTS, [])


@PROPERTY
@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B", "C", "D", "E"]), st.integers(1, 30)), min_size=2, max_size=5
    )
)
def test_the_result_lies_between_the_best_and_the_worst_part(parts: list[tuple[str, int]]) -> None:
    ranks = [ECTS.passing.index(grade) for grade, _ in parts]
    result = ECTS.passing.index(combine(ECTS, parts).grade)
    assert min(ranks) <= result <= max(ranks)
