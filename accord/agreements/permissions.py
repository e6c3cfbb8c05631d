"""Who may read, file and change agreements.

The sub-domains' rules (lifecycle, EWP, documents) build on these.
"""

from typing import Any

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.agreements.models import Agreement
from accord.agreements.selectors import agreements_visible_to
from accord.common.access import get_visible_or_404, require, role_of, writes_everything
from accord.common.roles import Role


def can_read_agreements(user: User | None) -> bool:
    """Whether agreements are pages for this user at all: students have none in scope (nor a menu entry)."""
    return role_of(user) != Role.STUDENT


def can_see_internal_history(user: User | None) -> bool:
    """The history, the lifecycle timeline and the revisions name our staff and show internal drafts.

    Partner contacts are outsiders and do not see them (students see no agreement at all).
    """
    return role_of(user) not in {Role.PARTNER, Role.STUDENT, None}


def can_create_agreement(user: User | None) -> bool:
    return writes_everything(user) or role_of(user) == Role.COORDINATOR


def can_choose_any_owner_unit(user: User | None) -> bool:
    """The international office files agreements under any unit; coordinators only under their own."""
    return writes_everything(user)


def can_use_owner_unit(user: User | None, unit_id: int | None) -> bool:
    """Coordinators may only file agreements under their own units."""
    if can_choose_any_owner_unit(user):
        return True
    return role_of(user) == Role.COORDINATOR and unit_id is not None and unit_id in unit_ids_in_scope(user)


def can_edit_agreement(user: User | None, agreement: Agreement) -> bool:
    if writes_everything(user):
        return True
    return role_of(user) == Role.COORDINATOR and agreement.owner_unit_id in unit_ids_in_scope(user)


def can_register_past_draft(user: User | None) -> bool:
    """Only the international office registers an agreement that is already beyond draft."""
    return writes_everything(user)


def get_agreement_for_user(user: User, agreement_id: Any, *, write: bool = False) -> Agreement:
    agreement = get_visible_or_404(agreements_visible_to(user), agreement_id)
    if write:
        require(can_edit_agreement(user, agreement))
    return agreement
