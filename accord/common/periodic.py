"""Daily jobs: background tasks that `accord worker` enqueues once a day (and `accord run-daily` on demand).

An app registers a task in its `tasks.py` with `register_daily(task)`; `discover_daily_jobs` imports every
Accord app's `tasks` module at start-up so that registration happens without a central list.
"""

import importlib
import logging
import threading
from typing import Any

from django.apps import apps
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from accord.common.models import DailyJobRun

log = logging.getLogger(__name__)

_daily: dict[str, Any] = {}


def register_daily(task: Any) -> Any:
    _daily[task.module_path] = task
    return task


def daily_jobs() -> dict[str, Any]:
    return dict(_daily)


def discover_daily_jobs() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("accord."):
            continue
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise


def _claim(job: str, today: Any) -> bool:
    """True for exactly one caller per job and day, however many workers ask at once."""
    if DailyJobRun.objects.filter(job=job, last_run_on__lt=today).update(last_run_on=today):
        return True
    try:
        with transaction.atomic():
            DailyJobRun.objects.create(job=job, last_run_on=today)
    except IntegrityError:
        return False
    return True


def enqueue_due_jobs(*, force: bool = False) -> list[str]:
    """Enqueue the daily jobs not yet enqueued today (all of them with `force`); returns their names."""
    today = timezone.localdate()
    enqueued = []
    for name, task in sorted(_daily.items()):
        if force or _claim(name, today):
            task.enqueue()
            enqueued.append(name)
    return enqueued


class DailyScheduler(threading.Thread):
    """Checks every few minutes whether a new day has begun, and enqueues that day's jobs."""

    def __init__(self, interval_seconds: float = 300) -> None:
        super().__init__(name="accord-daily-scheduler", daemon=True)
        self.interval_seconds = interval_seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                names = enqueue_due_jobs()
                if names:
                    log.info("enqueued daily jobs: %s", ", ".join(names))
            except Exception:  # a scheduler that dies silently would stop every reminder
                log.exception("could not enqueue the daily jobs")
            finally:
                close_old_connections()
            self.stopped.wait(self.interval_seconds)
