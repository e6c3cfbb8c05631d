"""Who may take which lifecycle action, who approves which kind, who configures the approvers.

The table is in docs/agreements-lifecycle.md; `may_perform` is its code. Reading, filing and editing an
agreement are `agreements/permissions.py`'s rules, which these build on.
"""

from accord.accounts.models import User
from accord.agreements.models import Agreement, AgreementApprover
from accord.agreements.permissions import can_create_agreement, can_edit_agreement, can_see_internal_history
from accord.common.access import is_active_user, role_of, writes_everything
from accord.common.roles import Role

# The moves the date makes: the daily job takes them with no actor, and nobody may take them early.
DATE_ACTIONS = frozenset({"activate", "mark_expiring", "expire"})
APPROVER_ROLES = (Role.ADMIN, Role.OFFICER, Role.COORDINATOR)


def can_approve(user: User, kind: str) -> bool:
    """Administrators always; otherwise the kind's configured approvers, or any officer when it has none."""
    if role_of(user) == Role.ADMIN:
        return True
    if AgreementApprover.objects.filter(kind=kind).exists():
        return AgreementApprover.objects.filter(kind=kind, user_id=user.pk, user__is_active=True).exists()
    return role_of(user) == Role.OFFICER


def is_partner_contact_of(user: User, agreement: Agreement) -> bool:
    if role_of(user) != Role.PARTNER or user.partner_institution_id is None:
        return False
    return agreement.partners.filter(
        institution_id=user.partner_institution_id, institution__is_home=False
    ).exists()


def may_perform(user: User | None, action: str, agreement: Agreement) -> bool:
    """Whether the role allows the action on this agreement (the status and dates are checked apart)."""
    if user is None:  # the daily job moves agreements by date, and only by date
        return action in DATE_ACTIONS
    if not is_active_user(user):
        return False
    if action in {"propose", "reopen"}:
        return can_edit_agreement(user, agreement)
    if action in {"approve", "send_back"}:
        return can_approve(user, agreement.kind)
    if action == "partner_approve":
        return can_edit_agreement(user, agreement) or is_partner_contact_of(user, agreement)
    if action == "renew":
        return can_edit_agreement(user, agreement) and can_create_agreement(user)
    # sign, terminate and the date moves: the international office.
    return writes_everything(user)


def can_see_approval_queue(user: User | None) -> bool:
    """Internal review is our staff's work: partner contacts and students have no queue."""
    return can_see_internal_history(user)


def can_configure_approvers(user: User | None) -> bool:
    return role_of(user) == Role.ADMIN


def can_be_approver(user: User) -> bool:
    """Approvers are staff who decide: officers, coordinators or administrators."""
    return user.role in APPROVER_ROLES or user.is_superuser
