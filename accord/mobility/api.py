from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from accord.accounts.authentication import actor_of
from accord.common.access import require
from accord.common.api_support import Page, PathId, error_responses, paginate, parse
from accord.mobility import services
from accord.mobility.models import Mobility
from accord.mobility.permissions import can_create_mobility, get_mobility_for_user, get_person_for_user
from accord.mobility.schemas import (
    MobilityBody,
    MobilityIn,
    MobilityOut,
    MobilityPatch,
    MobilityPatchBody,
    MobilityQuery,
    PersonBody,
    PersonIn,
    PersonOut,
)
from accord.mobility.selectors import MobilityFilters, mobility_list, with_display_relations

router = Router(tags=["mobilities"])


def _detail(mobility_id: int) -> Mobility:
    return with_display_relations(Mobility.objects.filter(pk=mobility_id)).get()


@router.get(
    "/mobilities",
    response=error_responses(200, Page[MobilityOut]),
    summary="List mobilities",
    description=(
        "Newest first (by id). `next` continues with `before_id` rather than a growing `offset`, so paging "
        "through millions of mobilities stays fast and no row is skipped or repeated when new ones arrive."
    ),
)
def list_mobilities(request: HttpRequest, filters: Query[MobilityQuery]) -> Any:
    selector_filters = MobilityFilters(
        q=filters.q,
        direction=filters.direction or "",
        status=filters.status or "",
        mobility_type=filters.mobility_type or "",
        academic_year=filters.academic_year,
        agreement=filters.agreement,
        institution=filters.institution,
    )
    qs = with_display_relations(mobility_list(actor=actor_of(request), filters=selector_filters))
    if filters.before_id is not None:
        qs = qs.filter(id__lt=filters.before_id)
    return paginate(request, qs.order_by("-id"), filters, keyset="before_id")


@router.post("/mobilities", response=error_responses(201, MobilityOut), summary="Create a mobility")
def create_mobility(request: HttpRequest, payload: MobilityBody) -> Any:
    require(can_create_mobility(actor_of(request)))
    data = services.MobilityInput(**parse(MobilityIn, payload).model_dump())
    return Status(201, _detail(services.mobility_create(data=data, actor=actor_of(request)).pk))


@router.get("/mobilities/{mobility_id}", response=error_responses(200, MobilityOut), summary="Get a mobility")
def get_mobility(request: HttpRequest, mobility_id: PathId) -> Any:
    return _detail(get_mobility_for_user(actor_of(request), mobility_id).pk)


@router.put(
    "/mobilities/{mobility_id}", response=error_responses(200, MobilityOut), summary="Replace a mobility"
)
def replace_mobility(request: HttpRequest, mobility_id: PathId, payload: MobilityBody) -> Any:
    mobility = get_mobility_for_user(actor_of(request), mobility_id, write=True)
    data = services.MobilityInput(**parse(MobilityIn, payload).model_dump())
    services.mobility_update(mobility=mobility, data=data, actor=actor_of(request))
    return _detail(mobility.pk)


@router.patch(
    "/mobilities/{mobility_id}", response=error_responses(200, MobilityOut), summary="Change some fields"
)
def patch_mobility(request: HttpRequest, mobility_id: PathId, payload: MobilityPatchBody) -> Any:
    mobility = get_mobility_for_user(actor_of(request), mobility_id, write=True)
    changes = parse(MobilityPatch, payload).model_dump(exclude_unset=True)
    data = services.MobilityInput(**{**asdict(services.mobility_input_from(mobility)), **changes})
    services.mobility_update(mobility=mobility, data=data, actor=actor_of(request))
    return _detail(mobility.pk)


@router.delete("/mobilities/{mobility_id}", response=error_responses(204, None), summary="Delete a mobility")
def delete_mobility(request: HttpRequest, mobility_id: PathId) -> Any:
    mobility = get_mobility_for_user(actor_of(request), mobility_id, write=True)
    services.mobility_delete(mobility=mobility, actor=actor_of(request))
    return Status(204, None)


@router.post(
    "/people", response=error_responses(201, PersonOut), tags=["people"], summary="Register a person"
)
def create_person(request: HttpRequest, payload: PersonBody) -> Any:
    require(can_create_mobility(actor_of(request)))
    data = services.PersonInput(**parse(PersonIn, payload).model_dump())
    return Status(201, services.person_create(data=data, actor=actor_of(request)))


@router.get(
    "/people/{person_id}", response=error_responses(200, PersonOut), tags=["people"], summary="Get a person"
)
def get_person(request: HttpRequest, person_id: PathId) -> Any:
    return get_person_for_user(actor_of(request), person_id)
