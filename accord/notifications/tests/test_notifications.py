import pytest
from django.core import mail

from accord.common.models import AuditEvent
from accord.notifications.models import Notification
from accord.notifications.services import notify
from accord_testing.factories import send_api
from accord_testing.world import World


def _notify_officer_and_coordinator(world: World, **kwargs: object) -> list[Notification]:
    officer, coordinator = world.users["officer"], world.users["coordinator"]
    officer.email, coordinator.email = "officer@accord.example.edu", "coord@accord.example.edu"
    officer.save()
    coordinator.save()
    defaults: dict[str, object] = {
        "actor": world.users["admin"],
        "recipients": [officer, coordinator],
        "subject": "Agreement waiting for approval",
        "body": "Please review it.",
        "url": f"/agreements/{world.agreement.pk}/",
    }
    defaults.update(kwargs)
    return notify(**defaults)  # type: ignore[arg-type]


def test_notify_writes_one_notification_and_one_email_per_recipient(world: World) -> None:
    created = _notify_officer_and_coordinator(world, extra_emails=["partner@partner.example.org"])
    assert {n.recipient.username for n in created} == {"officer", "coordinator"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coord@accord.example.edu",
        "officer@accord.example.edu",
        "partner@partner.example.org",
    ]
    assert all(m.subject == "[Accord] Agreement waiting for approval" for m in mail.outbox)
    assert f"/agreements/{world.agreement.pk}/" in mail.outbox[0].body


def test_the_actor_and_inactive_users_are_not_notified(world: World) -> None:
    coordinator = world.users["coordinator"]
    coordinator.is_active = False
    coordinator.save()
    created = _notify_officer_and_coordinator(world, actor=world.users["officer"])
    assert created == []
    assert mail.outbox == []


def test_email_can_be_left_out(world: World) -> None:
    _notify_officer_and_coordinator(world, email=False)
    assert Notification.objects.count() == 2
    assert mail.outbox == []


def test_inbox_page_shows_unread_count_and_opening_marks_read(world: World) -> None:
    (first, _) = _notify_officer_and_coordinator(world)
    client = world.client_for("officer")
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert b"Agreement waiting for approval" in page.content
    assert b"1 unread" in page.content
    opened = client.post(f"/notifications/{first.pk}/open/")
    assert opened.status_code == 302
    assert opened["Location"] == f"/agreements/{world.agreement.pk}/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert AuditEvent.objects.filter(action="notification.read").count() == 1
    assert b"You have read everything." in client.get("/notifications/?show=unread").content


def test_someone_elses_notification_is_missing(world: World) -> None:
    (for_officer, _) = _notify_officer_and_coordinator(world)
    response = world.client_for("coordinator").post(f"/notifications/{for_officer.pk}/open/")
    assert response.status_code == 404
    for_officer.refresh_from_db()
    assert for_officer.read_at is None


def test_an_external_url_is_never_followed(world: World) -> None:
    (first, _) = _notify_officer_and_coordinator(world, url="//evil.example.com/")
    response = world.client_for("officer").post(f"/notifications/{first.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_mark_all_read(world: World) -> None:
    _notify_officer_and_coordinator(world)
    _notify_officer_and_coordinator(world, subject="Second")
    response = world.client_for("officer").post("/notifications/read-all/")
    assert response.status_code == 302
    assert Notification.objects.filter(recipient__username="officer", read_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient__username="coordinator", read_at__isnull=True).count() == 2


@pytest.mark.parametrize("unread", [False, True])
def test_api_lists_only_my_notifications(world: World, unread: bool) -> None:
    (first, _) = _notify_officer_and_coordinator(world)
    _notify_officer_and_coordinator(world, subject="Second")
    send_api(world, "officer", "post", f"/api/v1/notifications/{first.pk}/read")
    body = send_api(world, "officer", "get", f"/api/v1/notifications?unread={str(unread).lower()}").json()
    assert body["count"] == (1 if unread else 2)
    assert all(item["subject"] in {"Second", "Agreement waiting for approval"} for item in body["items"])


def test_api_read_all_and_hidden_notification(world: World) -> None:
    (for_officer, _) = _notify_officer_and_coordinator(world)
    hidden = send_api(world, "coordinator", "post", f"/api/v1/notifications/{for_officer.pk}/read")
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "not_found"
    assert send_api(world, "officer", "post", "/api/v1/notifications/read-all").json() == {"marked_read": 1}
