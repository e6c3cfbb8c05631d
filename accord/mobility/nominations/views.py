"""Nomination pages: the list, sending, the host's answer, EWP XML export and the incoming import."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accord.accounts.http import AuthenticatedRequest
from accord.agreements.models import MobilityType
from accord.common.access import require
from accord.common.actions import download_action, form_action, post_action
from accord.common.downloads import xml_download
from accord.common.errors import DomainError
from accord.common.htmx import render_page_or_fragment
from accord.common.pagination import paginate
from accord.common.spreadsheets import csv_response, stage_upload, staged_upload, xlsx_response
from accord.institutions.models import Institution
from accord.mobility.models import Direction, Mobility
from accord.mobility.nominations import selectors
from accord.mobility.nominations.adapters import export_omobilities, parse_incoming, with_export_relations
from accord.mobility.nominations.forms import AcceptForm, ImportForm, NominationFilterForm, RejectForm
from accord.mobility.nominations.importing import ImportRefused, IncomingNomination, incoming_nominations_save
from accord.mobility.nominations.permissions import can_decide_nomination, can_send_nomination
from accord.mobility.nominations.services import nomination_accept, nomination_reject, nomination_send
from accord.mobility.nominations.sheet import COLUMNS, EXAMPLE_ROW, HEADERS, parse_sheet
from accord.mobility.permissions import can_create_mobility, get_mobility_for_user
from accord.mobility.selectors import with_row_relations

Problem = tuple[str, str, str]


@login_required
@require_GET
def nomination_list(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.user
    form = NominationFilterForm(request.GET or None, actor=actor)
    filters = form.filters()
    qs = selectors.nomination_list(actor=actor, filters=filters)
    page = paginate(request, with_row_relations(qs), count_cap=10_000)
    context = {
        "form": form,
        "page": page,
        "filtered": filters != selectors.NominationFilters(),
        "can_import": can_create_mobility(actor),
        "export_query": request.GET.urlencode(),
        "home_name": Institution.objects.filter(is_home=True).values_list("name", flat=True).first(),
    }
    return render_page_or_fragment(request, "mobility/nominations.html", context)


@login_required
@require_GET
def nominations_export(request: AuthenticatedRequest) -> HttpResponse:
    """Every outgoing student nomination matching the list's filters, as one OMobilities v2 document."""
    form = NominationFilterForm(request.GET or None, actor=request.user)
    qs = selectors.nomination_list(actor=request.user, filters=form.filters())
    qs = qs.filter(direction=Direction.OUTGOING).exclude(mobility_type__in=selectors.STAFF_TYPES)
    return download_action(
        request,
        lambda: xml_download(export_omobilities(with_export_relations(qs)), "omobilities.xml"),
        on_error=f"{reverse('mobility:nominations')}?{request.GET.urlencode()}",
    )


@login_required
@require_GET
def omobility_xml(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mobility = get_mobility_for_user(request.user, pk)
    one = with_export_relations(Mobility.objects.filter(pk=mobility.pk))
    return download_action(
        request,
        lambda: xml_download(export_omobilities(one), f"omobility-{mobility.pk}.xml"),
        on_error=reverse("mobility:detail", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def nomination_send_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mobility = get_mobility_for_user(request.user, pk)
    require(can_send_nomination(request.user, mobility))
    if request.method == "POST":
        return post_action(
            request,
            lambda: nomination_send(mobility=mobility, actor=request.user),
            then=reverse("mobility:detail", args=[pk]),
            done=f"Nomination sent to {mobility.host_institution}.",
        )
    return render(request, "mobility/nomination_send.html", {"mobility": mobility})


@login_required
@require_http_methods(["GET", "POST"])
def nomination_decide_view(request: AuthenticatedRequest, pk: int, decision: str) -> HttpResponse:
    mobility = get_mobility_for_user(request.user, pk)
    require(can_decide_nomination(request.user, mobility))
    accept = decision == "accept"
    form_class = AcceptForm if accept else RejectForm
    form = form_class(request.POST or None)
    service = nomination_accept if accept else nomination_reject
    outcome = form_action(
        request,
        form,
        lambda: service(mobility=mobility, actor=request.user, reason=form.cleaned_data["reason"]),
        refused_to=reverse("mobility:detail", args=[pk]),
    )
    if outcome.redirect_to:
        return redirect(outcome.redirect_to)
    if outcome.done:
        messages.success(request, f"Nomination of {mobility.person} {'accepted' if accept else 'rejected'}.")
        return redirect("mobility:detail", pk=pk)
    # Invalid, or a reason refused, the form is shown again with its errors, and the page answers 200.
    context = {"mobility": mobility, "form": form, "accept": accept}
    return render(request, "mobility/nomination_decide.html", context)


def _parse_upload(content: bytes, filename: str) -> tuple[list[IncomingNomination], list[Problem]]:
    if filename.lower().endswith(".xml") or content.lstrip()[:1] == b"<":
        return parse_incoming(content)
    try:
        items, report = parse_sheet(content, filename)
    except DomainError as err:
        return [], [("file", "", err.message)]
    return items, [(f"row {p.row}" if p.row else "file", p.column, p.message) for p in report.problems]


def _preview_rows(items: list[IncomingNomination]) -> list[dict[str, Any]]:
    senders = Institution.objects.in_bulk({item.sending_institution_id for item in items})
    known = set(
        Mobility.objects.filter(
            omobility_id__in=[i.omobility_id for i in items if i.omobility_id]
        ).values_list("home_institution_id", "omobility_id")
    )
    return [
        {
            "item": item,
            "sender": senders.get(item.sending_institution_id),
            "type": MobilityType(item.mobility_type).label,
            "updates": (item.sending_institution_id, item.omobility_id) in known,
        }
        for item in items
    ]


@login_required
@require_http_methods(["GET", "POST"])
def nominations_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload -> check every row and show the result -> confirm -> write all or nothing."""
    require(can_create_mobility(request.user))
    context: dict[str, Any] = {"form": ImportForm(), "columns": COLUMNS}
    if request.method == "POST" and "key" in request.POST:
        try:
            content, filename = staged_upload(request, request.POST["key"], consume=True)
            items, problems = _parse_upload(content, filename)
            if problems:
                raise ImportRefused(problems)
            outcome = incoming_nominations_save(items=items, actor=request.user)
        except ImportRefused as err:
            context["problems"] = err.problems
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(
                request,
                f"Imported: {len(outcome.created)} new incoming nomination(s), "
                f"{len(outcome.updated)} updated.",
            )
            return redirect(f"{reverse('mobility:nominations')}?direction=incoming")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            items, problems = _parse_upload(content, upload.name)
            context["filename"] = upload.name
            if problems:
                context["problems"] = problems
            elif not items:
                context["problems"] = [("file", "", "The file holds no nominations.")]
            else:
                context["key"] = stage_upload(request, content, upload.name)
                context["preview"] = _preview_rows(items)
    return render(request, "mobility/nominations_import.html", context)


@login_required
@require_GET
def nominations_import_template(request: AuthenticatedRequest) -> HttpResponse:
    require(can_create_mobility(request.user))
    if request.GET.get("format") == "xlsx":
        notes = [
            (name, f"{help_text}{' (required)' if required else ''}") for name, required, help_text in COLUMNS
        ]
        return xlsx_response(
            "incoming-nominations.xlsx", HEADERS, [EXAMPLE_ROW], sheet_title="Nominations", notes=notes
        )
    return csv_response("incoming-nominations.csv", HEADERS, [EXAMPLE_ROW])
