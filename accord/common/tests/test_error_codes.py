"""Error codes are enum members, and the engines' codes reach clients unchanged."""

import ast
from pathlib import Path
from typing import get_args

from accord.agreements.errors import EwpDocumentErrorCode
from accord.engines.ewp import errors as ewp_errors
from accord.engines.grades.errors import ErrorCode as GradeEngineCode
from accord.recognition.errors import GradeInputErrorCode

PRODUCT = Path(__file__).resolve().parents[2]


def test_every_grade_engine_code_has_its_member() -> None:
    assert sorted(get_args(GradeEngineCode)) == sorted(code.value for code in GradeInputErrorCode)


def test_every_ewp_engine_code_has_its_member() -> None:
    engine = {value for name, value in vars(ewp_errors).items() if name.isupper() and isinstance(value, str)}
    assert engine == {code.value for code in EwpDocumentErrorCode}


def test_no_domain_error_is_raised_with_a_free_string() -> None:
    """mypy refuses a str where a code enum is expected; this also covers the modules mypy skips (tests)."""
    offenders = []
    for path in PRODUCT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "DomainError"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                offenders.append(f"{path.relative_to(PRODUCT.parent)}:{node.lineno}")
    assert offenders == []
