"""The agreement lifecycle: every status change is one of these transitions, with its guard and its roles.

draft -> in_review -> negotiation -> partner_approved -> signed -> active -> expiring -> expired, with
"send back" (review -> draft), "reopen" (partner approved -> negotiation), "terminate" (with a reason) and
"renew" (a successor draft; the agreement itself keeps its status). The table of who may do what is in
docs/agreements-lifecycle.md; `may_perform` in `lifecycle/permissions.py` is its code. The daily job
(tasks.py) moves agreements by date through the same function, with no actor ("system").
"""

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User
from accord.agreements.errors import AgreementErrorCode
from accord.agreements.lifecycle.permissions import (
    DATE_ACTIONS,
    can_be_approver,
    can_configure_approvers,
    may_perform,
)
from accord.agreements.models import Agreement, AgreementApprover, AgreementKind, AgreementStatus
from accord.agreements.revisions import revision_ensure
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.common.models import AuditEvent
from accord.common.roles import Role
from accord.notifications.services import notify

log = logging.getLogger(__name__)
S = AgreementStatus


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the agreement keeps its status (renewal makes a successor instead)
    event: str  # the audit action
    note: str = ""  # "comment" or "reason": the text the action asks for, required when set
    danger: bool = False  # asks for confirmation on its own page


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("propose", "Send for internal review", (S.DRAFT,), S.IN_REVIEW, "agreement.proposed"),
        Transition("approve", "Approve internally", (S.IN_REVIEW,), S.NEGOTIATION, "agreement.approved"),
        Transition("send_back", "Send back", (S.IN_REVIEW,), S.DRAFT, "agreement.sent_back", note="comment"),
        Transition(
            "partner_approve",
            "Record the partner's approval",
            (S.NEGOTIATION,),
            S.PARTNER_APPROVED,
            "agreement.partner_approved",
        ),
        Transition(
            "reopen",
            "Reopen negotiation",
            (S.PARTNER_APPROVED,),
            S.NEGOTIATION,
            "agreement.reopened",
            "comment",
        ),
        Transition("sign", "Mark as signed", (S.PARTNER_APPROVED,), S.SIGNED, "agreement.signed"),
        Transition("activate", "Activate", (S.SIGNED,), S.ACTIVE, "agreement.activated"),
        Transition("mark_expiring", "Mark as expiring", (S.ACTIVE,), S.EXPIRING, "agreement.expiring"),
        Transition(
            "expire", "Mark as expired", (S.SIGNED, S.ACTIVE, S.EXPIRING), S.EXPIRED, "agreement.expired"
        ),
        Transition("renew", "Renew", (S.SIGNED, S.ACTIVE, S.EXPIRING, S.EXPIRED), None, "agreement.renewed"),
        Transition(
            "terminate",
            "Terminate",
            (S.IN_REVIEW, S.NEGOTIATION, S.PARTNER_APPROVED, S.SIGNED, S.ACTIVE, S.EXPIRING),
            S.TERMINATED,
            "agreement.terminated",
            note="reason",
            danger=True,
        ),
    )
}
ACTIONS = tuple(TRANSITIONS)
TIMELINE_EVENTS = ("agreement.created", "agreement.status_changed", *(t.event for t in TRANSITIONS.values()))


@dataclass(frozen=True)
class TransitionResult:
    agreement: Agreement
    successor: Agreement | None = None


# Guards ----------------------------------------------------------------------------------------------------


def notice_days(agreement: Agreement) -> int:
    if agreement.notice_period_days is not None:
        return agreement.notice_period_days
    return int(settings.ACCORD_EXPIRY_NOTICE_DAYS)


