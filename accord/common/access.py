"""Shared access rules: who reads everything, who writes, and the 404 that hides what you may not see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

from accord.common.roles import READ_ALL_ROLES, WRITE_ALL_ROLES, Actor, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    # Whoever a rule may be asked about: a user, the anonymous visitor of a page, or nobody (the system).
    Someone: TypeAlias = Actor | AnonymousUser | None

ModelT = TypeVar("ModelT", bound=models.Model)


def is_active_user(user: Someone) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def role_of(user: Someone) -> Role | None:
    """The user's role (a superuser is an administrator); None for the anonymous, the inactive, the system."""
    if user is None or not is_active_user(user):
        return None
    return Role.ADMIN if user.is_superuser else Role(getattr(user, "role", ""))


def reads_everything(user: Someone) -> bool:
    return role_of(user) in READ_ALL_ROLES


def writes_everything(user: Someone) -> bool:
    return role_of(user) in WRITE_ALL_ROLES


def get_visible_or_404(queryset: models.QuerySet[ModelT], pk: Any) -> ModelT:
    """The object if it is in the actor's scoped queryset; otherwise the same 404 as for a missing id."""
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("You may not do this.")
