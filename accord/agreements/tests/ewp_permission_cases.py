"""Permission matrix entries of the EWP pages and API operations (merged by permission_cases.py)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from accord.agreements.ewp.tests.ewp_support import make_copy, make_exportable, partner_document
from accord.tests.matrix_support import (
    API_OFFICE_WRITES,
    API_OTHER_READ,
    API_OTHER_WRITE,
    API_READ_EVERYONE,
    OFFICE_WRITES,
    OTHER_READ,
    OTHER_WRITE,
    Case,
    expect,
)
from accord_testing.world import World

# A copy linked to faculty A's agreement with the partner: readers of that agreement see it.
OWN_COPY_READ = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "partner_contact"), s404=("student", "outsider")
)
OWN_COPY_WRITE = expect(
    allowed=("admin", "officer"),
    s403=("auditor", "coordinator", "partner_contact"),
    s404=("student", "outsider"),
)
LIST_READ = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "partner_contact", "outsider"), s404=("student",)
)


def _own(w: World) -> Any:
    return make_copy(w.agreement)


def _other(w: World) -> Any:
    return make_copy(w.other_agreement, partner_iia_id="OTHER-1")


def _document(w: World) -> bytes:
    make_exportable(w.agreement)
    return partner_document(w.agreement)


def _upload(w: World) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("iia.xml", _document(w), content_type="application/xml")}


COPIES = "/agreements/ewp/partner-copies"
API_COPIES = "/api/v1/ewp/partner-iia-copies"

EWP_HTML_CASES: dict[str, list[Case]] = {
    "agreements:iia_xml": [Case("GET", lambda w: f"/agreements/{w.other_agreement.pk}/iia.xml", OTHER_READ)],
    "agreements:partner_copies": [Case("GET", lambda w: f"{COPIES}/", LIST_READ)],
    "agreements:partner_copy_import": [
        Case("GET", lambda w: f"{COPIES}/import/", OFFICE_WRITES),
        Case("POST", lambda w: f"{COPIES}/import/", OFFICE_WRITES, body=_upload),
    ],
    "agreements:partner_copies_recheck": [Case("POST", lambda w: f"{COPIES}/recheck/", OFFICE_WRITES)],
    "agreements:partner_copy": [
        Case("GET", lambda w: f"{COPIES}/{_own(w).pk}/", OWN_COPY_READ, label="own"),
        Case("GET", lambda w: f"{COPIES}/{_other(w).pk}/", OTHER_READ),
    ],
    "agreements:partner_copy_xml": [Case("GET", lambda w: f"{COPIES}/{_own(w).pk}/iia.xml", OWN_COPY_READ)],
    "agreements:partner_copy_link": [
        Case(
            "POST",
            lambda w: f"{COPIES}/{_own(w).pk}/link/",
            OWN_COPY_WRITE,
            body=lambda w: {"agreement": w.agreement.pk},
        )
    ],
    "agreements:partner_copy_unlink": [
        Case("POST", lambda w: f"{COPIES}/{_own(w).pk}/unlink/", OWN_COPY_WRITE)
    ],
    "agreements:partner_copy_record_ids": [
        Case("POST", lambda w: f"{COPIES}/{_other(w).pk}/record-ids/", OTHER_WRITE)
    ],
    "agreements:partner_copy_delete": [
        Case("GET", lambda w: f"{COPIES}/{_own(w).pk}/delete/", OWN_COPY_WRITE),
        Case("POST", lambda w: f"{COPIES}/{_other(w).pk}/delete/", OTHER_WRITE),
    ],
}

EWP_API_CASES: dict[str, list[Case]] = {
    "GET /api/v1/agreements/{agreement_id}/iia.xml": [
        Case("GET", lambda w: f"/api/v1/agreements/{w.other_agreement.pk}/iia.xml", API_OTHER_READ)
    ],
    "GET /api/v1/agreements/{agreement_id}/ewp": [
        Case("GET", lambda w: f"/api/v1/agreements/{w.other_agreement.pk}/ewp", API_OTHER_READ)
    ],
    f"GET {API_COPIES}": [Case("GET", lambda w: API_COPIES, API_READ_EVERYONE)],
    f"POST {API_COPIES}": [Case("POST", lambda w: API_COPIES, API_OFFICE_WRITES, body=_document)],
    f"POST {API_COPIES}/recheck": [Case("POST", lambda w: f"{API_COPIES}/recheck", API_OFFICE_WRITES)],
    f"GET {API_COPIES}/{{copy_id}}": [
        Case("GET", lambda w: f"{API_COPIES}/{_other(w).pk}", API_OTHER_READ),
        Case("GET", lambda w: f"{API_COPIES}/{_own(w).pk}", {**OWN_COPY_READ, "anonymous": 401}, label="own"),
    ],
    f"GET {API_COPIES}/{{copy_id}}/iia.xml": [
        Case("GET", lambda w: f"{API_COPIES}/{_other(w).pk}/iia.xml", API_OTHER_READ)
    ],
    f"POST {API_COPIES}/{{copy_id}}/link": [
        Case(
            "POST",
            lambda w: f"{API_COPIES}/{_other(w).pk}/link",
            API_OTHER_WRITE,
            body=lambda w: {"agreement_id": w.other_agreement.pk},
        ),
        Case(
            "POST",
            lambda w: f"{API_COPIES}/{_own(w).pk}/link",
            {**OWN_COPY_WRITE, "anonymous": 401},
            body=lambda w: {"agreement_id": w.agreement.pk},
            label="own",
        ),
    ],
    f"POST {API_COPIES}/{{copy_id}}/unlink": [
        Case("POST", lambda w: f"{API_COPIES}/{_other(w).pk}/unlink", API_OTHER_WRITE)
    ],
    f"POST {API_COPIES}/{{copy_id}}/record-ids": [
        Case("POST", lambda w: f"{API_COPIES}/{_other(w).pk}/record-ids", API_OTHER_WRITE)
    ],
    f"DELETE {API_COPIES}/{{copy_id}}": [
        Case("DELETE", lambda w: f"{API_COPIES}/{_other(w).pk}", API_OTHER_WRITE)
    ],
    "POST /api/v1/ewp/iia-hash": [
        Case("POST", lambda w: "/api/v1/ewp/iia-hash", API_READ_EVERYONE, body=_document)
    ],
}
