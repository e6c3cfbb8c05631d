"""API for an agreement's documents, its generated PDF, and spreadsheet import/export of agreements.

Uploads are multipart bodies read after the access check (a caller who may not touch the agreement gets
404/403, never a complaint about the body). Registered in `accord/config/api.py` before the agreements
router, so that `/agreements/import` and `/agreements/export` are not taken for agreement ids.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from accord.accounts.authentication import actor_of
from accord.agreements.documents import services as documents
from accord.agreements.documents.pdf import agreement_pdf, agreement_pdf_name
from accord.agreements.documents.permissions import get_document_for_user
from accord.agreements.errors import AgreementErrorCode
from accord.agreements.models import AgreementDocument, DocumentKind
from accord.agreements.permissions import can_create_agreement, get_agreement_for_user
from accord.agreements.schemas import AgreementQuery
from accord.agreements.selectors import AgreementFilters, agreement_detail, agreement_list
from accord.agreements.spreadsheet.columns import export_table, template_table
from accord.agreements.spreadsheet.services import AgreementPlan, ImportResult, agreements_import
from accord.common.access import require
from accord.common.api_support import PathId, error_responses
from accord.common.errors import DomainError, ErrorCode
from accord.common.pdf import pdf_response
from accord.common.spreadsheets import csv_response, xlsx_response
from accord.common.uploads import check_size, private_file_response

router = Router(tags=["agreement documents and spreadsheets"])

SpreadsheetFormat = Literal["csv", "xlsx"]


def _binary(content_type: str, description: str) -> dict[str, Any]:
    schema = {"type": "string", "format": "binary"}
    return {"responses": {200: {"description": description, "content": {content_type: {"schema": schema}}}}}


def _multipart(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}


PDF_RESPONSE = _binary("application/pdf", "The PDF")
SPREADSHEET_RESPONSES = {
    "responses": {
        200: {
            "description": "The spreadsheet",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    }
}


class DocumentOut(Schema):
    id: int
    kind: DocumentKind
    title: str
    original_name: str
    size: int = Field(description="Bytes.")
    sha256: str
    uploaded_by: str | None
    created_at: dt.datetime
    download_url: str

    @staticmethod
    def resolve_uploaded_by(obj: AgreementDocument) -> str | None:
        return obj.uploaded_by.username if obj.uploaded_by else None

    @staticmethod
    def resolve_download_url(obj: AgreementDocument) -> str:
        return reverse("api:download_agreement_document", args=[obj.agreement_id, obj.pk])


class ProblemOut(Schema):
    row: int | None = Field(description="The row number the spreadsheet program shows (header = 1).")
    column: str
    message: str


class FieldChangeOut(Schema):
    field: str
    before: str
    after: str


class PlanOut(Schema):
    key: str = Field(description="The reference code, or `id N` for rows identified by id.")
    title: str
    rows: list[int]
    agreement_id: int | None = Field(description="Null for agreements a dry run would create.")
    changes: list[FieldChangeOut]


class ImportOut(Schema):
    dry_run: bool
    written: bool
    created: list[PlanOut]
    updated: list[PlanOut]
    unchanged: list[PlanOut]


class ExportQuery(AgreementQuery):
    """The agreements list's filters (limit and offset do not apply: every match is exported)."""

    format: SpreadsheetFormat = "xlsx"


class TemplateQuery(Schema):
    format: SpreadsheetFormat = "xlsx"


# Documents -----------------------------------------------------------------------------------------------


@router.get(
    "/agreements/{agreement_id}/documents",
    response=error_responses(200, list[DocumentOut]),
    summary="List an agreement's documents",
)
def list_documents(request: HttpRequest, agreement_id: PathId) -> Any:
    agreement = get_agreement_for_user(actor_of(request), agreement_id)
    return list(documents.documents_of(agreement))


@router.post(
    "/agreements/{agreement_id}/documents",
    response=error_responses(201, DocumentOut),
    summary="Upload a document (PDF)",
    description="A multipart form with `file` (a PDF, checked by its content), `kind` and an optional "
    "`title`. Refused: not a PDF or empty (`invalid_file`), over the size limit (`file_too_large`).",
    openapi_extra=_multipart(
        {
            "file": {"type": "string", "format": "binary"},
            "kind": {"type": "string", "enum": DocumentKind.values, "default": DocumentKind.SIGNED_AGREEMENT},
            "title": {"type": "string", "maxLength": documents.TITLE_MAX},
        },
        ["file"],
    ),
)
def upload_document(request: HttpRequest, agreement_id: PathId) -> Any:
    agreement = get_agreement_for_user(actor_of(request), agreement_id, write=True)
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(ErrorCode.REQUIRED, "Send the PDF as the multipart field `file`.", field="file")
    document = documents.document_upload(
        agreement=agreement,
        upload=upload,
        kind=request.POST.get("kind") or DocumentKind.SIGNED_AGREEMENT,
        title=request.POST.get("title", ""),
        actor=actor_of(request),
    )
    return Status(201, document)


