"""Nominations over the API: list, send, the host's answer, EWP Outgoing Mobilities v2 export and import."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Body, Query, Router, Schema
from pydantic import Field

from accord.accounts.authentication import actor_of
from accord.common.access import require
from accord.common.api_support import (
    AcademicYearStr,
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
from accord.common.downloads import xml_download
from accord.common.errors import DomainError, ErrorCode
from accord.mobility.models import Direction, Mobility
from accord.mobility.nominations import selectors
from accord.mobility.nominations.adapters import export_omobilities, parse_incoming, with_export_relations
from accord.mobility.nominations.importing import IMPORT_MAX_BYTES, ImportRefused, incoming_nominations_save
from accord.mobility.nominations.services import nomination_accept, nomination_reject, nomination_send
from accord.mobility.permissions import can_create_mobility, get_mobility_for_user
from accord.mobility.schemas import MobilityOut
from accord.mobility.selectors import with_display_relations

router = Router(tags=["nominations"])
NominationStatus = Literal["planned", "nominated", "accepted", "rejected", "cancelled"]
XML = "application/xml"


class NominationOut(MobilityOut):
    omobility_id: str
    nomination_sent_at: dt.datetime | None = Field(description="When the partner was told (outgoing).")
    decided_at: dt.datetime | None
    decision_reason: str
    eqf_level: int | None
    isced_code: str
    language_skills: list[dict[str, str]]


class NominationQuery(ListParams):
    q: str = Field("", max_length=200, description="Name, e-mail, student number, ESI or omobility id.")
    direction: Direction | None = None
    status: NominationStatus | None = None
    partner: Id | None = Field(None, description="Partner institution id (home or host).")
    academic_year: AcademicYearStr | None = None
    kind: str | None = Field(None, pattern="^(student|staff)$")
    sent: str | None = Field(None, pattern="^(yes|no)$")


class DecisionIn(InputSchema):
    reason: str = Field("", max_length=2000, description="Required to reject; an optional message to accept.")


DecisionBody = Annotated[Any, Deferred(DecisionIn), Body(None)]


class ImportOut(Schema):
    created: list[int]
    updated: list[int]


def _filters(query: NominationQuery) -> selectors.NominationFilters:
    return selectors.NominationFilters(
        q=query.q,
        direction=query.direction or "",
        status=query.status or "",
        partner=query.partner,
        academic_year=query.academic_year,
        kind=query.kind or "",
        sent=query.sent or "",
    )


def _detail(mobility: Mobility) -> Mobility:
    return with_display_relations(Mobility.objects.filter(pk=mobility.pk)).get()


_XML_RESPONSE = {"200": {"description": "An omobilities-get-response document", "content": {XML: {}}}}


@router.get("/nominations", response=error_responses(200, Page[NominationOut]), summary="List nominations")
def list_nominations(request: HttpRequest, filters: Query[NominationQuery]) -> Any:
    qs = selectors.nomination_list(actor=actor_of(request), filters=_filters(filters))
    return paginate(request, with_display_relations(qs), filters)


@router.get(
    "/nominations/omobilities.xml",
    response=error_responses(200, None),
    summary="Export outgoing student nominations as EWP Outgoing Mobilities v2",
    openapi_extra={"responses": _XML_RESPONSE},
)
def export_nominations(request: HttpRequest, filters: Query[NominationQuery]) -> Any:
    qs = selectors.nomination_list(actor=actor_of(request), filters=_filters(filters))
    qs = qs.filter(direction=Direction.OUTGOING).exclude(mobility_type__in=selectors.STAFF_TYPES)
    return xml_download(export_omobilities(with_export_relations(qs)), "omobilities.xml")


@router.post(
    "/nominations/import",
    response=error_responses(200, ImportOut),
    summary="Import incoming nominations from an EWP Outgoing Mobilities v2 document",
    description="The body is the raw XML document. All or nothing: problems answer 422 "
    "`import_invalid` with `details.problems` (where, field, message). A partner's omobility id "
    "that was imported before updates that nomination.",
    openapi_extra={"requestBody": {"content": {XML: {"schema": {"type": "string"}}}, "required": True}},
)
def import_nominations(request: HttpRequest) -> Any:
    actor = actor_of(request)
    require(can_create_mobility(actor))
    if len(request.body) > IMPORT_MAX_BYTES:
        raise DomainError(ErrorCode.PAYLOAD_TOO_LARGE, "The document is too large.")
    items, problems = parse_incoming(request.body)
    if problems:
        raise ImportRefused(problems)
    outcome = incoming_nominations_save(items=items, actor=actor)
    return {"created": [m.pk for m in outcome.created], "updated": [m.pk for m in outcome.updated]}


@router.get(
    "/nominations/{mobility_id}/omobility.xml",
    response=error_responses(200, None),
    summary="One nomination as EWP Outgoing Mobilities v2",
    openapi_extra={"responses": _XML_RESPONSE},
)
def export_nomination(request: HttpRequest, mobility_id: PathId) -> Any:
    mobility = get_mobility_for_user(actor_of(request), mobility_id)
    content = export_omobilities(with_export_relations(Mobility.objects.filter(pk=mobility.pk)))
    return xml_download(content, f"omobility-{mobility.pk}.xml")


@router.post(
    "/nominations/{mobility_id}/send",
    response=error_responses(200, NominationOut),
    summary="Send (or remind) the nomination to the host",
)
def send_nomination(request: HttpRequest, mobility_id: PathId) -> Any:
    mobility = get_mobility_for_user(actor_of(request), mobility_id)
    return _detail(nomination_send(mobility=mobility, actor=actor_of(request)))


@router.post(
    "/nominations/{mobility_id}/accept",
    response=error_responses(200, NominationOut),
    summary="Accept as the host",
)
def accept_nomination(request: HttpRequest, mobility_id: PathId, payload: DecisionBody) -> Any:
    mobility = get_mobility_for_user(actor_of(request), mobility_id)
    data = parse(DecisionIn, payload or {})
    return _detail(nomination_accept(mobility=mobility, actor=actor_of(request), reason=data.reason))


@router.post(
    "/nominations/{mobility_id}/reject",
    response=error_responses(200, NominationOut),
    summary="Reject as the host",
)
def reject_nomination(request: HttpRequest, mobility_id: PathId, payload: DecisionBody) -> Any:
    mobility = get_mobility_for_user(actor_of(request), mobility_id)
    data = parse(DecisionIn, payload or {})
    return _detail(nomination_reject(mobility=mobility, actor=actor_of(request), reason=data.reason))
