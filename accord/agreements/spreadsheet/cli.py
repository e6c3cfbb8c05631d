"""`accord agreements export|import`: the agreements spreadsheet from the command line.

The same export and all-or-nothing import as the web pages (`columns.py`, `services.py`),
acting for a named user (default: the first administrator) whose permissions apply. Exit status: 0 done,
1 refused (the problems are printed, nothing was written), 2 wrong usage.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from accord.common.commands import setup

if TYPE_CHECKING:
    from accord.accounts.models import User


@click.group("agreements")
def agreements() -> None:
    """Agreements as spreadsheets: export and import (CSV or XLSX, one row per condition)."""


def _actor(username: str | None) -> User:
    from accord.accounts.models import User
    from accord.common.roles import Role

    users = User.objects.filter(is_active=True)
    actor = users.filter(username=username).first() if username else users.filter(role=Role.ADMIN).first()
    if actor is None:
        raise click.ClickException(f"No active user {username!r}." if username else "No administrator yet.")
    return actor


@agreements.command("export")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--user", "username", help="Export what this user sees [default: the first administrator].")
def export_command(out: Path, username: str | None) -> None:
    """Write every agreement the user sees to OUT (.csv or .xlsx, by its extension)."""
    if out.suffix.lower() not in {".csv", ".xlsx"}:
        raise click.UsageError("OUT must end in .csv or .xlsx.")
    setup()
    from accord.agreements.selectors import agreement_list
    from accord.agreements.spreadsheet.columns import export_table
    from accord.common.spreadsheets import csv_bytes, xlsx_bytes

    headers, rows = export_table(agreement_list(actor=_actor(username)).order_by("-valid_to", "-id"))
    write = csv_bytes if out.suffix.lower() == ".csv" else xlsx_bytes
    out.write_bytes(write(headers, rows))
    click.echo(f"Wrote {out}.")


@agreements.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change; write nothing.")
@click.option("--user", "username", help="Import as this user [default: the first administrator].")
def import_command(path: Path, dry_run: bool, username: str | None) -> None:
    """Create and update agreements from PATH (CSV or XLSX in the export's columns), all or nothing."""
    setup()
    from accord.agreements.spreadsheet.services import agreements_import
    from accord.common.errors import DomainError

    try:
        result = agreements_import(
            content=path.read_bytes(), filename=path.name, actor=_actor(username), dry_run=dry_run
        )
    except DomainError as error:
        raise click.ClickException(error.message) from error
    for problem in result.problems:
        click.echo(f"  {problem}", err=True)
    for plan in result.of("update"):
        click.echo(
            f"update {plan.key}: " + "; ".join(f"{c.field}: {c.before} -> {c.after}" for c in plan.changes)
        )
    for plan in result.of("create"):
        click.echo(f"create {plan.key}: {plan.title}")
    counts = ", ".join(f"{len(result.of(a))} {label}" for a, label in _LABELS)
    if not result.ok:
        click.echo(f"{len(result.problems)} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    click.echo(f"{'Would import' if dry_run else 'Imported'} {path.name}: {counts}.")


_LABELS = (("create", "created"), ("update", "updated"), ("unchanged", "unchanged"))

COMMANDS = [agreements]
