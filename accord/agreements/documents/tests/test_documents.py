"""Agreement documents through the pages and the API: content checks, private storage, access, audit."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from accord.agreements.documents.pdf import agreement_pdf
from accord.agreements.documents.services import document_upload
from accord.agreements.models import AgreementDocument
from accord.agreements.selectors import agreement_detail
from accord.common.models import AuditEvent
from accord.common.pdf import PdfDocument

pytestmark = pytest.mark.django_db


def _make_pdf(text: str) -> bytes:
    doc = PdfDocument(text)
    doc.paragraph(text)
    return doc.output()


# Built once: a PDF carries its creation time, so two builds a second apart differ.
SIGNED_COPY = _make_pdf("Signed copy")


def pdf_bytes() -> bytes:
    return SIGNED_COPY


def pdf_file(name: str = "signed.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, "application/pdf")


def stored_files() -> list[Path]:
    root = Path(settings.ACCORD_PRIVATE_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload_as(world, persona, agreement=None, **data):
    agreement = agreement or world.agreement
    body = {"kind": "signed_agreement", "title": "", "file": pdf_file(), **data}
    return world.client_for(persona).post(f"/agreements/{agreement.pk}/documents/new/", body)


def test_officer_uploads_a_signed_agreement_stored_privately_with_an_audit_event(world):
    response = upload_as(world, "officer", title="Signed IIA 2026")
    assert response.status_code == 302
    document = AgreementDocument.objects.get()
    assert (document.title, document.kind, document.original_name) == (
        "Signed IIA 2026",
        "signed_agreement",
        "signed.pdf",
    )
    assert document.size == len(pdf_bytes()) and len(document.sha256) == 64
    # Stored under the private root with a random name, never the uploaded one.
    [path] = stored_files()
    assert str(path).startswith(str(settings.ACCORD_PRIVATE_ROOT)) and path.name != "signed.pdf"
    assert not str(path).startswith(str(settings.STATIC_ROOT))
    event = AuditEvent.objects.get(action="agreement.document_added")
    assert event.target_id == str(world.agreement.pk) and event.data["sha256"] == document.sha256
    page = world.client_for("officer").get(f"/agreements/{world.agreement.pk}/")
    assert b"Signed IIA 2026" in page.content and b"Remove" in page.content


def test_title_defaults_to_the_file_name(world):
    upload_as(world, "coordinator", file=pdf_file("Annex_2 budget.pdf"), kind="annex")
    document = AgreementDocument.objects.get()
    assert (document.title, document.kind, document.uploaded_by) == (
        "Annex 2 budget",
        "annex",
        world.users["coordinator"],
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("contract.pdf", b"PK\x03\x04 a zip file renamed", "application/pdf"),
            b"not a PDF",
        ),
        (
            SimpleUploadedFile("contract.pdf", b"%PDF-1.7 truncated without an end", "application/pdf"),
            b"not a PDF",
        ),
        (SimpleUploadedFile("empty.pdf", b"", "application/pdf"), b"empty"),
        (SimpleUploadedFile("page.pdf", b"<html><body>%PDF-</body></html>", "text/html"), b"not a PDF"),
    ],
    ids=["zip-named-pdf", "truncated", "empty", "html"],
)
def test_upload_refuses_what_is_not_a_pdf_and_writes_nothing(world, upload, message):
    response = upload_as(world, "officer", file=upload)
    assert response.status_code == 422
    assert message in response.content
    assert not AgreementDocument.objects.exists()
    assert not stored_files()
    assert not AuditEvent.objects.filter(action="agreement.document_added").exists()


def test_upload_refuses_an_oversized_file(world, settings):
    settings.ACCORD_MAX_UPLOAD_BYTES = 2000
    response = upload_as(world, "officer", file=pdf_file(content=pdf_bytes() + b"%" * 5000 + b"\n%%EOF\n"))
    assert response.status_code == 422
    assert b"the limit is" in response.content
    assert not AgreementDocument.objects.exists() and not stored_files()


def test_upload_form_shows_the_error_beside_the_file_field(world):
    response = upload_as(world, "officer", file=SimpleUploadedFile("x.pdf", b"GIF89a", "application/pdf"))
    form = response.context["form"]
    assert form.errors["file"] == ["The file is not a PDF document."]


def _document(world, agreement=None):
    return document_upload(
        agreement=agreement or world.agreement,
        upload=pdf_file(),
        kind="signed_agreement",
        actor=world.users["officer"],
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("officer", 200),
        ("auditor", 200),
        ("coordinator", 200),
        ("partner_contact", 200),
        ("student", 404),
        ("outsider", 404),
    ],
)
def test_download_only_for_those_who_see_the_agreement(world, persona, status):
    document = _document(world)
    response = world.client_for(persona).get(f"/agreements/{world.agreement.pk}/documents/{document.pk}/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"


def test_hidden_document_answers_exactly_like_a_missing_one(world):
    hidden = _document(world, world.other_agreement)
    client = world.client_for("coordinator")
    hidden_response = client.get(f"/agreements/{world.other_agreement.pk}/documents/{hidden.pk}/")
    missing_response = client.get(f"/agreements/{world.other_agreement.pk}/documents/{hidden.pk + 99}/")
    assert hidden_response.status_code == missing_response.status_code == 404
    # A visible agreement's URL does not reach another agreement's document either.
    crossed = client.get(f"/agreements/{world.agreement.pk}/documents/{hidden.pk}/")
    assert crossed.status_code == 404


def test_delete_asks_for_confirmation_then_removes_row_and_file(world, django_capture_on_commit_callbacks):
    document = _document(world)
    client = world.client_for("coordinator")
    url = f"/agreements/{world.agreement.pk}/documents/{document.pk}/delete/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and b"Remove this document?" in confirm.content
    assert AgreementDocument.objects.exists()
    assert stored_files()
    # The file is removed once the deletion has committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not AgreementDocument.objects.exists()
    assert not stored_files()
    event = AuditEvent.objects.get(action="agreement.document_removed")
    assert event.data["sha256"] == document.sha256


@pytest.mark.parametrize(
    ("persona", "status"), [("auditor", 403), ("partner_contact", 403), ("outsider", 404)]
)
def test_readers_may_not_delete(world, persona, status):
    document = _document(world)
    url = f"/agreements/{world.agreement.pk}/documents/{document.pk}/delete/"
    assert world.client_for(persona).post(url).status_code == status
    assert AgreementDocument.objects.filter(pk=document.pk).exists() and stored_files()


def test_readers_see_documents_without_edit_buttons(world):
    _document(world)
    page = world.client_for("partner_contact").get(f"/agreements/{world.agreement.pk}/")
    assert b"documents/" in page.content
    assert b"Add a document" not in page.content and b"Remove" not in page.content


# API ------------------------------------------------------------------------------------------------------


def test_api_upload_list_download_delete(world, django_capture_on_commit_callbacks):
    client = world.client_for("officer")
    base = f"/api/v1/agreements/{world.agreement.pk}/documents"
    created = client.post(base, {"file": pdf_file("iia.pdf"), "kind": "annex", "title": "Annex A"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["title"], body["kind"], body["original_name"]) == ("Annex A", "annex", "iia.pdf")
    listed = client.get(base).json()
    assert [d["id"] for d in listed] == [body["id"]]
    download = client.get(body["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"{base}/{body['id']}").status_code == 204
    assert not AgreementDocument.objects.exists() and not stored_files()


def test_api_refuses_a_renamed_file_with_a_stable_code(world):
    response = world.client_for("officer").post(
        f"/api/v1/agreements/{world.agreement.pk}/documents",
        {"file": SimpleUploadedFile("x.pdf", b"\x89PNG\r\n", "application/pdf")},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_file"
    assert response.json()["details"]["field"] == "file"
    missing = world.client_for("officer").post(f"/api/v1/agreements/{world.agreement.pk}/documents", {})
    assert missing.status_code == 422 and missing.json()["code"] == "required"


def test_api_hides_other_agreements_documents(world):
    hidden = _document(world, world.other_agreement)
    client = world.client_for("partner_contact")
    base = f"/api/v1/agreements/{world.other_agreement.pk}/documents"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/{hidden.pk}").status_code == 404
    assert client.delete(f"{base}/{hidden.pk}").status_code == 404
    assert AgreementDocument.objects.count() == 1


# The generated PDF ------------------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_generated_pdf_states_partners_conditions_and_validity(world):
    agreement = world.agreement
    condition = agreement.conditions.first()
    condition.subject_areas.create(isced_id="0613", clarification="Software")
    condition.languages.create(language="pl", cefr_level="B2")
    text = pdf_text(agreement_pdf(agreement_detail(agreement)))
    flat = " ".join(text.split())
    for expected in (
        agreement.title,
        agreement.reference_code,
        "University of Accord",
        "Partner University",
        "Student mobility for studies",
        "2025/2026 to 2028/2029",
        "Places per year",
        "0613",
        "Polish B2",
        "6, 7",
        "Signatures",
        "1 September 2025",
    ):
        assert expected in flat, expected
    assert "Unrelated University" not in flat


def test_generated_pdf_text_in_uncompressed_stream(world):
    content = agreement_pdf(agreement_detail(world.agreement), compress=False)
    assert content.startswith(b"%PDF-") and b"%%EOF" in content[-64:]
    assert f"({world.agreement.title})".encode() in content  # the document's title metadata


def test_pdf_download_follows_agreement_visibility(world):
    url = f"/agreements/{world.agreement.pk}/pdf/"
    response = world.client_for("partner_contact").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Partner University" in pdf_text(response.content)
    assert world.client_for("outsider").get(url).status_code == 404
    api = world.client_for("officer").get(f"/api/v1/agreements/{world.agreement.pk}/pdf")
    assert api.status_code == 200 and api.content.startswith(b"%PDF-")
    assert world.client_for("student").get(f"/api/v1/agreements/{world.agreement.pk}/pdf").status_code == 404