def _check(agreement: Agreement, transition: Transition, note: str, today: dt.date) -> None:
    """Raise the DomainError that explains why the transition cannot happen now; return if it can."""
    if agreement.status not in transition.sources:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            f"“{transition.label}” is not possible while the agreement is "
            f"{agreement.get_status_display().lower()}.",
            extra={"status": agreement.status, "action": transition.action},
        )
    if transition.note and not note.strip():
        raise DomainError(
            AgreementErrorCode(f"{transition.note}_required"),
            f"Give a {transition.note}.",
            field=transition.note,
        )
    action = transition.action
    if action == "propose" and agreement.is_exchange and not agreement.conditions.exists():
        raise DomainError(
            AgreementErrorCode.NO_CONDITIONS,
            "An exchange agreement needs cooperation conditions before it is reviewed.",
        )
    if action == "sign":
        unsigned = [
            p.institution.name
            for p in agreement.partners.select_related("institution")
            if p.signing_date is None or p.signing_contact_id is None
        ]
        if unsigned:
            raise DomainError(
                AgreementErrorCode.SIGNATURES_MISSING,
                "Record who signed and when for every partner first (edit the agreement): "
                + ", ".join(unsigned)
                + ".",
                extra={"unsigned": unsigned},
            )
    if action == "activate":
        if agreement.valid_from is None or agreement.valid_from > today:
            raise DomainError(
                AgreementErrorCode.NOT_STARTED, "The agreement becomes active on its start date."
            )
        if agreement.valid_to is not None and agreement.valid_to < today:
            raise DomainError(
                AgreementErrorCode.ALREADY_ENDED, "The agreement has already ended: mark it as expired."
            )
    if action == "mark_expiring" and (
        agreement.valid_to is None
        or agreement.valid_to < today
        or (agreement.valid_to - today).days > notice_days(agreement)
    ):
        raise DomainError(
            AgreementErrorCode.NOT_IN_NOTICE_PERIOD, "The agreement is not within its notice period."
        )
    if action == "expire" and (agreement.valid_to is None or agreement.valid_to >= today):
        raise DomainError(AgreementErrorCode.NOT_ENDED, "The agreement expires the day after its end date.")
    if action == "renew" and Agreement.objects.filter(predecessor=agreement).exists():
        raise DomainError(AgreementErrorCode.ALREADY_RENEWED, "This agreement already has a successor.")


def available_actions(
    agreement: Agreement, user: User | None, *, today: dt.date | None = None
) -> list[tuple[Transition, str]]:
    """The actions this user may take now, each with the reason it cannot happen yet ("" if it can).

    Date-driven moves are left out while their date has not come: they are not choices anyone can make.
    """
    today = today or timezone.localdate()
    found = []
    for transition in TRANSITIONS.values():
        if agreement.status not in transition.sources or not may_perform(user, transition.action, agreement):
            continue
        try:
            _check(agreement, transition, "x" if transition.note else "", today)
        except DomainError as error:
            if transition.action in DATE_ACTIONS:
                continue
            found.append((transition, error.message))
        else:
            found.append((transition, ""))
    return found


# Performing ------------------------------------------------------------------------------------------------


