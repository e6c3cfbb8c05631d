"""Office pages of allocation runs: start a draft, read its decisions and waiting lists, compare, publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accord.accounts.http import AuthenticatedRequest
from accord.common.actions import form_action, post_action
from accord.common.errors import DomainError
from accord.common.pagination import paginate
from accord.exchange.models import RunStatus
from accord.exchange.permissions import can_manage_calls, get_call_for_user
from accord.exchange.runs import services
from accord.exchange.runs.forms import RunForm
from accord.exchange.runs.permissions import get_run_for_user
from accord.exchange.runs.selectors import runs_visible_to, waiting_lists, with_place_names


@login_required
@require_POST
def run_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk, write=True)
    form = RunForm(request.POST)
    outcome = form_action(
        request,
        form,
        lambda: services.run_create(
            call=call,
            actor=request.user,
            now=timezone.now(),
            respond_by=form.cleaned_data["respond_by"],
            seed=form.cleaned_data["seed"],
            policy=form.cleaned_data["policy"],
            note=form.cleaned_data["note"],
        ),
    )
    if outcome.done and outcome.result is not None:
        run = outcome.result
        messages.success(
            request,
            f"Round {run.round} allocated as a draft (seed {run.seed}). Nothing is published yet.",
        )
        return redirect("exchange:run_detail", pk=run.pk)
    # The form lives on the call's page: its errors, the service's refusal included, come back as a message.
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
        moves = services.run_compare(first, second)
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
    return post_action(
        request,
        lambda: services.run_publish(run=run, actor=request.user, now=timezone.now()),
        then=reverse("exchange:run_detail", kwargs={"pk": run.pk}),
        done=f"Round {run.round} published: students have been told and can answer their offers.",
    )
