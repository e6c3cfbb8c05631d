"""The `accord` command: set up the database, create accounts, import institutions, run the demo, serve.

Every command calls `accord.common.commands.setup()` before touching Django (see there). Other apps add
command groups in their own `cli.py` module, listed in COMMAND_MODULES at the bottom of this file.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path

import click

from accord.common.commands import ProgressCallback, progress_display, served_url, setup, shown_path

# The same values as accounts.models.Role (which needs Django set up before it can be imported).
ROLES = ("admin", "officer", "coordinator", "student", "partner", "auditor")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Accord: a university's international partnerships."""


@cli.command()
def migrate() -> None:
    """Create or upgrade the database."""
    setup(creates_database=True)
    _migrate()


def _migrate() -> None:
    from django.core.management import call_command
    from django.db import connection

    click.echo(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", interactive=False, verbosity=0)
    click.echo("Database is up to date.")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers", type=click.IntRange(1, 32), help="gunicorn worker processes [default: 2-4, by CPU count]"
)
def serve(host: str, port: int, workers: int | None) -> None:
    """Serve the web application.

    Runs gunicorn when it is installed (on Linux and macOS), otherwise Django's own server.
    """
    setup()
    click.echo(f"Serving Accord at {served_url(host, port)}/ (Ctrl+C to stop)")
    _note_allowed_hosts(host)
    _serve(host, port, workers)


def _note_allowed_hosts(host: str) -> None:
    if host not in ("127.0.0.1", "localhost") and "ACCORD_ALLOWED_HOSTS" not in os.environ:
        click.echo("Note: set ACCORD_ALLOWED_HOSTS to the host names clients will use.", err=True)


def _serve(host: str, port: int, workers: int | None) -> None:
    # Static files are served from the apps' folders (WHITENOISE_USE_FINDERS), so an empty or missing
    # collectstatic folder is normal here; WhiteNoise would warn about it in every worker.
    os.environ.setdefault("PYTHONWARNINGS", "ignore:No directory at:UserWarning")
    if importlib.util.find_spec("gunicorn") is not None and os.name == "posix":
        sys.stdout.flush()
        # Become gunicorn, so that Ctrl+C and a service manager's signals reach it directly.
        os.execv(sys.executable, _gunicorn_args(host, port, workers))  # noqa: S606 (our interpreter, gunicorn)
    from django.core.management import call_command

    call_command("runserver", f"{host}:{port}", use_reloader=False)


def _gunicorn_args(host: str, port: int, workers: int | None) -> list[str]:
    from gunicorn.config import Config

    workers = workers or min(4, max(2, os.cpu_count() or 2))
    args = [sys.executable, "-m", "gunicorn", "accord.config.wsgi:application", "--bind", f"{host}:{port}"]
    args += ["--workers", str(workers), "--access-logfile", "-"]
    # Newer gunicorns open a control socket at one fixed path per user; several servers would share it.
    if "control_socket_disable" in Config().settings:
        args.append("--no-control-socket")
    return args


@cli.command()
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--email", default="")
@click.option("--password", help="Asked for (twice, hidden) when not given.")
@click.option(
    "--unit",
    "units",
    multiple=True,
    metavar="CODE",
    help="A unit of our institution (coordinators); repeatable.",
)
@click.option("--partner-institution", type=int, metavar="ID", help="The institution of a partner contact.")
def createuser(
    username: str,
    role: str,
    email: str,
    password: str | None,
    units: tuple[str, ...],
    partner_institution: int | None,
) -> None:
    """Create a user account.

    Coordinators get their units (--unit, repeatable), partner contacts their institution.
    """
    setup()
    from accord.accounts.services import user_create
    from accord.common.errors import DomainError

    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = user_create(
            username=username,
            role=role,
            email=email,
            password=password,
            unit_codes=list(units),
            partner_institution_id=partner_institution,
            actor=None,
            via="cli",
        )
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Created {user.get_role_display().lower()} {user.username!r} (id {user.pk}).")


@cli.command("import-institutions")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report, write nothing.")
@click.option(
    "--user",
    "username",
    help="Officer or administrator recorded as the importer [default: the first administrator].",
)
def import_institutions(file: Path, dry_run: bool, username: str | None) -> None:
    """Import institutions from a file.

    Reads the Hipo world universities JSON, the ROR CSV or the Erasmus charter list (CSV or XLSX). Exits
    with status 2, writing nothing, when the file is malformed.
    """
    setup()
    from accord.accounts.models import User
    from accord.common.errors import DomainError
    from accord.institutions.importing.report import format_report
    from accord.institutions.importing.services import import_institutions as run_import

    users = User.objects.filter(is_active=True)
    actor = (
        users.filter(username=username).first()
        if username
        else users.filter(role="admin").order_by("id").first()
    )
    if actor is None:
        raise click.ClickException(
            f"No active user {username!r}."
            if username
            else "No administrator yet: run `accord createuser NAME --role admin`."
        )
    with ProgressCallback("Importing") as progress:
        try:
            report = run_import(file, actor=actor, dry_run=dry_run, progress=progress)
        except DomainError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            sys.exit(2 if exc.code == "malformed_file" else 1)
    click.echo(format_report(report))


