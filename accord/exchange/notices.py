"""What the exchange programme tells students, through the shared notifications (in-app and e-mail)."""

from typing import Any

from django.urls import reverse

from accord.exchange.models import Application
from accord.notifications.services import notify


def tell_student(application: Application, *, subject: str, body: str, actor: Any) -> None:
    user = application.person.user
    if user is None:
        return
    notify(
        actor=actor,
        recipients=[user],
        subject=subject,
        body=body,
        url=reverse("exchange:my_applications"),
        extra_emails=[],
    )
