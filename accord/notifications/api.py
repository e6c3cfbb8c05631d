import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from accord.accounts.authentication import actor_of
from accord.common.api_support import ListParams, Page, error_responses, paginate
from accord.notifications.permissions import get_notification_for_user
from accord.notifications.selectors import notifications_of
from accord.notifications.services import notification_mark_read, notifications_mark_all_read

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    subject: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationParams(ListParams):
    unread: bool = False


class ReadAllOut(Schema):
    marked_read: int


@router.get(
    "/notifications", response=error_responses(200, Page[NotificationOut]), summary="My notifications"
)
def list_notifications(request: HttpRequest, params: Query[NotificationParams]) -> Any:
    return paginate(request, notifications_of(actor_of(request), unread_only=params.unread), params)


@router.post(
    "/notifications/{notification_id}/read",
    response=error_responses(200, NotificationOut),
    summary="Mark one notification as read",
)
def read_notification(request: HttpRequest, notification_id: int) -> Any:
    actor = actor_of(request)
    return notification_mark_read(notification=get_notification_for_user(actor, notification_id), actor=actor)


@router.post("/notifications/read-all", response=error_responses(200, ReadAllOut), summary="Mark all as read")
def read_all_notifications(request: HttpRequest) -> Any:
    return {"marked_read": notifications_mark_all_read(actor=actor_of(request))}
