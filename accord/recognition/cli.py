"""`accord grades convert --input IN.json` and `accord grades scales`: the grade engine from the shell.

Both use the pure engine only, so they need no database. Invalid input prints a clear error on stderr and
exits with status 2 (as a usage error does); the answer goes to stdout as one JSON object.
"""

from __future__ import annotations

import json
import sys
from typing import IO, Any, NoReturn

import click

INVALID_INPUT = 2


@click.group()
def grades() -> None:
    """Grade conversion (ECTS percentile method with a labelled linear fallback)."""


@grades.command()
@click.option(
    "--input",
    "source",
    required=True,
    type=click.File("r", encoding="utf-8"),
    help='IN.json (or - for stdin): {"from": {"grades": [...], "distribution": [...]}, "to": {...}, '
    '"grade": g}.',
)
def convert(source: IO[str]) -> None:
    """Convert one grade and print {"grade", "method", "explanation", "overlaps"} as JSON.

    Each side gives "grades" (passing grades, best first) or "scale" (a shipped scale, see `accord grades
    scales`), with an optional "distribution" (percent of passing students per grade, adding up to 100).
    Without a distribution on both sides the linear fallback is used, and the answer says so.
    """
    from accord.engines.grades import GradeConversionError, convert_contract

    name = getattr(source, "name", "the input")
    try:
        data: Any = json.load(source)
    except json.JSONDecodeError as exc:
        _fail(f"{name} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    except UnicodeDecodeError:
        _fail(f"{name} is not UTF-8 text")
    try:
        answer = convert_contract(data)
    except GradeConversionError as exc:
        _fail(f"{exc.code}: {exc.message}")
    click.echo(json.dumps(answer, ensure_ascii=False))


@grades.command()
def scales() -> None:
    """List the shipped grading scales: slug, name and passing grades (best first)."""
    from accord.engines.grades import shipped_scales

    for slug, scale in shipped_scales().items():
        passing = ", ".join(str(g) for g in scale.passing)
        click.echo(f"{slug:<18} {scale.name:<28} {passing}")


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(INVALID_INPUT)


COMMANDS = [grades]
