"""Each user's private iCalendar feed (RFC 5545) of the expiries and renewal deadlines they can see.

The feed is read by calendar programs that cannot sign in, so the URL carries a secret token. Only the token's
SHA-256 is stored: the URL is shown once, when the token is made; making a new one retires the old URL.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User
from accord.agreements.calendar.models import CalendarFeedToken
from accord.agreements.models import Agreement, AgreementStatus
from accord.agreements.selectors import agreements_visible_to
from accord.common import audit
from accord.common.access import is_active_user

# Past dates stay in the feed this long, so that a calendar keeps last year's expiries.
HISTORY_DAYS = 365
FOLD_OCTETS = 75
TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_regenerate(*, actor: User) -> str:
    """A new secret for the actor's feed (the old URL stops working); returned once, never stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    existed = CalendarFeedToken.objects.filter(user=actor).delete()[0] > 0
    feed = CalendarFeedToken.objects.create(user=actor, token_hash=_hash(token))
    audit.record(
        actor=actor,
        action="calendar_feed.regenerated" if existed else "calendar_feed.created",
        target=feed,
    )
    return token


@transaction.atomic
def calendar_token_revoke(*, actor: User) -> bool:
    feed = CalendarFeedToken.objects.filter(user=actor).first()
    if feed is None:
        return False
    audit.record(actor=actor, action="calendar_feed.revoked", target=feed)
    feed.delete()
    return True


def calendar_user_for_token(token: str) -> User | None:
    """The active user whose feed this token opens, or None."""
    feed = CalendarFeedToken.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if feed is None or not is_active_user(feed.user):
        return None
    now = timezone.now()
    # Written at most hourly: calendar programs poll often, and the date is only for "last used".
    if feed.last_used_at is None or now - feed.last_used_at > dt.timedelta(hours=1):
        CalendarFeedToken.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user


# RFC 5545 text -------------------------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as \\n (RFC 5545 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF + space, never inside a UTF-8 character."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode())
        # Continuation lines start with a space, which counts towards their 75 octets.
        limit = FOLD_OCTETS if not pieces else FOLD_OCTETS - 1
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _event(
    *, uid: str, stamp: dt.datetime, day: dt.date, summary: str, description: str, url: str
) -> Iterator[str]:
    yield "BEGIN:VEVENT"
    yield f"UID:{uid}"
    yield f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}"
    yield f"DTSTART;VALUE=DATE:{day:%Y%m%d}"
    yield f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}"
    yield f"SUMMARY:{escape_text(summary)}"
    yield f"DESCRIPTION:{escape_text(description)}"
    yield f"URL:{url}"
    yield "TRANSP:TRANSPARENT"
    yield "END:VEVENT"


def _host(base: str) -> str:
    """The site's host name, which makes each UID unique to this installation (RFC 5545 3.8.4.7)."""
    return base.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "accord"


def feed_agreements(user: User, *, today: dt.date) -> Iterable[Agreement]:
    since = today - dt.timedelta(days=HISTORY_DAYS)
    visible = agreements_visible_to(user).exclude(status=AgreementStatus.TERMINATED)
    dated = visible.filter(valid_to__gte=since) | visible.filter(renewal_deadline__gte=since)
    return dated.order_by("valid_to", "pk").iterator()


def calendar_feed(user: User, *, now: dt.datetime, base_url: str | None = None) -> str:
    """The whole VCALENDAR for `user`, lines folded and ended with CRLF; links start with `base_url`."""
    stamp = now.astimezone(dt.UTC)
    today = timezone.localdate(now)
    since = today - dt.timedelta(days=HISTORY_DAYS)
    base = (base_url or settings.ACCORD_BASE_URL).rstrip("/")
    host = _host(base)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Accord//Agreement dates//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'Accord: agreement dates for {user}')}",
    ]
    for agreement in feed_agreements(user, today=today):
        url = f"{base}{reverse('agreements:detail', args=[agreement.pk])}"
        name = str(agreement) or agreement.title
        if agreement.valid_to and agreement.valid_to >= since:
            lines += _event(
                uid=f"agreement-{agreement.uuid}-expiry@{host}",
                stamp=stamp,
                day=agreement.valid_to,
                summary=f"Agreement ends: {name}",
                description=f"Last day of “{agreement.title}” ({agreement.get_status_display()}).",
                url=url,
            )
        if agreement.renewal_deadline and agreement.renewal_deadline >= since:
            lines += _event(
                uid=f"agreement-{agreement.uuid}-renewal-deadline@{host}",
                stamp=stamp,
                day=agreement.renewal_deadline,
                summary=f"Renewal deadline: {name}",
                description=f"Last day to agree the renewal of “{agreement.title}”.",
                url=url,
            )
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)