@transaction.atomic
def agreement_transition(
    *, agreement: Agreement, action: str, actor: User | None, note: str = "", today: dt.date | None = None
) -> TransitionResult:
    """Perform one lifecycle action: check role, status and data, write, audit, notify."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise DomainError(ErrorCode.INVALID_CHOICE, f"Unknown action {action!r}.", field="action")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not may_perform(actor, action, agreement):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not do this to this agreement.")
    today = today or timezone.localdate()
    note = note.strip()
    _check(agreement, transition, note, today)
    if action == "renew":
        successor = _renew(agreement, actor)
        audit.record(
            actor=actor,
            action=transition.event,
            target=agreement,
            data={"action": action, "successor": successor.pk},
        )
        _notify(agreement, transition, actor, note, successor=successor)
        return TransitionResult(agreement, successor)
    data: dict[str, Any] = {"action": action}
    if note:
        data[transition.note or "comment"] = note
    assert transition.target is not None
    with audit.record_changed(
        actor=actor, action=transition.event, target=agreement, fields=["status"], data=data
    ):
        agreement.status = transition.target
        fields = ["status", "updated_at"]
        if action == "partner_approve":
            agreement.partner_approved_at = timezone.now()
            agreement.partner_approved_revision = revision_ensure(agreement=agreement, actor=actor)
            fields += ["partner_approved_at", "partner_approved_revision"]
        elif action == "terminate":
            agreement.terminated_at = timezone.now()
            agreement.termination_reason = note
            fields += ["terminated_at", "termination_reason"]
        agreement.save(update_fields=fields)
    _notify(agreement, transition, actor, note)
    return TransitionResult(agreement)


def _years_later(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _renew(agreement: Agreement, actor: User | None) -> Agreement:
    """A draft successor with the same partners and conditions, its years moved on by the agreement's span."""
    from accord.agreements import services  # services imports revisions, which this module also uses

    data = services.agreement_input_from(agreement)
    first = min((c.first_year for c in data.conditions), default=None)
    last = max((c.last_year for c in data.conditions), default=None)
    if first is not None and last is not None:
        span = last - first + 1
    elif agreement.valid_from and agreement.valid_to:
        span = max(agreement.valid_to.year - agreement.valid_from.year, 1)
    else:
        span = 1
    data.status = None
    data.reference_code = ""
    data.valid_from = _years_later(agreement.valid_from, span)
    data.valid_to = _years_later(agreement.valid_to, span)
    data.renewal_deadline = _years_later(agreement.renewal_deadline, span)
    data.notes = f"Renewal of “{agreement}”."
    for partner in data.partners:
        # The successor is a new agreement: new signatures, and the partner gives it a new id.
        partner.signing_date = None
        partner.signing_contact_id = None
        partner.partner_agreement_id = ""
        partner.partner_agreement_code = ""
    for condition in data.conditions:
        condition.first_year += span
        condition.last_year += span
    successor = services.agreement_create(data=data, actor=actor)
    successor.predecessor = agreement
    successor.carries_balance_over = agreement.carries_balance_over
    successor.save(update_fields=["predecessor", "carries_balance_over", "updated_at"])
    return successor


# Who hears about it ----------------------------------------------------------------------------------------


def owning_coordinators(agreement: Agreement) -> QuerySet[User]:
    """Coordinators whose scope covers the owning unit (its own coordinators and those of units above it)."""
    unit = agreement.owner_unit
    if unit is None:
        return User.objects.none()
    chain, seen = [], set()
    while unit is not None and unit.pk not in seen:
        seen.add(unit.pk)
        chain.append(unit.pk)
        unit = unit.parent
    return User.objects.filter(role=Role.COORDINATOR, is_active=True, units__in=chain).distinct()


