import json
from pathlib import Path

from click.testing import CliRunner

from accord.exchange.cli import allocate


def _run(tmp_path: Path, data: object, *args: str) -> tuple[int, str, dict | None]:
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(data if isinstance(data, str) else json.dumps(data))
    result = CliRunner().invoke(allocate, ["--input", str(source), "--output", str(target), *args])
    output = json.loads(target.read_text()) if target.exists() else None
    return result.exit_code, result.output, output


INSTANCE = {
    "students": [
        {"id": "s1", "score": 80, "preferences": ["p1", "p2"], "languages": {"en": "B1"}},
        {"id": "s2", "score": 90, "preferences": ["p1"], "languages": {"en-GB": "C1"}},
        {"id": "s3", "score": 70, "preferences": ["p1", "p2"]},
    ],
    "places": [{"id": "p1", "capacity": 1, "languages": {"en": "B2"}}, {"id": "p2", "capacity": 1}],
}


def test_allocate_writes_assignments_reasons_and_the_check(tmp_path: Path) -> None:
    code, text, output = _run(tmp_path, INSTANCE, "--seed", "3")
    assert code == 0, text
    assert output is not None
    assert output["assignments"] == {"s1": "p2", "s2": "p1", "s3": None}
    assert output["reasons"]["s1"][0]["reason"] == "requires English B2, you have B1"
    assert output["check"]["stable"] and output["check"]["capacity_ok"] and output["seed"] == 3
    assert "2 of 3 students placed" in text


def test_serial_dictatorship_policy(tmp_path: Path) -> None:
    code, _, output = _run(tmp_path, INSTANCE, "--policy", "serial-dictatorship")
    assert code == 0 and output is not None and output["policy"] == "serial-dictatorship"


def test_invalid_input_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    code, text, output = _run(
        tmp_path, {"students": [{"id": "s1", "score": 1, "preferences": ["nowhere"]}], "places": []}
    )
    assert code == 2 and output is None
    assert "unknown place 'nowhere'" in text
    code, text, _ = _run(tmp_path, "{not json")
    assert code == 2 and "not valid JSON" in text
    code, text, _ = _run(tmp_path, "[1, 2]")
    assert code == 2 and "JSON object" in text
    code, text, _ = _run(
        tmp_path, '{"students": [{"id": "a", "score": NaN, "preferences": []}], "places": []}'
    )
    assert code == 2


def test_missing_input_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        allocate, ["--input", str(tmp_path / "nope.json"), "--output", str(tmp_path / "o.json")]
    )
    assert result.exit_code == 2 and "cannot read" in result.output
