"""Python callers (the Django adapter) get the same validation as the JSON contract."""

from __future__ import annotations

import gc
import math
from typing import Any

import pytest

from accord.engines.allocation import AllocationInputError, AllocationOptions, Place, Student, allocate
from accord.engines.allocation.models import cefr_rank, language_key

PLACES = [Place("p", 1), Place("q", 2)]


def JUNK(value: object) -> Any:  # upper case: reads as a marker in the tables below
    """A wrongly typed value, as an untyped caller (a JSON loader, a spreadsheet import) could pass."""
    return value


@pytest.mark.parametrize(
    ("students", "places", "options", "code", "words"),
    [
        (
            [Student("a", 1, ("p", "x"))],
            PLACES,
            AllocationOptions(),
            "unknown_place",
            "student 'a' lists unknown place 'x'",
        ),
        (
            [Student("a", 1, ("p", "q", "p"))],
            PLACES,
            AllocationOptions(),
            "duplicate_preference",
            "place 'p'",
        ),
        ([Student("a", 1, ()), Student("a", 2, ())], PLACES, AllocationOptions(), "duplicate_student", "'a'"),
        ([Student("a", math.inf, ())], PLACES, AllocationOptions(), "bad_score", "student 'a'"),
        ([Student("", 1, ())], PLACES, AllocationOptions(), "invalid_type", "student #1"),
        ([], [Place("p", 1), Place("p", 1)], AllocationOptions(), "duplicate_place", "place 'p'"),
        ([], [Place("p", -3)], AllocationOptions(), "negative_capacity", "the capacity is -3"),
        ([], [Place("p", True)], AllocationOptions(), "invalid_type", "capacity must be an integer"),
        ([], [Place("p", 1, {"en": "B2+"})], AllocationOptions(), "bad_cefr", "'B2+' for 'en'"),
        ([], [Place("p", 1, {"english!": "B2"})], AllocationOptions(), "bad_language", "'english!'"),
        ([], [Place("p", 1, eqf_levels=frozenset({9}))], AllocationOptions(), "bad_eqf", "EQF level 9"),
        ([], [Place("p", 1, subject_areas=("",))], AllocationOptions(), "invalid_type", "subject areas"),
        ([], [Place("p", 1, priorities={"ghost": 1})], AllocationOptions(), "unknown_student", "'ghost'"),
        (
            [Student("a", 1, ())],
            [Place("p", 1, priorities={"a": math.nan})],
            AllocationOptions(),
            "bad_score",
            "'a'",
        ),
        ([Student("a", 1, (), eqf=0)], PLACES, AllocationOptions(), "bad_eqf", "student 'a'"),
        ([Student("a", 1, (), {"en": "D1"})], PLACES, AllocationOptions(), "bad_cefr", "student 'a'"),
        (
            [],
            PLACES,
            AllocationOptions(policy=JUNK("random")),
            "unknown_policy",
            "deferred-acceptance, serial-dict",
        ),
        ([], PLACES, AllocationOptions(partner_balance={"x": JUNK("2")}), "invalid_type", "partner 'x'"),
    ],
)
def test_invalid_input(students: Any, places: Any, options: AllocationOptions, code: str, words: str) -> None:
    with pytest.raises(AllocationInputError) as caught:
        allocate(students, places, options)
    assert caught.value.code == code
    assert words in caught.value.message


def test_language_codes_and_levels() -> None:
    assert [language_key(code) for code in ("en", "EN", "en-GB", "pt_BR", " de ", "zh-Hant-TW")] == [
        "en", "en", "en", "pt", "de", "zh",
    ]  # fmt: skip
    assert [language_key(code) for code in ("", "e", "english", "en--GB", JUNK(3))] == [None] * 5
    assert [cefr_rank(level) for level in ("A1", "b2", " C2 ", "C3", "", JUNK(None))] == [
        0,
        3,
        5,
        None,
        None,
        None,
    ]


def test_inputs_are_frozen_and_reusable() -> None:
    student = Student("a", 1, ("p",), {"en": "B2"})
    with pytest.raises(AttributeError):
        student.score = 2  # type: ignore[misc]
    assert hash(student) == hash(
        Student("a", 1, ("p",), {"fr": "A1"})
    )  # languages do not take part in hashing
    first = allocate([student], PLACES)
    assert first == allocate([student], PLACES)


def test_the_garbage_collector_is_left_as_it_was_found() -> None:
    assert gc.isenabled()
    allocate([Student("a", 1, ("p",))], PLACES)
    with pytest.raises(AllocationInputError):
        allocate([Student("a", 1, ("nowhere",))], PLACES)
    assert gc.isenabled()
    gc.disable()
    try:
        allocate([Student("a", 1, ("p",))], PLACES)
        assert not gc.isenabled()
    finally:
        gc.enable()
