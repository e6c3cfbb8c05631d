"""Grade table pages: the filtered list, one table (with its cumulative ranges), editor, deletion, import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from accord.accounts.http import AuthenticatedRequest
from accord.common.access import require
from accord.common.actions import refusal
from accord.common.errors import DomainError
from accord.common.forms import attach_domain_error
from accord.common.pagination import paginate
from accord.common.spreadsheets import stage_upload, staged_upload
from accord.engines.grades import GradeConversionError
from accord.recognition.adapters import FALLBACK_SCALE, distribution_of, get_scale, scale_choices
from accord.recognition.forms import UploadForm
from accord.recognition.grade_tables import importing, selectors, services
from accord.recognition.grade_tables.forms import GradeTableForm, TableFilterForm
from accord.recognition.grade_tables.permissions import can_write_grade_tables, get_grade_table_for_user
from accord.recognition.models import GradeTable


@login_required
@require_GET
def table_list(request: AuthenticatedRequest) -> HttpResponse:
    form = TableFilterForm(request.GET)
    form.is_valid()
    page = paginate(request, selectors.grade_table_list(filters=form.filters()))
    context = {
        "form": form,
        "page": page,
        "filtered": form.is_filtered(),
        "can_write": can_write_grade_tables(request.user),
        "scales": dict(scale_choices()),
    }
    template = (
        "recognition/tables.html#results" if request.htmx.target == "results" else "recognition/tables.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _scale_of(request: AuthenticatedRequest, fallback: str) -> str:
    wanted = request.POST.get("scale") or request.GET.get("scale") or fallback
    try:
        get_scale(wanted)
    except DomainError:
        return fallback
    return wanted


def _editor(
    request: AuthenticatedRequest, table: GradeTable | None, form: GradeTableForm, *, status: int = 200
) -> HttpResponse:
    ranges = None
    if table is not None:
        try:
            ranges = distribution_of(table).ranges()
        except GradeConversionError:
            ranges = None
    bars = [
        (r.grade, f"{r.upper - r.lower:.3f}", f"{r.grade}: {r.lower:.1f}–{r.upper:.1f}%")
        for r in ranges or ()
        if r.upper > r.lower
    ]
    context = {
        "form": form,
        "table": table,
        "ranges": ranges,
        "bars": bars,
        "scale_name": form.grading.name,
        "can_write": can_write_grade_tables(request.user),
    }
    template = "recognition/table_form.html"
    if request.htmx and request.htmx.target == "grade-fields":
        template += "#grade-fields"
    return render(request, template, context, status=status)


def _save(
    request: AuthenticatedRequest, form: GradeTableForm, table: GradeTable | None
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        if table is None:
            table = services.grade_table_create(data=form.to_input(), actor=request.user)
        else:
            services.grade_table_update(table=table, data=form.to_input(), actor=request.user)
    except DomainError as error:
        attach_domain_error(form, error, field_map={"percentages": ""})
        return None
    messages.success(request, f"Grade table “{table}” saved.")
    return redirect("recognition:tables")


@login_required
@require_http_methods(["GET", "POST"])
def table_create(request: AuthenticatedRequest) -> HttpResponse:
    require(can_write_grade_tables(request.user))
    scale = _scale_of(request, FALLBACK_SCALE)
    if request.method == "POST" and not request.htmx:
        form = GradeTableForm(request.POST, actor=request.user, scale=get_scale(scale))
        return _save(request, form, None) or _editor(request, None, form, status=422)
    form = GradeTableForm(
        initial={"scale": scale, **request.GET.dict()}, actor=request.user, scale=get_scale(scale)
    )
    return _editor(request, None, form)


@login_required
@require_http_methods(["GET", "POST"])
def table_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    write = request.method == "POST"
    table = get_grade_table_for_user(request.user, pk, write=write)
    scale = _scale_of(request, table.scale)
    if write and not request.htmx:
        form = GradeTableForm(request.POST, actor=request.user, scale=get_scale(scale))
        return _save(request, form, table) or _editor(request, table, form, status=422)
    initial = GradeTableForm.initial_for(table)
    if scale != table.scale:
        initial = {k: v for k, v in initial.items() if not k.startswith("p_")} | {"scale": scale}
    form = GradeTableForm(initial=initial, actor=request.user, scale=get_scale(scale))
    return _editor(request, table, form)


@login_required
@require_http_methods(["GET", "POST"])
def table_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    table = get_grade_table_for_user(request.user, pk, write=True)
    if request.method == "POST":
        services.grade_table_delete(table=table, actor=request.user)
        messages.success(request, f"Grade table “{table}” deleted.")
        return redirect("recognition:tables")
    return render(request, "recognition/table_delete.html", {"table": table})


@login_required
@require_http_methods(["GET", "POST"])
def tables_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload -> preview with every problem named -> confirm: all tables of the file are written, or none."""
    require(can_write_grade_tables(request.user))
    form = UploadForm()
    context: dict[str, object] = {"form": form}
    status = 200
    if request.method == "POST":
        key = request.POST.get("key", "")
        if key:
            try:
                content, name = staged_upload(request, key, consume="confirm" in request.POST)
            except DomainError as error:
                return refusal(request, error, "recognition:tables_import")
        else:
            form = UploadForm(request.POST, request.FILES)
            context["form"] = form
            if not form.is_valid():
                return render(request, "recognition/tables_import.html", context, status=422)
            upload = form.cleaned_data["file"]
            content, name = upload.read(), upload.name
        inputs, previews, report = importing.read_grade_tables(content, name)
        context.update({"previews": previews, "report": report, "filename": name})
        if report.ok and "confirm" in request.POST:
            created, replaced = services.grade_tables_import(tables=inputs, actor=request.user)
            messages.success(
                request, f"Imported {created} new and replaced {replaced} grade tables from {name}."
            )
            return redirect("recognition:tables")
        if report.ok:
            context["key"] = stage_upload(request, content, name)
        else:
            status = 422
    return render(request, "recognition/tables_import.html", context, status=status)
