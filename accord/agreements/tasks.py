"""Daily: move agreements by date (active, expiring, expired), then e-mail the reminders that are due."""

from django.utils import timezone
from django_tasks import task

from accord.agreements.lifecycle.reminders import reminders_send
from accord.agreements.lifecycle.services import agreements_advance_by_date
from accord.common.periodic import register_daily


@task()
def agreements_daily() -> dict[str, int]:
    today = timezone.localdate()
    moved = agreements_advance_by_date(today=today)
    return {**moved, "reminders": reminders_send(today=today)}


register_daily(agreements_daily)
