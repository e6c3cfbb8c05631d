"""Reminders before expiry and renewal deadlines (once each, catching up), the daily task, the feed."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail

from accord.agreements.calendar.models import CalendarFeedToken
from accord.agreements.calendar.services import calendar_feed, calendar_token_regenerate, escape_text, fold
from accord.agreements.lifecycle.reminders import due_lead, reminders_send
from accord.agreements.models import AgreementStatus, ReminderKind, ReminderSent
from accord.agreements.tasks import agreements_daily
from accord.common.models import AuditEvent
from accord.common.periodic import daily_jobs
from accord.notifications.models import Notification

pytestmark = pytest.mark.django_db
LEADS = [180, 90, 30]


@pytest.fixture
def ending(world, settings):
    """Faculty A's agreement, ending on 30 June 2027, its coordinator reachable by e-mail."""
    settings.ACCORD_REMINDER_LEAD_DAYS = LEADS
    world.users["coordinator"].email = "coordinator@accord.example"
    world.users["coordinator"].save()
    world.agreement.valid_to = dt.date(2027, 6, 30)
    world.agreement.save()
    return world.agreement


def _sent(agreement):
    return list(
        ReminderSent.objects.filter(agreement=agreement)
        .order_by("due_date", "-lead_days")
        .values_list("kind", "lead_days")
    )


def test_due_lead():
    end = dt.date(2027, 6, 30)
    assert due_lead(end, dt.date(2026, 12, 1), LEADS) is None  # 211 days before
    assert due_lead(end, dt.date(2027, 1, 1), LEADS) == 180
    assert due_lead(end, dt.date(2027, 4, 1), LEADS) == 90
    assert due_lead(end, dt.date(2027, 6, 30), LEADS) == 30
    assert due_lead(end, dt.date(2027, 7, 1), LEADS) is None  # after the date: nothing to remind of


def test_each_reminder_goes_out_once_at_its_lead_time(world, ending):
    assert reminders_send(today=dt.date(2026, 12, 31)) == 0  # 181 days before
    assert reminders_send(today=dt.date(2027, 1, 1)) == 1  # 180 days before
    assert reminders_send(today=dt.date(2027, 1, 1)) == 0  # never twice
    assert reminders_send(today=dt.date(2027, 1, 2)) == 0
    assert reminders_send(today=dt.date(2027, 4, 1)) == 1  # 90 days before
    assert reminders_send(today=dt.date(2027, 5, 31)) == 1  # 30 days before
    assert _sent(ending) == [(ReminderKind.EXPIRY, 180), (ReminderKind.EXPIRY, 90), (ReminderKind.EXPIRY, 30)]
    assert [m.to for m in mail.outbox] == [["coordinator@accord.example"]] * 3
    assert "expires in 30 days" in mail.outbox[-1].subject
    note = Notification.objects.filter(recipient=world.users["coordinator"]).order_by("-id").first()
    assert note.url == f"/agreements/{ending.pk}/"
    assert AuditEvent.objects.filter(action="agreement.reminder_sent", target_id=str(ending.pk)).count() == 3


def test_missed_days_are_caught_up_with_the_latest_reminder_only(world, ending):
    # The worker was down from January to mid-April: the 90-day reminder goes out late, the 180-day one not.
    assert reminders_send(today=dt.date(2027, 4, 15)) == 1
    assert _sent(ending) == [(ReminderKind.EXPIRY, 90)]
    assert len(mail.outbox) == 1 and "in 76 days" in mail.outbox[0].subject


def test_renewal_deadline_reminders_and_statuses(world, ending):
    ending.renewal_deadline = dt.date(2027, 3, 1)
    ending.save()
    world.other_agreement.status = AgreementStatus.TERMINATED
    world.other_agreement.valid_to = dt.date(2027, 6, 30)
    world.other_agreement.save()
    assert reminders_send(today=dt.date(2027, 1, 30)) == 2  # expiry (180) and deadline (30 days ahead)
    assert sorted(_sent(ending)) == [(ReminderKind.EXPIRY, 180), (ReminderKind.RENEWAL_DEADLINE, 30)]
    assert not ReminderSent.objects.filter(agreement=world.other_agreement).exists()


def test_a_changed_end_date_gets_its_own_reminders(world, ending):
    reminders_send(today=dt.date(2027, 1, 1))
    ending.valid_to = dt.date(2027, 7, 31)  # extended: the reminders count from the new date
    ending.save()
    assert reminders_send(today=dt.date(2027, 2, 1)) == 1
    assert ReminderSent.objects.filter(agreement=ending, due_date=dt.date(2027, 7, 31)).count() == 1


