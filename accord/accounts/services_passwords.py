"""The one writer of passwords from the product's pages; the admin's password form records the same event."""

from typing import Any

from django.db import transaction

from accord.accounts.models import User
from accord.common import audit


@transaction.atomic
def user_password_change(*, user: User, new_password: str, actor: Any) -> None:
    """Set a new password; the audit event says who changed it, never what it is."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_password_changed(user=user, actor=actor)


def record_password_changed(*, user: User, actor: Any) -> None:
    audit.record(
        actor=actor,
        action="user.password_changed",
        target=user,
        data={"by_self": getattr(actor, "pk", None) == user.pk},
    )
