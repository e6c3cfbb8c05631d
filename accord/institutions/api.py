from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from accord.common.access import require
from accord.common.api_support import ListParams, Page, PathId, caller_of, error_responses, paginate, parse
from accord.institutions import services
from accord.institutions.models import Institution
from accord.institutions.permissions import can_edit_institution, get_institution_for_user
from accord.institutions.schemas import (
    ContactBody,
    ContactIn,
    ContactOut,
    InstitutionBody,
    InstitutionIn,
    InstitutionOut,
    InstitutionPatch,
    InstitutionPatchBody,
    InstitutionQuery,
    UnitBody,
    UnitIn,
    UnitOut,
)
from accord.institutions.selectors import InstitutionFilters, institution_list

router = Router(tags=["institutions"])


def _input(payload: Any) -> services.InstitutionInput:
    return services.InstitutionInput(**parse(InstitutionIn, payload).model_dump())


def _fresh(institution_id: int) -> Institution:
    return Institution.objects.prefetch_related("domains").get(pk=institution_id)


@router.get("/institutions", response=error_responses(200, Page[InstitutionOut]), summary="List institutions")
def list_institutions(request: HttpRequest, filters: Query[InstitutionQuery]) -> Any:
    selector_filters = InstitutionFilters(
        q=filters.q, country=filters.country, region=filters.region, is_home=filters.is_home
    )
    qs = institution_list(actor=caller_of(request), filters=selector_filters).prefetch_related("domains")
    return paginate(request, qs, filters)


@router.post("/institutions", response=error_responses(201, InstitutionOut), summary="Create an institution")
def create_institution(request: HttpRequest, payload: InstitutionBody) -> Any:
    require(can_edit_institution(caller_of(request)))
    institution = services.institution_create(data=_input(payload), actor=caller_of(request))
    return Status(201, _fresh(institution.pk))


@router.get(
    "/institutions/{institution_id}",
    response=error_responses(200, InstitutionOut),
    summary="Get an institution",
)
def get_institution(request: HttpRequest, institution_id: PathId) -> Any:
    return _fresh(get_institution_for_user(caller_of(request), institution_id).pk)


@router.put(
    "/institutions/{institution_id}",
    response=error_responses(200, InstitutionOut),
    summary="Replace an institution",
)
def replace_institution(request: HttpRequest, institution_id: PathId, payload: InstitutionBody) -> Any:
    institution = get_institution_for_user(caller_of(request), institution_id, write=True)
    services.institution_update(institution=institution, data=_input(payload), actor=caller_of(request))
    return _fresh(institution.pk)


@router.patch(
    "/institutions/{institution_id}",
    response=error_responses(200, InstitutionOut),
    summary="Change some fields of an institution",
)
def patch_institution(request: HttpRequest, institution_id: PathId, payload: InstitutionPatchBody) -> Any:
    institution = get_institution_for_user(caller_of(request), institution_id, write=True)
    changes = parse(InstitutionPatch, payload).model_dump(exclude_unset=True)
    data = services.InstitutionInput(**{**asdict(services.institution_input_from(institution)), **changes})
    services.institution_update(institution=institution, data=data, actor=caller_of(request))
    return _fresh(institution.pk)


@router.delete(
    "/institutions/{institution_id}", response=error_responses(204, None), summary="Delete an institution"
)
def delete_institution(request: HttpRequest, institution_id: PathId) -> Any:
    institution = get_institution_for_user(caller_of(request), institution_id, write=True)
    services.institution_delete(institution=institution, actor=caller_of(request))
    return Status(204, None)


@router.get(
    "/institutions/{institution_id}/units",
    response=error_responses(200, Page[UnitOut]),
    summary="List the units of an institution",
)
def list_units(request: HttpRequest, institution_id: PathId, params: Query[ListParams]) -> Any:
    institution = get_institution_for_user(caller_of(request), institution_id)
    return paginate(request, institution.units.order_by("name", "id"), params)


@router.post(
    "/institutions/{institution_id}/units", response=error_responses(201, UnitOut), summary="Add a unit"
)
def create_unit(request: HttpRequest, institution_id: PathId, payload: UnitBody) -> Any:
    institution = get_institution_for_user(caller_of(request), institution_id, write=True)
    data = services.UnitInput(**parse(UnitIn, payload).model_dump())
    return Status(201, services.unit_create(institution=institution, data=data, actor=caller_of(request)))


@router.get(
    "/institutions/{institution_id}/contacts",
    response=error_responses(200, Page[ContactOut]),
    summary="List the contacts of an institution",
)
def list_contacts(request: HttpRequest, institution_id: PathId, params: Query[ListParams]) -> Any:
    institution = get_institution_for_user(caller_of(request), institution_id)
    return paginate(request, institution.contacts.order_by("name", "id"), params)


@router.post(
    "/institutions/{institution_id}/contacts",
    response=error_responses(201, ContactOut),
    summary="Add a contact",
)
def create_contact(request: HttpRequest, institution_id: PathId, payload: ContactBody) -> Any:
    institution = get_institution_for_user(caller_of(request), institution_id, write=True)
    data = services.ContactInput(**parse(ContactIn, payload).model_dump())
    return Status(201, services.contact_create(institution=institution, data=data, actor=caller_of(request)))
