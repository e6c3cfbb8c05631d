"""`accord coil match --input IN.json [--top K]`: the printed JSON, and exit status 2 with one error line."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from accord.cli import cli

BERLIN: dict[str, Any] = {
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
    "description": "Ethics of autonomous robots and the software that drives them.",
}
TOKYO = {
    **BERLIN,
    "id": "tokyo-robotics",
    "institution": "Tokyo Tech",
    "timezone": "Asia/Tokyo",
    "slots": [{"weekday": 0, "start": "16:00", "end": "18:00"}],
    "cefr": "B2",
    "format": "synchronous",
    "tools": ["Zoom"],
}
ALONE = {**BERLIN, "id": "alone", "institution": "Elsewhere", "language": "fr"}


def run(tmp_path: Path, content: str, *options: str) -> tuple[int, str, str]:
    source = tmp_path / "in.json"
    source.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["coil", "match", "--input", str(source), *options])
    return result.exit_code, result.stdout, result.stderr


def offers(*items: dict[str, Any], **top: Any) -> str:
    return json.dumps({"offers": [copy.deepcopy(item) for item in items], **top})


def test_every_offer_gets_its_suggestions_as_json(tmp_path: Path) -> None:
    third = {**BERLIN, "id": "paris-robotics", "institution": "Sorbonne", "timezone": "Europe/Paris"}
    code, out, err = run(
        tmp_path, offers(BERLIN, TOKYO, third, ALONE, partnerships=[["TU Berlin", "Sorbonne"]])
    )
    assert (code, err) == (0, "")
    matches = json.loads(out)["matches"]
    assert list(matches) == ["berlin-robotics", "tokyo-robotics", "paris-robotics", "alone"]
    assert matches["alone"] == []
    first, second = matches["berlin-robotics"]
    assert (first["offer"], second["offer"]) == ("paris-robotics", "tokyo-robotics")
    assert first["score"] > second["score"]
    assert set(first) == {"offer", "score", "overlap_weeks", "live_overlap_hours_per_week", "explanation"}
    # Paris meets Berlin 2 h on each of the 11 Mondays of the 76 days; Tokyo 2 h on 3 of them, 1 h on 8.
    assert (first["overlap_weeks"], first["live_overlap_hours_per_week"]) == (10, 2.03)
    assert second["live_overlap_hours_per_week"] == 1.29
    assert "partnership 2.0 (existing partners)" in first["explanation"]


def test_top_limits_the_suggestions(tmp_path: Path) -> None:
    third = {**BERLIN, "id": "paris-robotics", "institution": "Sorbonne"}
    code, out, _ = run(tmp_path, offers(BERLIN, TOKYO, third), "--top", "1")
    assert code == 0
    assert {key: len(value) for key, value in json.loads(out)["matches"].items()} == {
        "berlin-robotics": 1,
        "tokyo-robotics": 1,
        "paris-robotics": 1,
    }


def without(item: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != key}


@pytest.mark.parametrize(
    ("content", "options", "expected"),
    [
        ("{not json", (), "is not valid JSON"),
        ('{"offers": [NaN]}', (), "is not valid JSON"),
        ("[]", (), "must be a JSON object"),
        (
            offers(BERLIN, without(TOKYO, "timezone")),
            (),
            "offer #2 (id 'tokyo-robotics'): timezone: required",
        ),
        (
            offers(BERLIN, {**TOKYO, "class_size": "24"}),
            (),
            "offer #2 (id 'tokyo-robotics'): class_size: must be",
        ),
        (
            offers({**BERLIN, "timezone": "Europe/Berln"}),
            (),
            "offer #1 (id 'berlin-robotics'): timezone: unknown",
        ),
        (
            offers({**BERLIN, "end": "2026-09-30"}),
            (),
            "offer #1 (id 'berlin-robotics'): end: the period ends",
        ),
        (offers({**BERLIN, "slots": [{"weekday": 0, "start": "9h", "end": "11:00"}]}), (), "slots[0].start"),
        (offers({**BERLIN, "slots": [{"weekday": 0, "start": "11:00", "end": "09:00"}]}), (), "slots[0].end"),
        (
            offers({**BERLIN, "slots": [{"weekday": 7, "start": "09:00", "end": "11:00"}]}),
            (),
            "slots[0].weekday",
        ),
        (
            offers(BERLIN, {**TOKYO, "id": "berlin-robotics"}),
            (),
            "offer #2 (id 'berlin-robotics'): id: already",
        ),
        (offers(BERLIN), ("--top", "0"), "--top must be a whole number of at least 1"),
        (offers(BERLIN), ("--top", "many"), "--top must be a whole number of at least 1"),
    ],
)
def test_invalid_input_exits_2_with_one_line(
    tmp_path: Path, content: str, options: tuple, expected: str
) -> None:
    code, out, err = run(tmp_path, content, *options)
    assert (code, out) == (2, "")
    assert err.startswith("Error: ") and err.count("\n") == 1 and expected in err
    assert "Traceback" not in err


def test_an_unreadable_file_is_one_line_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["coil", "match", "--input", str(tmp_path / "missing.json")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: cannot read ") and "missing.json" in result.stderr
    (tmp_path / "latin1.json").write_bytes('{"offers": [{"title": "Ã©t\xe9"}]}'.encode("latin-1"))
    result = CliRunner().invoke(cli, ["coil", "match", "--input", str(tmp_path / "latin1.json")])
    assert result.exit_code == 2 and "is not UTF-8 text" in result.stderr


def test_stdin_works_and_no_database_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.common.commands

    def no_setup(**_: Any) -> None:
        raise AssertionError("accord coil match must not set Django up")

    monkeypatch.setattr(accord.common.commands, "setup", no_setup)
    result = CliRunner().invoke(cli, ["coil", "match", "--input", "-"], input=offers(BERLIN, TOKYO))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["matches"]["tokyo-robotics"][0]["offer"] == "berlin-robotics"
