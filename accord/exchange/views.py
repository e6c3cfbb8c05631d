"""Office pages: calls, their places, applications to review and score; an application's page and documents.

Runs: `runs/views.py`; the student portal: `portal/views.py`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.http import AuthenticatedRequest
from accord.common.access import require, role_of
from accord.common.actions import form_action, post_action
from accord.common.audit import history_for
from accord.common.htmx import render_page_or_fragment
from accord.common.pagination import paginate
from accord.common.roles import Role
from accord.common.uploads import private_file_response
from accord.exchange import services
from accord.exchange.forms import (
    ApplicationFilterForm,
    CallForm,
    PlaceForm,
    PlaceSplitForm,
    ScoreForm,
    format_languages,
)
from accord.exchange.models import Call, Place, RunStatus
from accord.exchange.permissions import (
    can_manage_calls,
    can_score_application,
    get_application_for_user,
    get_call_for_user,
    get_document_for_user,
)
from accord.exchange.runs.forms import RunForm
from accord.exchange.runs.selectors import runs_visible_to, with_place_names
from accord.exchange.selectors import application_list, applications_visible_to, calls_visible_to

HISTORY_SHOWN = 30
PLACES_PER_PAGE = 50


@login_required
@require_GET
def call_list(request: AuthenticatedRequest) -> HttpResponse:
    if role_of(request.user) == Role.STUDENT:
        return redirect("exchange:my_applications")
    if role_of(request.user) == Role.PARTNER:
        raise Http404("Not found")
    calls = calls_visible_to(request.user).select_related("academic_year")
    page = paginate(request, calls.order_by("-closes_at", "-id"))
    now = timezone.now()
    rows = [(call, services.call_phase(call, now)) for call in page.object_list]
    context = {"page": page, "rows": rows, "can_manage": can_manage_calls(request.user)}
    return render(request, "exchange/call_list.html", context)


def _call_form_page(
    request: AuthenticatedRequest, form: CallForm, call: Call | None, status: int
) -> HttpResponse:
    return render(request, "exchange/call_form.html", {"form": form, "call": call}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: AuthenticatedRequest) -> HttpResponse:
    require(can_manage_calls(request.user))
    form = CallForm(request.POST or None)
    outcome = form_action(
        request,
        form,
        lambda: services.call_create(data=form.to_input(), actor=request.user),
        # A POST without any field leaves the form unbound: it is shown again as on a GET.
        invalid_status=422 if form.is_bound else 200,
    )
    if outcome.done and outcome.result is not None:
        call = outcome.result
        messages.success(request, f"Call “{call.title}” created. Now draw its places from the agreements.")
        return redirect("exchange:call_detail", pk=call.pk)
    return _call_form_page(request, form, None, outcome.status)


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
    outcome = form_action(
        request, form, lambda: services.call_update(call=call, data=form.to_input(), actor=request.user)
    )
    if outcome.done:
        messages.success(request, "Changes saved.")
        return redirect("exchange:call_detail", pk=call.pk)
    return _call_form_page(request, form, call, outcome.status)


@login_required
@require_GET
def call_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk)
    if role_of(request.user) == Role.STUDENT:
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
    return post_action(
        request,
        lambda: services.call_publish(call=call, published=publish, actor=request.user),
        then=reverse("exchange:call_detail", kwargs={"pk": call.pk}),
        done="The call is visible to students." if publish else "The call is hidden from students.",
    )


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

    def save() -> Place:
        if action == "split":
            return services.place_split(
                place=place,
                unit_id=split.cleaned_data["unit"],
                seats=split.cleaned_data["seats"],
                actor=request.user,
            )
        return services.place_update(
            place=place,
            capacity=form.cleaned_data["capacity"],
            unit_id=form.cleaned_data["unit"],
            actor=request.user,
        )

    outcome = form_action(request, split if action == "split" else form, save)
    if outcome.done:
        messages.success(request, "Place saved.")
        return redirect("exchange:call_detail", pk=place.call_id)
    context = {"place": place, "form": form, "split": split}
    return render(request, "exchange/place_form.html", context, status=outcome.status)


@login_required
@require_GET
def call_applications(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk)
    if role_of(request.user) == Role.STUDENT:
        raise Http404("Not found")
    form = ApplicationFilterForm(request.GET)
    qs = application_list(actor=request.user, call=call, filters=form.filters())
    page = paginate(request, qs)
    context = {"call": call, "form": form, "page": page, "filtered": form.is_filtered()}
    return render_page_or_fragment(request, "exchange/application_list.html", context, target="results")


@login_required
@require_GET
def application_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk)
    decisions = application.decisions.order_by("run__round", "run_id")
    is_student = role_of(request.user) == Role.STUDENT
    if is_student:
        # Drafts are the office's experiments; a student sees only what was published.
        decisions = decisions.filter(run__status=RunStatus.PUBLISHED)
    context = {
        "application": application,
        "preferences": application.preferences.select_related("place__partner", "place__unit"),
        "documents": application.documents.all(),
        "decisions": with_place_names(list(decisions.select_related("run", "place__partner"))),
        "offers": application.offers.select_related("place__partner", "mobility"),
        "can_score": can_score_application(request.user, application),
        "is_own": is_student,
        "phase": services.call_phase(application.call, timezone.now()),
        "languages": format_languages(application.languages),
        "events": None if is_student else history_for(application)[:HISTORY_SHOWN],
    }
    return render(request, "exchange/application_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_score(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, score=True)
    initial = {"motivation_score": application.motivation_score, "note": application.review_note}
    form = ScoreForm(request.POST or None, initial=initial)
    outcome = form_action(
        request,
        form,
        lambda: services.application_score(
            application=application,
            motivation_score=form.cleaned_data["motivation_score"],
            note=form.cleaned_data["note"],
            actor=request.user,
        ),
        # A POST without any field leaves the form unbound: it is shown again as on a GET.
        invalid_status=422 if form.is_bound else 200,
    )
    if outcome.done:
        messages.success(request, f"Scored: {application.person} now has {application.score} points.")
        return redirect("exchange:applications", pk=application.call_id)
    context = {"application": application, "form": form, "languages": format_languages(application.languages)}
    return render(request, "exchange/application_score.html", context, status=outcome.status)


@login_required
@require_GET
def document_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    document = get_document_for_user(request.user, pk)
    return private_file_response(document.file, f"{document.title}.pdf")
