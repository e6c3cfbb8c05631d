"""Virtual exchange pages: the offers, posting one, its suggested partner courses, proposing and answering."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.http import AuthenticatedRequest
from accord.accounts.scope import partner_institution_id, unit_ids_in_scope
from accord.collaboration.models import OfferStatus, ProposalStatus, VirtualExchangeOffer
from accord.collaboration.virtual_exchange import importing, selectors, services
from accord.collaboration.virtual_exchange.adapters import suggestions_for
from accord.collaboration.virtual_exchange.forms import (
    FIELD_MAP,
    AnswerForm,
    OfferFilterForm,
    OfferForm,
    OfferUploadForm,
    owner_choices,
)
from accord.collaboration.virtual_exchange.permissions import (
    can_answer,
    can_edit_offer,
    can_post_offers,
    can_withdraw_proposal,
    get_offer_for_user,
    get_proposal_for_user,
)
from accord.collaboration.virtual_exchange.slots import slots_text
from accord.common.access import require, role_of, writes_everything
from accord.common.actions import form_action, post_action, refusal
from accord.common.errors import DomainError
from accord.common.pagination import paginate
from accord.common.roles import Role
from accord.common.spreadsheets import stage_upload, staged_upload
from accord.institutions.models import Institution, OrganisationalUnit


def _require_reader(request: AuthenticatedRequest) -> None:
    require(role_of(request.user) in selectors.READERS)


@login_required
@require_GET
def offer_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_reader(request)
    form = OfferFilterForm(request.GET or None, initial={"status": OfferStatus.OPEN})
    filters = selectors.OfferFilters(**form.filters())
    qs = selectors.offer_list(actor=request.user, filters=filters)
    context = {
        "form": form,
        "page": paginate(request, qs),
        "filtered": filters != selectors.OfferFilters(),
        "can_post": can_post_offers(request.user),
    }
    return render(request, "collaboration/offers.html", context)


def _form(request: AuthenticatedRequest, offer: VirtualExchangeOffer | None = None) -> OfferForm:
    actor = request.user
    home_units = OrganisationalUnit.objects.filter(institution__is_home=True).select_related("institution")
    partners = Institution.objects.filter(is_home=False).order_by("name")
    if writes_everything(actor):
        units, owners_abroad = list(home_units.order_by("name")), list(partners[:2000])
    elif role_of(actor) == Role.COORDINATOR:
        units, owners_abroad = list(home_units.filter(pk__in=unit_ids_in_scope(actor)).order_by("name")), []
    else:
        units, owners_abroad = [], list(partners.filter(pk=partner_institution_id(actor) or 0))
    owners, preferred = owner_choices(units, owners_abroad), list(partners[:2000])
    if request.method == "POST":
        return OfferForm(request.POST, owners=owners, partners=preferred)
    initial = OfferForm.initial_from(offer) if offer is not None else {"teacher_name": actor.get_full_name()}
    return OfferForm(initial=initial, owners=owners, partners=preferred)


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request: AuthenticatedRequest) -> HttpResponse:
    require(can_post_offers(request.user))
    form = _form(request)
    outcome = form_action(
        request,
        form,
        lambda: services.offer_create(data=form.to_input(), actor=request.user),
        field_map=FIELD_MAP,
    )
    if outcome.done and outcome.result is not None:
        messages.success(request, f"“{outcome.result}” is offered; suggested partner courses are below.")
        return redirect("collaboration:offer_detail", outcome.result.pk)
    return render(
        request, "collaboration/offer_form.html", {"form": form, "offer": None}, status=outcome.status
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk, write=True)
    form = _form(request, offer)
    version = request.POST.get("version")
    outcome = form_action(
        request,
        form,
        lambda: services.offer_update(
            offer=offer,
            data=form.to_input(),
            actor=request.user,
            expected_version=int(version) if version and version.isdigit() else None,
        ),
        field_map=FIELD_MAP,
    )
    if outcome.done:
        messages.success(request, "Offer saved.")
        return redirect("collaboration:offer_detail", offer.pk)
    context = {"form": form, "offer": offer}
    return render(request, "collaboration/offer_form.html", context, status=outcome.status)


@login_required
@require_GET
def offer_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk)
    editable = can_edit_offer(request.user, offer)
    proposals = selectors.proposals_visible_to(request.user).select_related(
        "from_offer__institution", "to_offer__institution", "proposed_by", "responded_by"
    )
    received = list(proposals.filter(to_offer=offer))
    sent = list(proposals.filter(from_offer=offer))
    open_pairs = {p.to_offer_id for p in sent if p.status == ProposalStatus.PROPOSED}
    suggestions = suggestions_for(offer, actor=request.user) if offer.status == OfferStatus.OPEN else []
    context = {
        "offer": offer,
        "slots": slots_text(offer.slots).splitlines(),
        "editable": editable,
        "received": [(p, can_answer(request.user, p)) for p in received],
        "sent": [(p, can_withdraw_proposal(request.user, p)) for p in sent],
        "suggestions": suggestions,
        "already_proposed": open_pairs,
        "answer_form": AnswerForm(),
        "preferred": list(offer.preferred_partners.all()),
    }
    return render(request, "collaboration/offer_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offer_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk, write=True)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.offer_withdraw(offer=offer, actor=request.user),
            then=reverse("collaboration:offer_detail", args=[offer.pk]),
            done=f"“{offer}” was withdrawn; its open proposals were withdrawn with it.",
        )
    return render(request, "collaboration/confirm_withdraw.html", {"offer": offer})


@login_required
@require_POST
def offer_propose(request: AuthenticatedRequest, pk: int, other: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk, write=True)
    partner_offer = get_offer_for_user(request.user, other)
    back = reverse("collaboration:offer_detail", args=[offer.pk])
    return post_action(
        request,
        lambda: services.proposal_create(
            from_offer=offer,
            to_offer=partner_offer,
            message=request.POST.get("message", ""),
            actor=request.user,
        ),
        then=back,
        done=f"Proposed to the teacher of “{partner_offer}”; you will hear when they answer.",
    )


@login_required
@require_POST
def proposal_answer(request: AuthenticatedRequest, proposal_id: int, answer: str) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, proposal_id)
    message = request.POST.get("message", "")
    actions = {
        "accept": (services.proposal_accept, "Accepted: both courses are now matched."),
        "decline": (services.proposal_decline, "Declined; the proposer is told."),
    }
    if answer == "withdraw":
        require(can_withdraw_proposal(request.user, proposal))
        back = reverse("collaboration:offer_detail", args=[proposal.from_offer_id])
        return post_action(
            request,
            lambda: services.proposal_withdraw(proposal=proposal, actor=request.user),
            then=back,
            done="Proposal withdrawn.",
        )
    require(can_answer(request.user, proposal))
    service, done = actions[answer]
    back = reverse("collaboration:offer_detail", args=[proposal.to_offer_id])
    return post_action(
        request, lambda: service(proposal=proposal, actor=request.user, message=message), then=back, done=done
    )


@login_required
@require_http_methods(["GET", "POST"])
def offers_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload -> preview with every problem named -> confirm: every offer of the file is written, or none."""
    require(can_post_offers(request.user))
    form = OfferUploadForm()
    context: dict[str, object] = {"form": form, "columns": importing.COLUMNS, "example": importing.EXAMPLE}
    status = 200
    if request.method == "POST":
        key = request.POST.get("key", "")
        if key:
            try:
                content, name = staged_upload(request, key, consume="confirm" in request.POST)
            except DomainError as error:
                return refusal(request, error, "collaboration:offers_import")
        else:
            form = OfferUploadForm(request.POST, request.FILES)
            context["form"] = form
            if not form.is_valid():
                return render(request, "collaboration/offers_import.html", context, status=422)
            content, name = form.cleaned_data["file"].read(), form.cleaned_data["file"].name
        offers, previews, report = importing.read_offers(content, name, actor=request.user)
        context.update({"previews": previews, "report": report, "filename": name})
        if report.ok and "confirm" in request.POST:
            created = services.offers_import(offers=offers, actor=request.user)
            messages.success(
                request, f"Imported {len(created)} offer{'s' if len(created) != 1 else ''} from {name}."
            )
            return redirect("collaboration:offers")
        if report.ok:
            context["key"] = stage_upload(request, content, name)
        else:
            status = 422
    return render(request, "collaboration/offers_import.html", context, status=status)
