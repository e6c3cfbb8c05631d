"""The only writers of research and surveys with partners."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accord.accounts.models import User
from accord.analytics.models import ActivityKind, PartnerActivity
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.institutions.models import Institution
from accord.reference.services import academic_year_ensure


@dataclass(frozen=True)
class ActivityInput:
    institution_id: int
    kind: str
    academic_year: int
    title: str
    count: int = 1
    rating: Decimal | None = None
    unit_id: int | None = None
    notes: str = ""


def _clean_activity(data: ActivityInput) -> None:
    if data.kind not in ActivityKind.values:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            "Choose a joint project, co-publication or satisfaction survey.",
            field="kind",
        )
    if not data.title.strip():
        raise DomainError(ErrorCode.INVALID_VALUE, "Give the activity a title.", field="title")
    if data.count < 1:
        raise DomainError(ErrorCode.INVALID_VALUE, "The count is at least 1.", field="count")
    if data.kind == ActivityKind.SATISFACTION:
        if data.rating is None or not Decimal(1) <= data.rating <= Decimal(5):
            raise DomainError(ErrorCode.INVALID_VALUE, "A survey needs a rating from 1 to 5.", field="rating")
    elif data.rating is not None:
        raise DomainError(ErrorCode.INVALID_VALUE, "Only satisfaction surveys have a rating.", field="rating")
    if not 1900 <= data.academic_year <= 2200:
        raise DomainError(
            ErrorCode.INVALID_VALUE, "Give an academic year such as 2026/2027.", field="academic_year"
        )
    if not Institution.objects.filter(pk=data.institution_id, is_home=False).exists():
        raise DomainError(ErrorCode.INVALID_VALUE, "Choose a partner institution.", field="institution")


def _apply_activity(activity: PartnerActivity, data: ActivityInput) -> None:
    activity.institution_id = data.institution_id
    activity.unit_id = data.unit_id
    activity.kind = data.kind
    activity.academic_year = academic_year_ensure(data.academic_year)
    activity.title = data.title.strip()
    activity.count = data.count
    activity.rating = data.rating
    activity.notes = data.notes
    activity.save()


def activity_create(*, data: ActivityInput, actor: User) -> PartnerActivity:
    _clean_activity(data)
    with transaction.atomic():
        activity = PartnerActivity()
        _apply_activity(activity, data)
        audit.record(
            actor=actor, action="analytics.activity_recorded", target=activity, data=audit.snapshot(activity)
        )
    return activity


def activity_update(*, activity: PartnerActivity, data: ActivityInput, actor: User) -> PartnerActivity:
    _clean_activity(data)
    with (
        transaction.atomic(),
        audit.record_changed(actor=actor, action="analytics.activity_changed", target=activity, always=True),
    ):
        _apply_activity(activity, data)
    return activity


def activity_delete(*, activity: PartnerActivity, actor: User) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor, action="analytics.activity_deleted", target=activity, data=audit.snapshot(activity)
        )
        activity.delete()
