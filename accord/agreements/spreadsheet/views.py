"""Agreements as spreadsheets: export of the list, the import template, upload -> preview -> confirm."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.http import AuthenticatedRequest
from accord.agreements import selectors
from accord.agreements.forms import AgreementFilterForm
from accord.agreements.permissions import can_create_agreement, can_read_agreements
from accord.agreements.spreadsheet.columns import LEVEL_LABELS, columns, export_table, template_table
from accord.agreements.spreadsheet.services import ImportResult, agreements_import
from accord.common.access import require
from accord.common.actions import form_action, refusal
from accord.common.errors import DomainError
from accord.common.spreadsheets import csv_response, stage_upload, staged_upload, xlsx_response
from accord.common.uploads import check_size
from accord.reference.models import AcademicYear

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,
        label="Spreadsheet",
        help_text="CSV (comma, semicolon or tab separated) or Excel XLSX, one row per cooperation condition.",
        widget=forms.ClearableFileInput(attrs={"accept": f".csv,.xlsx,text/csv,{XLSX_TYPE}"}),
    )


def _format(request: AuthenticatedRequest) -> str:
    chosen = request.GET.get("format", "xlsx")
    if chosen not in FORMATS:
        raise Http404("Not found")
    return chosen


def _download(chosen: str, stem: str, headers: list[str], rows: object, **xlsx: object) -> HttpResponse:
    if chosen == "csv":
        return csv_response(f"{stem}.csv", headers, rows)  # type: ignore[arg-type]
    return xlsx_response(f"{stem}.xlsx", headers, rows, **xlsx)  # type: ignore[arg-type]


@login_required
@require_GET
def agreement_export(request: AuthenticatedRequest) -> HttpResponse:
    """The agreements list as it is filtered and sorted on screen, in the import's columns."""
    if not can_read_agreements(request.user):
        raise Http404("Not found")
    chosen = _format(request)
    years = list(AcademicYear.objects.values_list("start_year", flat=True))
    form = AgreementFilterForm(request.GET, actor=request.user, years=years)
    form.is_valid()
    agreements = selectors.agreement_list(
        actor=request.user, filters=form.filters(), today=timezone.localdate()
    ).order_by(*form.ordering())
    headers, rows = export_table(agreements)
    stem = f"agreements-{timezone.localdate():%Y-%m-%d}"
    return _download(chosen, stem, headers, rows, sheet_title="Agreements")


@login_required
@require_GET
def import_template(request: AuthenticatedRequest) -> HttpResponse:
    require(can_create_agreement(request.user))
    headers, rows, notes = template_table()
    return _download(
        _format(request), "agreements-template", headers, rows, sheet_title="Agreements", notes=notes
    )


def _upload_page(request: AuthenticatedRequest, form: ImportUploadForm, *, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "columns": [(c.header, LEVEL_LABELS[c.level], c.help) for c in columns()],
        "max_size": settings.ACCORD_MAX_UPLOAD_BYTES,
    }
    return render(request, "agreements/import/upload.html", context, status=status)


def _preview(
    request: AuthenticatedRequest, result: ImportResult, key: str, *, status: int = 200
) -> HttpResponse:
    context = {
        "result": result,
        "key": key,
        "fingerprint": result.fingerprint(),
        "created": result.of("create"),
        "updated": result.of("update"),
        "unchanged": result.of("unchanged"),
    }
    return render(request, "agreements/import/preview.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a file and see what importing it would do; nothing is written until the confirmation."""
    require(can_create_agreement(request.user))
    if request.method == "GET":
        return _upload_page(request, ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES)

    def preview() -> tuple[bytes, ImportResult]:
        upload = form.cleaned_data["file"]
        check_size(upload, field="file")
        content = upload.read()
        return content, agreements_import(
            content=content, filename=upload.name, actor=request.user, dry_run=True
        )

    outcome = form_action(request, form, preview)
    if outcome.result is None:
        return _upload_page(request, form, status=outcome.status)
    content, result = outcome.result
    key = stage_upload(request, content, result.filename) if result.ok else ""
    return _preview(request, result, key, status=200 if result.ok else 422)


@login_required
@require_POST
def agreement_import_confirm(request: AuthenticatedRequest) -> HttpResponse:
    require(can_create_agreement(request.user))
    try:
        content, filename = staged_upload(request, request.POST.get("key", ""))
        result = agreements_import(
            content=content,
            filename=filename,
            actor=request.user,
            dry_run=False,
            expected_fingerprint=request.POST.get("fingerprint", ""),
        )
    except DomainError as error:
        return refusal(request, error, "agreements:import")
    if result.stale:
        messages.error(
            request, "The agreements changed since this preview. Check the new preview and confirm again."
        )
        return _preview(request, result, request.POST.get("key", ""), status=409)
    if not result.written:
        return _preview(request, result, "", status=422)
    staged_upload(request, request.POST.get("key", ""), consume=True)
    created, updated = len(result.of("create")), len(result.of("update"))
    messages.success(
        request,
        f"Imported {filename}: {created} agreement{'s' if created != 1 else ''} created, "
        f"{updated} updated, {len(result.of('unchanged'))} unchanged.",
    )
    return redirect("agreements:list")
