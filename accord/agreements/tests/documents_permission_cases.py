"""Permission matrix entries for documents, the generated PDF and the spreadsheets (documents/views.py,
spreadsheet/views.py, documents/api.py)."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from accord.agreements.documents.services import document_upload
from accord.agreements.models import AgreementDocument
from accord.common.pdf import PdfDocument
from accord.tests.matrix_support import (
    API_OTHER_READ,
    API_OTHER_WRITE,
    API_READ_EVERYONE,
    API_SCOPED_CREATE,
    OTHER_READ,
    OTHER_WRITE,
    OWN_AGREEMENT_WRITE,
    SCOPED_CREATE,
    SIGNED_IN,
    Case,
    expect,
)
from accord_testing.world import World

PDF = PdfDocument("Matrix").output()
# Faculty A's agreement with the partner: the partner contact reads it, the student and outsider do not.
OWN_READ = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "partner_contact"), s404=("student", "outsider")
)
NOT_STUDENTS = expect(allowed=tuple(p for p in SIGNED_IN if p != "student"), s404=("student",))


def _pdf_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("signed.pdf", PDF, "application/pdf")


def _document(w: World, *, own: bool = False) -> AgreementDocument:
    return document_upload(
        agreement=w.agreement if own else w.other_agreement,
        upload=_pdf_upload(),
        kind="signed_agreement",
        actor=w.users["admin"],
    )


def _upload_body(w: World) -> dict[str, Any]:
    return {"kind": "annex", "title": "Matrix annex", "file": _pdf_upload()}


def _import_body(w: World) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("agreements.csv", b"Reference code,Title\n", "text/csv")}


def _doc_url(w: World, *, own: bool = False, suffix: str = "") -> str:
    agreement = w.agreement if own else w.other_agreement
    return f"/agreements/{agreement.pk}/documents/{_document(w, own=own).pk}/{suffix}"


DOCUMENTS_HTML_CASES: dict[str, list[Case]] = {
    "agreements:document_upload": [
        Case("GET", lambda w: f"/agreements/{w.other_agreement.pk}/documents/new/", OTHER_WRITE),
        Case(
            "POST",
            lambda w: f"/agreements/{w.other_agreement.pk}/documents/new/",
            OTHER_WRITE,
            body=_upload_body,
        ),
        Case(
            "POST",
            lambda w: f"/agreements/{w.agreement.pk}/documents/new/",
            OWN_AGREEMENT_WRITE,
            body=_upload_body,
            label="own",
        ),
    ],
    "agreements:document_download": [
        Case("GET", lambda w: _doc_url(w), OTHER_READ),
        Case("GET", lambda w: _doc_url(w, own=True), OWN_READ, label="own"),
    ],
    "agreements:document_delete": [
        Case("GET", lambda w: _doc_url(w, suffix="delete/"), OTHER_WRITE),
        Case("POST", lambda w: _doc_url(w, suffix="delete/"), OTHER_WRITE),
        Case("POST", lambda w: _doc_url(w, own=True, suffix="delete/"), OWN_AGREEMENT_WRITE, label="own"),
    ],
    "agreements:pdf": [
        Case("GET", lambda w: f"/agreements/{w.other_agreement.pk}/pdf/", OTHER_READ),
        Case("GET", lambda w: f"/agreements/{w.agreement.pk}/pdf/", OWN_READ, label="own"),
    ],
    "agreements:export": [Case("GET", lambda w: "/agreements/export/?format=csv", NOT_STUDENTS)],
    "agreements:import_template": [Case("GET", lambda w: "/agreements/import/template/", SCOPED_CREATE)],
    "agreements:import": [
        Case("GET", lambda w: "/agreements/import/", SCOPED_CREATE),
        Case("POST", lambda w: "/agreements/import/", SCOPED_CREATE, body=_import_body),
    ],
    "agreements:import_confirm": [
        Case("POST", lambda w: "/agreements/import/confirm/", SCOPED_CREATE, body=lambda w: {"key": "gone"})
    ],
}


def _api_doc_url(w: World) -> str:
    return f"/api/v1/agreements/{w.other_agreement.pk}/documents/{_document(w).pk}"


DOCUMENTS_API_CASES: dict[str, list[Case]] = {
    "GET /api/v1/agreements/{agreement_id}/documents": [
        Case("GET", lambda w: f"/api/v1/agreements/{w.other_agreement.pk}/documents", API_OTHER_READ)
    ],
    # A JSON body carries no file: allowed callers get 422 `required`, the others 401/403/404 first.
    "POST /api/v1/agreements/{agreement_id}/documents": [
        Case(
            "POST",
            lambda w: f"/api/v1/agreements/{w.other_agreement.pk}/documents",
            API_OTHER_WRITE,
            body=lambda w: {"kind": "annex"},
        )
    ],
    "GET /api/v1/agreements/{agreement_id}/documents/{document_id}": [
        Case("GET", _api_doc_url, API_OTHER_READ)
    ],
    "DELETE /api/v1/agreements/{agreement_id}/documents/{document_id}": [
        Case("DELETE", _api_doc_url, API_OTHER_WRITE)
    ],
    "GET /api/v1/agreements/{agreement_id}/pdf": [
        Case("GET", lambda w: f"/api/v1/agreements/{w.other_agreement.pk}/pdf", API_OTHER_READ)
    ],
    "GET /api/v1/agreements/export": [
        Case("GET", lambda w: "/api/v1/agreements/export?format=csv", API_READ_EVERYONE)
    ],
    "GET /api/v1/agreements/import-template": [
        Case("GET", lambda w: "/api/v1/agreements/import-template", API_SCOPED_CREATE)
    ],
    "POST /api/v1/agreements/import": [
        Case(
            "POST", lambda w: "/api/v1/agreements/import", API_SCOPED_CREATE, body=lambda w: {"dry_run": True}
        )
    ],
}
