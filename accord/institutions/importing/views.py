"""Importing institutions from a file in the browser: upload, see what would change (a dry run), confirm.

The same service as `accord import-institutions`; the upload waits in the session between the two steps, so
the confirmed import reads exactly the file that was previewed.
"""

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from accord.common.access import require
from accord.common.actions import refusal
from accord.common.errors import DomainError
from accord.common.forms import attach_domain_error
from accord.common.http import ActorRequest
from accord.common.roles import Actor
from accord.common.spreadsheets import stage_upload, staged_upload
from accord.common.uploads import check_size
from accord.institutions.importing.formats import FORMAT_LABELS
from accord.institutions.importing.report import ImportReport
from accord.institutions.importing.services import import_institutions
from accord.institutions.permissions import can_edit_institution

SUFFIXES = (".json", ".csv", ".xlsx")
REPORT_ROWS_SHOWN = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="The Hipo world universities JSON, a ROR CSV, or the Erasmus charter list (CSV or XLSX).",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError("Upload a .json, .csv or .xlsx file.")
        return upload


def _run(content: bytes, name: str, *, actor: Actor, dry_run: bool) -> ImportReport:
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="accord-import-") as folder:
        # The importer recognises the format by the file's suffix; the user's file name goes no further.
        path = Path(folder) / f"{Path(name).stem[:80] or 'upload'}{suffix}"
        path.write_bytes(content)
        return import_institutions(path, actor=actor, dry_run=dry_run)


def _context(report: ImportReport, **extra: Any) -> dict[str, Any]:
    return {
        "report": report,
        "format_label": FORMAT_LABELS.get(report.format, report.format),
        "rejected": report.rejected[:REPORT_ROWS_SHOWN],
        "notes": report.notes[:REPORT_ROWS_SHOWN],
        "rows_shown": REPORT_ROWS_SHOWN,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def institution_import(request: ActorRequest) -> HttpResponse:
    require(can_edit_institution(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload)
            content = upload.read()
            report = _run(content, upload.name, actor=request.user, dry_run=True)
        except DomainError as err:
            attach_domain_error(form, DomainError(err.code, err.message, field="file"))
        else:
            key = stage_upload(request, content, upload.name)
            return render(request, "institutions/import.html", _context(report, preview=True, key=key))
    status = 422 if form.errors else 200
    return render(request, "institutions/import.html", {"form": form}, status=status)


@login_required
@require_POST
def institution_import_confirm(request: ActorRequest) -> HttpResponse:
    require(can_edit_institution(request.user))
    try:
        content, name = staged_upload(request, request.POST.get("key", ""), consume=True)
        report = _run(content, name, actor=request.user, dry_run=False)
    except DomainError as err:
        return refusal(request, err, "institutions:import")
    counts = report.counts
    messages.success(
        request,
        f"Imported {name}: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, {counts['rejected']} rejected.",
    )
    return render(request, "institutions/import.html", _context(report, done=True))
