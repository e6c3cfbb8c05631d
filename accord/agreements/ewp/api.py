"""API for EWP IIA documents: our agreement as IIA v7 XML, partners' copies (import, compare, link), hashes.

XML travels as XML: exports answer ``application/xml``; imports and hash checks take the document as the
raw request body (``Content-Type: application/xml``). Everything else is JSON like the rest of the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Protocol

from django.http import HttpRequest
from ninja import Body, Query, Router, Schema, Status
from pydantic import Field

from accord.accounts.authentication import actor_of
from accord.accounts.models import User
from accord.agreements.errors import AgreementErrorCode
from accord.agreements.ewp import services as ewp_services
from accord.agreements.ewp.adapters import export_problems, our_iia_id, with_iia_relations
from accord.agreements.ewp.permissions import can_manage_partner_copies, get_partner_copy_for_user
from accord.agreements.ewp.selectors import PartnerCopyFilters, partner_copies_visible_to, partner_copy_list
from accord.agreements.models import Agreement, PartnerIiaCopy
from accord.agreements.permissions import get_agreement_for_user
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
from accord.common.downloads import xml_download
from accord.common.errors import DomainError
from accord.engines.ewp import EwpDocumentError, IiaComparison, iia_hash_report

router = Router(tags=["ewp"])

XML_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/xml": {"schema": {"type": "string", "format": "binary"}}},
        "description": "An EWP IIAs get-response document (v7 or v6), at most 2 MB.",
    }
}
XML_RESPONSE = {
    "responses": {200: {"description": "The document.", "content": {"application/xml": {"schema": {}}}}}
}


def _body(request: HttpRequest) -> bytes:
    content = request.body
    if len(content) > ewp_services.MAX_DOCUMENT_BYTES:
        raise DomainError(AgreementErrorCode.XML_TOO_LARGE, "The document is larger than 2 MB.", field="body")
    return content


# Schemas ----------------------------------------------------------------------------------------------------


class PartnerCopyOut(Schema):
    id: int
    partner_id: int
    partner_name: str
    partner_hei_id: str
    partner_iia_id: str
    partner_iia_code: str
    our_iia_id: str = Field(description="Our iia-id as the partner quotes it (empty when they have not).")
    schema_version: str = Field(examples=["v7"])
    iia_hash: str = Field(description="The iia-hash computed from the partner's own XML.")
    stated_iia_hash: str | None = Field(description="The iia-hash the document states (v7 only).")
    agreement_id: int | None
    hash_check: Literal["match", "differ", "unchecked"] = Field(
        description="match: their document states exactly our agreement; unchecked: not linked, or our "
        "agreement changed since the last comparison."
    )
    received_at: dt.datetime

    @staticmethod
    def resolve_partner_name(obj: PartnerIiaCopy) -> str:
        return obj.partner.name

    @staticmethod
    def resolve_partner_hei_id(obj: PartnerIiaCopy) -> str:
        return obj.partner.schac_id or ""

    @staticmethod
    def resolve_iia_hash(obj: PartnerIiaCopy) -> str:
        return obj.conditions_hash

    @staticmethod
    def resolve_stated_iia_hash(obj: PartnerIiaCopy) -> str | None:
        stated: str | None = obj.snapshot.get("iia", {}).get("iia_hash")
        return stated

    @staticmethod
    def resolve_hash_check(obj: PartnerIiaCopy) -> str:
        return ewp_services.check_state(obj)

    @staticmethod
    def resolve_received_at(obj: PartnerIiaCopy) -> dt.datetime:
        return obj.updated_at


class RowOut(Schema):
    label: str
    ours: str
    theirs: str
    differs: bool


class SectionOut(Schema):
    kind: str = Field(description="agreement, partner or condition")
    key: str
    title: str
    presence: str = Field(description="both, ours_only or theirs_only")
    differs: bool
    rows: list[RowOut]


class ComparisonOut(Schema):
    hashes_match: bool
    our_hash_for_partner: str | None = Field(
        description="The hash the partner's document must state if it holds exactly our agreement."
    )
    their_hash: str | None
    their_stated_hash: str | None
    their_hash_verified: bool | None
    their_valid_for_approval: bool
    difference_count: int
    sections: list[SectionOut]


class PartnerCopyDetailOut(PartnerCopyOut):
    comparison: ComparisonOut | None


class ImportedOut(Schema):
    outcome: Literal["created", "updated", "unchanged"]
    matched_by: str = Field(description="kept, our_iia_id, their_iia_id, or empty when not linked")
    note: str
    partner_copy: PartnerCopyOut


class ImportOut(Schema):
    imported: list[ImportedOut]


class AgreementEwpOut(Schema):
    agreement_id: int
    iia_id: str
    iia_hash: str | None = Field(description="The iia-hash of our IIA v7 document; null if not exportable.")
    exportable: bool
    problems: list[str]
    partner_copies: list[PartnerCopyOut]


class HashOut(Schema):
    iia_id: str | None
    computed: str
    stated: str | None
    matches: bool
    valid_for_approval: bool


class PartnerCopyQuery(ListParams):
    q: str = Field("", max_length=100)
    partner: Id | None = None
    matched: bool | None = None
    hash: Literal["match", "differ", "unchecked"] | None = None


class LinkIn(InputSchema):
    agreement_id: Id
    record_ids: bool = Field(
        False, description="Also write the partner's iia-id and iia-code onto our agreement (EWP mapping)."
    )


LinkBody = Annotated[Any, Deferred(LinkIn), Body(None)]


class RecheckOut(Schema):
    rechecked: int


def _comparison(comparison: IiaComparison | None) -> dict[str, Any] | None:
    if comparison is None:
        return None
    return {
        "hashes_match": comparison.hashes_match,
        "our_hash_for_partner": comparison.our_hash_for_partner,
        "their_hash": comparison.their_hash,
        "their_stated_hash": comparison.their_stated_hash,
        "their_hash_verified": comparison.their_hash_verified,
        "their_valid_for_approval": comparison.their_valid_for_approval,
        "difference_count": comparison.difference_count,
        "sections": [
            {
                "kind": s.kind,
                "key": s.key,
                "title": s.title,
                "presence": str(s.presence),
                "differs": s.differs,
                "rows": [
                    {"label": r.label, "ours": r.ours, "theirs": r.theirs, "differs": r.differs}
                    for r in s.rows
                ],
            }
            for s in comparison.sections
        ],
    }


def _detail(copy: PartnerIiaCopy) -> PartnerIiaCopy:
    """The copy, reloaded, carrying its comparison with our agreement for PartnerCopyDetailOut."""
    copy = PartnerIiaCopy.objects.select_related("partner", "agreement").get(pk=copy.pk)
    copy.comparison = _comparison(ewp_services.compare_with_agreement(copy))  # type: ignore[attr-defined]
    return copy


class _CopyChange(Protocol):
    def __call__(self, *, copy: PartnerIiaCopy, actor: User) -> object: ...


def _change_copy(request: HttpRequest, copy_id: int, change: _CopyChange) -> PartnerIiaCopy:
    """Runs a service on a copy the actor may change and returns the copy.

    The copy is looked up first, so a hidden one answers 404 and a read-only one 403 before the body or any
    other object is looked at; the service's DomainError reaches the API's one error handler as it is.
    """
    actor = actor_of(request)
    copy = get_partner_copy_for_user(actor, copy_id, write=True)
    change(copy=copy, actor=actor)
    return copy


# Our agreements ---------------------------------------------------------------------------------------------


@router.get(
    "/agreements/{agreement_id}/iia.xml",
    response=error_responses(200, None),
    summary="Download the agreement as an EWP IIA v7 document",
    description="An IIAs v7 get-response holding this agreement, validated against the official XSD. "
    "422 `not_exportable` lists what keeps the agreement from being a valid IIA.",
    openapi_extra=XML_RESPONSE,
)
def agreement_iia_xml(request: HttpRequest, agreement_id: PathId) -> Any:
    agreement = get_agreement_for_user(actor_of(request), agreement_id)
    loaded = with_iia_relations(Agreement.objects.filter(pk=agreement.pk)).get()
    return xml_download(ewp_services.agreement_iia_document(agreement=loaded), f"iia-{agreement.pk}.xml")


@router.get(
    "/agreements/{agreement_id}/ewp",
    response=error_responses(200, AgreementEwpOut),
    summary="The agreement's EWP state: iia-id, iia-hash, problems, partners' copies",
)
def agreement_ewp(request: HttpRequest, agreement_id: PathId) -> Any:
    actor = actor_of(request)
    agreement = get_agreement_for_user(actor, agreement_id)
    loaded = with_iia_relations(Agreement.objects.filter(pk=agreement.pk)).get()
    problems = export_problems(loaded)
    copies = (
        partner_copies_visible_to(actor).filter(agreement=agreement).select_related("partner", "agreement")
    )
    return {
        "agreement_id": agreement.pk,
        "iia_id": our_iia_id(loaded),
        "iia_hash": ewp_services.agreement_iia_hash(loaded),
        "exportable": not problems,
        "problems": problems,
        "partner_copies": list(copies),
    }


# Partners' copies -------------------------------------------------------------------------------------------


@router.get(
    "/ewp/partner-iia-copies",
    response=error_responses(200, Page[PartnerCopyOut]),
    summary="List the partners' IIA copies received",
)
def list_partner_copies(request: HttpRequest, filters: Query[PartnerCopyQuery]) -> Any:
    selector_filters = PartnerCopyFilters(
        q=filters.q, partner=filters.partner, matched=filters.matched, hash=filters.hash or ""
    )
    qs = partner_copy_list(actor=actor_of(request), filters=selector_filters)
    return paginate(request, qs.order_by("-updated_at", "-id"), filters)


@router.post(
    "/ewp/partner-iia-copies",
    response=error_responses(200, ImportOut),
    summary="Import a partner's IIAs get-response",
    description="Creates or updates the partner's copy of each IIA, keyed by the partner and their iia-id, "
    "and links it to our agreement when they quote our iia-id (or we recorded theirs). The document is "
    "checked whole first: nothing is written when any part is refused. Codes: `xml_forbidden_dtd`, "
    "`xml_malformed`, `xml_too_large`, `unsupported_document`, `xsd_invalid` (with `details.line`), "
    "`unknown_partner`, `own_copy`, `not_our_agreement`, `missing_iia_id`, `empty_document`.",
    openapi_extra=XML_BODY,
)
def import_partner_copies(request: HttpRequest) -> Any:
    actor = actor_of(request)
    require(can_manage_partner_copies(actor))
    results = ewp_services.partner_copies_import(content=_body(request), actor=actor)
    return {
        "imported": [
            {"outcome": r.outcome, "matched_by": r.matched_by, "note": r.note, "partner_copy": r.copy}
            for r in results
        ]
    }


@router.post(
    "/ewp/partner-iia-copies/recheck",
    response=error_responses(200, RecheckOut),
    summary="Compare again the copies whose agreement changed since their last comparison",
)
def recheck_partner_copies(request: HttpRequest) -> Any:
    actor = actor_of(request)
    require(can_manage_partner_copies(actor))
    stale = partner_copy_list(actor=actor, filters=PartnerCopyFilters(matched=True, hash="unchecked"))
    return {"rechecked": ewp_services.partner_copies_recheck(actor=actor, copies=stale)}


@router.get(
    "/ewp/partner-iia-copies/{copy_id}",
    response=error_responses(200, PartnerCopyDetailOut),
    summary="A partner's copy beside our agreement",
)
def get_partner_copy(request: HttpRequest, copy_id: PathId) -> Any:
    return _detail(get_partner_copy_for_user(actor_of(request), copy_id))


@router.get(
    "/ewp/partner-iia-copies/{copy_id}/iia.xml",
    response=error_responses(200, None),
    summary="The partner's <iia> element as received",
    openapi_extra=XML_RESPONSE,
)
def partner_copy_xml(request: HttpRequest, copy_id: PathId) -> Any:
    copy = get_partner_copy_for_user(actor_of(request), copy_id)
    return xml_download(copy.xml.encode("utf-8"), f"partner-iia-{copy.pk}.xml")


@router.post(
    "/ewp/partner-iia-copies/{copy_id}/link",
    response=error_responses(200, PartnerCopyDetailOut),
    summary="Link a partner's copy to one of our agreements",
)
def link_partner_copy(request: HttpRequest, copy_id: PathId, payload: LinkBody) -> Any:
    def link(*, copy: PartnerIiaCopy, actor: User) -> None:
        body = parse(LinkIn, payload)
        agreement = get_agreement_for_user(actor, body.agreement_id)
        ewp_services.partner_copy_link(
            copy=copy, agreement=agreement, actor=actor, record_ids=body.record_ids
        )

    return _detail(_change_copy(request, copy_id, link))


@router.post(
    "/ewp/partner-iia-copies/{copy_id}/unlink",
    response=error_responses(200, PartnerCopyDetailOut),
    summary="Unlink a partner's copy from our agreement",
)
def unlink_partner_copy(request: HttpRequest, copy_id: PathId) -> Any:
    return _detail(_change_copy(request, copy_id, ewp_services.partner_copy_unlink))


@router.post(
    "/ewp/partner-iia-copies/{copy_id}/record-ids",
    response=error_responses(200, PartnerCopyDetailOut),
    summary="Record the partner's iia-id and iia-code on our agreement",
)
def record_partner_ids(request: HttpRequest, copy_id: PathId) -> Any:
    return _detail(_change_copy(request, copy_id, ewp_services.partner_copy_record_ids))


@router.delete(
    "/ewp/partner-iia-copies/{copy_id}",
    response=error_responses(204, None),
    summary="Delete a partner's copy",
)
def delete_partner_copy(request: HttpRequest, copy_id: PathId) -> Any:
    _change_copy(request, copy_id, ewp_services.partner_copy_delete)
    return Status(204, None)


@router.post(
    "/ewp/iia-hash",
    response=error_responses(200, list[HashOut]),
    summary="Compute the iia-hash of each IIA in a get-response",
    description="Nothing is stored. The document is parsed safely (no DTDs) but not validated, so drafts "
    "and fragments can be checked too.",
    openapi_extra=XML_BODY,
)
def iia_hash(request: HttpRequest) -> Any:
    try:
        rows = iia_hash_report(_body(request), max_bytes=ewp_services.MAX_DOCUMENT_BYTES)
    except EwpDocumentError as error:
        raise ewp_services.document_error(error, field="body") from None
    return [
        {
            "iia_id": row.check.iia_id,
            "computed": row.check.computed,
            "stated": row.check.stated,
            "matches": row.check.matches,
            "valid_for_approval": row.valid_for_approval,
        }
        for row in rows
    ]
