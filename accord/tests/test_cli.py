import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from accord.accounts.models import User
from accord.cli import ROLES, _demo_environment, cli, register
from accord.common.commands import ProgressLines
from accord.common.models import AuditEvent
from accord.common.roles import Role
from accord.institutions.models import Institution
from accord_testing.data import EWP_REFERENCE
from accord_testing.factories import InstitutionFactory, UserFactory

STRONG = "a-long-demo-passphrase-9"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture(autouse=True)
def _environment_restored():
    """`accord demo` sets environment variables for the server it starts; keep them out of other tests."""
    saved = dict(os.environ)
    yield
    for name in os.environ.keys() - saved.keys():
        del os.environ[name]
    os.environ.update(saved)


def fresh_shell_env(database: str) -> dict[str, str]:
    """The environment of a shell that never ran Accord: production settings, only DATABASE_URL set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCORD_", "DJANGO_"))}
    return {**env, "DATABASE_URL": database}


def accord(*args: str, env: dict[str, str], cwd, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "accord.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_roles_match_the_user_model():
    assert tuple(Role.values) == ROLES


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for name in ("migrate", "serve", "createuser", "demo", "import-institutions"):
        assert name in result.output


def test_migrate_reports_an_up_to_date_database(db):
    result = run("migrate")
    assert result.exit_code == 0, result.output
    assert "Database is up to date." in result.output


# demo ------------------------------------------------------------------------------------------------------


def test_demo_loads_once_prints_logins_and_reset_loads_again(db):
    result = run("demo", "--no-serve", "--seed", "11")
    assert result.exit_code == 0, result.output
    assert "Loaded the small demo (seed 11)" in result.output
    for username in ("admin", "officer", "coordinator", "student", "partner", "auditor"):
        assert f"  {username} " in result.output
    assert "password for all: accord-demo" in result.output
    institutions = Institution.objects.count()
    assert institutions > 500

    again = run("demo", "--no-serve")
    assert "already loaded (small, seed 11)" in again.output
    assert Institution.objects.count() == institutions
    assert AuditEvent.objects.filter(action="demo.loaded").count() == 1

    reset = run("demo", "--no-serve", "--reset", "--seed", "12")
    assert "Loaded the small demo (seed 12)" in reset.output
    assert Institution.objects.count() == institutions
    assert AuditEvent.objects.filter(action="demo.loaded").get().data["seed"] == 12


def test_demo_leaves_a_database_with_other_data_alone(db):
    InstitutionFactory(name="Our real data")
    result = run("demo", "--no-serve")
    assert result.exit_code == 0
    assert "holds other data" in result.output
    assert "Demo logins" not in result.output
    assert list(Institution.objects.values_list("name", flat=True)) == ["Our real data"]


# createuser ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_createuser_for_each_role(world, role):
    extra = {
        "coordinator": ["--unit", "SCI", "--unit", "ART"],
        "partner": ["--partner-institution", str(world.partner.pk)],
    }
    result = run(
        "createuser",
        "newbie",
        "--role",
        role,
        "--email",
        "n@example.org",
        "--password",
        STRONG,
        *extra.get(role, []),
    )
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="newbie")
    assert user.role == role and user.email == "n@example.org"
    assert user.check_password(STRONG)
    assert user.is_staff == (role == "admin")
    assert sorted(user.units.values_list("code", flat=True)) == (
        ["ART", "SCI"] if role == "coordinator" else []
    )
    assert user.partner_institution == (world.partner if role == "partner" else None)
    event = AuditEvent.objects.get(action="user.created", target_id=str(user.pk))
    assert event.data["role"] == role


def test_createuser_prompts_for_the_password_twice(db):
    result = run("createuser", "prompted", "--role", "officer", input=f"{STRONG}\n{STRONG}\n")
    assert result.exit_code == 0, result.output
    assert User.objects.get(username="prompted").check_password(STRONG)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["officer", "--role", "officer"], "already exists"),
        (["c2", "--role", "coordinator", "--unit", "NOPE"], "NOPE"),
        (["o2", "--role", "officer", "--unit", "SCI"], "Only coordinators have units"),
        (["p2", "--role", "partner"], "--partner-institution"),
        (["p3", "--role", "partner", "--partner-institution", "999999"], "No partner institution"),
        (["s2", "--role", "student", "--partner-institution", "1"], "--partner-institution"),
        (["w2", "--role", "student", "--password", "123"], "too short"),
    ],
)
def test_createuser_refuses_bad_input_and_writes_nothing(world, args, message):
    if "--password" not in args:
        args = [*args, "--password", STRONG]
    users, events = User.objects.count(), AuditEvent.objects.count()
    result = run("createuser", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert (User.objects.count(), AuditEvent.objects.count()) == (users, events)


def test_createuser_rejects_an_unknown_role(db):
    result = run("createuser", "x", "--role", "wizard", "--password", STRONG)
    assert result.exit_code == 2
    assert not User.objects.filter(username="x").exists()


# import-institutions ---------------------------------------------------------------------------------------


def _hipo(tmp_path, entries, name="unis.json"):
    path = tmp_path / name
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


HIPO = [
    {
        "name": "Universidad de Ejemplo",
        "alpha_two_code": "ES",
        "country": "Spain",
        "state-province": None,
        "domains": ["ejemplo.es"],
        "web_pages": ["https://www.ejemplo.es/"],
    },
    {
        "name": "Université Exemple",
        "alpha_two_code": "FR",
        "country": "France",
        "state-province": None,
        "domains": ["exemple.fr"],
        "web_pages": ["https://exemple.fr/"],
    },
    {
        "name": "Nowhere College",
        "alpha_two_code": "QQ",
        "country": "Nowhere",
        "state-province": None,
        "domains": ["nowhere.example"],
        "web_pages": [],
    },
]


def test_import_institutions_prints_counts_and_rejections(world, tmp_path):
    before = Institution.objects.count()
    result = run("import-institutions", str(_hipo(tmp_path, HIPO)), "--user", "officer")
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated, 0 unchanged, 1 rejected" in result.output
    assert "row 3:" in result.output and "QQ" in result.output
    assert Institution.objects.count() == before + 2
    assert (
        AuditEvent.objects.filter(action="institutions.imported", actor=world.users["officer"]).count() == 1
    )

    again = run("import-institutions", str(_hipo(tmp_path, HIPO)), "--user", "officer")
    assert "0 created, 0 updated, 2 unchanged, 1 rejected" in again.output


def test_import_institutions_dry_run_writes_nothing(world, tmp_path):
    before = (Institution.objects.count(), AuditEvent.objects.count())
    result = run("import-institutions", str(_hipo(tmp_path, HIPO)), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output and "2 created" in result.output
    assert (Institution.objects.count(), AuditEvent.objects.count()) == before


def test_import_institutions_exits_2_on_a_malformed_file_and_writes_nothing(world, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(HIPO)[:-40], encoding="utf-8")
    before = (Institution.objects.count(), AuditEvent.objects.count())
    result = CliRunner().invoke(cli, ["import-institutions", str(path)])
    assert result.exit_code == 2
    assert "invalid JSON" in result.output
    assert (Institution.objects.count(), AuditEvent.objects.count()) == before


def test_import_institutions_needs_an_importer_allowed_to_edit(world, tmp_path):
    path = _hipo(tmp_path, HIPO)
    denied = run("import-institutions", str(path), "--user", "coordinator")
    assert denied.exit_code == 1
    unknown = run("import-institutions", str(path), "--user", "ghost")
    assert unknown.exit_code == 1 and "No active user" in unknown.output
    assert not Institution.objects.filter(name="Universidad de Ejemplo").exists()


def test_import_institutions_without_any_administrator_says_how_to_make_one(db, tmp_path):
    UserFactory(username="only-officer", role=Role.OFFICER)
    result = run("import-institutions", str(_hipo(tmp_path, HIPO)))
    assert result.exit_code == 1
    assert "accord createuser" in result.output


# registration of other apps' commands ----------------------------------------------------------------------


def test_other_apps_register_command_modules(tmp_path, monkeypatch):
    (tmp_path / "accord_extra_commands.py").write_text(
        "import click\n\n@click.command()\ndef hello():\n    click.echo('hello from extra')\n\n"
        "COMMANDS = [hello]\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    group = click.Group(commands=dict(cli.commands))
    register(group, ("accord_extra_commands",))
    result = CliRunner().invoke(group, ["hello"])
    assert result.output == "hello from extra\n"


# serve -----------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (local test server)
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def test_serve_runs_gunicorn_with_static_files(tmp_path):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}"}
    migrated = accord("migrate", env=env, cwd=tmp_path, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    server = subprocess.Popen(
        [sys.executable, "-m", "accord.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/accounts/login/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert status == 200 and b"password" in body.lower()
        css_status, css = _get(f"http://127.0.0.1:{port}/static/accord/app.css")
        assert css_status == 200 and len(css) > 100
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "gunicorn" in output.lower() or "Booting worker" in output
    assert f"http://127.0.0.1:{port}/" in output
    assert "No directory at" not in output  # no collectstatic folder is needed, so no warning about it


# a database that is not there or not ready ------------------------------------------------------------------

NOT_CREATED = (
    "Error: the database accord.sqlite3 has not been created yet: "
    'run "accord migrate" first (or set DATABASE_URL).'
)

COMMANDS_NEEDING_THE_DATABASE = [
    ["createuser", "someone", "--role", "officer", "--password", STRONG],
    ["import-institutions", "input.json"],
    ["serve", "--port", "{free_port}"],
    ["worker", "--batch"],
    ["run-daily"],
    ["analytics-refresh"],
    ["ewp", "export-iia", "--all", "--out", "iia"],
    ["ewp", "import-iia", "input.json"],
    ["agreements", "export", "agreements.csv"],
    ["agreements", "import", "input.json"],
]


@pytest.mark.parametrize("args", COMMANDS_NEEDING_THE_DATABASE, ids=lambda args: " ".join(args[:2]))
def test_a_command_needing_the_database_says_in_one_line_that_it_is_missing(tmp_path, args):
    (tmp_path / "input.json").write_text("[]", encoding="utf-8")
    args = [arg.replace("{free_port}", str(_free_port())) for arg in args]
    result = accord(*args, env=fresh_shell_env("sqlite:///accord.sqlite3"), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [NOT_CREATED]
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input.json"]  # no empty database left behind


def test_an_empty_database_file_is_not_created_yet(tmp_path):
    (tmp_path / "accord.sqlite3").touch()  # what versions before this check left behind
    result = accord("run-daily", env=fresh_shell_env("sqlite:///accord.sqlite3"), cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines()) == (2, [NOT_CREATED])
    assert (tmp_path / "accord.sqlite3").stat().st_size == 0


@pytest.mark.parametrize("command", ["run-daily", "migrate", "demo"])
def test_an_unreachable_postgresql_server_is_one_line(tmp_path, command):
    port = _free_port()
    env = fresh_shell_env(f"postgres://accord@127.0.0.1:{port}/accord")
    result = accord(*([command, "--no-serve"] if command == "demo" else [command]), env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: cannot connect to the database accord on 127.0.0.1:{port} (")
    assert line.endswith("check DATABASE_URL and that the server runs.")


def test_a_database_older_than_the_code_asks_for_accord_migrate(db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    newest = next(key for key in graph.leaf_nodes() if not graph.node_map[key].children)
    executor.recorder.record_unapplied(*newest)
    result = CliRunner().invoke(cli, ["run-daily"])
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert re.fullmatch(
        r"Error: the database .+ is older than this version of Accord \(1 migration\(s\) to apply\): "
        r'run "accord migrate"\.',
        line,
    )


def test_commands_needing_no_database_work_without_one(tmp_path):
    env = fresh_shell_env("sqlite:///accord.sqlite3")
    (tmp_path / "in.json").write_text(
        json.dumps(
            {
                "students": [{"id": "s1", "score": 1, "preferences": ["p1"]}],
                "places": [{"id": "p1", "capacity": 1}],
            }
        )
    )
    iia = shutil.copy(
        EWP_REFERENCE / "ewp-specs-api-iias/stable-v7/endpoints/get-response-example.xml", tmp_path
    )
    for args in (
        ["--help"],
        ["allocate", "--input", "in.json", "--output", "out.json"],
        ["grades", "scales"],
        ["ewp", "iia-hash", str(iia)],
    ):
        result = accord(*args, env=env, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout
    assert not (tmp_path / "accord.sqlite3").exists()


# the demo in a fresh shell: output, e-mails, links, progress ------------------------------------------------


@pytest.fixture(scope="module")
def fresh_demo(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """`accord demo --no-serve --port 8123` run by a new user, its output going to a pipe (no terminal)."""
    folder = tmp_path_factory.mktemp("fresh-demo")
    env = fresh_shell_env("sqlite:///accord.sqlite3")
    result = accord("demo", "--no-serve", "--port", "8123", env=env, cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    return result, folder


def test_the_demo_prints_the_logins_last(fresh_demo):
    result, _folder = fresh_demo
    lines = result.stdout.splitlines()
    start = lines.index("Demo logins (password for all: accord-demo):")
    assert lines[start - 1] == ""
    logins, rest = lines[start + 1 : start + 1 + len(ROLES)], lines[start + 1 + len(ROLES) :]
    assert [line.split()[:2] for line in logins] == [[role, "accord-demo"] for role in ROLES]
    assert rest == [
        "",
        "Sign in at http://127.0.0.1:8123/accounts/login/ "
        "once `accord serve --host 127.0.0.1 --port 8123` runs.",
    ]
    assert lines.index("Database is up to date.") < start
    assert any(line.startswith("Loaded the small demo") for line in lines[:start])


def test_the_demo_writes_its_e_mails_to_files_not_to_the_output(fresh_demo):
    result, folder = fresh_demo
    mails = sorted((folder / "accord-files" / "mail").iterdir())
    assert mails, "the demo sends e-mails while it loads"
    assert "Subject:" in mails[0].read_text(encoding="utf-8")
    for output in (result.stdout, result.stderr):
        assert "Subject:" not in output and "Content-Type" not in output
    assert "E-mails are written to accord-files/mail/ instead of being sent" in result.stdout


def test_the_demo_s_e_mails_link_to_the_port_it_serves(fresh_demo):
    _result, folder = fresh_demo
    text = "".join(path.read_text(encoding="utf-8") for path in (folder / "accord-files" / "mail").iterdir())
    links = re.findall(r"https?://[^/\s]+/", text)
    assert links and set(links) == {"http://127.0.0.1:8123/"}


def test_the_demo_shows_progress_as_lines_when_not_on_a_terminal(fresh_demo):
    result, _folder = fresh_demo
    for label in ("Institutions", "Agreements", "Mobilities"):
        counts = re.findall(rf"^{label} +([\d,]+)/([\d,]+)$", result.stdout, re.MULTILINE)
        assert counts, label
        assert counts[-1][0] == counts[-1][1]  # the last line says it is done


def test_the_demo_keeps_the_e_mail_backend_and_base_url_it_is_given(monkeypatch):
    monkeypatch.delenv("ACCORD_BASE_URL", raising=False)
    monkeypatch.delenv("ACCORD_EMAIL_BACKEND", raising=False)
    assert _demo_environment("::1", 8123) is True
    assert os.environ["ACCORD_BASE_URL"] == "http://[::1]:8123"
    assert os.environ["ACCORD_EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"

    monkeypatch.setenv("ACCORD_BASE_URL", "https://accord.example.edu")
    monkeypatch.setenv("ACCORD_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    assert _demo_environment("127.0.0.1", 8123) is False
    assert os.environ["ACCORD_BASE_URL"] == "https://accord.example.edu"
    assert os.environ["ACCORD_EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


# progress off a terminal ------------------------------------------------------------------------------------


class _Clock:
    def __init__(self, step: float = 0.0) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def _progress_lines(capsys, total: int, updates: list[int], clock: _Clock) -> list[str]:
    with ProgressLines("Institutions", total, clock=clock) as progress:
        for n in updates:
            progress.update(n)
    return capsys.readouterr().out.splitlines()


def test_progress_lines_come_each_tenth_of_the_way(capsys):
    lines = _progress_lines(capsys, 5_000, [1] * 5_000, _Clock())
    assert lines == [f"Institutions  {n:,}/5,000" for n in range(500, 5_001, 500)]


def test_progress_lines_come_every_few_seconds_and_once_at_the_end(capsys):
    lines = _progress_lines(capsys, 5_000, [10, 10, 10], _Clock(step=ProgressLines.seconds_between_lines))
    assert lines == ["Institutions  10/5,000", "Institutions  20/5,000", "Institutions  30/5,000"]
    assert _progress_lines(capsys, 5_000, [10, 10], _Clock()) == ["Institutions  20/5,000"]


def test_import_institutions_shows_progress_as_lines_when_not_on_a_terminal(world, tmp_path):
    result = run("import-institutions", str(_hipo(tmp_path, HIPO)), "--dry-run")
    assert re.search(r"^Importing +2/2$", result.output, re.MULTILINE), result.output  # the valid rows
