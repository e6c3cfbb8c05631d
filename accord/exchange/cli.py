"""`accord allocate`: the allocation engine's JSON contract, for automation and independent checks.

It needs no database, so it does not set Django up: a file in, a file out.
"""

import json
import sys
from pathlib import Path

import click

from accord.engines.allocation import POLICIES, AllocationInputError, run_contract

EXIT_INVALID_INPUT = 2


def _refuse(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(EXIT_INVALID_INPUT)


@click.command()
@click.option(
    "--input", "input_path", required=True, type=click.Path(dir_okay=False, path_type=Path), help="IN.json"
)
@click.option(
    "--output", "output_path", required=True, type=click.Path(dir_okay=False, path_type=Path), help="OUT.json"
)
@click.option("--policy", type=click.Choice(POLICIES), default=POLICIES[0], show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Lottery seed for ties.")
def allocate(input_path: Path, output_path: Path, policy: str, seed: int) -> None:
    """Allocate places to students from IN.json and write assignments, reasons and the check to OUT.json.

    Invalid input is reported on stderr with exit status 2.
    """
    try:
        raw = input_path.read_bytes()
    except OSError as error:
        _refuse(f"cannot read {input_path}: {error.strerror or error}")
        return
    try:
        data = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError) as error:
        _refuse(f"{input_path} is not valid JSON: {error}")
        return
    if not isinstance(data, dict):
        _refuse(f"{input_path} must hold a JSON object with 'students' and 'places'")
        return
    try:
        result = run_contract(data, policy=policy, seed=seed)
    except AllocationInputError as error:
        _refuse(error.message)
        return
    try:
        output_path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as error:
        _refuse(f"cannot write {output_path}: {error.strerror or error}")
        return
    check = result["check"]
    placed = sum(1 for place in result["assignments"].values() if place is not None)
    click.echo(
        f"{placed} of {len(result['assignments'])} students placed; stable: {check['stable']}, "
        f"capacity respected: {check['capacity_ok']}. Written to {output_path}."
    )


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


COMMANDS = [allocate]
