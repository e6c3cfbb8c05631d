"""The JSON contract the `accord allocate` command relies on: shapes in, shapes out, one error type."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from accord.engines.allocation import AllocationInputError, run_contract

DATA: dict[str, Any] = {
    "students": [
        {"id": "ann", "score": 91.5, "preferences": ["lyon", "graz"], "languages": {"fr": "B2"}, "eqf": 7},
        {
            "id": "bob",
            "score": 74.1,
            "preferences": ["lyon", "graz", "oslo"],
            "languages": {"fr": "B1"},
            "eqf": 6,
        },
        {"id": "cid", "score": 74.1, "preferences": ["graz", "oslo"]},
        {"id": "dan", "score": 60, "preferences": ["oslo"], "eqf": 6},
    ],
    "places": [
        {"id": "lyon", "capacity": 2, "languages": {"fr": "B2"}},
        {"id": "graz", "capacity": 1},
        {"id": "oslo", "capacity": 1, "eqf": [7]},
    ],
}


def test_output_shape() -> None:
    out = run_contract(copy.deepcopy(DATA), seed=5)
    assert json.loads(json.dumps(out)) == out  # plain JSON, nothing exotic
    assert {"assignments", "reasons", "check"} <= out.keys()
    assert set(out["assignments"]) == {"ann", "bob", "cid", "dan"}
    assert out["assignments"]["ann"] == "lyon"
    assert out["assignments"]["dan"] is None
    assert out["reasons"]["ann"] == []
    assert out["reasons"]["dan"] == [
        {"place": "oslo", "reason": "requires EQF level 7, yours is 6", "code": "ineligible"}
    ]
    assert out["reasons"]["bob"][0] == {
        "place": "lyon",
        "reason": "requires French B2, you have B1",
        "code": "ineligible",
    }
    assert out["check"] == {"stable": True, "blocking_pairs": 0, "capacity_ok": True, "eligibility_ok": True}
    assert sorted(out["lottery"].values()) == [1, 2, 3, 4]
    assert out["last_admitted"]["lyon"] == 91.5
    assert (out["policy"], out["seed"]) == ("deferred-acceptance", 5)


def test_the_tie_for_graz_is_explained_and_reproducible() -> None:
    first = run_contract(copy.deepcopy(DATA), seed=5)
    assert first == run_contract(copy.deepcopy(DATA), seed=5)
    loser = "bob" if first["assignments"]["cid"] == "graz" else "cid"
    graz = next(r for r in first["reasons"][loser] if r["place"] == "graz")
    assert graz["code"] == "lottery" and "broken by lottery" in graz["reason"]


def test_serial_dictatorship_policy() -> None:
    out = run_contract(copy.deepcopy(DATA), policy="serial-dictatorship", seed=5)
    assert out["policy"] == "serial-dictatorship"
    assert out["assignments"] == run_contract(copy.deepcopy(DATA), seed=5)["assignments"]


def test_optional_extensions() -> None:
    data = copy.deepcopy(DATA)
    data["places"][1].update(partner_id="uni-graz", priorities={"dan": 3, "cid": 1, "bob": 2})
    data["places"].append({"id": "pisa", "capacity": 3, "subject_areas": ["06"], "partner_id": "uni-pisa"})
    data["students"][3]["preferences"] = ["pisa", "graz"]
    data["students"][3]["subject_areas"] = ["0613"]
    data["partner_balance"] = {"uni-pisa": 0}
    out = run_contract(data)
    assert out["assignments"]["dan"] == "graz"
    assert out["reasons"]["dan"][0]["code"] == "no_seats"


def test_an_empty_call() -> None:
    out = run_contract({"students": [], "places": []})
    assert out["assignments"] == {} and out["check"]["stable"] is True


def broken(path: str, value: Any) -> dict[str, Any]:
    """DATA with one field replaced: path like "students.1.score" or "places.0.capacity"."""
    data = copy.deepcopy(DATA)
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is _DELETE:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        ([], "invalid_type", "the input must be a JSON object"),
        (broken("students", _DELETE), "invalid_type", "students must be a list"),
        (broken("places", {"id": "x"}), "invalid_type", "places must be a list"),
        (broken("students.0", "ann"), "invalid_type", "student #1 must be a JSON object"),
        (broken("students.1.score", "74"), "invalid_type", "student 'bob': score must be a number"),
        (broken("students.1.score", True), "invalid_type", "score must be a number"),
        (broken("students.1.score", float("nan")), "bad_score", "student 'bob'"),
        (broken("students.1.id", 7), "invalid_type", "student #2: id must be a non-empty string"),
        (
            broken("students.1.preferences", "lyon"),
            "invalid_type",
            "student 'bob': preferences must be a list",
        ),
        (
            broken("students.1.preferences", ["lyon", 3]),
            "invalid_type",
            "preference must be a non-empty string",
        ),
        (
            broken("students.1.preferences", ["lyon", "rome"]),
            "unknown_place",
            "student 'bob' lists unknown place 'rome'",
        ),
        (
            broken("students.1.preferences", ["lyon", "lyon"]),
            "duplicate_preference",
            "student 'bob' lists place 'lyon'",
        ),
        (broken("students.1.id", "ann"), "duplicate_student", "student 'ann' appears more than once"),
        (
            broken("students.1.languages", {"fr": "B3"}),
            "bad_cefr",
            "student 'bob': 'B3' for 'fr' is not a CEFR level",
        ),
        (broken("students.1.languages", {"French": "B2"}), "bad_language", "'French' is not a language code"),
        (
            broken("students.1.languages", ["fr"]),
            "invalid_type",
            "student 'bob': languages must be an object",
        ),
        (broken("students.1.eqf", 9), "bad_eqf", "student 'bob': EQF level 9 is not between 1 and 8"),
        (broken("students.1.eqf", "7"), "invalid_type", "student 'bob': eqf must be an integer"),
        (broken("students.1.langauges", {}), "unknown_field", "student 'bob' has unknown field 'langauges'"),
        (
            broken("students.1.languages", {"fr": 2}),
            "invalid_type",
            "student 'bob': languages['fr'] must be a",
        ),
        (broken("students.1.languages", {"": "B2"}), "invalid_type", "student 'bob': languages key must be"),
        (broken("students.1.preferences", ["lyon", ""]), "invalid_type", "student 'bob': preference must be"),
        (
            broken("students.1.subject_areas", ["0613", 613]),
            "invalid_type",
            "student 'bob': subject area must",
        ),
        (
            broken("places.1.priorities", {"ann": True}),
            "invalid_type",
            "place 'graz': priorities['ann'] must be",
        ),
        (broken("places.0.capacity", -1), "negative_capacity", "place 'lyon': the capacity is -1"),
        (broken("places.0.capacity", 2.0), "invalid_type", "place 'lyon': capacity must be an integer"),
        (broken("places.0.capacity", _DELETE), "invalid_type", "place 'lyon': capacity must be an integer"),
        (broken("places.1.id", "lyon"), "duplicate_place", "place 'lyon' appears more than once"),
        (
            broken("places.0.languages", {"fr": "C3"}),
            "bad_cefr",
            "place 'lyon': 'C3' for 'fr' is not a CEFR level",
        ),
        (broken("places.2.eqf", 7), "invalid_type", "place 'oslo': eqf must be a list"),
        (broken("places.2.eqf", [0]), "bad_eqf", "place 'oslo': EQF level 0"),
        (
            broken("places.1.priorities", {"zed": 1}),
            "unknown_student",
            "place 'graz' gives a priority to unknown",
        ),
        (broken("partner_balance", {"x": 1.5}), "invalid_type", "partner_balance['x'] must be an integer"),
        (broken("extra", 1), "unknown_field", "the input has unknown field 'extra'"),
    ],
)
def test_invalid_input_raises_one_error_type_with_a_clear_message(data: Any, code: str, words: str) -> None:
    with pytest.raises(AllocationInputError) as caught:
        run_contract(data)
    assert caught.value.code == code
    assert words in caught.value.message


def test_unknown_policy_and_bad_seed() -> None:
    with pytest.raises(AllocationInputError, match="unknown policy 'lottery'") as caught:
        run_contract(copy.deepcopy(DATA), policy="lottery")
    assert caught.value.code == "unknown_policy"
    with pytest.raises(AllocationInputError, match="seed must be an integer"):
        run_contract(copy.deepcopy(DATA), seed="1")  # type: ignore[arg-type]


def test_the_error_prints_well() -> None:
    error = AllocationInputError("unknown_place", "student 'bob' lists unknown place 'rome' in preferences")
    assert str(error) == "unknown_place: student 'bob' lists unknown place 'rome' in preferences"
    assert isinstance(error, ValueError)
