"""Staff mobility applications over the API."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Body, Query, Router, Schema, Status
from pydantic import Field

from accord.accounts.authentication import actor_of
from accord.common.access import require
from accord.common.api_support import (
    Deferred,
    Id,
    InputSchema,
    ListParams,
    Page,
    PathId,
    error_responses,
    paginate,
    parse,
)
from accord.staff.models import ApplicationStatus, StaffApplication
from accord.staff.permissions import can_file_application, get_application_for_user
from accord.staff.selectors import staff_application_list
from accord.staff.services import (
    StaffApplicationInput,
    staff_application_approve,
    staff_application_create,
    staff_application_reject,
    staff_application_withdraw,
)

router = Router(tags=["staff mobility"])


class StaffApplicationIn(InputSchema):
    given_names: str = Field(max_length=150)
    family_name: str = Field(max_length=150)
    email: str = Field("", max_length=254)
    staff_number: str = Field("", max_length=64)
    unit_id: Id
    host_institution_id: Id
    mobility_type: str = Field(pattern="^staff_(teaching|training)$")
    planned_start: dt.date
    planned_end: dt.date
    days: int = Field(ge=1, le=60)
    programme: str = Field(min_length=1, max_length=10_000)
    agreement_id: Id | None = None
    teaching_hours: int | None = Field(None, ge=1, le=500)
    grant_requested: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2, allow_inf_nan=False)


class StaffApplicationOut(Schema):
    id: int
    person_id: int
    person: str
    unit_id: int
    host_institution_id: int
    agreement_id: int | None
    mobility_type: str
    academic_year_id: int
    planned_start: dt.date
    planned_end: dt.date
    days: int
    teaching_hours: int | None
    programme: str
    grant_requested: Decimal | None
    status: str
    decision_reason: str
    decided_at: dt.datetime | None
    mobility_id: int | None

    @staticmethod
    def resolve_person(obj: StaffApplication) -> str:
        return str(obj.person)


class StaffQuery(ListParams):
    q: str = Field("", max_length=200)
    status: ApplicationStatus | None = None
    mobility_type: str | None = Field(None, pattern="^staff_(teaching|training)$")


class RejectIn(InputSchema):
    reason: str = Field(max_length=2000)


StaffBody = Annotated[Any, Deferred(StaffApplicationIn), Body(None)]
RejectBody = Annotated[Any, Deferred(RejectIn), Body(None)]


@router.get(
    "/staff-applications",
    response=error_responses(200, Page[StaffApplicationOut]),
    summary="List staff applications",
)
def list_applications(request: HttpRequest, filters: Query[StaffQuery]) -> Any:
    qs = staff_application_list(
        actor=actor_of(request),
        q=filters.q,
        status=filters.status or "",
        mobility_type=filters.mobility_type or "",
    )
    return paginate(request, qs, filters)


@router.post(
    "/staff-applications",
    response=error_responses(201, StaffApplicationOut),
    summary="File a staff application",
)
def create_application(request: HttpRequest, payload: StaffBody) -> Any:
    require(can_file_application(actor_of(request)))
    data = StaffApplicationInput(**parse(StaffApplicationIn, payload).model_dump())
    return Status(201, staff_application_create(data=data, actor=actor_of(request)))


@router.get(
    "/staff-applications/{application_id}",
    response=error_responses(200, StaffApplicationOut),
    summary="Get a staff application",
)
def get_application(request: HttpRequest, application_id: PathId) -> Any:
    return get_application_for_user(actor_of(request), application_id)


@router.post(
    "/staff-applications/{application_id}/approve",
    response=error_responses(200, StaffApplicationOut),
    summary="Approve: creates the outgoing staff mobility",
)
def approve_application(request: HttpRequest, application_id: PathId) -> Any:
    application = get_application_for_user(actor_of(request), application_id, decide=True)
    return staff_application_approve(application=application, actor=actor_of(request))


@router.post(
    "/staff-applications/{application_id}/reject",
    response=error_responses(200, StaffApplicationOut),
    summary="Reject",
)
def reject_application(request: HttpRequest, application_id: PathId, payload: RejectBody) -> Any:
    application = get_application_for_user(actor_of(request), application_id, decide=True)
    data = parse(RejectIn, payload)
    return staff_application_reject(application=application, actor=actor_of(request), reason=data.reason)


@router.post(
    "/staff-applications/{application_id}/withdraw",
    response=error_responses(200, StaffApplicationOut),
    summary="Withdraw an application still waiting for a decision",
)
def withdraw_application(request: HttpRequest, application_id: PathId) -> Any:
    application = get_application_for_user(actor_of(request), application_id, withdraw=True)
    return staff_application_withdraw(application=application, actor=actor_of(request))