@cli.command()
@click.option(
    "--size",
    type=click.Choice(["small", "large"]),
    default="small",
    show_default=True,
    help="large: 20,000 institutions, 50,000 agreements, 1,000,000 mobilities (use PostgreSQL).",
)
@click.option("--seed", default=2026, show_default=True, type=int)
@click.option(
    "--reset", is_flag=True, help="Empty the database (reference data stays) and load the demo again."
)
@click.option("--no-serve", is_flag=True, help="Load and print the logins, but do not start the server.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def demo(size: str, seed: int, reset: bool, no_serve: bool, host: str, port: int) -> None:
    """Load demo data, print the logins and serve.

    Migrates the database, loads the demo into it when it is empty (or with --reset), prints one login
    per role, and serves the application. Background tasks (e-mails, reminders) run immediately in the demo,
    so no worker is needed; the e-mails go to files (unless ACCORD_EMAIL_BACKEND is set) and their links
    point at the address served (unless ACCORD_BASE_URL is set).
    """
    mail_to_files = _demo_environment(host, port)
    setup(creates_database=True)
    _migrate()
    from accord.demo.generator import database_has_data, demo_loaded, load_demo

    if reset or not database_has_data():
        from django.db import connection

        if size == "large" and connection.vendor != "postgresql":
            click.echo("Note: the large demo loads far faster into PostgreSQL (DATABASE_URL=postgres://...).")
        report = load_demo(size=size, seed=seed, reset=reset, progress=progress_display)
        counts = ", ".join(f"{n:,} {what}" for what, n in report.counts.items())
        click.echo(f"Loaded the {size} demo (seed {seed}) in {report.seconds:.1f} s: {counts}.")
    elif (event := demo_loaded()) is not None:
        click.echo(
            f"Demo data already loaded ({event.data.get('size')}, seed {event.data.get('seed')}); "
            "--reset loads it again."
        )
    else:
        click.echo("The database holds other data; the demo was not loaded (--reset replaces everything).")
    if mail_to_files:
        from django.conf import settings

        click.echo(
            f"E-mails are written to {shown_path(settings.EMAIL_FILE_PATH)}/ instead of being sent "
            "(ACCORD_EMAIL_BACKEND chooses another way)."
        )
    if not no_serve:
        _note_allowed_hosts(host)
    # The logins come last, so that they are on screen when the server starts.
    sign_in = f"{served_url(host, port)}/accounts/login/"
    if demo_loaded() is not None:
        _echo_demo_logins()
        if no_serve:
            click.echo(f"\nSign in at {sign_in} once `accord serve --host {host} --port {port}` runs.")
    if not no_serve:
        click.echo(f"\nSign in at {sign_in} (Ctrl+C stops the server)")
        _serve(host, port, None)


def _demo_environment(host: str, port: int) -> bool:
    """Choose what the environment leaves open, and return whether e-mails go to files.

    The environment (not Django's settings) carries these choices, so that the server started afterwards
    makes them too. E-mails printed to the console would come between the progress and the logins.
    """
    os.environ.setdefault("ACCORD_TASKS", "immediate")
    os.environ.setdefault("ACCORD_BASE_URL", served_url(host, port))
    if "ACCORD_EMAIL_BACKEND" in os.environ:
        return False
    os.environ["ACCORD_EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    return True


def _echo_demo_logins() -> None:
    from accord.demo.generator import demo_logins

    logins = demo_logins()
    width = max(len(login.username) for login in logins)
    click.echo(f"\nDemo logins (password for all: {logins[0].password}):")
    for login in logins:
        click.echo(f"  {login.username:<{width}}  {login.password}  {login.description}")


# Command groups of other apps (`accord allocate`, `accord grades`, `accord ewp`...): each module named here
# defines `COMMANDS`, a list of click commands or groups that call `accord.cli.setup()` before using Django.
COMMAND_MODULES: tuple[str, ...] = (
    "accord.common.cli",
    "accord.exchange.cli",
    "accord.agreements.ewp.cli",
    "accord.agreements.spreadsheet.cli",
    "accord.recognition.cli",
    "accord.analytics.cli",
    "accord.collaboration.virtual_exchange.cli",
)


def register(group: click.Group, module_names: tuple[str, ...]) -> None:
    for name in module_names:
        for command in importlib.import_module(name).COMMANDS:
            group.add_command(command)


register(cli, COMMAND_MODULES)


def main() -> None:
    cli(prog_name="accord")


if __name__ == "__main__":
    main()
