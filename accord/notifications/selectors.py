from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from accord.notifications.models import Notification


def notifications_of(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    items = Notification.objects.filter(recipient=user)
    return items.filter(read_at__isnull=True) if unread_only else items


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return notifications_of(user, unread_only=True).count()


def get_notification_for_user(user: Any, notification_id: int) -> Notification:
    """Someone else's notification is as missing as one that does not exist."""
    notification = notifications_of(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification
