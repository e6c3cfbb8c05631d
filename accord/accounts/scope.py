"""Where a user's authority reaches: a coordinator's organisational units, a partner contact's institution."""

from typing import Any

from accord.common.access import is_active_user
from accord.institutions.models import OrganisationalUnit


def unit_ids_in_scope(user: Any) -> set[int]:
    """A coordinator's units and every unit below them (units form a tree)."""
    if not is_active_user(user) or user.role != "coordinator":
        return set()
    frontier = set(user.units.values_list("id", flat=True))
    scope = set(frontier)
    while frontier:
        children = set(OrganisationalUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - scope
        scope |= frontier
    return scope


def partner_institution_id(user: Any) -> int | None:
    if not is_active_user(user) or user.role != "partner":
        return None
    institution_id: int | None = user.partner_institution_id
    return institution_id
