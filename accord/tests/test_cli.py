import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import click
import pytest
from click.testing import CliRunner

from accord.accounts.models import Role, User
from accord.cli import ROLES, cli, register
from accord.common.models import AuditEvent
from accord_testing.factories import InstitutionFactory, UserFactory
from accord.institutions.models import Institution

STRONG = "a-long-demo-passphrase-9"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


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
