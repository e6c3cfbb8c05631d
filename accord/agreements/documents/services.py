"""Documents filed with an agreement: the signed agreement, annexes, other PDFs.

A document is accepted only when its bytes are a PDF (the name and the declared type prove nothing) and it
fits the upload limit; it is stored under a random name in the private storage, which no URL maps to, and
leaves it only through a view that has checked the user may see the agreement. Whoever may edit the
agreement may add and remove its documents.
"""

from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet

from accord.accounts.models import User
from accord.agreements.models import Agreement, AgreementDocument, DocumentKind
from accord.agreements.permissions import can_edit_agreement
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.common.uploads import check_pdf, sha256_of

TITLE_MAX = 200
NAME_MAX = 255


def _display_name(upload: UploadedFile) -> str:
    # Browsers send a bare name, but a client may send a path; keep only its last part, for display.
    name = PurePath(str(upload.name or "").replace("\\", "/")).name.strip()
    return (name or "document.pdf")[:NAME_MAX]


def _default_title(original_name: str) -> str:
    stem = original_name.rsplit(".", 1)[0] if "." in original_name else original_name
    return stem.replace("_", " ").strip()[:TITLE_MAX] or "Document"


def document_upload(
    *, agreement: Agreement, upload: UploadedFile, kind: str, title: str = "", actor: User | None
) -> AgreementDocument:
    """File `upload` with the agreement, or raise DomainError (`invalid_file`, `file_too_large`...)."""
    if not can_edit_agreement(actor, agreement):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not add documents to this agreement.")
    if kind not in DocumentKind.values:
        raise DomainError(ErrorCode.INVALID_CHOICE, f"Unknown document kind {kind!r}.", field="kind")
    if len(title.strip()) > TITLE_MAX:
        raise DomainError(ErrorCode.TOO_LONG, f"A title has at most {TITLE_MAX} characters.", field="title")
    check_pdf(upload, field="file")
    original_name = _display_name(upload)
    document = AgreementDocument(
        agreement=agreement,
        kind=kind,
        title=title.strip() or _default_title(original_name),
        original_name=original_name,
        size=upload.size or 0,
        sha256=sha256_of(upload),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    document.file.save(original_name, upload, save=False)
    try:
        with transaction.atomic():
            document.save()
            audit.record(
                actor=actor,
                action="agreement.document_added",
                target=agreement,
                data={
                    "document_id": document.pk,
                    "title": document.title,
                    "kind": document.kind,
                    "original_name": original_name,
                    "size": document.size,
                    "sha256": document.sha256,
                },
            )
    except BaseException:
        # The row was not written: the stored file must not stay behind unreferenced.
        document.file.delete(save=False)
        raise
    return document


def document_delete(*, document: AgreementDocument, actor: User | None) -> None:
    agreement = document.agreement
    if not can_edit_agreement(actor, agreement):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not remove documents of this agreement.")
    stored = document.file.name
    storage = document.file.storage
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="agreement.document_removed",
            target=agreement,
            data={
                "document_id": document.pk,
                "title": document.title,
                "kind": document.kind,
                "original_name": document.original_name,
                "sha256": document.sha256,
            },
        )
        document.delete()
        # The file goes only once the row is gone for good: a rolled-back deletion keeps both.
        transaction.on_commit(lambda: storage.delete(stored) if stored else None)


def documents_of(agreement: Agreement) -> QuerySet[AgreementDocument]:
    return agreement.documents.select_related("uploaded_by").order_by("-created_at", "-id")


def download_name(document: AgreementDocument) -> str:
    name = document.original_name or "document.pdf"
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"
