"""The JSON contract of ``accord grades convert --input IN.json``: shapes of answers and of errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.engines.grades import GradeConversionError, convert_contract

from .strategies import PROPERTY

ITALY = [30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18]
# Made-up table for 30 ... 18 (13 grades) adding up to 100.
ITALIAN_TABLE = [6, 4, 6, 8, 9, 10, 11, 10, 9, 8, 7, 6, 6]
ECTS = {"grades": ["A", "B", "C", "D", "E"], "distribution": [10, 25, 30, 25, 10]}


def test_percentile_answer_has_the_contract_shape() -> None:
    # 30..18 cumulative: 30 [0,6) 29 [6,10) 28 [10,16) 27 [16,24) ...; 27 lies inside ECTS B [10,35).
    answer = convert_contract(
        {"from": {"grades": ITALY, "distribution": ITALIAN_TABLE}, "to": ECTS, "grade": 27}
    )
    assert set(answer) == {"grade", "method", "explanation", "overlaps"}
    assert (answer["grade"], answer["method"]) == ("B", "percentile")
    assert answer["overlaps"] == [{"grade": "B", "points": 8.0, "share": 1.0}]
    assert isinstance(answer["explanation"], str)
    json.dumps(answer)  # ready to print


def test_without_a_distribution_the_linear_fallback_is_used() -> None:
    answer = convert_contract({"from": {"grades": ITALY}, "to": ECTS, "grade": "24"})
    assert (answer["grade"], answer["method"], answer["overlaps"]) == ("C", "linear", [])
    assert answer["explanation"].startswith("Linear fallback")


def test_target_grade_comes_back_in_the_form_it_was_given() -> None:
    answer = convert_contract({"from": ECTS, "to": {"grades": ITALY}, "grade": "B"})
    assert answer["grade"] == 27 and isinstance(answer["grade"], int)
    answer = convert_contract({"from": ECTS, "to": {"grades": ["30", "27", "24", "21", "18"]}, "grade": "b"})
    assert answer["grade"] == "27"


def test_shipped_scales_and_failing_grades() -> None:
    answer = convert_contract({"from": {"scale": "fr-0-20"}, "to": {"scale": "ects"}, "grade": 13.5})
    assert answer["grade"] == "D"
    failed = convert_contract(
        {
            "from": {"grades": ["A", "B"], "failing": ["F"]},
            "to": {"grades": ["1", "2"], "failing": ["5"]},
            "grade": "F",
        }
    )
    assert failed["grade"] == "5"


def test_pass_fail_sides() -> None:
    assert convert_contract({"from": ECTS, "to": {"grades": ["P"]}, "grade": "D"})["grade"] == "P"
    with pytest.raises(GradeConversionError) as refused:
        convert_contract({"from": {"grades": ["P"]}, "to": ECTS, "grade": "P"})
    assert refused.value.code == "pass_fail_to_graded"


def _valid() -> dict[str, Any]:
    return {"from": {"grades": ["A", "B", "C"], "distribution": [20, 30, 50]}, "to": dict(ECTS), "grade": "B"}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: d.pop("grade"), "missing_field"),
        (lambda d: d.pop("to"), "missing_field"),
        (lambda d: d["from"].pop("grades"), "missing_field"),
        (lambda d: d.update(extra=1), "unknown_field"),
        (lambda d: d["from"].update(distribuiton=[1]), "unknown_field"),
        (lambda d: d.update(grade="Z"), "unknown_grade"),
        (lambda d: d.update(grade=True), "invalid_type"),
        (lambda d: d.update(grade=["B"]), "invalid_type"),
        (lambda d: d.update(to="ects"), "invalid_type"),
        (lambda d: d["from"].update(grades="A,B,C"), "invalid_type"),
        (lambda d: d["from"].update(grades=[]), "empty_scale"),
        (lambda d: d["from"].update(grades=["A", "a", "C"]), "duplicate_grade"),
        (lambda d: d["from"].update(distribution=[50, 50]), "distribution_length"),
        (lambda d: d["from"].update(distribution=[20, 30, 40]), "distribution_sum"),
        (lambda d: d["from"].update(distribution=[60, 50, -10]), "negative_percentage"),
        (lambda d: d["from"].update(distribution=["20", 30, 50]), "invalid_type"),
        (lambda d: d["from"].update(distribution={"A": 100}), "invalid_type"),
        (lambda d: d["from"].update(scale="ects"), "invalid_scale"),
        (lambda d: d.update(to={"scale": "atlantis"}), "unknown_scale"),
        (lambda d: d.update(to={"scale": 3}), "invalid_type"),
        (lambda d: d["from"].update(failing=["F"]) or d.update(grade="F"), "no_failing_grade"),
    ],
)
def test_invalid_input_raises_one_error_type_with_a_stable_code(change: Any, code: str) -> None:
    data = _valid()
    convert_contract(_valid())  # the unchanged input is fine
    change(data)
    with pytest.raises(GradeConversionError) as refused:
        convert_contract(data)
    assert refused.value.code == code
    assert refused.value.message


def test_input_that_is_not_an_object() -> None:
    with pytest.raises(GradeConversionError) as refused:
        convert_contract([])  # type: ignore[arg-type]
    assert refused.value.code == "invalid_type"


_JSON_SCALAR = (
    st.none() | st.booleans() | st.integers(-5, 40) | st.floats(-5, 120) | st.sampled_from(["A", "B", "x"])
)
_SIDE = st.fixed_dictionaries(
    {},
    optional={
        "grades": st.lists(_JSON_SCALAR, max_size=6) | _JSON_SCALAR,
        "distribution": st.lists(_JSON_SCALAR, max_size=6) | _JSON_SCALAR,
        "failing": st.lists(_JSON_SCALAR, max_size=2),
        "scale": st.sampled_from(["ects", "fr-0-20", "pass-fail", "nowhere"]),
    },
)


@PROPERTY
@given(st.fixed_dictionaries({}, optional={"from": _SIDE, "to": _SIDE, "grade": _JSON_SCALAR}))
def test_any_input_converts_or_raises_the_one_error_type(data: dict[str, Any]) -> None:
    try:
        answer = convert_contract(data)
    except GradeConversionError as error:
        assert error.code and error.message
    else:
        assert answer["method"] in ("percentile", "linear")
        json.dumps(answer)
