"""Audit trail: every service that changes state records it here, inside its transaction.

`record()` writes one event; `record_created()` an object's creation with its fields, `record_deleted()` its
deletion; `record_changed()` wraps the block that edits an object and records the fields it changed (nothing
when it changed none).
"""

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from accord.common.models import AuditEvent
from accord.common.roles import Actor


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def _field_value(instance: models.Model, name: str) -> Any:
    value = getattr(instance, name)
    try:
        field = instance._meta.get_field(name)  # also finds a foreign key by its attname ("person_id")
    except FieldDoesNotExist:
        field = None
    if isinstance(field, models.DecimalField) and isinstance(value, decimal.Decimal) and value.is_finite():
        # 30 typed in and 30.0 read back are one amount: written at the column's scale, they compare equal.
        value = value.quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
    return _jsonable(value)


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Field values as JSON-ready data; foreign keys by id, so before/after can be compared."""
    names = fields or [
        f.attname for f in instance._meta.concrete_fields if f.name not in {"created_at", "updated_at"}
    ]
    return {name: _field_value(instance, name) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def target_key(target: models.Model) -> tuple[str, str]:
    return target._meta.label_lower, str(target.pk)


def record(
    *,
    actor: Actor | None,
    action: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    target_type, target_id = target_key(target)
    return AuditEvent.objects.create(
        # An unsaved or anonymous actor is named in actor_repr only.
        actor_id=actor.pk if actor is not None and actor.pk else None,
        actor_repr=str(actor) if actor is not None else "system",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_repr=str(target)[:300],
        changes=_jsonable(changes or {}),
        data=_jsonable(data or {}),
    )


def history_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    target_type, target_id = target_key(target)
    return AuditEvent.objects.filter(target_type=target_type, target_id=target_id).select_related("actor")


M = TypeVar("M", bound=models.Model)


def _state_of(
    fields: list[str] | None, snapshot_of: Callable[[M], dict[str, Any]] | None
) -> Callable[[M], dict[str, Any]]:
    """How the helpers below read a row's state: the caller's snapshot function, or the named fields."""
    return snapshot_of or (lambda instance: snapshot(instance, fields))


def record_created(
    *,
    actor: Actor | None,
    action: str,
    target: M,
    fields: list[str] | None = None,
    snapshot_of: Callable[[M], dict[str, Any]] | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """The creation of `target`: each of its fields (or those named) as changed from nothing."""
    after = _state_of(fields, snapshot_of)(target)
    return record(actor=actor, action=action, target=target, changes=diff({}, after), data=data)


def record_deleted(
    *,
    actor: Actor | None,
    action: str,
    target: M,
    fields: list[str] | None = None,
    snapshot_of: Callable[[M], dict[str, Any]] | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """The deletion of `target`, recorded before it is deleted: each of its fields as changed to nothing."""
    before = _state_of(fields, snapshot_of)(target)
    return record(actor=actor, action=action, target=target, changes=diff(before, {}), data=data)


@dataclass
class Change:
    """What `record_changed` found when its block ended: the changed fields, and the event it wrote if any."""

    changes: dict[str, list[Any]] = field(default_factory=dict)
    event: AuditEvent | None = None


@contextmanager
def record_changed(
    *,
    actor: Actor | None,
    action: str,
    target: M,
    fields: list[str] | None = None,
    snapshot_of: Callable[[M], dict[str, Any]] | None = None,
    data: dict[str, Any] | None = None,
    always: bool = False,
) -> Iterator[Change]:
    """Record the fields of `target` that the block changes; no event when it changed none (unless `always`).

    The snapshot is taken of `target` before and after the block, so the block must edit that instance.
    """
    take = _state_of(fields, snapshot_of)
    before = take(target)
    change = Change()
    yield change
    change.changes = diff(before, take(target))
    if change.changes or always:
        change.event = record(actor=actor, action=action, target=target, changes=change.changes, data=data)
