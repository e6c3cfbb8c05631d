"""Scales: grade identity, placement of marks between points, and refusal of malformed scales."""

from __future__ import annotations

from fractions import Fraction

import pytest

from accord.engines.grades import GradeConversionError, GradeScale, NumericRange, grade_key, load_scale


@pytest.mark.parametrize(("a", "b"), [("1.0", 1), ("1,0", 1.0), ("a", "A"), (" B ", "B"), (4.5, "4.50")])
def test_equal_grades_share_a_key(a: str | float, b: str | float) -> None:
    assert grade_key(a) == grade_key(b)


@pytest.mark.parametrize(("a", "b"), [("30L", 30), ("A-", "A"), ("1.3", "1.0"), ("2:1", "2")])
def test_different_grades_have_different_keys(a: str | float, b: str | float) -> None:
    assert grade_key(a) != grade_key(b)


@pytest.mark.parametrize(
    ("slug", "mark", "label"),
    [
        ("fr-0-20", 13.5, 13),  # "down": the point below
        ("fr-0-20", "13,99", 13),
        ("fr-0-20", 20, 20),
        ("fr-0-20", 10, 10),
        ("nl-1-10", 6.4, 6),  # "nearest": rounds to the closest point
        ("nl-1-10", 6.5, 7),  # halves up
        ("nl-1-10", 5.5, 6),  # the pass mark rounds up to 6
        ("nl-1-10", 9.5, 10),
        ("es-0-10", "MH", "MH"),
        ("it-18-30", "30l", "30L"),
    ],
)
def test_marks_find_their_band(slug: str, mark: object, label: object) -> None:
    placement = load_scale(slug).place(mark)
    assert placement.passed
    assert placement.label == label
    assert placement.given == mark


def test_placement_keeps_the_exact_value() -> None:
    placement = load_scale("fr-0-20").place(13.5)
    assert placement.value == Fraction(27, 2)
    assert placement.index == 7  # 20, 19, ... 13 is the eighth point


@pytest.mark.parametrize(
    ("slug", "mark"), [("fr-0-20", 9.99), ("nl-1-10", 5.49), ("it-18-30", 17), ("es-0-10", 0)]
)
def test_marks_below_the_pass_mark_fail(slug: str, mark: float) -> None:
    assert not load_scale(slug).place(mark).passed


@pytest.mark.parametrize(("slug", "mark"), [("fr-0-20", 20.5), ("fr-0-20", -1), ("nl-1-10", 0.5)])
def test_marks_outside_the_scale_are_refused(slug: str, mark: float) -> None:
    with pytest.raises(GradeConversionError) as refused:
        load_scale(slug).place(mark)
    assert refused.value.code == "grade_out_of_range"


def test_unknown_grades_are_refused_with_the_list_of_grades() -> None:
    with pytest.raises(GradeConversionError) as refused:
        load_scale("ects").place("G")
    assert refused.value.code == "unknown_grade"
    assert "'A', 'B', 'C', 'D', 'E'" in refused.value.message
    with pytest.raises(GradeConversionError):
        load_scale("de-1-5").place("1.5")  # symbolic: only the listed steps exist


def _scale(**changes: object) -> GradeScale:
    fields: dict[str, object] = {
        "slug": "x",
        "name": "X",
        "kind": "symbolic",
        "passing": ("A", "B"),
        "failing": ("F",),
    }
    fields.update(changes)
    return GradeScale(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"passing": ()}, "empty_scale"),
        ({"passing": ("A", "a")}, "duplicate_grade"),
        ({"passing": ("1.0", 1)}, "duplicate_grade"),
        ({"failing": ("A",)}, "duplicate_grade"),
        ({"passing": ("A", True)}, "invalid_type"),
        ({"kind": "letters"}, "invalid_scale"),
        ({"kind": "pass_fail"}, "invalid_scale"),  # two passing grades
        ({"passing": ("A",)}, "invalid_scale"),  # one passing grade is pass/fail
        ({"kind": "numeric"}, "invalid_scale"),  # no numeric range
        ({"numeric": NumericRange(0, 20, 10)}, "invalid_scale"),  # a range on a symbolic scale
        ({"slug": ""}, "invalid_scale"),
    ],
)
def test_malformed_scales_are_refused(changes: dict[str, object], code: str) -> None:
    with pytest.raises(GradeConversionError) as refused:
        _scale(**changes)
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("passing", "numeric"),
    [
        ((10, 15, 20), NumericRange(0, 20, 10)),  # not best first
        ((20, "honours", 10), NumericRange(0, 20, 10)),  # honours after a mark
        (("honours",), NumericRange(0, 20, 10)),  # no mark at all
        ((25, 10), NumericRange(0, 20, 10)),  # above the maximum
        ((20, 8), NumericRange(0, 20, 10)),  # below the pass mark
        ((20, 10), NumericRange(10, 20, 0)),  # pass mark below the minimum
        ((20, 10), NumericRange(0, 20, 10.25, decimals=1)),  # pass mark finer than the recorded precision
        ((20, 10), NumericRange(0, 20, 10, between_points="up")),  # type: ignore[arg-type]
    ],
)
def test_malformed_numeric_scales_are_refused(passing: tuple[object, ...], numeric: NumericRange) -> None:
    with pytest.raises(GradeConversionError) as refused:
        _scale(kind="numeric", passing=passing, failing=(), numeric=numeric)
    assert refused.value.code == "invalid_scale"


def test_scales_accept_lists_and_stay_hashable() -> None:
    scale = _scale(passing=["A", "B"], failing=["F"])
    assert scale.passing == ("A", "B")
    assert hash(scale) == hash(_scale())
