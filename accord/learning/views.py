"""Learning agreement pages: the list, the agreement page with its tables, and its editing forms.

Thin: parse, check access, call a service, render. Actions are small POST forms on the agreement page; a
refused action re-renders the page with the message beside the form it came from.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.http import AuthenticatedRequest
from accord.common.access import require
from accord.common.actions import download_action, form_action, post_action
from accord.common.downloads import xml_download
from accord.common.errors import DomainError
from accord.common.pagination import paginate
from accord.learning import selectors, services
from accord.learning.adapters import la_document_xml
from accord.learning.courses import services as courses
from accord.learning.courses.permissions import can_approve_equivalences
from accord.learning.courses.selectors import equivalence_suggestions
from accord.learning.forms import (
    ApplyEquivalenceForm,
    CommentForm,
    ComponentForm,
    DeletionForm,
    DetailsForm,
    InvitationForm,
    LearningAgreementFilterForm,
    RememberEquivalenceForm,
    ReturnForm,
    SignForm,
)
from accord.learning.links.services import invitation_send
from accord.learning.models import (
    ChangeProposal,
    Component,
    ComponentTable,
    Course,
    LearningAgreement,
    ProposalKind,
    ProposalStatus,
)
from accord.learning.page import agreement_context
from accord.learning.permissions import (
    can_edit_learning_agreement,
    can_return_proposal,
    can_start_learning_agreement,
    coordinates,
    get_learning_agreement_for_user,
    get_mobility_for_learning,
    startable_mobilities,
)

LIST_COUNT_CAP = 10_000


@login_required
@require_GET
def agreement_list(request: AuthenticatedRequest) -> HttpResponse:
    form = LearningAgreementFilterForm(request.GET or None)
    filters = form.filters()
    qs = selectors.learning_agreement_list(actor=request.user, filters=filters).order_by("-updated_at", "-id")
    page = paginate(request, qs, count_cap=LIST_COUNT_CAP)
    start_q = request.GET.get("start_q", "").strip()[:100]
    context = {
        "form": form,
        "page": page,
        "filtered": filters != selectors.LearningAgreementFilters(),
        "start_q": start_q,
        "startable": startable_mobilities(request.user, start_q),
    }
    return render(request, "learning/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def for_mobility(request: AuthenticatedRequest, mobility_id: int) -> HttpResponse:
    """The learning agreement of a mobility, or the page that starts it."""
    mobility = get_mobility_for_learning(request.user, mobility_id)
    existing = LearningAgreement.objects.filter(mobility=mobility).first()
    if existing is not None:
        return redirect("learning:detail", pk=existing.pk)
    can_start = can_start_learning_agreement(request.user, mobility)
    error = ""
    if request.method == "POST":
        require(can_start)
        try:
            la = services.learning_agreement_create(mobility=mobility, actor=request.user)
        except DomainError as err:
            error = err.message
        else:
            messages.success(request, "Learning agreement started: add the components of Tables A and B.")
            return redirect("learning:detail", pk=la.pk)
    return render(
        request, "learning/start.html", {"mobility": mobility, "can_start": can_start, "error": error}
    )


def _render_detail(
    request: AuthenticatedRequest,
    la: LearningAgreement,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = agreement_context(la, actor=request.user, forms=forms or {})
    sign_form = (forms or {}).get("sign")
    if sign_form is not None and sign_form not in context.get("sign_forms", {}).values():
        # The form of a party the user does not sign for is not on the page: say why at the top.
        context["action_errors"] = [e for errors in sign_form.errors.values() for e in errors]
    return render(request, "learning/detail.html", context, status=status)


@login_required
@require_GET
def agreement_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _render_detail(request, get_learning_agreement_for_user(request.user, pk))


def _editable(request: AuthenticatedRequest, pk: int) -> LearningAgreement:
    la = get_learning_agreement_for_user(request.user, pk, write=True)
    require(can_edit_learning_agreement(request.user, la))
    return la


@login_required
@require_http_methods(["GET", "POST"])
def details_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    la = _editable(request, pk)
    if request.method == "POST":
        form = DetailsForm(request.POST)
    else:
        form = DetailsForm(initial=DetailsForm.initial_from(la))
    outcome = form_action(
        request,
        form,
        lambda: services.learning_agreement_update(
            la=la, data=form.to_input(), actor=request.user, expected_version=_version(request)
        ),
    )
    if outcome.done:
        messages.success(request, "Details saved.")
        return redirect("learning:detail", pk=la.pk)
    # Refused or invalid, the form is shown again with its errors, and the page answers 200.
    return render(request, "learning/details_form.html", {"form": form, "la": la})


def _version(request: AuthenticatedRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _open_proposal_or_404(la: LearningAgreement) -> ChangeProposal:
    proposal = selectors.open_proposal(la)
    if proposal is None:
        raise Http404("No open proposal")
    return proposal


@login_required
@require_http_methods(["GET", "POST"])
def component_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    la = _editable(request, pk)
    proposal = _open_proposal_or_404(la)
    is_change = proposal.kind == ProposalKind.CHANGES
    if request.method == "POST":
        form = ComponentForm(request.POST, is_change=is_change, catalogue=_catalogue(la))
    else:
        table = request.GET.get("table", ComponentTable.A)
        initial = {
            "table": table if table in ComponentTable.values else ComponentTable.A,
            "term_number": 1,
            "total_terms": 2,
        }
        form = ComponentForm(initial=initial, is_change=is_change, catalogue=_catalogue(la))
    had_signatures = request.method == "POST" and proposal.signatures.exists()
    outcome = form_action(
        request,
        form,
        lambda: services.component_add(
            la=la, data=form.to_input(), actor=request.user, expected_version=_version(request)
        ),
    )
    if outcome.done:
        cleared = " Its earlier signatures were removed." if had_signatures else ""
        messages.success(request, f"Component added.{cleared}")
        if "_another" in request.POST:
            return redirect(f"{request.path}?table={form.cleaned_data['table']}")
        return redirect("learning:detail", pk=la.pk)
    context = {"form": form, "la": la, "proposal": proposal, "component": None}
    return render(request, "learning/component_form.html", context)


CATALOGUE_LIMIT = 300


def _catalogue(la: LearningAgreement) -> list[Course]:
    """The courses a row may come from: the host's catalogue (Tables A, C) and the home one (Table B)."""
    mobility = la.mobility
    institutions = (mobility.host_institution_id, mobility.home_institution_id)
    courses_ = Course.objects.filter(institution_id__in=institutions, is_active=True).select_related(
        "institution"
    )
    return list(courses_.order_by("institution__name", "code", "title")[:CATALOGUE_LIMIT])