def test_nobody_in_charge_means_the_office_hears(world, ending, settings):
    ending.owner_unit = None
    ending.save()
    world.users["officer"].email = "office@accord.example"
    world.users["officer"].save()
    reminders_send(today=dt.date(2027, 1, 1))
    assert [m.to for m in mail.outbox] == [["office@accord.example"]]


def test_lead_times_come_from_the_setting(world, ending, settings):
    settings.ACCORD_REMINDER_LEAD_DAYS = [7]
    assert reminders_send(today=dt.date(2027, 1, 1)) == 0
    assert reminders_send(today=dt.date(2027, 6, 23)) == 1


def test_daily_task_is_registered_and_moves_statuses(world, ending):
    assert "accord.agreements.tasks.agreements_daily" in daily_jobs()
    world.other_agreement.status = AgreementStatus.SIGNED
    world.other_agreement.save()
    with time_machine.travel(dt.datetime(2027, 1, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        result = agreements_daily.call()
    ending.refresh_from_db()
    world.other_agreement.refresh_from_db()
    assert ending.status == AgreementStatus.EXPIRING  # within the 180-day notice period
    assert world.other_agreement.status == AgreementStatus.ACTIVE
    assert result == {"activate": 1, "expire": 0, "mark_expiring": 1, "reminders": 1}


# The calendar feed ------------------------------------------------------------------------------------------


def test_escape_and_fold():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "é" * 80
    folded = fold(line)
    pieces = folded.split("\r\n ")
    assert "".join(pieces) == line
    assert all(len(piece.encode()) <= 75 for piece in pieces[:1])
    assert all(len(piece.encode()) <= 74 for piece in pieces[1:])  # plus the leading space: 75


def test_feed_content(world, ending, settings):
    settings.ACCORD_BASE_URL = "https://accord.example.edu"
    ending.title = "Exchange, with; commas"
    ending.renewal_deadline = dt.date(2027, 3, 1)
    ending.save()
    feed = calendar_feed(world.users["coordinator"], now=dt.datetime(2027, 1, 2, 9, 30, tzinfo=dt.UTC))
    assert feed.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:") and feed.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in feed.split("\r\n"))
    unfolded = feed.replace("\r\n ", "")
    assert f"UID:agreement-{ending.uuid}-expiry@accord.example.edu" in unfolded
    assert f"UID:agreement-{ending.uuid}-renewal-deadline@accord.example.edu" in unfolded
    assert "DTSTART;VALUE=DATE:20270630\r\nDTEND;VALUE=DATE:20270701" in unfolded
    assert "DTSTAMP:20270102T093000Z" in unfolded
    assert "Exchange\\, with\\; commas" in unfolded
    assert f"URL:https://accord.example.edu/agreements/{ending.pk}/" in unfolded
    # Only what the user can see: faculty B's agreement is not in the coordinator's feed.
    assert str(world.other_agreement.uuid) not in unfolded
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT") == 2


def test_feed_by_token_and_wrong_token(world, ending):
    token = calendar_token_regenerate(actor=world.users["coordinator"])
    client = world.client_for("anonymous")
    response = client.get(f"/agreements/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode().replace("\r\n ", "")
    assert f"UID:agreement-{ending.uuid}-expiry@testserver" in body
    assert f"URL:http://testserver/agreements/{ending.pk}/" in body  # links lead back to this site
    assert CalendarFeedToken.objects.get(user=world.users["coordinator"]).last_used_at is not None
    assert client.get(f"/agreements/calendar/{token[:-1]}x.ics").status_code == 404
    assert client.get("/agreements/calendar/nothing.ics").status_code == 404
    # A new token retires the old address.
    fresh = calendar_token_regenerate(actor=world.users["coordinator"])
    assert client.get(f"/agreements/calendar/{token}.ics").status_code == 404
    assert client.get(f"/agreements/calendar/{fresh}.ics").status_code == 200
    # A deactivated account's feed stops too.
    world.users["coordinator"].is_active = False
    world.users["coordinator"].save()
    assert client.get(f"/agreements/calendar/{fresh}.ics").status_code == 404


def test_feed_settings_page(world):
    client = world.client_for("officer")
    assert "You have no feed yet" in client.get("/agreements/calendar/").content.decode()
    made = client.post("/agreements/calendar/", {"_action": "regenerate"})
    url = re.search(r'value="(http[^"]+\.ics)"', made.content.decode()).group(1)
    assert made["Cache-Control"] == "no-store"
    assert client.get(url).status_code == 200
    assert CalendarFeedToken.objects.filter(user=world.users["officer"]).count() == 1
    # Only a hash is stored: the page cannot show the address again.
    assert url not in client.get("/agreements/calendar/").content.decode()
    client.post("/agreements/calendar/", {"_action": "revoke"})
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action__startswith="calendar_feed.").count() == 2
