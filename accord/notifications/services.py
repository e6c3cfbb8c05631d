"""Telling people that something needs them: an in-app notification and, usually, an e-mail."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.common import audit
from accord.notifications.models import Notification
from accord.notifications.tasks import send_notification_email


def notify(
    *,
    actor: User | None,
    recipients: Iterable[User | None],
    subject: str,
    body: str,
    url: str = "",
    email: bool = True,
    extra_emails: Iterable[str] = (),
) -> list[Notification]:
    """Notify each active recipient once (the actor excepted: nobody needs to hear about their own action).

    `extra_emails` reaches people without an account, such as a partner's contact person. The e-mails go
    through the task queue, so a slow mail server never holds up the request.
    """
    actor_id = actor.pk if actor is not None else None
    people = {
        user.pk: user for user in recipients if user is not None and user.is_active and user.pk != actor_id
    }
    notifications = Notification.objects.bulk_create(
        [Notification(recipient=user, subject=subject[:200], body=body, url=url) for user in people.values()]
    )
    addresses = sorted(
        {user.email for user in people.values() if user.email} | {a for a in extra_emails if a}
    )
    if email and addresses:
        send_notification_email.enqueue(subject=subject, body=body, recipients=addresses, url=url)
    return notifications


@transaction.atomic
def notification_mark_read(*, notification: Notification, actor: User) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit.record(actor=actor, action="notification.read", target=notification)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: User) -> int:
    count = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        audit.record(actor=actor, action="notification.all_read", target=actor, data={"count": count})
    return count
