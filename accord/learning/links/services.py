"""Sending and revoking private signing links for a partner coordinator without an account.

The page behind a link shows that one learning agreement and nothing else (`views.py`); the token and how
long it lasts are in `tokens.py`.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.learning.links.tokens import link_days, link_path
from accord.learning.models import ChangeProposal, ProposalStatus, SigningInvitation
from accord.learning.permissions import coordinates, partner_side_role
from accord.notifications.services import notify


@transaction.atomic
def invitation_send(
    *,
    proposal: ChangeProposal,
    name: str,
    email: str,
    position: str = "",
    actor: User,
    now: dt.datetime | None = None,
) -> SigningInvitation:
    la = proposal.learning_agreement
    if not coordinates(actor, la.mobility):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "Only the coordinator or the office may send signing links."
        )
    if proposal.status != ProposalStatus.OPEN:
        raise DomainError(ErrorCode.INVALID_STATE, "This proposal is no longer open for signatures.")
    role = partner_side_role(la.mobility)
    if proposal.signatures.filter(role=role).exists():
        raise DomainError(ErrorCode.DUPLICATE, "The partner institution has already signed.")
    if not name.strip():
        raise DomainError(ErrorCode.REQUIRED, "Give the name of the partner coordinator.", field="name")
    address = email.strip()
    if "@" not in address or " " in address or len(address) > 254:
        raise DomainError(ErrorCode.INVALID_EMAIL, "Give a valid e-mail address.", field="email")
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
        sent_by=actor if actor.pk else None,
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
def invitation_revoke(*, invitation: SigningInvitation, actor: User) -> SigningInvitation:
    if not coordinates(actor, invitation.proposal.learning_agreement.mobility):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not revoke this link.")
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
