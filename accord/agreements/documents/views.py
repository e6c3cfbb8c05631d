"""An agreement's documents (upload, download, removal) and the agreement generated as a PDF."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accord.accounts.http import AuthenticatedRequest
from accord.agreements.documents import services as documents
from accord.agreements.documents.pdf import agreement_pdf, agreement_pdf_name
from accord.agreements.documents.permissions import get_document_for_user
from accord.agreements.models import Agreement, DocumentKind
from accord.agreements.permissions import get_agreement_for_user
from accord.agreements.selectors import agreement_detail
from accord.common.actions import form_action
from accord.common.pdf import pdf_response
from accord.common.uploads import private_file_response


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices, initial=DocumentKind.SIGNED_AGREEMENT)
    title = forms.CharField(
        max_length=documents.TITLE_MAX,
        required=False,
        help_text="Leave empty to use the file's name.",
    )
    # Empty files reach the service, which says why it refuses them in the same words as the API.
    file = forms.FileField(
        allow_empty_file=True,
        label="PDF file",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


def _documents_anchor(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk]) + "#documents-heading"


def _upload_page(
    request: AuthenticatedRequest, agreement: Agreement, form: DocumentUploadForm, *, status: int = 200
) -> HttpResponse:
    context = {"agreement": agreement, "form": form, "max_size": settings.ACCORD_MAX_UPLOAD_BYTES}
    return render(request, "agreements/documents/upload.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, write=True)
    if request.method == "GET":
        return _upload_page(request, agreement, DocumentUploadForm())
    form = DocumentUploadForm(request.POST, request.FILES)
    outcome = form_action(
        request,
        form,
        lambda: documents.document_upload(
            agreement=agreement,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            actor=request.user,
        ),
    )
    document = outcome.result
    if document is None:
        return _upload_page(request, agreement, form, status=outcome.status)
    messages.success(request, f"“{document.title}” added to the agreement.")
    return redirect(_documents_anchor(agreement))


@login_required
@require_GET
def document_download(request: AuthenticatedRequest, pk: int, document_id: int) -> HttpResponseBase:
    document = get_document_for_user(request.user, pk, document_id)
    # Shown in the browser's PDF viewer; the name still applies when the user saves it.
    return private_file_response(document.file, documents.download_name(document), inline=True)


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request: AuthenticatedRequest, pk: int, document_id: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk, document_id, write=True)
    if request.method == "POST":
        documents.document_delete(document=document, actor=request.user)
        messages.success(request, f"“{document.title}” removed from the agreement.")
        return redirect(_documents_anchor(document.agreement))
    return render(
        request,
        "agreements/documents/confirm_delete.html",
        {"agreement": document.agreement, "document": document},
    )


@login_required
@require_GET
def agreement_pdf_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = agreement_detail(get_agreement_for_user(request.user, pk))
    return pdf_response(agreement_pdf(agreement), agreement_pdf_name(agreement))
