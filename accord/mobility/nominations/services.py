"""Nominations: sending ours to the host, and the host's answer (accepted, or rejected with a reason).

An outgoing nomination is an outgoing mobility in status ``nominated``; it is *sent* when the partner is told
(``nomination_sent_at``). Its answer comes from the partner's contacts in Accord, or is recorded by the office
when the partner answered by e-mail. An incoming nomination is an incoming mobility in status ``nominated``,
answered by our office. A refusal moves the mobility to ``rejected`` (see docs/decisions/0030).
"""

import datetime as dt
import uuid

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.common.roles import Role
from accord.institutions.models import Contact
from accord.mobility.errors import MobilityErrorCode
from accord.mobility.models import Direction, Mobility, MobilityStatus
from accord.mobility.nominations.permissions import SENDABLE, can_decide_nomination, can_send_nomination
from accord.notifications.services import notify

REASON_MAX_LENGTH = 2000


def partner_recipients(institution_id: int) -> tuple[list[User], list[str]]:
    """The partner's contacts in Accord, and the e-mail addresses of its other registered contacts."""
    users = list(
        User.objects.filter(is_active=True, role=Role.PARTNER, partner_institution_id=institution_id)
    )
    known = {user.email.lower() for user in users if user.email}
    emails = (
        Contact.objects.filter(institution_id=institution_id)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    extra = sorted({email.lower() for email in emails} - known)
    return users, extra


def office_recipients(mobility: Mobility) -> list[User]:
    """The officers, and the coordinators of the mobility's unit."""
    scope = Q(role=Role.OFFICER)
    if mobility.unit_id is not None:
        scope |= Q(role=Role.COORDINATOR, units=mobility.unit_id)
    return list(User.objects.filter(scope, is_active=True).distinct())


def _lock(mobility: Mobility) -> Mobility:
    return (
        Mobility.objects.select_for_update().select_related("person", "host_institution").get(pk=mobility.pk)
    )


def _url(mobility: Mobility) -> str:
    return reverse("mobility:detail", args=[mobility.pk])


def _describe(mobility: Mobility) -> str:
    return (
        f"{mobility.person} ({mobility.get_mobility_type_display().lower()}, "
        f"{mobility.academic_year_id}/{mobility.academic_year_id + 1}, "
        f"{mobility.planned_start:%d %b %Y} – {mobility.planned_end:%d %b %Y})"
    )


@transaction.atomic
def nomination_send(*, mobility: Mobility, actor: User | None, now: dt.datetime | None = None) -> Mobility:
    """Nominate an outgoing mobility to its host: status ``nominated``, an omobility id, the partner told.

    Sending again (a reminder) is allowed while the host has not answered.
    """
    mobility = _lock(mobility)
    if not can_send_nomination(actor, mobility):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not nominate this mobility.")
    if mobility.direction != Direction.OUTGOING:
        raise DomainError(ErrorCode.INVALID_STATE, "Only outgoing mobilities are nominated to a partner.")
    if mobility.status not in SENDABLE:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            f"A mobility that is {mobility.get_status_display().lower()} cannot be nominated.",
        )
    users, extra = partner_recipients(mobility.host_institution_id)
    if not users and not extra:
        raise DomainError(
            MobilityErrorCode.NO_PARTNER_CONTACT,
            f"{mobility.host_institution} has no contact with an e-mail address and no account in Accord; "
            "add a contact on the institution's page first.",
        )
    resent = mobility.nomination_sent_at is not None
    with audit.record_changed(
        actor=actor,
        action="nomination.resent" if resent else "nomination.sent",
        target=mobility,
        data={"to": mobility.host_institution_id, "recipients": len(users) + len(extra)},
        always=True,
    ):
        mobility.status = MobilityStatus.NOMINATED
        mobility.omobility_id = mobility.omobility_id or str(uuid.uuid4())
        mobility.nomination_sent_at = now or timezone.now()
        mobility.save(update_fields=["status", "omobility_id", "nomination_sent_at", "updated_at"])
    notify(
        actor=actor,
        recipients=users,
        extra_emails=extra,
        subject=f"{'Reminder: n' if resent else 'N'}omination of {mobility.person} "
        f"from {mobility.home_institution}",
        body=(
            f"{mobility.home_institution} nominates {_describe(mobility)} to {mobility.host_institution}.\n"
            "Please accept or reject the nomination in Accord, or answer this e-mail."
        ),
        url=_url(mobility),
    )
    return mobility


def _decide(
    *, mobility: Mobility, actor: User | None, accept: bool, reason: str, now: dt.datetime | None
) -> Mobility:
    mobility = _lock(mobility)
    if not can_decide_nomination(actor, mobility):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not answer this nomination.")
    if mobility.status != MobilityStatus.NOMINATED:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            "Only a pending nomination can be answered; "
            f"this one is {mobility.get_status_display().lower()}.",
        )
    if mobility.direction == Direction.OUTGOING and mobility.nomination_sent_at is None:
        raise DomainError(ErrorCode.INVALID_STATE, "This nomination has not been sent to the host yet.")
    reason = reason.strip()
    if not accept and not reason:
        raise DomainError(ErrorCode.REQUIRED, "Say why the nomination is rejected.", field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(
            ErrorCode.TOO_LONG, f"Keep the reason under {REASON_MAX_LENGTH} characters.", field="reason"
        )
    verb = "accepted" if accept else "rejected"
    with audit.record_changed(
        actor=actor,
        action=f"nomination.{verb}",
        target=mobility,
        data={"reason": reason} if reason else None,
        always=True,
    ):
        mobility.status = MobilityStatus.ACCEPTED if accept else MobilityStatus.REJECTED
        mobility.decided_at = now or timezone.now()
        mobility.decided_by = actor if actor is not None and actor.pk else None
        mobility.decision_reason = reason
        mobility.save(update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"])
    _tell_the_other_side(mobility, actor=actor, verb=verb, reason=reason)
    return mobility


def _tell_the_other_side(mobility: Mobility, *, actor: User | None, verb: str, reason: str) -> None:
    body = f"{mobility.host_institution} {verb} the nomination of {_describe(mobility)}."
    if reason:
        body += f"\nReason: {reason}"
    subject = f"Nomination of {mobility.person} {verb} by {mobility.host_institution}"
    if mobility.direction == Direction.OUTGOING:
        notify(
            actor=actor,
            recipients=office_recipients(mobility),
            subject=subject,
            body=body,
            url=_url(mobility),
        )
    else:
        users, extra = partner_recipients(mobility.home_institution_id)
        notify(
            actor=actor, recipients=users, extra_emails=extra, subject=subject, body=body, url=_url(mobility)
        )


def nomination_accept(
    *, mobility: Mobility, actor: User | None, reason: str = "", now: dt.datetime | None = None
) -> Mobility:
    with transaction.atomic():
        return _decide(mobility=mobility, actor=actor, accept=True, reason=reason, now=now)


def nomination_reject(
    *, mobility: Mobility, actor: User | None, reason: str, now: dt.datetime | None = None
) -> Mobility:
    with transaction.atomic():
        return _decide(mobility=mobility, actor=actor, accept=False, reason=reason, now=now)
