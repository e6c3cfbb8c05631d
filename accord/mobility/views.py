"""Mobility pages: thin views that parse, check access, call the services and render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accord.accounts.http import AuthenticatedRequest
from accord.accounts.models import User
from accord.agreements.selectors import agreements_visible_to
from accord.common.access import require
from accord.common.actions import form_action, post_action
from accord.common.audit import history_for
from accord.common.errors import DomainError
from accord.common.forms import attach_domain_error
from accord.common.htmx import render_page_or_fragment, wants_fragment
from accord.common.pagination import paginate
from accord.institutions.selectors import institutions_visible_to
from accord.mobility import selectors
from accord.mobility.forms import (
    MobilityFilterForm,
    MobilityForm,
    PersonForm,
    condition_label,
    next_academic_year,
)
from accord.mobility.models import Direction, Mobility, MobilityStatus
from accord.mobility.nominations.adapters import export_problem
from accord.mobility.nominations.permissions import can_decide_nomination_now, can_send_nomination_now
from accord.mobility.permissions import (
    can_create_mobility,
    can_edit_mobility,
    can_read_mobility_history,
    get_mobility_for_user,
    get_person_for_user,
)
from accord.mobility.services import (
    mobility_create,
    mobility_delete,
    mobility_input_from,
    mobility_update,
    person_create,
    person_update,
)

# An unfiltered list is counted only this far, so that a million rows cost no full COUNT(*).
UNFILTERED_COUNT_CAP = 10_000
# A filter can still match tens of thousands (every mobility of a busy partner: 110 ms to count exactly).
FILTERED_COUNT_CAP = 10_000
PERSON_MATCHES = 10


@login_required
@require_GET
def mobility_list(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.user
    form = MobilityFilterForm(request.GET or None, actor=actor)
    filters = form.filters()
    filtered = filters != selectors.MobilityFilters()
    mobilities = selectors.mobility_list(actor=actor, filters=filters)
    page = paginate(
        request,
        selectors.with_row_relations(mobilities),
        count_cap=FILTERED_COUNT_CAP if filtered else UNFILTERED_COUNT_CAP,
    )
    context = {
        "form": form,
        "page": page,
        "filtered": filtered,
        "agreement": form.cleaned_data.get("agreement") if form.is_bound else None,
        "can_create": can_create_mobility(actor),
    }
    return render_page_or_fragment(request, "mobility/list.html", context)


@login_required
@require_GET
def mobility_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = request.user
    mobility = get_mobility_for_user(actor, pk)
    related = Mobility.objects.select_related(
        "person", "agreement", "condition__sending_institution", "condition__receiving_institution",
        "home_institution", "host_institution", "unit", "academic_year",
    ).get(pk=mobility.pk)  # fmt: skip
    visible_institutions = set(
        institutions_visible_to(actor)
        .filter(pk__in=[related.home_institution_id, related.host_institution_id])
        .values_list("pk", flat=True)
    )
    may_audit = can_read_mobility_history(actor, related)
    context = {
        "mobility": related,
        "condition": condition_label(related.condition) if related.condition else "",
        "agreement_visible": bool(
            related.agreement_id and agreements_visible_to(actor).filter(pk=related.agreement_id).exists()
        ),
        "visible_institutions": visible_institutions,
        "can_edit": can_edit_mobility(actor, related),
        "can_send": can_send_nomination_now(actor, related),
        "can_decide": can_decide_nomination_now(actor, related),
        "export_problem": export_problem(related),
        "events": history_for(related) if may_audit else [],
        "show_history": may_audit,
    }
    return render(request, "mobility/detail.html", context)


def _save(form: MobilityForm, person_form: PersonForm, *, actor: User, mobility: Mobility | None) -> Mobility:
    """Registers the new person, if any, and saves the mobility; both or neither (one transaction)."""
    with transaction.atomic():
        if form.cleaned_data["person_mode"] == "new":
            person_id = person_create(data=person_form.to_input(), actor=actor).pk
        else:
            person_id = form.cleaned_data["person_id"].pk
        data = form.to_input(person_id=person_id)
        if mobility is None:
            return mobility_create(data=data, actor=actor)
        return mobility_update(mobility=mobility, data=data, actor=actor)


def _mobility_form(request: AuthenticatedRequest, *, mobility: Mobility | None) -> HttpResponse:
    actor = request.user
    post = request.POST
    redrawing = request.method == "POST" and ("_refresh" in post or "_search_person" in post)
    if request.method == "POST" and not redrawing:
        form = MobilityForm(post, actor=actor, mobility=mobility)
        person_form = PersonForm(post, prefix="person")
        new_person = post.get("person_mode") == "new"
        if form.is_valid() and (not new_person or person_form.is_valid()):
            try:
                saved = _save(form, person_form, actor=actor, mobility=mobility)
            except DomainError as err:
                attach_domain_error(
                    person_form if new_person and err.field in person_form.fields else form, err
                )
            else:
                messages.success(request, "Mobility saved." if mobility else "Mobility created.")
                return redirect("mobility:detail", pk=saved.pk)
    else:
        if redrawing:
            # Redraw with what was typed, narrowed to the new choices, without judging it yet.
            initial = {name: post.get(name) for name in MobilityForm.base_fields}
            person_initial = {name: post.get(f"person-{name}") for name in PersonForm.base_fields}
        elif mobility is not None:
            initial = MobilityForm.initial_from(mobility_input_from(mobility))
            person_initial = {}
        else:
            # "Record an incoming nomination" links here with ?direction=incoming&status=nominated.
            direction = request.GET.get("direction")
            status = request.GET.get("status")
            defaults: dict[str, Any] = {
                "direction": direction if direction in Direction.values else Direction.OUTGOING,
                "status": status if status in MobilityStatus.values else MobilityStatus.PLANNED,
            }
            defaults["academic_year"] = next_academic_year()
            defaults["agreement_id"] = request.GET.get("agreement")
            initial = defaults
            person_initial = {}
        form = MobilityForm(initial=initial, actor=actor, mobility=mobility)
        form.suggest_defaults()
        person_form = PersonForm(initial=person_initial, prefix="person")
    form.enable_redraw(request.path)
    context = {
        "form": form,
        "person_form": person_form,
        "mobility": mobility,
        "person_query": form.value("person_q") or "",
        "person_matches": selectors.person_choices(
            actor=actor,
            term=form.value("person_q") or "",
            selected=str(form.value("person_id") or ""),
            limit=PERSON_MATCHES,
        ),
        "selected_person_id": str(form.value("person_id") or ""),
    }
    if wants_fragment(request) and "_refresh" in post:
        return render(request, "mobility/form.html#placement", context)
    return render(request, "mobility/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mobility_create_view(request: AuthenticatedRequest) -> HttpResponse:
    require(can_create_mobility(request.user))
    return _mobility_form(request, mobility=None)


@login_required
@require_http_methods(["GET", "POST"])
def mobility_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mobility = get_mobility_for_user(request.user, pk, write=True)
    return _mobility_form(request, mobility=mobility)


@login_required
@require_http_methods(["GET", "POST"])
def mobility_delete_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mobility = get_mobility_for_user(request.user, pk, write=True)
    if request.method == "POST":
        return post_action(
            request,
            lambda: mobility_delete(mobility=mobility, actor=request.user),
            then="mobility:list",
            done=f"Mobility of {mobility.person} deleted.",
            on_error=reverse("mobility:detail", args=[pk]),
        )
    return render(request, "mobility/confirm_delete.html", {"mobility": mobility})


@login_required
@require_GET
def person_search(request: AuthenticatedRequest) -> HttpResponse:
    """The people matching the search box of the mobility form, as radio buttons (an htmx fragment)."""
    require(can_create_mobility(request.user))
    query = request.GET.get("person_q", "")
    selected = request.GET.get("person_id", "")
    context = {
        "person_query": query,
        "person_matches": selectors.person_choices(
            actor=request.user, term=query, selected=selected, limit=PERSON_MATCHES
        ),
        "selected_person_id": selected,
    }
    return render(request, "mobility/form.html#person-choices", context)


@login_required
@require_GET
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    mobilities = selectors.with_display_relations(
        selectors.mobilities_visible_to(request.user).filter(person=person)
    ).select_related("academic_year")
    context = {
        "person": person,
        "mobilities": mobilities,
        "can_edit": can_create_mobility(request.user),
        "events": history_for(person),
    }
    return render(request, "mobility/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    if request.method == "POST":
        form = PersonForm(request.POST)
    else:
        form = PersonForm(initial=PersonForm.initial_from(person))
    outcome = form_action(
        request, form, lambda: person_update(person=person, data=form.to_input(), actor=request.user)
    )
    if outcome.done:
        messages.success(request, "Person saved.")
        return redirect("mobility:person_detail", pk=person.pk)
    # Refused or invalid, the form is shown again with its errors, and the page answers 200.
    return render(request, "mobility/person_form.html", {"form": form, "person": person})
