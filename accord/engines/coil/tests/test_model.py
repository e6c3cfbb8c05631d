"""An offer checks itself when it is built; every error names its field."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from accord.engines.coil import CoilInputError, Slot

from .helpers import offer


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"id": ""}, "empty_field", "id"),
        ({"institution": 3}, "invalid_type", "institution"),
        ({"isced": "6"}, "bad_isced", "isced"),
        ({"isced": "06130"}, "bad_isced", "isced"),
        ({"languages": ()}, "bad_language", "languages"),
        ({"languages": ("english!",)}, "bad_language", "languages"),
        ({"languages": (("en", "B3"),)}, "bad_cefr", "cefr"),
        ({"eqf": 4}, "bad_eqf", "eqf"),
        ({"eqf": True}, "bad_eqf", "eqf"),
        ({"start": datetime(2026, 9, 1)}, "invalid_type", "start"),
        ({"end": date(2026, 8, 31)}, "bad_period", "end"),
        ({"timezone": "Europe/Berln"}, "unknown_timezone", "timezone"),
        ({"timezone": "../etc/passwd"}, "unknown_timezone", "timezone"),
        ({"class_size": 0}, "bad_class_size", "class_size"),
        ({"format": "hybrid"}, "bad_format", "format"),
        ({"tools": {"zoom"}}, "invalid_type", "tools"),
    ],
)
def test_an_invalid_field_is_named(changes: dict, code: str, field: str) -> None:
    with pytest.raises(CoilInputError) as error:
        offer(**changes)
    assert (error.value.code, error.value.field) == (code, field)
    assert error.value.message.startswith(f"{field}: ")


@pytest.mark.parametrize(
    "slot",
    [(7, time(9), time(10)), (-1, time(9), time(10)), (0, time(10), time(10)), (0, time(11), time(10))],
)
def test_a_slot_needs_a_weekday_and_to_end_after_it_starts(slot: tuple) -> None:
    with pytest.raises(CoilInputError) as error:
        Slot(*slot)
    assert (error.value.code, error.value.field) == ("bad_slot", "slots")


def test_language_levels_keep_the_highest_and_fold_variants() -> None:
    from accord.engines.coil.model import language_levels

    assert language_levels(("en-GB", ("EN", "b2"), ("en_US", "C1"), ("de", None))) == {"en": 4, "de": None}
