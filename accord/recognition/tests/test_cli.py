"""`accord grades convert --input IN.json`: the printed JSON, and exit status 2 with a clear error."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from accord.cli import cli

ITALY = {
    "grades": [30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18],
    "distribution": [6, 4, 6, 8, 9, 10, 11, 10, 9, 8, 7, 6, 6],
}
ECTS = {"grades": ["A", "B", "C", "D", "E"], "distribution": [10, 25, 30, 25, 10]}


def _run(tmp_path: Path, content: str) -> tuple[int, str, str]:
    source = tmp_path / "in.json"
    source.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["grades", "convert", "--input", str(source)])
    return result.exit_code, result.stdout, result.stderr


def test_percentile_conversion_prints_the_contract(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, json.dumps({"from": ITALY, "to": ECTS, "grade": 27}))
    assert code == 0
    answer = json.loads(out)
    assert (answer["grade"], answer["method"]) == ("B", "percentile")
    assert "27" in answer["explanation"]


def test_without_distributions_the_linear_fallback_is_labelled(tmp_path: Path) -> None:
    code, out, _ = _run(
        tmp_path,
        json.dumps({"from": {"grades": ITALY["grades"]}, "to": {"grades": ECTS["grades"]}, "grade": 30}),
    )
    assert code == 0 and json.loads(out)["method"] == "linear" and json.loads(out)["grade"] == "A"


def test_invalid_input_exits_2_with_a_clear_error(tmp_path: Path) -> None:
    for content, expected in (
        (
            json.dumps({"from": {**ITALY, "distribution": [50, 50]}, "to": ECTS, "grade": 27}),
            "distribution_length",
        ),
        (
            json.dumps({"from": ITALY, "to": {**ECTS, "distribution": [10, 10, 10, 10, 10]}, "grade": 27}),
            "distribution_sum",
        ),
        (json.dumps({"from": ITALY, "to": ECTS, "grade": 17}), "unknown_grade"),
        (json.dumps({"from": ITALY, "to": ECTS}), "missing_field"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "invalid_type"),
    ):
        code, out, err = _run(tmp_path, content)
        assert code == 2, content
        assert out == "" and expected in err and err.startswith("Error: ")


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["grades", "convert", "--input", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
