"""Background work: rebuild the summary tables and scores (daily, and when an officer asks)."""

from typing import Any

from django_tasks import task

from accord.common.periodic import register_daily


@task()
def refresh_analytics(actor_id: int | None = None) -> dict[str, Any]:
    from accord.accounts.models import User
    from accord.analytics.refresh import refresh_all

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return refresh_all(actor=actor)


register_daily(refresh_analytics)
