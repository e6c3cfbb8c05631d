"""Agreement pages: the filtered list, one agreement, the editor (create and edit) and deletion."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from accord.accounts.http import AuthenticatedRequest
from accord.accounts.models import User
from accord.agreements import selectors, services
from accord.agreements.documents.services import documents_of
from accord.agreements.editor import MAX_TOTAL_FORMS, AgreementEditor, raw_partner_ids
from accord.agreements.forms import (
    AgreementFilterForm,
    EditorChoices,
    blank_form,
    institution_label,
    row_kind,
    search_institutions,
    to_int,
)
from accord.agreements.lifecycle.views import lifecycle_context
from accord.agreements.models import Agreement
from accord.agreements.permissions import (
    can_create_agreement,
    can_edit_agreement,
    can_read_agreements,
    can_see_internal_history,
    get_agreement_for_user,
)
from accord.common import audit
from accord.common.access import require
from accord.common.errors import DomainError
from accord.common.pagination import paginate
from accord.institutions.selectors import home_institutions
from accord.reference.models import AcademicYear, IscedField
from accord.reference.services import academic_year_for_date
from accord.reference.vocab import language_choices, language_name

HISTORY_SHOWN = 50


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _require_reader(user: User) -> None:
    # Students have no agreements in scope at all; their menu has no Agreements entry either.
    if not can_read_agreements(user):
        raise Http404("Not found")


def _this_year(today: dt.date) -> int:
    return academic_year_for_date(today.year, today.month)


def _expiry_note(agreement: Agreement, today: dt.date) -> tuple[str, str] | None:
    """A badge for live agreements that end soon or have already lapsed."""
    if agreement.valid_to is None or agreement.status not in selectors.LIVE_STATUSES:
        return None
    days = (agreement.valid_to - today).days
    if days < 0:
        return "expired", f"ended {-days} day{'s' if days != -1 else ''} ago"
    if days == 0:
        return "warn", "expires today"
    if days <= settings.ACCORD_EXPIRY_NOTICE_DAYS:
        return "warn", f"expires in {days} day{'s' if days != 1 else ''}"
    return None


@login_required
@require_GET
def agreement_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_reader(request.user)
    today = timezone.localdate()
    years = list(AcademicYear.objects.values_list("start_year", flat=True))
    form = AgreementFilterForm(request.GET, actor=request.user, years=years)
    form.is_valid()
    agreements = selectors.agreement_list(actor=request.user, filters=form.filters(), today=today)
    page = paginate(request, selectors.with_partner_institutions(agreements.order_by(*form.ordering())))
    page.object_list = list(page.object_list)
    for agreement in page.object_list:
        agreement.expiry_note = _expiry_note(agreement, today)
    context = {
        "form": form,
        "page": page,
        "filtered": form.is_filtered(),
        "can_create": can_create_agreement(request.user),
    }
    template = "agreements/list.html#results" if request.htmx.target == "results" else "agreements/list.html"
    response = render(request, template, context)
    # One URL, two bodies (page or results): caches and the back button must keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_GET
def agreement_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_detail(get_agreement_for_user(request.user, pk))
    # Each condition with its languages' names, which come from the ISO 639 tables rather than the database.
    conditions = [
        (condition, [(language, language_name(language.language)) for language in condition.languages.all()])
        for condition in agreement.conditions.all()
    ]
    context = {
        "agreement": agreement,
        "conditions": conditions,
        "expiry_note": _expiry_note(agreement, timezone.localdate()),
        "can_edit": can_edit_agreement(request.user, agreement),
        "documents": list(documents_of(agreement)),
        # Partner contacts are outsiders: the history names our staff and shows internal drafts.
        "events": audit.history_for(agreement)[:HISTORY_SHOWN]
        if can_see_internal_history(request.user)
        else None,
        **lifecycle_context(request.user, agreement),
    }
    return render(request, "agreements/detail.html", context)


def _editor_from_post(request: AuthenticatedRequest, *, editing: bool) -> AgreementEditor:
    return AgreementEditor(
        actor=request.user,
        this_year=_this_year(timezone.localdate()),
        data=request.POST,
        action=request.POST.get("_action", "save"),
        editing=editing,
    )


def _saving(request: AuthenticatedRequest) -> bool:
    return request.method == "POST" and request.POST.get("_action", "save") == "save"


def _render_editor(
    request: AuthenticatedRequest, editor: AgreementEditor, agreement: Agreement | None, *, status: int
) -> HttpResponse:
    """The editor page; failed saves answer 422 (or the service error's status) with errors beside fields."""
    context: dict[str, Any] = {"editor": editor, "agreement": agreement}
    if request.htmx:
        return render(request, "agreements/form.html#agreement-form", context, status=status)
    context["isced_codes"] = IscedField.objects.order_by("code").values_list("code", "name")
    context["languages"] = language_choices()
    return render(request, "agreements/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: AuthenticatedRequest) -> HttpResponse:
    require(can_create_agreement(request.user))
    if request.method == "POST":
        editor = _editor_from_post(request, editing=False)
    else:
        today = timezone.localdate()
        editor = AgreementEditor(
            actor=request.user, this_year=_this_year(today), home=home_institutions().first()
        )
    status = 200
    if _saving(request):
        status = 422
        if editor.is_valid():
            try:
                agreement = services.agreement_create(data=editor.to_input(), actor=request.user)
            except DomainError as error:
                editor.attach_error(error)
                status = error.http_status
            else:
                messages.success(request, f"Agreement “{agreement.title}” created.")
                return redirect("agreements:detail", pk=agreement.pk)
    return _render_editor(request, editor, None, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, write=True)
    if request.method == "POST":
        editor = _editor_from_post(request, editing=True)
    else:
        editor = AgreementEditor(
            actor=request.user,
            this_year=_this_year(timezone.localdate()),
            initial=services.agreement_input_from(selectors.agreement_detail(agreement)),
            version=agreement.version,
        )
    status = 200
    if _saving(request):
        status = 422
        if editor.is_valid():
            try:
                services.agreement_update(
                    agreement=agreement,
                    data=editor.to_input(),
                    actor=request.user,
                    expected_version=editor.expected_version,
                )
            except DomainError as error:
                editor.attach_error(error)
                status = error.http_status
            else:
                messages.success(request, "Changes saved.")
                return redirect("agreements:detail", pk=agreement.pk)
    return _render_editor(request, editor, agreement, status=status)


@login_required
@require_GET
def agreement_form_row(request: AuthenticatedRequest) -> HttpResponse:
    """One empty editor row for htmx's "Add" buttons, and the formset's new form count (out of band)."""
    require(can_create_agreement(request.user))
    formset = request.GET.get("formset", "")
    kind = row_kind(formset)
    index = to_int(request.GET.get(f"{formset}-TOTAL_FORMS"))
    if kind is None or index is None or not 0 <= index < MAX_TOTAL_FORMS:
        raise Http404("Not found")
    this_year = _this_year(timezone.localdate())
    choices = EditorChoices.load(request.user, raw_partner_ids(request.GET), this_year=this_year)
    form = blank_form(formset, index, choices=choices, actor=request.user, this_year=this_year)
    context = {
        "form": form,
        "formset": formset,
        "total": index + 1,
        "row_template": f"agreements/form.html#{kind}-row",
    }
    return render(request, "agreements/_form_row.html", context)


@login_required
@require_GET
def institution_options(request: AuthenticatedRequest) -> HttpResponse:
    """`<option>`s for a type-ahead institution picker, scoped to what the user may see."""
    term = request.GET.get("q", "").strip()
    options = [(i.pk, institution_label(i)) for i in search_institutions(request.user, term)]
    return render(request, "agreements/_institution_options.html", {"options": options, "term": term})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, write=True)
    error = None
    if request.method == "POST":
        try:
            services.agreement_delete(agreement=agreement, actor=request.user)
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, f"Agreement “{agreement.title}” deleted.")
            return redirect("agreements:list")
    context = {"agreement": agreement, "error": error, "in_use": agreement.mobilities.exists()}
    return render(
        request, "agreements/confirm_delete.html", context, status=error.http_status if error else 200
    )