def _component_of(la: LearningAgreement, component_id: int) -> Component:
    component = (
        Component.objects.filter(pk=component_id, proposal__learning_agreement=la)
        .select_related("proposal")
        .first()
    )
    if component is None:
        raise Http404("No such component")
    return component


@login_required
@require_http_methods(["GET", "POST"])
def component_edit(request: AuthenticatedRequest, pk: int, component_id: int) -> HttpResponse:
    la = _editable(request, pk)
    component = _component_of(la, component_id)
    if component.proposal.status != ProposalStatus.OPEN:
        raise Http404("Approved components are changed by a change proposal")
    is_change = component.proposal.kind == ProposalKind.CHANGES
    if request.method == "POST":
        form = ComponentForm(request.POST, is_change=is_change, catalogue=_catalogue(la))
    else:
        initial = {**ComponentForm.initial_from(component), "course": component.course_id}
        form = ComponentForm(initial=initial, is_change=is_change, catalogue=_catalogue(la))
    outcome = form_action(
        request,
        form,
        lambda: services.component_update(
            component=component, data=form.to_input(), actor=request.user, expected_version=_version(request)
        ),
    )
    if outcome.done:
        messages.success(request, "Component saved.")
        return redirect("learning:detail", pk=la.pk)
    context = {"form": form, "la": la, "proposal": component.proposal, "component": component}
    return render(request, "learning/component_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def component_remove(request: AuthenticatedRequest, pk: int, component_id: int) -> HttpResponse:
    la = _editable(request, pk)
    component = _component_of(la, component_id)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.component_remove(
                component=component, actor=request.user, expected_version=_version(request)
            ),
            then=reverse("learning:detail", args=[la.pk]),
            done=f"“{component.title}” taken out of the proposal.",
        )
    return render(request, "learning/confirm_remove.html", {"la": la, "component": component})


@login_required
@require_http_methods(["GET", "POST"])
def component_delete(request: AuthenticatedRequest, pk: int, component_id: int) -> HttpResponse:
    """Propose the deletion of an approved component, with a reason."""
    la = _editable(request, pk)
    target = _component_of(la, component_id)
    form = DeletionForm(request.POST) if request.method == "POST" else DeletionForm()
    outcome = form_action(
        request,
        form,
        lambda: services.component_propose_deletion(
            la=la,
            target=target,
            reason_code=form.cleaned_data["reason_code"],
            reason_text=form.cleaned_data["reason_text"],
            actor=request.user,
            expected_version=_version(request),
        ),
    )
    if outcome.done:
        messages.success(request, f"Deletion of “{target.title}” proposed.")
        return redirect("learning:detail", pk=la.pk)
    return render(request, "learning/deletion_form.html", {"la": la, "form": form, "target": target})


@login_required
@require_POST
def changes_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    la = _editable(request, pk)
    return post_action(
        request,
        lambda: services.proposal_start_changes(la=la, actor=request.user),
        then=reverse("learning:detail", args=[la.pk]),
        done="Change proposal opened: delete or add components, then sign again.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def changes_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    la = _editable(request, pk)
    proposal = _open_proposal_or_404(la)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.proposal_withdraw(proposal=proposal, actor=request.user),
            then=reverse("learning:detail", args=[la.pk]),
            done="Change proposal withdrawn; the approved version stays in force.",
        )
    return render(request, "learning/confirm_withdraw.html", {"la": la, "proposal": proposal})


