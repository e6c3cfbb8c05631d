"""Reads of a user's own notifications."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accord.accounts.models import User
from accord.notifications.models import Notification


def notifications_of(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    items = Notification.objects.filter(recipient=user)
    return items.filter(read_at__isnull=True) if unread_only else items


def unread_count(user: User | AnonymousUser | None) -> int:
    """The count beside the bell; 0 for a visitor who has not signed in."""
    if not isinstance(user, User):
        return 0
    return notifications_of(user, unread_only=True).count()
