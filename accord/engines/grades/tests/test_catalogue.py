"""Every shipped scale loads, is well formed, and the JSON parser refuses what it does not understand."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from accord.engines.grades import (
    GradeConversionError,
    legacy_ects_distribution,
    load_scale,
    scale_from_dict,
    shipped_scales,
)

EXPECTED = {
    "ects": ("A", "E", "F"),
    "de-1-5": ("1.0", "4.0", "5.0"),
    "fr-0-20": (20, 10, "AJ"),
    "it-18-30": ("30L", 18, "respinto"),
    "es-0-10": ("MH", 5, "Suspenso"),
    "nl-1-10": (10, 6, "onvoldoende"),
    "pl-2-5": (5, 3, 2),
    "uk-classification": ("First", "Third", "Fail"),
    "us-letter": ("A", "D", "F"),
    "pass-fail": ("Pass", "Pass", "Fail"),
}


def test_every_expected_scale_ships() -> None:
    assert set(shipped_scales()) == set(EXPECTED)


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_shipped_scale_is_well_formed(slug: str) -> None:
    scale = load_scale(slug)
    best, lowest, fail = EXPECTED[slug]
    assert (scale.passing[0], scale.passing[-1], scale.failing[0]) == (best, lowest, fail)
    assert scale.note and scale.name
    for index, grade in enumerate(scale.passing):
        assert scale.place(grade).index == index  # every listed grade finds itself
    for grade in scale.failing:
        assert not scale.place(grade).passed
    if scale.numeric is not None:
        assert scale.place(scale.numeric.pass_mark).index == len(scale.passing) - 1
        assert scale.place(scale.numeric.maximum).passed
        assert not scale.place(scale.numeric.minimum).passed


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_file_name_matches_slug(slug: str) -> None:
    path = resources.files("accord.engines.grades") / "scales" / f"{slug}.json"
    assert json.loads(path.read_text(encoding="utf-8"))["slug"] == slug


def test_only_the_normative_legacy_table_ships_and_is_labelled() -> None:
    table = legacy_ects_distribution()
    assert table.percentages == (10, 25, 30, 25, 10)
    assert table.normative
    assert table.scale == load_scale("ects")


def test_unknown_slug() -> None:
    with pytest.raises(GradeConversionError) as refused:
        load_scale("atlantis")
    assert refused.value.code == "unknown_scale"
    assert "fr-0-20" in refused.value.message


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"colour": "blue"}, "unknown_field"),
        ({"kind": "letters"}, "invalid_scale"),
        ({"passing": "A B C"}, "invalid_type"),
        ({"name": 7}, "invalid_type"),
        ({"kind": "numeric", "numeric": {"minimum": 0, "maximum": 20}}, "invalid_type"),
        (
            {"kind": "numeric", "numeric": {"minimum": 0, "maximum": 20, "pass_mark": 10, "step": 1}},
            "unknown_field",
        ),
        (
            {"kind": "numeric", "numeric": {"minimum": 0, "maximum": 20, "pass_mark": 10, "decimals": 1.5}},
            "invalid_type",
        ),
        (
            {
                "kind": "numeric",
                "numeric": {"minimum": 0, "maximum": 20, "pass_mark": 10, "between_points": "up"},
            },
            "invalid_scale",
        ),
    ],
)
def test_scale_from_dict_refuses_malformed_data(changes: dict[str, object], code: str) -> None:
    data: dict[str, object] = {
        "slug": "x",
        "name": "X",
        "kind": "symbolic",
        "passing": [20, 10],
        "failing": [],
    }
    data.update(changes)
    with pytest.raises(GradeConversionError) as refused:
        scale_from_dict(data)
    assert refused.value.code == code


def test_scale_from_dict_reads_a_custom_numeric_scale() -> None:
    scale = scale_from_dict(
        {
            "slug": "uk-percent",
            "name": "UK module marks",
            "kind": "numeric",
            "passing": [100, 70, 60, 50, 40],
            "numeric": {"minimum": 0, "maximum": 100, "pass_mark": 40, "decimals": 0},
        }
    )
    assert scale.place(65).label == 60
