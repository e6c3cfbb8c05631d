"""Who may read and change the partners' copies of IIAs, and the access function for one copy.

Which copies a user sees is `partner_copies_visible_to` (ewp/selectors.py); changing them (import, link,
unlink, delete) is for the international office (officers and administrators).
"""

from typing import Any

from accord.accounts.models import User
from accord.agreements.ewp.selectors import partner_copies_visible_to
from accord.agreements.models import PartnerIiaCopy
from accord.common.access import get_visible_or_404, require, role_of, writes_everything
from accord.common.roles import Role


def can_manage_partner_copies(actor: User | None) -> bool:
    """Import, link, unlink and delete partner copies: the international office."""
    return writes_everything(actor)


def can_read_partner_copies(actor: User | None) -> bool:
    """Whether the list of received copies is a page for this user at all (students have no agreements)."""
    return role_of(actor) in (Role.ADMIN, Role.OFFICER, Role.AUDITOR, Role.COORDINATOR, Role.PARTNER)


def get_partner_copy_for_user(actor: User, copy_id: Any, *, write: bool = False) -> PartnerIiaCopy:
    copy = get_visible_or_404(
        partner_copies_visible_to(actor).select_related("partner", "agreement"), copy_id
    )
    if write:
        require(can_manage_partner_copies(actor))
    return copy
