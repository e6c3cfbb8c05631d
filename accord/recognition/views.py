"""Recognition pages: the work queue, a mobility's transcript (entry and import), its recognition decision,
the signature, the PDFs, and outcomes per partner."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.http import AuthenticatedRequest
from accord.common import audit
from accord.common.access import require
from accord.common.actions import post_action, refusal
from accord.common.errors import DomainError
from accord.common.pagination import paginate
from accord.common.pdf import pdf_response
from accord.common.spreadsheets import stage_upload, staged_upload
from accord.institutions.models import Institution
from accord.learning.models import LearningAgreement
from accord.learning.permissions import get_learning_agreement_for_user
from accord.mobility.models import Direction, Mobility
from accord.recognition import importing, pdfs, selectors, services
from accord.recognition.adapters import default_scale_for, get_scale, scale_choices
from accord.recognition.conversion import tables_for
from accord.recognition.forms import (
    QueueFilterForm,
    RecognitionForm,
    SignForm,
    TranscriptForm,
    UploadForm,
    attach_errors,
)
from accord.recognition.metrics import partner_learning_metrics
from accord.recognition.permissions import (
    can_keep_records,
    can_prepare_recognition,
    can_see_partner_outcomes,
    can_see_recognition_queue,
    can_see_transcript_history,
    can_sign_recognition,
    get_recognition_mobility_for_user,
    get_transcript_mobility_for_user,
)

HISTORY_SHOWN = 30


@login_required
@require_GET
def queue(request: AuthenticatedRequest) -> HttpResponse:
    if not can_see_recognition_queue(request.user):
        raise Http404("Not found")
    form = QueueFilterForm(request.GET)
    form.is_valid()
    mobilities = selectors.recognition_queue(actor=request.user, filters=form.filters())
    page = paginate(request, mobilities.order_by("-planned_start", "-id"))
    page.object_list = list(page.object_list)
    labels = dict(selectors.STAGES)
    for mobility in page.object_list:
        mobility.stage = selectors.stage_of(mobility)
        mobility.stage_label = labels[mobility.stage]
    context = {"form": form, "page": page, "filtered": form.is_filtered()}
    template = (
        "recognition/queue.html#results" if request.htmx.target == "results" else "recognition/queue.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _mobility_context(request: AuthenticatedRequest, mobility: Mobility) -> dict[str, Any]:
    mobility = Mobility.objects.select_related(
        "person", "host_institution", "home_institution", "academic_year", "unit"
    ).get(pk=mobility.pk)
    return {
        "mobility": mobility,
        "can_see_recognition": selectors.recognition_visible_to(request.user).filter(pk=mobility.pk).exists(),
        "has_learning_agreement": LearningAgreement.objects.filter(mobility=mobility).exists(),
    }


# Transcript -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def transcript(request: AuthenticatedRequest, mobility_id: int) -> HttpResponse:
    write = request.method == "POST"
    mobility = get_transcript_mobility_for_user(request.user, mobility_id, write=write)
    current = selectors.transcript_of(mobility)
    components = selectors.host_components(mobility)
    can_edit = can_keep_records(request.user, mobility)
    locked = hasattr(mobility, "recognition") and mobility.recognition.is_signed
    initial = {
        "scale": current.scale if current else default_scale_for(mobility.host_institution),
        "issued_on": current.issued_on if current else None,
        "version": current.version if current else None,
    }
    form = TranscriptForm(request.POST or None, initial=initial, components=components, transcript=current)
    status = 200
    if write:
        status = 422
        if form.is_valid():
            entries, field_for = form.entries()
            try:
                services.transcript_save(
                    mobility=mobility,
                    scale=form.cleaned_data["scale"],
                    issued_on=form.cleaned_data["issued_on"],
                    entries=entries,
                    actor=request.user,
                    expected_version=form.cleaned_data.get("version") if current else None,
                )
            except DomainError as error:
                attach_errors(form, error, field_for)
                status = error.http_status
            else:
                messages.success(request, f"Transcript saved: {len(entries)} graded component(s).")
                return redirect("recognition:transcript", mobility_id=mobility.pk)
    graded = {e.component_id: e for e in current.entries.all()} if current else {}
    context = _mobility_context(request, mobility) | {
        "form": form,
        "transcript": current,
        "graded": [(c, graded.get(c.pk)) for c in components],
        "components": components,
        "can_edit": can_edit and not locked,
        "locked": locked,
        "scale_name": get_scale(current.scale).name if current else "",
        "events": audit.history_for(current)[:HISTORY_SHOWN]
        if current and can_see_transcript_history(request.user)
        else None,
    }
    return render(request, "recognition/transcript.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def transcript_import(request: AuthenticatedRequest, mobility_id: int) -> HttpResponse:
    """Upload -> preview (each problem with its row and column) -> confirm; a problem writes nothing."""
    mobility = get_transcript_mobility_for_user(request.user, mobility_id, write=True)
    current = selectors.transcript_of(mobility)
    components = selectors.host_components(mobility)
    scale = request.POST.get("scale") or (
        current.scale if current else default_scale_for(mobility.host_institution)
    )
    context = _mobility_context(request, mobility) | {
        "form": UploadForm(),
        "components": components,
        "scale": scale,
        "scales": scale_choices(),
    }
    if request.method == "GET":
        return render(request, "recognition/transcript_import.html", context)
    try:
        grading = get_scale(scale)
    except DomainError as error:
        return refusal(request, error, reverse("recognition:transcript_import", args=[mobility.pk]))
    key = request.POST.get("key", "")
    if key:
        try:
            content, name = staged_upload(request, key, consume="confirm" in request.POST)
        except DomainError as error:
            return refusal(request, error, reverse("recognition:transcript_import", args=[mobility.pk]))
    else:
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return render(request, "recognition/transcript_import.html", context, status=422)
        content, name = form.cleaned_data["file"].read(), form.cleaned_data["file"].name
    rows, report = importing.read_transcript(content, name, components=components, scale=grading)
    context.update({"rows": rows, "report": report, "filename": name})
    if report.ok and "confirm" in request.POST:
        kept = [
            e
            for e in (current.entries.all() if current else [])
            if e.component_id not in {r.component.pk for r in rows}
        ]
        entries = [services.EntryInput(e.component_id, e.grade, e.credits, e.assessed_on) for e in kept] + [
            services.EntryInput(r.component.pk, r.grade, r.credits, r.assessed_on) for r in rows
        ]
        return post_action(
            request,
            lambda: services.transcript_save(
                mobility=mobility,
                scale=scale,
                issued_on=current.issued_on if current else None,
                entries=entries,
                actor=request.user,
            ),
            then=reverse("recognition:transcript", args=[mobility.pk]),
            done=f"Imported {len(rows)} grade(s) from {name}.",
            on_error=reverse("recognition:transcript_import", args=[mobility.pk]),
        )
    if report.ok:
        context["key"] = stage_upload(request, content, name)
    return render(request, "recognition/transcript_import.html", context, status=200 if report.ok else 422)


# Recognition ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: AuthenticatedRequest, mobility_id: int) -> HttpResponse:
    write = request.method == "POST"
    mobility = get_recognition_mobility_for_user(request.user, mobility_id, write=write)
    current = selectors.decision_of(mobility)
    transcript = selectors.transcript_of(mobility)
    homes, hosts = selectors.home_components(mobility), selectors.host_components(mobility)
    can_prepare = can_prepare_recognition(request.user, mobility) and not (current and current.is_signed)
    home_scale = current.home_scale if current else default_scale_for(mobility.home_institution)
    form = RecognitionForm(
        request.POST or None,
        initial={
            "home_scale": home_scale,
            "comment": current.comment if current else "",
            "version": current.version if current else None,
        },
        homes=homes,
        hosts=hosts,
        decision=current,
        proposed=services.proposed_sources(mobility) if current is None else {},
    )
    status = 200
    if write:
        status = 422
        if form.is_valid():
            rows, field_for = form.to_rows()
            try:
                services.recognition_save(
                    mobility=mobility,
                    home_scale=form.cleaned_data["home_scale"],
                    rows=rows,
                    comment=form.cleaned_data["comment"],
                    actor=request.user,
                    expected_version=form.cleaned_data.get("version") if current else None,
                )
            except DomainError as error:
                attach_errors(form, error, field_for)
                status = error.http_status
            else:
                messages.success(request, "Draft saved; the grades below were converted now.")
                return redirect("recognition:decision", mobility_id=mobility.pk)
    entries = {e.component_id: e for e in transcript.entries.all()} if transcript else {}
    tables = (
        tables_for(
            mobility,
            host_scale=transcript.scale,
            home_scale=home_scale,
            isced_code=services.isced_of(mobility),
        )
        if transcript
        else None
    )
    context = _mobility_context(request, mobility) | {
        "decision": current,
        "transcript": transcript,
        "entries": entries,
        "hosts": hosts,
        "homes": homes,
        "form": form,
        "tables": tables,
        "can_prepare": can_prepare and transcript is not None and mobility.direction == Direction.OUTGOING,
        "can_sign": current is not None
        and not current.is_signed
        and can_sign_recognition(request.user, mobility),
        "sign_form": SignForm(initial={"version": current.version}) if current else None,
        "totals": _totals(current),
        "events": audit.history_for(current)[:HISTORY_SHOWN] if current else None,
    }
    return render(request, "recognition/decision.html", context, status=status)


def _totals(current: Any) -> dict[str, Any] | None:
    if current is None:
        return None
    rows = list(current.components.all())
    planned = sum((r.planned_credits for r in rows), start=0)
    credited = sum((r.credits for r in rows), start=0)
    return {"planned": planned, "credited": credited, "rate": (credited / planned * 100) if planned else None}


@login_required
@require_POST
def sign(request: AuthenticatedRequest, mobility_id: int) -> HttpResponse:
    mobility = get_recognition_mobility_for_user(request.user, mobility_id)
    require(can_sign_recognition(request.user, mobility))
    current = selectors.decision_of(mobility)
    if current is None:
        raise Http404("Not found")
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The signature form was incomplete; reload the page and sign again.")
        return redirect("recognition:decision", mobility_id=mobility.pk)
    return post_action(
        request,
        lambda: services.recognition_sign(
            decision=current,
            actor=request.user,
            position=form.cleaned_data["position"],
            expected_version=form.cleaned_data["version"],
        ),
        then=reverse("recognition:decision", args=[mobility.pk]),
        done="Recognition signed; the student has been told.",
    )


# PDFs -------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def decision_pdf(request: AuthenticatedRequest, mobility_id: int) -> HttpResponse:
    mobility = get_recognition_mobility_for_user(request.user, mobility_id)
    current = selectors.decision_of(mobility)
    if current is None:
        raise Http404("Not found")
    content = pdfs.recognition_pdf(current, selectors.transcript_of(mobility))
    return pdf_response(content, f"recognition-{mobility.pk}.pdf")


@login_required
@require_GET
def learning_agreement_pdf(request: AuthenticatedRequest, mobility_id: int) -> HttpResponse:
    la = LearningAgreement.objects.filter(mobility_id=mobility_id).values_list("pk", flat=True).first()
    if la is None:
        raise Http404("Not found")
    agreement = get_learning_agreement_for_user(request.user, la)
    return pdf_response(pdfs.learning_agreement_pdf(agreement), f"learning-agreement-{mobility_id}.pdf")


# Outcomes per partner ---------------------------------------------------------------------------------------


@login_required
@require_GET
def partners(request: AuthenticatedRequest) -> HttpResponse:
    if not can_see_partner_outcomes(request.user):
        raise Http404("Not found")
    metrics = partner_learning_metrics()
    institutions = Institution.objects.in_bulk(list(metrics))
    rows = sorted(
        ((institutions[pk], m) for pk, m in metrics.items() if pk in institutions),
        key=lambda pair: (-pair[1].learning_agreements, pair[0].name),
    )
    sort = request.GET.get("sort", "")
    if sort == "rate":
        rows.sort(key=lambda pair: (pair[1].recognition_rate is None, -(pair[1].recognition_rate or 0)))
    elif sort == "turnaround":
        rows.sort(key=lambda pair: (pair[1].la_turnaround_days is None, pair[1].la_turnaround_days or 0))
    page = paginate(request, rows)
    return render(request, "recognition/partners.html", {"page": page, "sort": sort})
