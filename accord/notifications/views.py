from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accord.accounts.http import AuthenticatedRequest
from accord.common.actions import post_action
from accord.common.pagination import paginate
from accord.notifications.permissions import get_notification_for_user
from accord.notifications.selectors import notifications_of
from accord.notifications.services import notification_mark_read, notifications_mark_all_read


@login_required
@require_GET
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    items = notifications_of(request.user, unread_only=unread_only)
    return render(
        request,
        "notifications/list.html",
        {"page": paginate(request, items), "unread_only": unread_only},
    )


@login_required
@require_POST
def notification_open(request: AuthenticatedRequest, notification_id: int) -> HttpResponse:
    """Mark as read, then go where the notification points (only ever inside Accord)."""
    notification = get_notification_for_user(request.user, notification_id)
    notification_mark_read(notification=notification, actor=request.user)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None) and target.startswith("/"):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    return post_action(
        request,
        lambda: notifications_mark_all_read(actor=request.user),
        then="notifications:list",
        done=lambda count: f"{count} notification{'s' if count != 1 else ''} marked as read.",
    )
