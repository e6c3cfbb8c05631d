from typing import Any

from accord.accounts.scope import unit_ids_in_scope
from accord.agreements.models import Agreement
from accord.agreements.selectors import agreements_visible_to
from accord.common.access import get_visible_or_404, require, role_of, writes_everything


def can_create_agreement(user: Any) -> bool:
    return writes_everything(user) or role_of(user) == "coordinator"


def can_use_owner_unit(user: Any, unit_id: int | None) -> bool:
    """Coordinators may only file agreements under their own units."""
    if writes_everything(user):
        return True
    return role_of(user) == "coordinator" and unit_id is not None and unit_id in unit_ids_in_scope(user)


def can_edit_agreement(user: Any, agreement: Agreement) -> bool:
    if writes_everything(user):
        return True
    return role_of(user) == "coordinator" and agreement.owner_unit_id in unit_ids_in_scope(user)


def get_agreement_for_user(user: Any, agreement_id: Any, *, write: bool = False) -> Agreement:
    agreement = get_visible_or_404(agreements_visible_to(user), agreement_id)
    if write:
        require(can_edit_agreement(user, agreement))
    return agreement
