"""Reminders before an agreement expires and before its renewal deadline, e-mailed once each.

Lead times come from `ACCORD_REMINDER_LEAD_DAYS` (default 180, 90 and 30 days). On each run, for each date,
the reminder due is the one with the shortest lead time whose day has come: a run that missed days sends
it late rather than never, and an agreement entered 20 days before its end gets one reminder, not three.
`ReminderSent` makes sure nothing goes out twice.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from accord.agreements.lifecycle.services import concerned, reviewers
from accord.agreements.models import Agreement, AgreementStatus, ReminderKind, ReminderSent
from accord.common import audit
from accord.notifications.services import notify

S = AgreementStatus
# Agreements whose end is worth a reminder: in force, or about to be.
REMINDED_STATUSES = (S.SIGNED, S.ACTIVE, S.EXPIRING)
# A renewal deadline matters as long as the agreement is not over.
DEADLINE_STATUSES = (
    S.DRAFT,
    S.IN_REVIEW,
    S.NEGOTIATION,
    S.PARTNER_APPROVED,
    S.SIGNED,
    S.ACTIVE,
    S.EXPIRING,
)


def lead_days() -> list[int]:
    return sorted({int(days) for days in settings.ACCORD_REMINDER_LEAD_DAYS if int(days) >= 0}, reverse=True)


def due_lead(due_date: dt.date, today: dt.date, leads: list[int]) -> int | None:
    """The shortest lead time whose reminder day has come, or None (none yet, or the date is past)."""
    if today > due_date:
        return None
    reached = [lead for lead in leads if due_date - dt.timedelta(days=lead) <= today]
    return min(reached) if reached else None


def _candidates(today: dt.date, leads: list[int]) -> Iterator[tuple[Agreement, str, dt.date]]:
    horizon = today + dt.timedelta(days=max(leads))
    expiring = Agreement.objects.filter(
        status__in=REMINDED_STATUSES, valid_to__gte=today, valid_to__lte=horizon
    ).select_related("owner_unit")
    for agreement in expiring.order_by("valid_to", "pk").iterator():
        assert agreement.valid_to is not None
        yield agreement, ReminderKind.EXPIRY, agreement.valid_to
    deadlines = Agreement.objects.filter(
        status__in=DEADLINE_STATUSES, renewal_deadline__gte=today, renewal_deadline__lte=horizon
    ).select_related("owner_unit")
    for agreement in deadlines.order_by("renewal_deadline", "pk").iterator():
        assert agreement.renewal_deadline is not None
        yield agreement, ReminderKind.RENEWAL_DEADLINE, agreement.renewal_deadline


def _recipients(agreement: Agreement) -> list[Any]:
    people = concerned(agreement)
    # Nobody is in charge of it by name: the whole office hears, so that nothing lapses unnoticed.
    return people or list(reviewers(agreement))


def _send(agreement: Agreement, kind: str, due_date: dt.date, lead: int, today: dt.date) -> bool:
    try:
        with transaction.atomic():
            sent = ReminderSent.objects.create(
                agreement=agreement, kind=kind, lead_days=lead, due_date=due_date
            )
            days = (due_date - today).days
            what = "expires" if kind == ReminderKind.EXPIRY else "has its renewal deadline"
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            subject = f"Agreement “{agreement.title}” {what} {when}"
            body = f"{subject} ({due_date:%d %B %Y})."
            if kind == ReminderKind.EXPIRY:
                body += " Renew it from its page if the partnership goes on."
            url = reverse("agreements:detail", args=[agreement.pk])
            notify(actor=None, recipients=_recipients(agreement), subject=subject, body=body, url=url)
            audit.record(
                actor=None,
                action="agreement.reminder_sent",
                target=agreement,
                data={"kind": kind, "lead_days": lead, "due_date": due_date, "reminder": sent.pk},
            )
    except IntegrityError:  # another worker sent this one a moment ago
        return False
    return True


def reminders_send(*, today: dt.date) -> int:
    """Send every reminder due today (or missed before); returns how many went out."""
    leads = lead_days()
    if not leads:
        return 0
    count = 0
    for agreement, kind, due_date in _candidates(today, leads):
        lead = due_lead(due_date, today, leads)
        if lead is None:
            continue
        if ReminderSent.objects.filter(
            agreement=agreement, kind=kind, lead_days=lead, due_date=due_date
        ).exists():
            continue
        count += _send(agreement, kind, due_date, lead, today)
    return count
