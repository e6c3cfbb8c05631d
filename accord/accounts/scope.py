"""Where a user's authority reaches: a coordinator's organisational units, a partner contact's institution.

A coordinator's scope is read on almost every request, by selectors and permissions alike; it is computed
once per `User` object (one per request) and kept on it. Code that changes a user's units and then asks
again about the same object calls `forget_scope` first.
"""

from __future__ import annotations

from accord.accounts.models import User
from accord.common.access import is_active_user
from accord.common.roles import Role
from accord.institutions.models import OrganisationalUnit

_CACHE = "_accord_unit_scope"


def unit_ids_in_scope(user: User | None) -> frozenset[int]:
    """A coordinator's units and every unit below them (units form a tree)."""
    # The role as stored: a superuser reads everything anyway, whatever the scope says.
    if user is None or not is_active_user(user) or user.role != Role.COORDINATOR:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, _CACHE, None)
    if cached is None:
        cached = _units_below(
            set(OrganisationalUnit.objects.filter(coordinators=user).values_list("id", flat=True))
        )
        setattr(user, _CACHE, cached)
    return cached


def forget_scope(user: User) -> None:
    """Drop the scope kept on this user object, so that the next question reads their units again."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def _units_below(unit_ids: set[int]) -> frozenset[int]:
    frontier, scope = set(unit_ids), set(unit_ids)
    while frontier:
        children = set(OrganisationalUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - scope
        scope |= frontier
    return frozenset(scope)


def partner_institution_id(user: User | None) -> int | None:
    if user is None or not is_active_user(user) or user.role != Role.PARTNER:
        return None
    return user.partner_institution_id
