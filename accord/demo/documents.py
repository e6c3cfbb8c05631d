"""Demo: signed copies filed with a few of the Faculty of Science's live agreements, so that the agreement
page shows its documents. Each "signed copy" is the agreement's own generated PDF, filed through the same
service an officer uses (content check, private storage, audit event)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from accord.accounts.models import User
from accord.agreements.documents.pdf import agreement_pdf, agreement_pdf_name
from accord.agreements.documents.services import document_upload
from accord.agreements.models import Agreement, AgreementStatus, DocumentKind
from accord.agreements.selectors import agreement_detail
from accord.common.roles import Role

SIGNED_COPIES = 5


def build_documents(*, science_id: int) -> int:
    officer = User.objects.filter(role=Role.OFFICER, is_active=True).order_by("id").first()
    if officer is None:
        return 0
    live = Agreement.objects.filter(
        owner_unit_id=science_id, status__in=(AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
    ).order_by("id")[:SIGNED_COPIES]
    for agreement in live:
        content = agreement_pdf(agreement_detail(agreement))
        name = f"signed-{agreement_pdf_name(agreement)}"
        document_upload(
            agreement=agreement,
            upload=SimpleUploadedFile(name, content, "application/pdf"),
            kind=DocumentKind.SIGNED_AGREEMENT,
            title="Signed agreement (both signatures)",
            actor=officer,
        )
    return len(live)
