"""/api/v1/analytics/activities: research and surveys with partners (part of the analytics router)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from accord.accounts.authentication import actor_of
from accord.accounts.models import User
from accord.analytics.activities import services
from accord.analytics.activities.permissions import (
    can_record_activity,
    can_start_activity,
    get_activity_for_user,
)
from accord.analytics.activities.schemas import ActivityBody, ActivityIn, ActivityOut
from accord.analytics.activities.selectors import activities_visible_to
from accord.analytics.models import PartnerActivity
from accord.analytics.permissions import require_reader
from accord.common.access import require
from accord.common.api_support import PathId, error_responses, parse
from accord.engines.identifiers import format_academic_year

router = Router(tags=["analytics"])


def _reader(request: HttpRequest) -> User:
    actor = actor_of(request)
    require_reader(actor)
    return actor


def _activity_out(activity: PartnerActivity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "institution": activity.institution_id,
        "kind": activity.kind,
        "academic_year": format_academic_year(activity.academic_year_id),
        "title": activity.title,
        "count": activity.count,
        "rating": activity.rating,
        "unit": activity.unit_id,
        "notes": activity.notes,
    }


@router.get(
    "/analytics/activities", response=error_responses(200, list[ActivityOut]), summary="Research and surveys"
)
def list_activities(request: HttpRequest) -> Any:
    actor = _reader(request)
    return [_activity_out(a) for a in activities_visible_to(actor).order_by("-academic_year_id", "-id")[:500]]


@router.post(
    "/analytics/activities", response=error_responses(201, ActivityOut), summary="Record research or a survey"
)
def create_activity(request: HttpRequest, payload: ActivityBody) -> Any:
    actor = _reader(request)
    require(can_start_activity(actor))
    data = parse(ActivityIn, payload)
    require(can_record_activity(actor, data.unit))
    values = services.ActivityInput(
        institution_id=data.institution,
        kind=data.kind,
        academic_year=data.academic_year,
        title=data.title,
        count=data.count,
        rating=data.rating,
        unit_id=data.unit,
        notes=data.notes,
    )
    return Status(201, _activity_out(services.activity_create(data=values, actor=actor)))


@router.delete(
    "/analytics/activities/{activity_id}", response=error_responses(204, None), summary="Remove an activity"
)
def delete_activity(request: HttpRequest, activity_id: PathId) -> Any:
    actor = _reader(request)
    services.activity_delete(activity=get_activity_for_user(actor, activity_id, write=True), actor=actor)
    return Status(204, None)
