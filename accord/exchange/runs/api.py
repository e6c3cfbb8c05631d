"""/api/v1/exchange/runs... and /offers...: allocate a round as a draft, compare, publish; answer offers."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from accord.accounts.authentication import actor_of
from accord.common.access import require
from accord.common.api_support import Page, PathId, error_responses, paginate, parse
from accord.exchange.permissions import can_manage_calls, get_call_for_user
from accord.exchange.runs import services
from accord.exchange.runs.permissions import get_offer_for_user, get_run_for_user
from accord.exchange.runs.schemas import MoveOut, OfferOut, RunBody, RunDetailOut, RunIn, RunOut, RunQuery
from accord.exchange.runs.selectors import offers_visible_to, runs_visible_to

router = Router(tags=["exchange"])


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
    run = services.run_create(
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
        for move in services.run_compare(first, second)
    ]


@router.post(
    "/exchange/runs/{run_id}/publish", response=error_responses(200, RunOut), summary="Publish a run"
)
def publish_run(request: HttpRequest, run_id: PathId) -> Any:
    run = get_run_for_user(actor_of(request), run_id, write=True)
    return services.run_publish(run=run, actor=actor_of(request), now=timezone.now())


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
    return services.offer_accept(offer=offer, actor=actor_of(request), now=timezone.now())


@router.post(
    "/exchange/offers/{offer_id}/decline", response=error_responses(200, OfferOut), summary="Decline an offer"
)
def decline_offer(request: HttpRequest, offer_id: PathId) -> Any:
    offer = get_offer_for_user(actor_of(request), offer_id, respond=True)
    return services.offer_decline(offer=offer, actor=actor_of(request), now=timezone.now())
