"""Private signing links for a partner coordinator without an account.

The token is ``django.core.signing`` over the invitation's id (salted for this use, so that no other signed
value of Accord can pass for it). It expires after ``ACCORD_LA_LINK_DAYS`` days (default 30), when the
invitation is revoked or replaced, once it has been used to sign, or when the proposal it was sent for is
closed. The page behind it shows that one learning agreement and nothing else.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accord.common import audit
from accord.common.errors import DomainError
from accord.learning.models import ChangeProposal, ProposalStatus, SigningInvitation
from accord.learning.permissions import coordinates, partner_side_role
from accord.notifications.services import notify

SALT = "accord.learning.signing-link"
DEFAULT_LINK_DAYS = 30


def link_days() -> int:
    return int(getattr(settings, "ACCORD_LA_LINK_DAYS", DEFAULT_LINK_DAYS))


def token_for(invitation: SigningInvitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=SALT, compress=True)


def link_path(invitation: SigningInvitation) -> str:
    return reverse("learning:link", args=[token_for(invitation)])


def invitation_from_token(token: str, *, now: dt.datetime | None = None) -> SigningInvitation:
    """The invitation a token names, if still good; otherwise one and the same error for every case."""
    expired = DomainError("link_invalid", "This link is invalid or has expired. Ask for a new one.")
    try:
        payload = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=link_days()))
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise expired from exc
    invitation_id = payload.get("invitation") if isinstance(payload, dict) else None
    if not isinstance(invitation_id, int):
        raise expired
    invitation = (
        SigningInvitation.objects.select_related("proposal__learning_agreement__mobility__person")
        .filter(pk=invitation_id)
        .first()
    )
    moment = now or timezone.now()
    if invitation is None or invitation.revoked_at is not None or invitation.expires_at <= moment:
        raise expired
    return invitation


def invitation_is_usable(invitation: SigningInvitation) -> bool:
    return invitation.used_at is None and invitation.proposal.status == ProposalStatus.OPEN


@transaction.atomic
def invitation_send(
    *,
    proposal: ChangeProposal,
    name: str,
    email: str,
    position: str = "",
    actor: Any,
    now: dt.datetime | None = None,
) -> SigningInvitation:
    la = proposal.learning_agreement
    if not coordinates(actor, la.mobility):
        raise DomainError("permission_denied", "Only the coordinator or the office may send signing links.")
    if proposal.status != ProposalStatus.OPEN:
        raise DomainError("invalid_state", "This proposal is no longer open for signatures.")
    role = partner_side_role(la.mobility)
    if proposal.signatures.filter(role=role).exists():
        raise DomainError("duplicate", "The partner institution has already signed.")
    if not name.strip():
        raise DomainError("required", "Give the name of the partner coordinator.", field="name")
    address = email.strip()
    if "@" not in address or " " in address or len(address) > 254:
        raise DomainError("invalid_email", "Give a valid e-mail address.", field="email")
    moment = now or timezone.now()
    # One live link per proposal: a new one replaces the old.
    SigningInvitation.objects.filter(proposal=proposal, revoked_at__isnull=True, used_at__isnull=True).update(
        revoked_at=moment
    )
    invitation = SigningInvitation.objects.create(
        proposal=proposal,
        role=role,
        name=name.strip()[:200],
        position=position.strip()[:200],
        email=address,
        sent_by=actor if getattr(actor, "pk", None) else None,
        expires_at=moment + dt.timedelta(days=link_days()),
    )
    audit.record(
        actor=actor,
        action="learning_agreement.link_sent",
        target=la,
        data={"proposal": proposal.number, "invitation": invitation.pk, "email": address, "role": role},
    )
    mobility = la.mobility
    partner = mobility.host_institution if role == "receiving" else mobility.home_institution
    notify(
        actor=actor,
        recipients=[],
        subject=f"Please review the learning agreement of {mobility.person}",
        body=(
            f"Dear {invitation.name},\n\n{actor} asks you to review and sign, for {partner}, "
            f"the learning agreement of {mobility.person} ({mobility.academic_year}).\n"
            f"The link below opens this agreement only, without an account, until "
            f"{invitation.expires_at:%d %B %Y}. You can sign it or return it with a comment."
        ),
        url=link_path(invitation),
        extra_emails=[address],
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: SigningInvitation, actor: Any) -> SigningInvitation:
    if not coordinates(actor, invitation.proposal.learning_agreement.mobility):
        raise DomainError("permission_denied", "You may not revoke this link.")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit.record(
            actor=actor,
            action="learning_agreement.link_revoked",
            target=invitation.proposal.learning_agreement,
            data={"invitation": invitation.pk},
        )
    return invitation
