"""Small helpers every app's services share."""

from typing import Any

from django.db import IntegrityError, models

from accord.common.errors import DomainError, ErrorCode
from accord.engines.identifiers import IdentifierError


def clean_identifier(normaliser: Any, value: str | None, *, field: str) -> str | None:
    """Empty means 'none' (stored as NULL so unique constraints ignore it); anything else must be valid."""
    if value is None or not str(value).strip():
        return None
    try:
        return str(normaliser(str(value)))
    except IdentifierError as exc:
        raise DomainError(ErrorCode.INVALID_IDENTIFIER, str(exc), field=field) from exc


def save_or_conflict(instance: models.Model, *, what: str, **save_kwargs: Any) -> None:
    """Save, turning a unique-constraint race into the same 409 the pre-checks give."""
    try:
        instance.save(**save_kwargs)
    except IntegrityError as exc:
        raise DomainError(ErrorCode.DUPLICATE, f"Another {what} already uses one of these values.") from exc


def excluding(queryset: models.QuerySet[Any], pk: int | None) -> models.QuerySet[Any]:
    """The queryset without the object being edited (nothing to leave out when it is being created)."""
    return queryset if pk is None else queryset.exclude(pk=pk)
