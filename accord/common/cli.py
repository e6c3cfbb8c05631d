"""`accord worker` and `accord run-daily`: the background side of Accord."""

import click

from accord.common.commands import check_database, setup


@click.command()
@click.option("--queue", "queues", multiple=True, default=("default",), show_default=True)
@click.option(
    "--interval", default=1.0, show_default=True, type=click.FloatRange(0.1), help="Seconds between polls."
)
@click.option("--batch", is_flag=True, help="Run what is queued, then stop (for cron or tests).")
def worker(queues: tuple[str, ...], interval: float, batch: bool) -> None:
    """Run background tasks (e-mails, reminders) from the database queue, and enqueue the daily jobs.

    Run one or more alongside `accord serve` in production; the demo runs tasks immediately instead.
    """
    # The task backend is checked first: with no queue, whether the database is ready does not matter.
    setup(database=False)
    from django.conf import settings
    from django.core.management import call_command

    from accord.common.periodic import DailyScheduler, enqueue_due_jobs

    if settings.ACCORD_TASKS == "immediate":
        raise click.ClickException(
            "ACCORD_TASKS=immediate runs tasks in the request; there is no queue to work."
        )
    check_database()
    if batch:
        enqueue_due_jobs()
    else:
        DailyScheduler().start()
    call_command("db_worker", queue_name=",".join(queues), interval=interval, batch=batch, verbosity=1)


@click.command("run-daily")
def run_daily() -> None:
    """Enqueue every daily job now (reminders, status changes by date), whether or not it ran today."""
    setup()
    from accord.common.periodic import daily_jobs, enqueue_due_jobs

    names = enqueue_due_jobs(force=True)
    click.echo(f"Enqueued {len(names)} daily job(s): {', '.join(names) or 'none registered'}.")
    if not daily_jobs():
        click.echo("No app registers a daily job.")


COMMANDS = [worker, run_daily]