def _detail_form_action(
    request: AuthenticatedRequest,
    la: LearningAgreement,
    key: str,
    form: BaseForm,
    act: Callable[[dict[str, Any]], object],
    success: Callable[[dict[str, Any]], str],
    anchor: str = "",
) -> HttpResponse:
    """One form of the agreement page posted: run `act` on its cleaned data, then back to the page; the page
    again with the form's errors (the service's beside its field) when it fails."""
    if form_action(request, form, lambda: act(form.cleaned_data)).done:
        messages.success(request, success(form.cleaned_data))
        return redirect(f"{reverse('learning:detail', args=[la.pk])}{anchor}")
    # Every refusal answers 422 here, a refused signature too: the page is the same whatever the reason.
    return _render_detail(request, la, forms={key: form}, status=422)


@login_required
@require_POST
def sign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    la = get_learning_agreement_for_user(request.user, pk, write=True)
    proposal = _open_proposal_or_404(la)
    role = request.POST.get("sign_role", "")
    form = SignForm(request.POST, prefix=f"sign-{role}")
    return _detail_form_action(
        request,
        la,
        "sign",
        form,
        lambda _data: services.proposal_sign(proposal=proposal, data=form.to_input(), actor=request.user),
        lambda _data: "Signed.",
    )


@login_required
@require_POST
def return_proposal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    la = get_learning_agreement_for_user(request.user, pk, write=True)
    require(can_return_proposal(request.user, la))
    proposal = _open_proposal_or_404(la)
    return _detail_form_action(
        request,
        la,
        "return",
        ReturnForm(request.POST),
        lambda data: services.proposal_return(proposal=proposal, comment=data["comment"], actor=request.user),
        lambda _data: "Proposal returned with your comment; its signatures were removed.",
    )


@login_required
@require_POST
def comment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    la = get_learning_agreement_for_user(request.user, pk, write=True)
    return _detail_form_action(
        request,
        la,
        "comment",
        CommentForm(request.POST),
        lambda data: services.comment_add(la=la, body=data["body"], actor=request.user),
        lambda _data: "Comment added.",
        anchor="#comments",
    )


@login_required
@require_POST
def invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    la = get_learning_agreement_for_user(request.user, pk, write=True)
    require(coordinates(request.user, la.mobility))
    proposal = _open_proposal_or_404(la)
    return _detail_form_action(
        request,
        la,
        "invite",
        InvitationForm(request.POST),
        lambda data: invitation_send(proposal=proposal, actor=request.user, **data),
        lambda data: f"Signing link sent to {data['email']}.",
    )


@login_required
@require_POST
def equivalence_apply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    la = _editable(request, pk)
    form = ApplyEquivalenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the term, e.g. 1 of 2.")
        return redirect("learning:detail", pk=la.pk)
    wanted = form.cleaned_data["equivalence"]
    equivalence = next((e for e in equivalence_suggestions(la) if e.pk == wanted), None)
    if equivalence is None:
        raise Http404("No such suggestion")
    return post_action(
        request,
        lambda: courses.equivalence_apply(
            la=la,
            equivalence=equivalence,
            term_number=form.cleaned_data["term_number"],
            total_terms=form.cleaned_data["total_terms"],
            actor=request.user,
        ),
        then=reverse("learning:detail", args=[la.pk]),
        done="Equivalence added to Tables A and B.",
    )


@login_required
@require_POST
def equivalence_remember(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    la = get_learning_agreement_for_user(request.user, pk, write=True)
    require(can_approve_equivalences(request.user) and coordinates(request.user, la.mobility))
    in_force = selectors.components_in_force(la)
    host = [c for c in in_force if c.table != ComponentTable.B]
    home = [c for c in in_force if c.table == ComponentTable.B]
    form = RememberEquivalenceForm(request.POST, host=host, home=home)
    outcome = form_action(
        request,
        form,
        lambda: courses.equivalence_from_agreement(
            la=la,
            host_component_ids=form.cleaned_data["host_components"],
            home_component_ids=form.cleaned_data["home_components"],
            actor=request.user,
            note=form.cleaned_data["note"],
        ),
        field_map={"host_components": "host_components"},
    )
    if outcome.done:
        messages.success(request, "Equivalence remembered: it will be offered to the next student.")
        return redirect("learning:detail", pk=la.pk)
    return _render_detail(request, la, forms={"remember": form}, status=422)


@login_required
@require_GET
def ewp_xml(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    la = get_learning_agreement_for_user(request.user, pk)
    return download_action(
        request,
        lambda: xml_download(la_document_xml([la]), f"learning-agreement-{la.pk}.xml"),
        on_error=reverse("learning:detail", args=[la.pk]),
    )