def proposers(agreement: Agreement) -> QuerySet[User]:
    ids = AuditEvent.objects.filter(
        action="agreement.proposed", target_type="agreements.agreement", target_id=str(agreement.pk)
    ).values("actor_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def approvers_of_kind(kind: str) -> QuerySet[User]:
    """The users configured to approve this kind; empty means "any international officer"."""
    ids = AgreementApprover.objects.filter(kind=kind).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def reviewers(agreement: Agreement) -> QuerySet[User]:
    """Who reviews it: the configured approvers of its kind, or every international officer."""
    configured = approvers_of_kind(agreement.kind)
    if configured.exists():
        return configured
    return User.objects.filter(role=Role.OFFICER, is_active=True)


def partner_users(agreement: Agreement) -> QuerySet[User]:
    institutions = agreement.partners.filter(institution__is_home=False).values("institution_id")
    return User.objects.filter(role=Role.PARTNER, is_active=True, partner_institution_id__in=institutions)


def concerned(agreement: Agreement) -> list[User]:
    """Whom every change concerns: the owning unit's coordinators, the kind's approvers, the proposer."""
    people = {u.pk: u for u in owning_coordinators(agreement)}
    people.update({u.pk: u for u in approvers_of_kind(agreement.kind)})
    people.update({u.pk: u for u in proposers(agreement)})
    return list(people.values())


MESSAGES = {
    "propose": "was sent for internal review and waits for approval",
    "approve": "was approved internally; negotiation with the partner can start",
    "send_back": "was sent back to draft",
    "partner_approve": "was approved by the partner",
    "reopen": "is in negotiation with the partner again",
    "sign": "was signed by all partners",
    "activate": "is now active",
    "mark_expiring": "is within its notice period and will expire",
    "expire": "has expired",
    "renew": "was renewed: a successor draft was created",
    "terminate": "was terminated",
}
PARTNER_ACTIONS = {"approve", "partner_approve", "sign", "terminate"}


def _notify(
    agreement: Agreement,
    transition: Transition,
    actor: User | None,
    note: str,
    *,
    successor: Agreement | None = None,
) -> None:
    action = transition.action
    recipients = list(reviewers(agreement)) if action == "propose" else concerned(agreement)
    if action in PARTNER_ACTIONS:
        recipients += list(partner_users(agreement))
    subject = f"Agreement “{agreement.title}” {MESSAGES[action]}"
    lines = [f"{subject}."]
    if actor is not None:
        lines.append(f"By: {actor}.")
    if note:
        lines.append(f"{(transition.note or 'comment').capitalize()}: {note}")
    if agreement.valid_to:
        lines.append(f"Valid until {agreement.valid_to:%d %B %Y}.")
    target = successor or agreement
    url = reverse("agreements:detail", args=[target.pk])
    notify(actor=actor, recipients=recipients, subject=subject, body="\n".join(lines), url=url)


# The daily moves ------------------------------------------------------------------------------------------


def agreements_advance_by_date(*, today: dt.date) -> dict[str, int]:
    """Activate, mark expiring and expire what the date says, one transaction each; counts per action."""
    counts = {"activate": 0, "mark_expiring": 0, "expire": 0}
    longest_own = Agreement.objects.filter(notice_period_days__isnull=False).aggregate(
        top=Max("notice_period_days")
    )["top"]
    longest_notice = max(int(settings.ACCORD_EXPIRY_NOTICE_DAYS), longest_own or 0)
    passes = (
        ("activate", Agreement.objects.filter(status=S.SIGNED, valid_from__lte=today)),
        ("expire", Agreement.objects.filter(status__in=(S.SIGNED, S.ACTIVE, S.EXPIRING), valid_to__lt=today)),
        (
            "mark_expiring",
            Agreement.objects.filter(
                status=S.ACTIVE, valid_to__gte=today, valid_to__lte=today + dt.timedelta(days=longest_notice)
            ),
        ),
    )
    for action, candidates in passes:
        for pk in candidates.order_by("pk").values_list("pk", flat=True).iterator():
            agreement = Agreement.objects.get(pk=pk)
            if agreement.status not in TRANSITIONS[action].sources:
                continue
            try:
                agreement_transition(agreement=agreement, action=action, actor=None, today=today)
            except DomainError:  # not yet due (a longer notice elsewhere) or already moved
                continue
            counts[action] += 1
    return counts


# Approvers per kind (administrators) ---------------------------------------------------------------------


def _require_admin(actor: User | None) -> None:
    if not can_configure_approvers(actor):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "Only administrators configure approvers.")


@transaction.atomic
def approver_add(*, kind: str, user_id: int, actor: User | None) -> AgreementApprover:
    _require_admin(actor)
    if kind not in AgreementKind.values:
        raise DomainError(ErrorCode.INVALID_CHOICE, f"Unknown agreement kind {kind!r}.", field="kind")
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise DomainError(AgreementErrorCode.UNKNOWN_USER, "No such active user.", field="user_id")
    if not can_be_approver(user):
        raise DomainError(
            AgreementErrorCode.INVALID_APPROVER,
            "Approvers are officers, coordinators or administrators.",
            field="user_id",
        )
    if AgreementApprover.objects.filter(kind=kind, user=user).exists():
        raise DomainError(ErrorCode.DUPLICATE, f"{user} already approves this kind.", field="user_id")
    approver = AgreementApprover.objects.create(kind=kind, user=user)
    audit.record(
        actor=actor, action="agreement_approver.added", target=approver, data={"kind": kind, "user": user.pk}
    )
    return approver


@transaction.atomic
def approver_remove(*, approver: AgreementApprover, actor: User | None) -> None:
    _require_admin(actor)
    audit.record(
        actor=actor,
        action="agreement_approver.removed",
        target=approver,
        data={"kind": approver.kind, "user": approver.user_id},
    )
    approver.delete()
