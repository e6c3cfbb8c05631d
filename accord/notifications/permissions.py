"""Who may open a notification: only its recipient."""

from django.http import Http404

from accord.accounts.models import User
from accord.notifications.models import Notification
from accord.notifications.selectors import notifications_of


def get_notification_for_user(user: User, notification_id: int) -> Notification:
    """Someone else's notification is as missing as one that does not exist."""
    notification = notifications_of(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification
