"""The one writer of passwords from the product's pages; the admin's password form records the same event."""

from django.db import transaction

from accord.accounts.models import User
from accord.common import audit


@transaction.atomic
def user_password_change(*, user: User, new_password: str, actor: User) -> None:
    """Set a new password; the audit event says who changed it, never what it is."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_password_changed(user=user, actor=actor)


def record_password_changed(*, user: User, actor: User) -> None:
    audit.record(
        actor=actor,
        action="user.password_changed",
        target=user,
        data={"by_self": actor.pk == user.pk},
    )
