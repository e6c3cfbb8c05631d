"""What every `accord` command shares: setting Django up against a database that is ready, and progress.

Each command calls `setup()` before touching Django, so that it works from any directory; the database comes
from DATABASE_URL (default: accord.sqlite3 in the working directory), and `setup()` refuses in one line a
database that does not exist yet, cannot be reached or lacks migrations. Commands that need no database
(`allocate`, `grades`, `ewp iia-hash`) pass `database=False`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import click

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper


class DatabaseNotReady(click.ClickException):
    """The database is missing, unreachable or older than the code: said in one line with the fix."""

    exit_code = 2


def setup(*, database: bool = True, creates_database: bool = False) -> None:
    """Set Django up, and (unless `database` is false) make sure the command can use the database.

    `creates_database` (migrate, demo) only needs the server to answer; every other command also needs the
    tables, all migrations applied.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings")
    import django

    django.setup()
    if database:
        check_database(creates_database=creates_database)


def check_database(*, creates_database: bool = False) -> None:
    from django.db import OperationalError, connection
    from django.db.migrations.executor import MigrationExecutor

    name = _database_name(connection)
    not_created = (
        f'the database {name} has not been created yet: run "accord migrate" first (or set DATABASE_URL).'
    )
    # Connecting to SQLite creates the file, which would leave an empty database behind.
    if not creates_database and _sqlite_file_missing(connection):
        raise DatabaseNotReady(not_created)
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        reason = " ".join(str(exc).split())
        fix = "that its folder exists" if connection.vendor == "sqlite" else "that the server runs"
        raise DatabaseNotReady(
            f"cannot connect to the database {name} ({reason}): check DATABASE_URL and {fix}."
        ) from exc
    if creates_database:
        return
    executor = MigrationExecutor(connection)
    if not executor.recorder.has_table():
        raise DatabaseNotReady(not_created)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise DatabaseNotReady(
            f"the database {name} is older than this version of Accord ({len(pending)} migration(s) to "
            'apply): run "accord migrate".'
        )


def _sqlite_file_missing(connection: BaseDatabaseWrapper) -> bool:
    if connection.vendor != "sqlite":
        return False
    from django.db.backends.sqlite3.creation import DatabaseCreation

    name = connection.settings_dict["NAME"]
    return not DatabaseCreation.is_in_memory_db(name) and not Path(name).exists()


def _database_name(connection: BaseDatabaseWrapper) -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return shown_path(Path(settings["NAME"]))
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"{settings['NAME']} on {host}{port}"


def shown_path(path: Path) -> str:
    """The path as the user would type it: relative when it lies in the working directory."""
    path = path.absolute()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def served_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class ProgressCallback:
    """Turns a `progress(done, total)` callback into a progress display that appears on the first call."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = progress_display(self.label, total)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> ProgressCallback:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Updatable(Protocol):
    def update(self, n: int) -> None: ...


PROGRESS_LABEL_WIDTH = 13


def progress_display(label: str, total: int) -> AbstractContextManager[_Updatable]:
    """A progress bar on a terminal; elsewhere (a CI log, `accord demo | cat`) plain lines that read well."""
    if sys.stdout.isatty():
        return click.progressbar(length=total, label=f"{label:<{PROGRESS_LABEL_WIDTH}}", show_pos=True)
    return ProgressLines(label, total)


class ProgressLines:
    """Progress as lines such as `Institutions  1,000/5,000`: one per tenth of the way, one at least every
    few seconds while something moves, and a last one at the end."""

    seconds_between_lines = 5.0

    def __init__(self, label: str, total: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.label = label
        self.total = total
        self.clock = clock
        self.done = 0
        self.shown: int | None = None
        self.shown_at = clock()

    def __enter__(self) -> ProgressLines:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown != self.done:
            self._show()

    def update(self, n: int) -> None:
        self.done += n
        shown = self.shown or 0
        if self._tenth(self.done) > self._tenth(shown) or (
            self.done != shown and self.clock() - self.shown_at >= self.seconds_between_lines
        ):
            self._show()

    def _tenth(self, done: int) -> int:
        return done * 10 // self.total if self.total else 0

    def _show(self) -> None:
        click.echo(f"{self.label:<{PROGRESS_LABEL_WIDTH}} {self.done:,}/{self.total:,}")
        self.shown = self.done
        self.shown_at = self.clock()
