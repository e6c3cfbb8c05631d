"""`accord coil match --input IN.json [--top K]`: partner courses for virtual exchange, from the shell.

It uses the pure matching engine (accord.engines.coil) only, so it needs no database and does not set Django
up. The answer goes to stdout as one JSON object; invalid input prints one line on stderr, naming the offer
(its position from 1 and its id) and the field, and exits with status 2, as a usage error does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from accord.engines.coil import DEFAULT_TOP, CoilInputError, run_contract

INVALID_INPUT = 2


@click.group()
def coil() -> None:
    """Virtual exchange (COIL): find partner courses to teach together online."""


@coil.command("match")
@click.option(
    "--input",
    "source",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help='IN.json (or - for stdin): {"offers": [...], "partnerships": [[inst, inst], ...]}.',
)
@click.option(
    "--top",
    default=str(DEFAULT_TOP),
    show_default=True,
    metavar="K",
    help="Suggestions per offer (a whole number, at least 1).",
)
def match_command(source: Path, top: str) -> None:
    """Print the best partner courses of every offer as JSON.

    Each offer gives id, institution, isced (ISCED-F code), language, eqf, start and end (YYYY-MM-DD,
    both included), timezone (IANA), slots ([{weekday 0 = Monday, start and end "HH:MM"}]), class_size,
    title and description; goals, languages, cefr, format and tools are optional. The answer is
    {"matches": {offer id: [{"offer", "score", "overlap_weeks", "live_overlap_hours_per_week",
    "explanation"}]}}, best first, with every offer id as a key. See accord/engines/coil/README.md.
    """
    name = "stdin" if str(source) == "-" else str(source)
    try:
        raw = sys.stdin.buffer.read() if str(source) == "-" else source.read_bytes()
    except OSError as error:
        _fail(f"cannot read {name}: {error.strerror or error}")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        _fail(f"{name} is not UTF-8 text")
    except json.JSONDecodeError as error:
        _fail(f"{name} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})")
    except ValueError as error:
        _fail(f"{name} is not valid JSON: {error}")
    try:
        answer = run_contract(data, top=top)
    except CoilInputError as error:
        _fail(f"{error.message} [{error.code}]")
    click.echo(json.dumps(answer, ensure_ascii=False, indent=2))


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(INVALID_INPUT)


COMMANDS = [coil]