@router.get(
    "/agreements/{agreement_id}/documents/{document_id}",
    response=error_responses(200, None),
    summary="Download a document",
    url_name="download_agreement_document",
    openapi_extra=PDF_RESPONSE,
)
def download_document(request: HttpRequest, agreement_id: PathId, document_id: PathId) -> Any:
    document = get_document_for_user(actor_of(request), agreement_id, document_id)
    return private_file_response(document.file, documents.download_name(document))


@router.delete(
    "/agreements/{agreement_id}/documents/{document_id}",
    response=error_responses(204, None),
    summary="Delete a document",
)
def delete_document(request: HttpRequest, agreement_id: PathId, document_id: PathId) -> Any:
    document = get_document_for_user(actor_of(request), agreement_id, document_id, write=True)
    documents.document_delete(document=document, actor=actor_of(request))
    return Status(204, None)


@router.get(
    "/agreements/{agreement_id}/pdf",
    response=error_responses(200, None),
    summary="The agreement as a PDF",
    description="Generated from the agreement's current data: partners, conditions, validity, signatures.",
    openapi_extra=PDF_RESPONSE,
)
def get_agreement_pdf(request: HttpRequest, agreement_id: PathId) -> HttpResponse:
    agreement = agreement_detail(get_agreement_for_user(actor_of(request), agreement_id))
    return pdf_response(agreement_pdf(agreement), agreement_pdf_name(agreement))


# Spreadsheets --------------------------------------------------------------------------------------------


def _spreadsheet(chosen: str, stem: str, headers: list[str], rows: Any, **xlsx: Any) -> HttpResponse:
    if chosen == "csv":
        return csv_response(f"{stem}.csv", headers, rows)
    return xlsx_response(f"{stem}.xlsx", headers, rows, sheet_title="Agreements", **xlsx)


@router.get(
    "/agreements/export",
    response=error_responses(200, None),
    summary="Export agreements with their conditions",
    description="One row per cooperation condition, in the columns `POST /agreements/import` reads; "
    "takes the same filters as the agreements list.",
    openapi_extra=SPREADSHEET_RESPONSES,
)
def export_agreements(request: HttpRequest, query: Query[ExportQuery]) -> HttpResponse:
    filters = AgreementFilters(
        q=query.q,
        status=query.status or "",
        kind=query.kind or "",
        partner=query.partner,
        country=query.country,
        region=query.region,
        subject_area=query.subject_area,
        academic_year=query.academic_year,
        expiring_within_days=query.expiring_within_days,
    )
    agreements = agreement_list(actor=actor_of(request), filters=filters, today=timezone.localdate())
    headers, rows = export_table(agreements.order_by("-valid_to", "-id"))
    return _spreadsheet(query.format, f"agreements-{timezone.localdate():%Y-%m-%d}", headers, rows)


@router.get(
    "/agreements/import-template",
    response=error_responses(200, None),
    summary="The import template",
    description="The import's columns and an example row; the XLSX explains each column on a second sheet.",
    openapi_extra=SPREADSHEET_RESPONSES,
)
def import_template(request: HttpRequest, query: Query[TemplateQuery]) -> HttpResponse:
    require(can_create_agreement(actor_of(request)))
    headers, rows, notes = template_table()
    return _spreadsheet(query.format, "agreements-template", headers, rows, notes=notes)


def _plans(plans: list[AgreementPlan]) -> list[dict[str, Any]]:
    return [
        {
            "key": p.key,
            "title": p.title,
            "rows": p.rows,
            "agreement_id": p.agreement_id,
            "changes": [vars(c) for c in p.changes],
        }
        for p in plans
    ]


def _import_body(result: ImportResult) -> dict[str, Any]:
    return {
        "dry_run": result.dry_run,
        "written": result.written,
        "created": _plans(result.of("create")),
        "updated": _plans(result.of("update")),
        "unchanged": _plans(result.of("unchanged")),
    }


@router.post(
    "/agreements/import",
    response=error_responses(200, ImportOut),
    summary="Import agreements from a spreadsheet",
    description="A multipart form with `file` (CSV or XLSX in the export's columns) and `dry_run` "
    "(`true` to see what would change without writing). All or nothing: when any row has a problem, "
    "nothing is written and the answer is 422 `invalid_rows` with `details.problems` "
    "(each with `row`, `column`, `message`). Officers and administrators import anything; coordinators "
    "only agreements owned by their units.",
    openapi_extra=_multipart(
        {
            "file": {"type": "string", "format": "binary"},
            "dry_run": {"type": "boolean", "default": False},
        },
        ["file"],
    ),
)
def import_agreements(request: HttpRequest) -> Any:
    actor = actor_of(request)
    require(can_create_agreement(actor))
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(
            ErrorCode.REQUIRED, "Send the spreadsheet as the multipart field `file`.", field="file"
        )
    check_size(upload, field="file")
    dry_run = request.POST.get("dry_run", "false").strip().lower() in {"1", "true", "yes", "on"}
    result = agreements_import(
        content=upload.read(), filename=upload.name or "", actor=actor, dry_run=dry_run
    )
    if not result.ok:
        raise DomainError(
            AgreementErrorCode.INVALID_ROWS,
            f"{len(result.problems)} problem(s) found; nothing was imported.",
            extra={"problems": [vars(p) for p in result.problems], **_import_body(result)},
        )
    return _import_body(result)
