"""The JSON contract of `accord coil match`: what it reads, what it answers, and how it refuses."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from accord.engines.coil import CoilInputError, parse_input, parse_top, run_contract

OFFER: dict[str, Any] = {
    "id": "berlin-robotics",
    "institution": "TU Berlin",
    "isced": "0613",
    "language": "en",
    "eqf": 7,
    "start": "2026-10-01",
    "end": "2026-12-15",
    "timezone": "Europe/Berlin",
    "slots": [{"weekday": 0, "start": "09:00", "end": "11:00"}],
    "class_size": 24,
    "title": "Robot ethics",
    "description": "Ethics of autonomous robots.",
}


def offers(**changes: Any) -> dict[str, Any]:
    second = {**copy.deepcopy(OFFER), "id": "tokyo-robotics", "institution": "Tokyo Tech"}
    second.update({"timezone": "Asia/Tokyo", "slots": [{"weekday": 0, "start": "16:00", "end": "18:00"}]})
    first = {**copy.deepcopy(OFFER), **changes}
    return {"offers": [second, first]}


def test_the_answer_lists_every_offer_with_its_suggestions() -> None:
    data = offers(goals="", cefr="B2", languages=["de"], format="mixed", tools=["Zoom"])
    data["offers"].append(
        {**copy.deepcopy(OFFER), "id": "alone", "institution": "Elsewhere", "language": "fr"}
    )
    data["partnerships"] = [["TU Berlin", "Tokyo Tech"]]
    answer = run_contract(data, top="5")
    assert list(answer["matches"]) == ["tokyo-robotics", "berlin-robotics", "alone"]
    assert answer["matches"]["alone"] == []
    (suggestion,) = answer["matches"]["berlin-robotics"]
    assert list(suggestion) == [
        "offer",
        "score",
        "overlap_weeks",
        "live_overlap_hours_per_week",
        "explanation",
    ]
    assert suggestion["offer"] == "tokyo-robotics" and suggestion["overlap_weeks"] == 10
    # 2 h on the 3 Mondays before 25 October, 1 h on the 8 after: 14 h in 76 days, 1.289 h a week.
    assert suggestion["live_overlap_hours_per_week"] == 1.29
    assert "existing partners" in suggestion["explanation"]
    assert answer["matches"]["tokyo-robotics"][0]["score"] == suggestion["score"]


def test_cefr_is_one_level_for_the_language_or_a_level_per_language() -> None:
    (by_language,), _ = parse_input({"offers": [{**OFFER, "languages": ["de"], "cefr": {"de": "C1"}}]})
    assert by_language.languages == ("en", ("de", "C1"))
    (one_level,), _ = parse_input({"offers": [{**OFFER, "languages": ["de"], "cefr": "B2"}]})
    assert one_level.languages == (("en", "B2"), "de")
    (listed,), _ = parse_input(
        {
            "offers": [
                {
                    **{k: v for k, v in OFFER.items() if k != "language"},
                    "languages": ["fr", "de"],
                    "cefr": "B1",
                }
            ]
        }
    )
    assert listed.languages == (("fr", "B1"), ("de", "B1"))


@pytest.mark.parametrize(
    ("data", "code", "where"),
    [
        ([], "invalid_type", "the input must be a JSON object"),
        ({"offers": {}}, "invalid_type", "'offers' must be a list"),
        ({"offer": []}, "unknown_field", "unknown field 'offer'"),
        (offers(timezone="Mars/Olympus"), "unknown_timezone", "offer #2 (id 'berlin-robotics'): timezone: "),
        (offers(end="2026-09-30"), "bad_period", "offer #2 (id 'berlin-robotics'): end: "),
        (offers(start="01/10/2026"), "bad_date", "offer #2 (id 'berlin-robotics'): start: "),
        (offers(start="2026-02-30"), "bad_date", "offer #2 (id 'berlin-robotics'): start: "),
        (offers(eqf="7"), "invalid_type", "offer #2 (id 'berlin-robotics'): eqf: must be an integer"),
        (offers(class_size=0), "bad_class_size", "offer #2 (id 'berlin-robotics'): class_size: "),
        (offers(id=""), "empty_field", "offer #2: id: "),
        (
            offers(id="tokyo-robotics"),
            "duplicate_offer",
            "offer #2 (id 'tokyo-robotics'): id: already used by offer #1",
        ),
        (offers(colour="red"), "unknown_field", "offer #2 (id 'berlin-robotics'): colour: unknown field"),
        (offers(slots=[{"weekday": 7, "start": "09:00", "end": "10:00"}]), "bad_slot", "slots[0].weekday"),
        (
            offers(slots=[{"weekday": 0, "start": "9:00", "end": "10:00"}]),
            "bad_slot",
            "slots[0].start: must be a time HH:MM",
        ),
        (
            offers(slots=[{"weekday": 0, "start": "10:00", "end": "10:00"}]),
            "bad_slot",
            "slots[0].end: must be after",
        ),
        (offers(slots=[{"weekday": 0, "start": "10:00", "end": "24:00"}]), "bad_slot", "slots[0].end"),
        (offers(slots=[{"weekday": 0, "start": "10:00"}]), "missing_field", "slots[0].end: required"),
        (offers(cefr={"fr": "B2"}), "bad_cefr", "cefr: gives a level for 'fr'"),
        (offers(cefr="Z9"), "bad_cefr", "offer #2 (id 'berlin-robotics'): cefr: "),
        (offers(format="hybrid"), "bad_format", "format: must be one of"),
        ({**offers(), "partnerships": [["TU Berlin"]]}, "bad_partnership", "partnerships[0]"),
    ],
)
def test_invalid_input_names_the_offer_and_the_field(data: Any, code: str, where: str) -> None:
    with pytest.raises(CoilInputError) as error:
        run_contract(data)
    assert error.value.code == code
    assert where in error.value.message and "\n" not in error.value.message


def test_a_missing_field_is_named() -> None:
    data = offers()
    del data["offers"][1]["timezone"]
    with pytest.raises(CoilInputError) as error:
        run_contract(data)
    assert (error.value.code, error.value.extra) == (
        "missing_field",
        {"field": "timezone", "index": 1, "offer": "berlin-robotics"},
    )


@pytest.mark.parametrize("top", [0, -1, "0", "ten", 2.5, True])
def test_top_must_be_a_whole_number_of_at_least_one(top: object) -> None:
    with pytest.raises(CoilInputError) as error:
        parse_top(top)
    assert error.value.code == "bad_top"
