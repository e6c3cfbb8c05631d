from typing import Any

from django.http import HttpRequest

from accord.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    return {"unread_notifications": unread_count(getattr(request, "user", None))}
