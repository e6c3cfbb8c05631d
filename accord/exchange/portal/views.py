"""The student portal: browse destinations, apply with ranked preferences, documents, results and offers."""

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.http import AuthenticatedRequest
from accord.agreements.models import ConditionSubjectArea
from accord.common.access import require, role_of
from accord.common.actions import form_action, post_action
from accord.common.pagination import paginate
from accord.common.roles import Role
from accord.exchange import services
from accord.exchange.models import Application, OfferStatus, Place, RunStatus
from accord.exchange.permissions import can_apply, get_application_for_user, get_call_for_user
from accord.exchange.portal.forms import ApplicationForm, DestinationFilterForm, DocumentForm
from accord.exchange.runs import services as run_services
from accord.exchange.runs.permissions import get_offer_for_user
from accord.exchange.runs.selectors import with_place_names
from accord.exchange.selectors import applications_visible_to, calls_visible_to, destination_places
from accord.institutions.models import Institution
from accord.mobility.models import Direction, Mobility, MobilityStatus
from accord.reference.vocab import country_name, language_name

PAST_YEARS_SHOWN = 6
DESTINATIONS_PER_PAGE = 30


@login_required
@require_GET
def destinations(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk)
    all_places = list(call.places.select_related("partner").filter(capacity__gt=0))
    form = DestinationFilterForm(request.GET, places=all_places)
    places = list(destination_places(call=call, filters=form.filters()))
    partners: dict[int, list[Place]] = {}
    for place in places:
        partners.setdefault(place.partner_id, []).append(place)
    rows = [(group[0].partner, group, sum(p.capacity for p in group)) for group in partners.values()]
    page = paginate(request, rows, DESTINATIONS_PER_PAGE)
    own = applications_visible_to(request.user).filter(call=call).first() if can_apply(request.user) else None
    context = {
        "call": call,
        "form": form,
        "page": page,
        "filtered": form.is_filtered(),
        "phase": services.call_phase(call, timezone.now()),
        "application": own,
        "can_apply": can_apply(request.user),
        "language_names": {code: language_name(code) for p in places for code in p.languages},
    }
    return render(request, "exchange/destinations.html", context)


@login_required
@require_GET
def destination(request: AuthenticatedRequest, pk: int, institution_id: int) -> HttpResponse:
    """A partner's fact sheet within a call: what it offers, what it asks, and who went there before."""
    call = get_call_for_user(request.user, pk)
    places = list(
        call.places.filter(partner_id=institution_id).select_related("partner", "unit", "agreement")
    )
    if not places:
        raise Http404("Not found")
    partner: Institution = places[0].partner
    past = Mobility.objects.filter(
        direction=Direction.OUTGOING,
        host_institution=partner,
        status__in=[MobilityStatus.COMPLETED, MobilityStatus.IN_PROGRESS, MobilityStatus.ACCEPTED],
    ).values_list("academic_year_id", flat=True)
    by_year = sorted(Counter(past).items(), reverse=True)[:PAST_YEARS_SHOWN]
    incoming = Mobility.objects.filter(direction=Direction.INCOMING, home_institution=partner).count()
    areas = ConditionSubjectArea.objects.filter(
        condition__in=[p.condition_id for p in places]
    ).select_related("isced")
    context = {
        "call": call,
        "partner": partner,
        "country": country_name(partner.country),
        "places": places,
        "areas": {a.isced_id: a.isced.name for a in areas},
        "past_by_year": by_year,
        "past_total": sum(n for _, n in by_year),
        "incoming_total": incoming,
        "language_names": {code: language_name(code) for p in places for code in p.languages},
        "can_apply": can_apply(request.user),
        "phase": services.call_phase(call, timezone.now()),
    }
    return render(request, "exchange/destination.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk)
    require(can_apply(request.user))
    places = list(
        call.places.select_related("partner", "unit").filter(capacity__gt=0).order_by("partner__name", "id")
    )
    existing: Application | None = applications_visible_to(request.user).filter(call=call).first()
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = {
            "unit": existing.unit_id,
            "eqf_level": existing.eqf_level,
            "subject_area": existing.subject_area,
            "credits": existing.credits,
            "grade_average": existing.grade_average,
            "languages": existing.languages,
            "motivation": existing.motivation,
        }
        for preference in existing.preferences.all():
            initial[f"preference_{preference.rank}"] = preference.place_id
    elif request.GET.get("place"):
        initial["preference_1"] = request.GET["place"]
    form = ApplicationForm(request.POST or None, initial=initial, call=call, places=places)
    outcome = form_action(
        request,
        form,
        lambda: services.application_submit(
            call=call, data=form.to_input(), actor=request.user, now=timezone.now()
        ),
        field_map={"unit_id": "unit", "preferences": "preference_1"},
    )
    if outcome.done and outcome.result is not None:
        messages.success(request, "Your application is submitted. You can change it until the call closes.")
        return redirect("exchange:application_detail", pk=outcome.result.pk)
    context = {
        "call": call,
        "form": form,
        "application": existing,
        "phase": services.call_phase(call, timezone.now()),
    }
    return render(request, "exchange/apply.html", context, status=outcome.status)


@login_required
@require_GET
def my_applications(request: AuthenticatedRequest) -> HttpResponse:
    if role_of(request.user) != Role.STUDENT:
        return redirect("exchange:calls")
    applications = list(
        applications_visible_to(request.user)
        .select_related("call")
        .prefetch_related("preferences__place__partner", "offers__place__partner")
    )
    results = []
    for application in applications:
        decision = (
            application.decisions.filter(run__status=RunStatus.PUBLISHED)
            .select_related("run", "place__partner")
            .order_by("-run__round")
            .first()
        )
        if decision is not None:
            with_place_names([decision])
        offers = list(application.offers.select_related("place__partner", "mobility").order_by("-id"))
        results.append((application, decision, offers))
    now = timezone.now()
    applied = {a.call_id for a in applications}
    open_calls = [
        c
        for c in calls_visible_to(request.user).order_by("closes_at")
        if services.call_phase(c, now) != "closed" and c.pk not in applied
    ]
    context = {"results": results, "open_calls": open_calls, "now": now, "pending": OfferStatus.PENDING}
    return render(request, "exchange/my_applications.html", context)


@login_required
@require_POST
def application_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, own=True)
    return post_action(
        request,
        lambda: services.application_withdraw(
            application=application, actor=request.user, now=timezone.now()
        ),
        then=reverse("exchange:application_detail", kwargs={"pk": application.pk}),
        done="Your application is withdrawn. You can apply again until the call closes.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, own=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    outcome = form_action(
        request,
        form,
        lambda: services.document_add(
            application=application,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            actor=request.user,
            now=timezone.now(),
        ),
    )
    if outcome.done:
        messages.success(request, "Document added.")
        return redirect("exchange:application_detail", pk=application.pk)
    context = {"application": application, "form": form}
    return render(request, "exchange/document_form.html", context, status=outcome.status)


@login_required
@require_POST
def offer_respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk, respond=True)
    answer = request.POST.get("answer")
    respond = {"accept": run_services.offer_accept, "decline": run_services.offer_decline}.get(answer or "")
    if respond is None:
        messages.error(request, "Choose whether to accept or decline the offer.")
        return redirect("exchange:my_applications")
    return post_action(
        request,
        lambda: respond(offer=offer, actor=request.user, now=timezone.now()),
        then="exchange:my_applications",
        done=(
            f"You accepted {offer.place.partner.name}. The office nominates you to the partner."
            if answer == "accept"
            else "You declined the offer; the seat goes to the next student."
        ),
    )
