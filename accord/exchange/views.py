"""Office pages: calls, their places, applications to review and score, allocation runs."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.common.access import require, role_of
from accord.common.audit import history_for
from accord.common.errors import DomainError
from accord.common.forms import attach_domain_error
from accord.common.http import AuthenticatedRequest
from accord.common.pagination import paginate
from accord.exchange import run_services, services
from accord.exchange.forms import (
    ApplicationFilterForm,
    CallForm,
    PlaceForm,
    PlaceSplitForm,
    RunForm,
    ScoreForm,
    format_languages,
)
from accord.exchange.models import Place, RunStatus
from accord.exchange.permissions import (
    can_manage_calls,
    can_score_application,
    get_application_for_user,
    get_call_for_user,
    get_run_for_user,
)
from accord.exchange.selectors import (
    application_list,
    applications_visible_to,
    calls_visible_to,
    runs_visible_to,
    waiting_lists,
    with_place_names,
)

HISTORY_SHOWN = 30
PLACES_PER_PAGE = 50


def _form_status(form: Any) -> int:
    return 422 if form.is_bound and form.errors else 200


@login_required
@require_GET
def call_list(request: AuthenticatedRequest) -> HttpResponse:
    if role_of(request.user) == "student":
        return redirect("exchange:my_applications")
    if role_of(request.user) == "partner":
        raise Http404("Not found")
    calls = calls_visible_to(request.user).select_related("academic_year")
    page = paginate(request, calls.order_by("-closes_at", "-id"))
    now = timezone.now()
    rows = [(call, services.call_phase(call, now)) for call in page.object_list]
    context = {"page": page, "rows": rows, "can_manage": can_manage_calls(request.user)}
    return render(request, "exchange/call_list.html", context)


def _call_form_page(request: AuthenticatedRequest, form: CallForm, call: Any, status: int) -> HttpResponse:
    return render(request, "exchange/call_form.html", {"form": form, "call": call}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: AuthenticatedRequest) -> HttpResponse:
    require(can_manage_calls(request.user))
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(data=form.to_input(), actor=request.user)
        except DomainError as error:
            attach_domain_error(form, error)
            return _call_form_page(request, form, None, error.http_status)
        messages.success(request, f"Call “{call.title}” created. Now draw its places from the agreements.")
        return redirect("exchange:call_detail", pk=call.pk)
    return _call_form_page(request, form, None, _form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk, write=True)
    if request.method == "POST":
        form = CallForm(request.POST)
    else:
        current = services.call_input_from(call)
        initial = {
            **current.__dict__,
            "opens_at": timezone.localtime(call.opens_at),
            "closes_at": timezone.localtime(call.closes_at),
        }
        form = CallForm(initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(call=call, data=form.to_input(), actor=request.user)
        except DomainError as error:
            attach_domain_error(form, error)
            return _call_form_page(request, form, call, error.http_status)
        messages.success(request, "Changes saved.")
        return redirect("exchange:call_detail", pk=call.pk)
    return _call_form_page(request, form, call, _form_status(form))


@login_required
@require_GET
def call_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk)
    if role_of(request.user) == "student":
        return redirect("exchange:destinations", pk=call.pk)
    places = call.places.select_related("partner", "unit").order_by("partner__name", "id")
    page = paginate(request, places, PLACES_PER_PAGE)
    applications = applications_visible_to(request.user).filter(call=call)
    runs = list(runs_visible_to(request.user).filter(call=call).select_related("created_by"))
    can_manage = can_manage_calls(request.user)
    context = {
        "call": call,
        "phase": services.call_phase(call, timezone.now()),
        "page": page,
        "place_count": page.paginator.count,
        "seats": places.aggregate(seats=Sum("capacity"))["seats"] or 0,
        "application_count": applications.count(),
        "unscored_count": applications.filter(motivation_score__isnull=True, status="submitted").count(),
        "runs": runs,
        "can_manage": can_manage,
        "run_form": RunForm() if can_manage else None,
        "events": history_for(call)[:HISTORY_SHOWN] if can_manage else None,
        "languages": format_languages(call.required_languages),
    }
    return render(request, "exchange/call_detail.html", context)


@login_required
@require_POST
def call_draw_places(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk, write=True)
    created = services.places_draw(call=call, actor=request.user)
    if created:
        seats = sum(p.capacity for p in created)
        messages.success(
            request, f"{len(created)} place{'s' if len(created) != 1 else ''} drawn ({seats} seats)."
        )
    else:
        messages.success(request, "No new conditions cover this year; the places are up to date.")
    return redirect("exchange:call_detail", pk=call.pk)


@login_required
@require_POST
def call_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk, write=True)
    publish = request.POST.get("published", "1") == "1"
    try:
        services.call_publish(call=call, published=publish, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "The call is visible to students." if publish else "The call is hidden from students."
        )
    return redirect("exchange:call_detail", pk=call.pk)


@login_required
@require_http_methods(["GET", "POST"])
def place_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    place = Place.objects.select_related("call", "partner", "unit").filter(pk=pk).first()
    if place is None:
        raise Http404("Not found")
    get_call_for_user(request.user, place.call_id, write=True)
    action = request.POST.get("_action", "save")
    form = PlaceForm(
        request.POST if action == "save" else None,
        initial={"capacity": place.capacity, "unit": place.unit_id},
    )
    split = PlaceSplitForm(request.POST if action == "split" else None)
    status = 200
    if request.method == "POST":
        status = 422
        bound = form if action == "save" else split
        if bound.is_valid():
            try:
                if action == "split":
                    services.place_split(
                        place=place,
                        unit_id=split.cleaned_data["unit"],
                        seats=split.cleaned_data["seats"],
                        actor=request.user,
                    )
                else:
                    services.place_update(
                        place=place,
                        capacity=form.cleaned_data["capacity"],
                        unit_id=form.cleaned_data["unit"],
                        actor=request.user,
                    )
            except DomainError as error:
                attach_domain_error(bound, error)
                status = error.http_status
            else:
                messages.success(request, "Place saved.")
                return redirect("exchange:call_detail", pk=place.call_id)
    context = {"place": place, "form": form, "split": split}
    return render(request, "exchange/place_form.html", context, status=status)


@login_required
@require_GET
def call_applications(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk)
    if role_of(request.user) == "student":
        raise Http404("Not found")
    form = ApplicationFilterForm(request.GET)
    qs = application_list(actor=request.user, call=call, filters=form.filters())
    page = paginate(request, qs)
    context = {"call": call, "form": form, "page": page, "filtered": form.is_filtered()}
    template = "exchange/application_list.html"
    if request.htmx.target == "results":
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_GET
def application_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk)
    decisions = application.decisions.order_by("run__round", "run_id")
    if role_of(request.user) == "student":
        # Drafts are the office's experiments; a student sees only what was published.
        decisions = decisions.filter(run__status=RunStatus.PUBLISHED)
    context = {
        "application": application,
        "preferences": application.preferences.select_related("place__partner", "place__unit"),
        "documents": application.documents.all(),
        "decisions": with_place_names(list(decisions.select_related("run", "place__partner"))),
        "offers": application.offers.select_related("place__partner", "mobility"),
        "can_score": can_score_application(request.user, application),
        "is_own": role_of(request.user) == "student",
        "phase": services.call_phase(application.call, timezone.now()),
        "languages": format_languages(application.languages),
        "events": history_for(application)[:HISTORY_SHOWN] if role_of(request.user) != "student" else None,
    }
    return render(request, "exchange/application_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_score(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, score=True)
    initial = {"motivation_score": application.motivation_score, "note": application.review_note}
    form = ScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_score(
                application=application,
                motivation_score=form.cleaned_data["motivation_score"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(request, f"Scored: {application.person} now has {application.score} points.")
            return redirect("exchange:applications", pk=application.call_id)
    context = {"application": application, "form": form, "languages": format_languages(application.languages)}
    return render(request, "exchange/application_score.html", context, status=_form_status(form))


@login_required
@require_POST
def run_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk, write=True)
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            run = run_services.run_create(
                call=call,
                actor=request.user,
                now=timezone.now(),
                respond_by=form.cleaned_data["respond_by"],
                seed=form.cleaned_data["seed"],
                policy=form.cleaned_data["policy"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            attach_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Round {run.round} allocated as a draft (seed {run.seed}). Nothing is published yet.",
            )
            return redirect("exchange:run_detail", pk=run.pk)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("exchange:call_detail", pk=call.pk)


@login_required
@require_GET
def run_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request.user, pk)
    decisions = run.decisions.select_related(
        "application__person", "application__unit", "place__partner", "place__unit"
    )
    page = paginate(request, decisions.order_by("-score", "lottery"), 50)
    page.object_list = with_place_names(list(page.object_list))
    lists = waiting_lists(run)
    places = {p.pk: p for p in run.call.places.select_related("partner", "unit")}
    waiting = [
        (places[pk], entries[:10], len(entries)) for pk, entries in sorted(lists.items()) if pk in places
    ]
    others = runs_visible_to(request.user).filter(call=run.call).exclude(pk=run.pk)
    context = {
        "run": run,
        "page": page,
        "places": places,
        "waiting": waiting,
        "others": others,
        "can_publish": can_manage_calls(request.user) and run.status == RunStatus.DRAFT,
    }
    return render(request, "exchange/run_detail.html", context)


@login_required
@require_GET
def run_compare(request: AuthenticatedRequest, pk: int, other: int) -> HttpResponse:
    first = get_run_for_user(request.user, pk)
    second = get_run_for_user(request.user, other)
    try:
        moves = run_services.run_compare(first, second)
    except DomainError as error:
        raise Http404(error.message) from error
    places = {p.pk: p for p in first.call.places.select_related("partner")}
    return render(
        request,
        "exchange/run_compare.html",
        {"first": first, "second": second, "moves": moves, "places": places},
    )


@login_required
@require_POST
def run_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request.user, pk, write=True)
    try:
        run_services.run_publish(run=run, actor=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Round {run.round} published: students have been told and can answer their offers."
        )
    return redirect("exchange:run_detail", pk=run.pk)
