"""Shared access rules: who reads everything, who writes, and the 404 that hides what you may not see."""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

ModelT = TypeVar("ModelT", bound=models.Model)

READ_ALL_ROLES = frozenset({"admin", "officer", "auditor"})
WRITE_ALL_ROLES = frozenset({"admin", "officer"})


def is_active_user(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def role_of(user: Any) -> str:
    if not is_active_user(user):
        return ""
    return "admin" if user.is_superuser else str(user.role)


def reads_everything(user: Any) -> bool:
    return role_of(user) in READ_ALL_ROLES


def writes_everything(user: Any) -> bool:
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
