"""/api/v1/exchange/...: calls, applications (apply, withdraw, score), runs, offers (accept, decline)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from accord.common.access import require
from accord.common.api_support import Page, PathId, actor_of, error_responses, paginate, parse
from accord.exchange import run_services, services
from accord.exchange.models import Application
from accord.exchange.permissions import (
    can_apply,
    can_manage_calls,
    get_application_for_user,
    get_call_for_user,
    get_offer_for_user,
    get_run_for_user,
)
from accord.exchange.schemas import (
    ApplicationBody,
    ApplicationIn,
    ApplicationOut,
    ApplicationQuery,
    CallDetailOut,
    CallOut,
    CallQuery,
    MoveOut,
    OfferOut,
    RunBody,
    RunDetailOut,
    RunIn,
    RunOut,
    RunQuery,
    ScoreBody,
    ScoreIn,
)
from accord.exchange.selectors import (
    applications_visible_to,
    calls_visible_to,
    offers_visible_to,
    runs_visible_to,
)

router = Router(tags=["exchange"])


@router.get("/exchange/calls", response=error_responses(200, Page[CallOut]), summary="List calls")
def list_calls(request: HttpRequest, filters: Query[CallQuery]) -> Any:
    qs = calls_visible_to(actor_of(request)).order_by("-closes_at", "-id")
    if filters.published is not None:
        qs = qs.filter(published=filters.published)
    return paginate(request, qs, filters)


@router.get(
    "/exchange/calls/{call_id}",
    response=error_responses(200, CallDetailOut),
    summary="Get a call and its places",
)
def get_call(request: HttpRequest, call_id: PathId) -> Any:
    call = get_call_for_user(actor_of(request), call_id)
    return call


def _application(application_id: int) -> Application:
    """Read back after a change, with the preferences the answer lists."""
    return Application.objects.prefetch_related("preferences").get(pk=application_id)


@router.get(
    "/exchange/applications", response=error_responses(200, Page[ApplicationOut]), summary="List applications"
)
def list_applications(request: HttpRequest, filters: Query[ApplicationQuery]) -> Any:
    qs = applications_visible_to(actor_of(request)).prefetch_related("preferences").order_by("-score", "id")
    if filters.call is not None:
        qs = qs.filter(call_id=filters.call)
    if filters.status is not None:
        qs = qs.filter(status=filters.status)
    return paginate(request, qs, filters)


@router.post(
    "/exchange/applications",
    response=error_responses(201, ApplicationOut),
    summary="Apply to a call (students), or replace one's application while the call is open",
)
def submit_application(request: HttpRequest, payload: ApplicationBody) -> Any:
    actor = actor_of(request)
    require(can_apply(actor))
    data = parse(ApplicationIn, payload)
    call = get_call_for_user(actor, data.call_id)
    values = data.model_dump(exclude={"call_id"})
    application = services.application_submit(
        call=call, data=services.ApplicationInput(**values), actor=actor, now=timezone.now()
    )
    return Status(201, _application(application.pk))


@router.get(
    "/exchange/applications/{application_id}",
    response=error_responses(200, ApplicationOut),
    summary="Get an application",
)
def get_application(request: HttpRequest, application_id: PathId) -> Any:
    return _application(get_application_for_user(actor_of(request), application_id).pk)


@router.post(
    "/exchange/applications/{application_id}/withdraw",
    response=error_responses(200, ApplicationOut),
    summary="Withdraw one's application before the deadline",
)
def withdraw_application(request: HttpRequest, application_id: PathId) -> Any:
    application = get_application_for_user(actor_of(request), application_id, own=True)
    services.application_withdraw(application=application, actor=actor_of(request), now=timezone.now())
    return _application(application.pk)


@router.post(
    "/exchange/applications/{application_id}/score",
    response=error_responses(200, ApplicationOut),
    summary="Score an application's motivation (reviewers of its unit)",
)
def score_application(request: HttpRequest, application_id: PathId, payload: ScoreBody) -> Any:
    application = get_application_for_user(actor_of(request), application_id, score=True)
    data = parse(ScoreIn, payload)
    services.application_score(
        application=application,
        motivation_score=data.motivation_score,
        note=data.note,
        actor=actor_of(request),
    )
    return _application(application.pk)


@router.get("/exchange/runs", response=error_responses(200, Page[RunOut]), summary="List allocation runs")
def list_runs(request: HttpRequest, filters: Query[RunQuery]) -> Any:
    qs = runs_visible_to(actor_of(request)).order_by("-id")
    if filters.call is not None:
        qs = qs.filter(call_id=filters.call)
    return paginate(request, qs, filters)


@router.post(
    "/exchange/runs",
    response=error_responses(201, RunDetailOut),
    summary="Allocate a call's next round as a draft",
    description="Nothing is published: compare runs, then publish one.",
)
def create_run(request: HttpRequest, payload: RunBody) -> Any:
    actor = actor_of(request)
    require(can_manage_calls(actor))
    data = parse(RunIn, payload)
    call = get_call_for_user(actor, data.call_id, write=True)
    run = run_services.run_create(
        call=call,
        actor=actor,
        now=timezone.now(),
        respond_by=data.respond_by,
        seed=data.seed,
        policy=data.policy,
        note=data.note,
    )
    return Status(201, run)


@router.get(
    "/exchange/runs/{run_id}",
    response=error_responses(200, RunDetailOut),
    summary="Get a run with its decisions",
)
def get_run(request: HttpRequest, run_id: PathId) -> Any:
    return get_run_for_user(actor_of(request), run_id)


@router.get(
    "/exchange/runs/{run_id}/compare/{other_id}",
    response=error_responses(200, list[MoveOut]),
    summary="Who is placed differently in two runs, and why",
)
def compare_runs(request: HttpRequest, run_id: PathId, other_id: PathId) -> Any:
    first = get_run_for_user(actor_of(request), run_id)
    second = get_run_for_user(actor_of(request), other_id)
    return [
        {
            "application_id": move.application.pk,
            "before_place_id": move.before.place_id if move.before else None,
            "after_place_id": move.after.place_id if move.after else None,
            "why": move.why,
        }
        for move in run_services.run_compare(first, second)
    ]


@router.post(
    "/exchange/runs/{run_id}/publish", response=error_responses(200, RunOut), summary="Publish a run"
)
def publish_run(request: HttpRequest, run_id: PathId) -> Any:
    run = get_run_for_user(actor_of(request), run_id, write=True)
    return run_services.run_publish(run=run, actor=actor_of(request), now=timezone.now())


@router.get("/exchange/offers", response=error_responses(200, Page[OfferOut]), summary="List offers")
def list_offers(request: HttpRequest, filters: Query[RunQuery]) -> Any:
    qs = offers_visible_to(actor_of(request)).select_related("place__partner").order_by("-id")
    if filters.call is not None:
        qs = qs.filter(application__call_id=filters.call)
    return paginate(request, qs, filters)


@router.post(
    "/exchange/offers/{offer_id}/accept", response=error_responses(200, OfferOut), summary="Accept an offer"
)
def accept_offer(request: HttpRequest, offer_id: PathId) -> Any:
    offer = get_offer_for_user(actor_of(request), offer_id, respond=True)
    return run_services.offer_accept(offer=offer, actor=actor_of(request), now=timezone.now())


@router.post(
    "/exchange/offers/{offer_id}/decline", response=error_responses(200, OfferOut), summary="Decline an offer"
)
def decline_offer(request: HttpRequest, offer_id: PathId) -> Any:
    offer = get_offer_for_user(actor_of(request), offer_id, respond=True)
    return run_services.offer_decline(offer=offer, actor=actor_of(request), now=timezone.now())
