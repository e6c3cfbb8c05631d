from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from accord.common.api_support import ListParams, Page, PathId, actor_of, error_responses, paginate
from accord.institutions import services
from accord.institutions.models import Institution
from accord.institutions.permissions import get_institution_for_user
from accord.institutions.schemas import (
    ContactIn,
    ContactOut,
    InstitutionIn,
    InstitutionOut,
    InstitutionPatch,
    InstitutionQuery,
    UnitIn,
    UnitOut,
)
from accord.institutions.selectors import InstitutionFilters, institution_list

router = Router(tags=["institutions"])


def _input(payload: InstitutionIn) -> services.InstitutionInput:
    data = payload.model_dump()
    data["other_names"] = [dict(entry) for entry in data["other_names"]]
    return services.InstitutionInput(**data)


def _fresh(institution_id: PathId) -> Any:
    return Institution.objects.prefetch_related("domains").get(pk=institution_id)


@router.get("/institutions", response=error_responses(200, Page[InstitutionOut]), summary="List institutions")
def list_institutions(request: HttpRequest, filters: Query[InstitutionQuery]) -> Any:
    selector_filters = InstitutionFilters(q=filters.q, country=filters.country, region=filters.region, is_home=filters.is_home)
    qs = institution_list(actor=actor_of(request), filters=selector_filters).prefetch_related("domains")
    return paginate(request, qs, filters)


@router.post("/institutions", response=error_responses(201, InstitutionOut), summary="Create an institution")
def create_institution(request: HttpRequest, payload: InstitutionIn) -> Any:
    institution = services.institution_create(data=_input(payload), actor=actor_of(request))
    return Status(201, _fresh(institution.pk))


@router.get("/institutions/{institution_id}", response=error_responses(200, InstitutionOut), summary="Get an institution")
def get_institution(request: HttpRequest, institution_id: PathId) -> Any:
    institution = get_institution_for_user(actor_of(request), institution_id)
    return _fresh(institution.pk)


@router.put("/institutions/{institution_id}", response=error_responses(200, InstitutionOut), summary="Replace an institution")
def replace_institution(request: HttpRequest, institution_id: PathId, payload: InstitutionIn) -> Any:
    institution = get_institution_for_user(actor_of(request), institution_id, write=True)
    services.institution_update(institution=institution, data=_input(payload), actor=actor_of(request))
    return _fresh(institution.pk)


@router.patch("/institutions/{institution_id}", response=error_responses(200, InstitutionOut), summary="Change some fields")
def patch_institution(request: HttpRequest, institution_id: PathId, payload: InstitutionPatch) -> Any:
    institution = get_institution_for_user(actor_of(request), institution_id, write=True)
    current = asdict(services.institution_input_from(institution))
    changes = payload.model_dump(exclude_unset=True)
    data = services.InstitutionInput(**{**current, **changes})
    services.institution_update(institution=institution, data=data, actor=actor_of(request))
    return _fresh(institution.pk)


@router.delete("/institutions/{institution_id}", response=error_responses(204, None), summary="Delete an institution")
def delete_institution(request: HttpRequest, institution_id: PathId) -> Any:
    institution = get_institution_for_user(actor_of(request), institution_id, write=True)
    services.institution_delete(institution=institution, actor=actor_of(request))
    return Status(204, None)


@router.get("/institutions/{institution_id}/units", response=error_responses(200, Page[UnitOut]), summary="List units")
def list_units(request: HttpRequest, institution_id: PathId, params: Query[ListParams]) -> Any:
    institution = get_institution_for_user(actor_of(request), institution_id)
    return paginate(request, institution.units.order_by("name", "id"), params)


@router.post("/institutions/{institution_id}/units", response=error_responses(201, UnitOut), summary="Add a unit")
def create_unit(request: HttpRequest, institution_id: PathId, payload: UnitIn) -> Any:
    institution = get_institution_for_user(actor_of(request), institution_id, write=True)
    data = services.UnitInput(**payload.model_dump())
    return Status(201, services.unit_create(institution=institution, data=data, actor=actor_of(request)))


@router.get("/institutions/{institution_id}/contacts", response=error_responses(200, Page[ContactOut]), summary="List contacts")
def list_contacts(request: HttpRequest, institution_id: PathId, params: Query[ListParams]) -> Any:
    institution = get_institution_for_user(actor_of(request), institution_id)
    return paginate(request, institution.contacts.order_by("name", "id"), params)


@router.post("/institutions/{institution_id}/contacts", response=error_responses(201, ContactOut), summary="Add a contact")
def create_contact(request: HttpRequest, institution_id: PathId, payload: ContactIn) -> Any:
    institution = get_institution_for_user(actor_of(request), institution_id, write=True)
    data = services.ContactInput(**payload.model_dump())
    return Status(201, services.contact_create(institution=institution, data=data, actor=actor_of(request)))
