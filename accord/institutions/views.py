"""Institution pages: the searchable list, one institution with its units and contacts, the editor, deletion.

Units and contacts are edited in place on the institution page with htmx (the server renders the section with
the form in it); without JavaScript the same URLs serve full pages and redirect back. The page's agreements
and mobilities are sections those apps provide as template tags: they sit above this one.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accord.common import audit
from accord.common.access import require
from accord.common.actions import form_action, post_action
from accord.common.errors import DomainError
from accord.common.htmx import render_page_or_fragment, wants_fragment
from accord.common.http import ActorRequest
from accord.common.models import AuditEvent
from accord.common.pagination import paginate
from accord.institutions import services
from accord.institutions.forms import (
    ContactForm,
    InstitutionFilterForm,
    InstitutionForm,
    UnitForm,
    timezone_choices,
    unit_tree,
)
from accord.institutions.models import Contact, Institution, OrganisationalUnit
from accord.institutions.permissions import can_edit_institution, get_institution_for_user
from accord.institutions.selectors import institution_list as select_institutions
from accord.reference.vocab import country_name, timezones_by_country

# The page's agreements and mobilities (template tags of those apps): the latest few, counted up to a cap.
RELATED_SHOWN = 10
RELATED_COUNT_CAP = 1000
HISTORY_SHOWN = 50


# The list -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def institution_list(request: ActorRequest) -> HttpResponse:
    form = InstitutionFilterForm(request.GET or None)
    page = paginate(request, select_institutions(actor=request.user, filters=form.filters()))
    # A list, so that what the template sets on each row (its agreement count) stays on it.
    page.object_list = list(page.object_list)
    for institution in page.object_list:
        institution.country_label = country_name(institution.country)
    context = {
        "form": form,
        "page": page,
        "filtered": form.is_filtered(),
        "can_create": can_edit_institution(request.user),
    }
    return render_page_or_fragment(request, "institutions/list.html", context)


# One institution ----------------------------------------------------------------------------------------


@login_required
@require_GET
def institution_detail(request: ActorRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(request.user, pk)
    context = {
        **_section_context(request, institution),
        "domains": list(institution.domains.values_list("domain", flat=True)),
        "country_label": country_name(institution.country),
        "related_shown": RELATED_SHOWN,
        "related_cap": RELATED_COUNT_CAP,
        "events": _history(institution)[:HISTORY_SHOWN],
    }
    return render(request, "institutions/detail.html", context)


def _section_context(request: ActorRequest, institution: Institution, **extra: Any) -> dict[str, Any]:
    units = list(institution.units.all())
    return {
        "institution": institution,
        "units": unit_tree(units),
        "unit_count": len(units),
        "contacts": list(institution.contacts.select_related("unit")),
        "can_edit": can_edit_institution(request.user),
        **extra,
    }


def _history(institution: Institution) -> QuerySet[AuditEvent]:
    """Events of the institution and of its units and contacts, including those since deleted."""
    unit_type, contact_type = OrganisationalUnit._meta.label_lower, Contact._meta.label_lower
    owned: dict[str, set[str]] = {unit_type: set(), contact_type: set()}
    for kind, action in ((unit_type, "unit.created"), (contact_type, "contact.created")):
        created_here = AuditEvent.objects.filter(action=action, changes__institution_id__1=institution.pk)
        owned[kind].update(created_here.values_list("target_id", flat=True))
    owned[unit_type].update(str(pk) for pk in institution.units.values_list("pk", flat=True))
    owned[contact_type].update(str(pk) for pk in institution.contacts.values_list("pk", flat=True))
    itself = audit.target_key(institution)
    return AuditEvent.objects.filter(
        Q(target_type=itself[0], target_id=itself[1])
        | Q(target_type=unit_type, target_id__in=owned[unit_type])
        | Q(target_type=contact_type, target_id__in=owned[contact_type])
    ).select_related("actor")


# Create, edit, delete -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def institution_create(request: ActorRequest) -> HttpResponse:
    require(can_edit_institution(request.user))
    form = InstitutionForm(request.POST or None)
    outcome = form_action(
        request, form, lambda: services.institution_create(data=form.to_input(), actor=request.user)
    )
    if outcome.done and outcome.result is not None:
        messages.success(request, f"{outcome.result.name} was added.")
        return redirect("institutions:detail", pk=outcome.result.pk)
    # Refused or invalid, the form is shown again with its errors, and the page answers 200.
    return render(request, "institutions/form.html", {"form": form, "institution": None})


@login_required
@require_http_methods(["GET", "POST"])
def institution_update(request: ActorRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(request.user, pk, write=True)
    form = InstitutionForm(request.POST or None, initial=InstitutionForm.initial_from(institution))
    outcome = form_action(
        request,
        form,
        lambda: services.institution_update(
            institution=institution, data=form.to_input(), actor=request.user
        ),
    )
    if outcome.done:
        messages.success(request, "Your changes were saved.")
        return redirect("institutions:detail", pk=institution.pk)
    return render(request, "institutions/form.html", {"form": form, "institution": institution})


@login_required
@require_GET
def institution_timezones(request: ActorRequest) -> HttpResponse:
    """The time-zone field for the chosen country (htmx swaps it in when the country changes)."""
    country = request.GET.get("country", "").upper()
    zones = timezones_by_country().get(country, [])
    form = InstitutionForm(initial={"country": country, "timezone": zones[0] if len(zones) == 1 else ""})
    form.fields["timezone"].widget.choices = timezone_choices(country)
    return render(request, "institutions/form.html#timezone-field", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def institution_delete(request: ActorRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(request.user, pk, write=True)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.institution_delete(institution=institution, actor=request.user),
            then=reverse("institutions:list"),
            done=f"{institution.name} was deleted.",
            on_error=reverse("institutions:detail", args=[institution.pk]),
        )
    return render(
        request,
        "institutions/confirm_delete.html",
        {
            "institution": institution,
            "object": institution,
            "kind": "institution",
            "back": reverse("institutions:detail", args=[institution.pk]),
            "consequence": "Its units, contacts and web domains go with it. The history keeps a record.",
        },
    )


# Units and contacts: one pattern for both ----------------------------------------------------------------


SECTIONS: dict[str, dict[str, Any]] = {
    "unit": {
        "form": UnitForm,
        "create": services.unit_create,
        "update": services.unit_update,
        "delete": services.unit_delete,
        "label": "unit",
        "section": "units",
        "consequence": "Contacts of this unit stay, without a unit. The history keeps a record.",
    },
    "contact": {
        "form": ContactForm,
        "create": services.contact_create,
        "update": services.contact_update,
        "delete": services.contact_delete,
        "label": "contact",
        "section": "contacts",
        "consequence": "The history keeps a record.",
    },
}


def _section_response(
    request: ActorRequest, institution: Institution, kind: str, **extra: Any
) -> HttpResponse:
    section = SECTIONS[kind]["section"]
    context = _section_context(request, institution, **extra)
    return render(request, f"institutions/detail.html#{section}", context)


def _done(request: ActorRequest, institution: Institution, kind: str, notice: str) -> HttpResponse:
    if wants_fragment(request):
        return _section_response(request, institution, kind, notice=notice)
    messages.success(request, notice)
    return redirect(f"{reverse('institutions:detail', args=[institution.pk])}#{SECTIONS[kind]['section']}")


def _show_form(
    request: ActorRequest, institution: Institution, kind: str, form: Any, action: str, obj: Any = None
) -> HttpResponse:
    extra = {f"{kind}_form": form, "form_action": action, "editing": obj}
    if wants_fragment(request):
        return _section_response(request, institution, kind, **extra)
    context = {"institution": institution, "kind": kind, "form": form, "form_action": action, "editing": obj}
    return render(request, "institutions/part_form.html", context)


def _get_part(institution: Institution, kind: str, part_pk: int) -> Any:
    manager = institution.units if kind == "unit" else institution.contacts
    return get_object_or_404(manager.all(), pk=part_pk)


def _edit_part(request: ActorRequest, pk: int, kind: str, part_pk: int | None) -> HttpResponse:
    institution = get_institution_for_user(request.user, pk, write=True)
    obj = _get_part(institution, kind, part_pk) if part_pk is not None else None
    spec = SECTIONS[kind]
    form_kwargs = {"institution": institution, kind: obj} if obj is not None else {"institution": institution}
    form = spec["form"](request.POST or None, **form_kwargs)
    action = request.get_full_path()

    def save() -> Any:
        if obj is None:
            return spec["create"](institution=institution, data=form.to_input(), actor=request.user)
        return spec["update"](**{kind: obj}, data=form.to_input(), actor=request.user)

    outcome = form_action(request, form, save, field_map=form.field_map)
    if outcome.done:
        assert outcome.result is not None  # a done outcome carries the saved row
        verb = "added" if obj is None else "saved"
        return _done(request, institution, kind, f"The {spec['label']} “{outcome.result.name}” was {verb}.")
    # Refused or invalid, the form is shown again with its errors, and the section answers 200.
    return _show_form(request, institution, kind, form, action, obj)


def _delete_part(request: ActorRequest, pk: int, kind: str, part_pk: int) -> HttpResponse:
    institution = get_institution_for_user(request.user, pk, write=True)
    obj = _get_part(institution, kind, part_pk)
    spec = SECTIONS[kind]
    error = None
    if request.method == "POST":
        name = obj.name
        try:
            spec["delete"](**{kind: obj}, actor=request.user)
        except DomainError as err:
            error = err.message
            if wants_fragment(request):
                return _section_response(request, institution, kind, error=error)
        else:
            return _done(request, institution, kind, f"The {spec['label']} “{name}” was deleted.")
    context = {
        "institution": institution,
        "object": obj,
        "kind": spec["label"],
        "error": error,
        "back": f"{reverse('institutions:detail', args=[institution.pk])}#{spec['section']}",
        "consequence": spec["consequence"],
    }
    return render(request, "institutions/confirm_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: ActorRequest, pk: int) -> HttpResponse:
    return _edit_part(request, pk, "unit", None)


@login_required
@require_http_methods(["GET", "POST"])
def unit_update(request: ActorRequest, pk: int, unit_pk: int) -> HttpResponse:
    return _edit_part(request, pk, "unit", unit_pk)


@login_required
@require_http_methods(["GET", "POST"])
def unit_delete(request: ActorRequest, pk: int, unit_pk: int) -> HttpResponse:
    return _delete_part(request, pk, "unit", unit_pk)


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: ActorRequest, pk: int) -> HttpResponse:
    return _edit_part(request, pk, "contact", None)


@login_required
@require_http_methods(["GET", "POST"])
def contact_update(request: ActorRequest, pk: int, contact_pk: int) -> HttpResponse:
    return _edit_part(request, pk, "contact", contact_pk)


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: ActorRequest, pk: int, contact_pk: int) -> HttpResponse:
    return _delete_part(request, pk, "contact", contact_pk)
