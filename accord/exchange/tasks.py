"""Daily: lapse overdue offers (their seats go to the next round) and remind students of open offers."""

from django.utils import timezone
from django_tasks import task

from accord.common.periodic import register_daily
from accord.exchange.runs.services import offers_expire, offers_remind


@task()
def offers_daily() -> dict[str, int]:
    now = timezone.now()
    return {"expired": offers_expire(now=now), "reminded": offers_remind(now=now)}


register_daily(offers_daily)
