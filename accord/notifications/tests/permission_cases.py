from typing import Any

from accord.notifications.models import Notification
from accord.tests.matrix_support import API_READ_EVERYONE, EVERYONE, SIGNED_IN, Case, expect
from accord_testing.world import World


def _officers_notification(w: World) -> Any:
    return Notification.objects.create(recipient=w.users["officer"], subject="For the officer").pk


# Only the recipient sees a notification: everybody else gets the same 404 as for a missing one.
OWN_ONLY = expect(allowed=("officer",), s404=tuple(p for p in SIGNED_IN if p != "officer"))

HTML_CASES: dict[str, list[Case]] = {
    "notifications:list": [Case("GET", lambda w: "/notifications/", EVERYONE)],
    "notifications:open": [
        Case("POST", lambda w: f"/notifications/{_officers_notification(w)}/open/", OWN_ONLY)
    ],
    "notifications:read_all": [Case("POST", lambda w: "/notifications/read-all/", EVERYONE)],
}

API_CASES: dict[str, list[Case]] = {
    "GET /api/v1/notifications": [Case("GET", lambda w: "/api/v1/notifications", API_READ_EVERYONE)],
    "POST /api/v1/notifications/{notification_id}/read": [
        Case(
            "POST",
            lambda w: f"/api/v1/notifications/{_officers_notification(w)}/read",
            {**OWN_ONLY, "anonymous": 401},
        )
    ],
    "POST /api/v1/notifications/read-all": [
        Case("POST", lambda w: "/api/v1/notifications/read-all", API_READ_EVERYONE)
    ],
}
