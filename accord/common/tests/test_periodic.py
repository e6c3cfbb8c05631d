from typing import Any

import pytest
import time_machine
from click.testing import CliRunner

from accord.cli import cli
from accord.common import periodic
from accord.common.models import DailyJobRun

calls: list[str] = []


class _FakeTask:
    module_path = "tests.fake_daily"

    def enqueue(self) -> None:
        calls.append("ran")


@pytest.fixture
def fake_job(monkeypatch: Any) -> None:
    calls.clear()
    monkeypatch.setattr(periodic, "_daily", {})
    periodic.register_daily(_FakeTask())


@pytest.mark.django_db
def test_a_daily_job_is_enqueued_once_per_day(fake_job: None) -> None:
    with time_machine.travel("2026-11-28 08:00 +00:00", tick=False):
        assert periodic.enqueue_due_jobs() == ["tests.fake_daily"]
        assert periodic.enqueue_due_jobs() == []
    with time_machine.travel("2026-11-29 08:00 +00:00", tick=False):
        assert periodic.enqueue_due_jobs() == ["tests.fake_daily"]
    assert calls == ["ran", "ran"]
    assert DailyJobRun.objects.get().last_run_on.isoformat() == "2026-11-29"


@pytest.mark.django_db
def test_run_daily_command_forces_every_job(fake_job: None) -> None:
    periodic.enqueue_due_jobs()
    result = CliRunner().invoke(cli, ["run-daily"])
    assert result.exit_code == 0, result.output
    assert "Enqueued 1 daily job(s): tests.fake_daily" in result.output
    assert calls == ["ran", "ran"]


def test_every_app_task_module_is_discovered() -> None:
    periodic.discover_daily_jobs()
    # The notifications app has a tasks module; discovery must have imported it without error.
    import sys

    assert "accord.notifications.tasks" in sys.modules


def test_worker_refuses_the_immediate_backend(monkeypatch: Any) -> None:
    monkeypatch.setenv("ACCORD_TASKS", "immediate")
    from django.conf import settings

    monkeypatch.setattr(settings, "ACCORD_TASKS", "immediate", raising=False)
    result = CliRunner().invoke(cli, ["worker", "--batch"])
    assert result.exit_code != 0
    assert "no queue" in result.output


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_batch_runs_queued_tasks_from_the_database(settings: Any) -> None:
    from django.core import mail

    from accord.notifications.tasks import send_notification_email

    settings.ACCORD_TASKS = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_notification_email.enqueue(subject="Queued", body="Hello", recipients=["a@example.org"])
    assert mail.outbox == []
    result = CliRunner().invoke(cli, ["worker", "--batch", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    assert [m.subject for m in mail.outbox] == ["[Accord] Queued"]
