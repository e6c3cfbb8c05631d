from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from accord.accounts.authentication import actor_of
from accord.agreements import services
from accord.agreements.models import Agreement
from accord.agreements.permissions import can_create_agreement, get_agreement_for_user
from accord.agreements.schemas import (
    AgreementBody,
    AgreementCreateIn,
    AgreementIn,
    AgreementOut,
    AgreementPatch,
    AgreementPatchBody,
    AgreementQuery,
    AgreementReplace,
    AgreementReplaceBody,
    AgreementSummaryOut,
)
from accord.agreements.selectors import (
    AgreementFilters,
    agreement_detail_queryset,
    agreement_list,
    with_partner_institutions,
)
from accord.common.access import require
from accord.common.api_support import Page, PathId, error_responses, paginate, parse

router = Router(tags=["agreements"])


def _input(payload: AgreementIn) -> services.AgreementInput:
    data = payload.model_dump(exclude={"partners", "conditions", "version"})
    partners = [services.PartnerInput(**p.model_dump()) for p in payload.partners]
    conditions = []
    for cond in payload.conditions:
        values = cond.model_dump(exclude={"subject_areas", "languages"})
        areas = [services.SubjectAreaInput(**a.model_dump()) for a in cond.subject_areas]
        languages = [services.LanguageInput(**lang.model_dump()) for lang in cond.languages]
        conditions.append(services.ConditionInput(**values, subject_areas=areas, languages=languages))
    return services.AgreementInput(**data, partners=partners, conditions=conditions)


def _detail(agreement_id: int) -> Agreement:
    return agreement_detail_queryset(Agreement.objects.filter(pk=agreement_id)).get()


@router.get(
    "/agreements", response=error_responses(200, Page[AgreementSummaryOut]), summary="List agreements"
)
def list_agreements(request: HttpRequest, filters: Query[AgreementQuery]) -> Any:
    selector_filters = AgreementFilters(
        q=filters.q,
        status=filters.status or "",
        kind=filters.kind or "",
        partner=filters.partner,
        country=filters.country,
        region=filters.region,
        subject_area=filters.subject_area,
        academic_year=filters.academic_year,
        expiring_within_days=filters.expiring_within_days,
    )
    qs = with_partner_institutions(agreement_list(actor=actor_of(request), filters=selector_filters))
    return paginate(request, qs.order_by("-valid_to", "-id"), filters)


@router.post("/agreements", response=error_responses(201, AgreementOut), summary="Create an agreement")
def create_agreement(request: HttpRequest, payload: AgreementBody) -> Any:
    require(can_create_agreement(actor_of(request)))
    data = _input(parse(AgreementCreateIn, payload))
    agreement = services.agreement_create(data=data, actor=actor_of(request))
    return Status(201, _detail(agreement.pk))


@router.get(
    "/agreements/{agreement_id}", response=error_responses(200, AgreementOut), summary="Get an agreement"
)
def get_agreement(request: HttpRequest, agreement_id: PathId) -> Any:
    return _detail(get_agreement_for_user(actor_of(request), agreement_id).pk)


@router.put(
    "/agreements/{agreement_id}",
    response=error_responses(200, AgreementOut),
    summary="Replace an agreement",
    description="Partners and conditions are replaced too. Send the `version` you read: 409 if it changed.",
)
def replace_agreement(request: HttpRequest, agreement_id: PathId, payload: AgreementReplaceBody) -> Any:
    agreement = get_agreement_for_user(actor_of(request), agreement_id, write=True)
    replacement = parse(AgreementReplace, payload)
    services.agreement_update(
        agreement=agreement,
        data=_input(replacement),
        actor=actor_of(request),
        expected_version=replacement.version,
    )
    return _detail(agreement.pk)


@router.patch(
    "/agreements/{agreement_id}",
    response=error_responses(200, AgreementOut),
    summary="Change top-level fields",
    description="Partners and conditions stay as they are; use PUT to change them.",
)
def patch_agreement(request: HttpRequest, agreement_id: PathId, payload: AgreementPatchBody) -> Any:
    agreement = get_agreement_for_user(actor_of(request), agreement_id, write=True)
    changes = parse(AgreementPatch, payload).model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    current = services.agreement_input_from(agreement)
    data = services.AgreementInput(
        **{**asdict(current), **changes, "partners": current.partners, "conditions": current.conditions}
    )
    services.agreement_update(
        agreement=agreement, data=data, actor=actor_of(request), expected_version=version
    )
    return _detail(agreement.pk)


@router.delete(
    "/agreements/{agreement_id}", response=error_responses(204, None), summary="Delete an agreement"
)
def delete_agreement(request: HttpRequest, agreement_id: PathId) -> Any:
    agreement = get_agreement_for_user(actor_of(request), agreement_id, write=True)
    services.agreement_delete(agreement=agreement, actor=actor_of(request))
    return Status(204, None)
