"""/api/v1/exchange/...: calls and applications (apply, withdraw, score); runs and offers: `runs/api.py`."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from accord.accounts.authentication import actor_of
from accord.common.access import require
from accord.common.api_support import Page, PathId, error_responses, paginate, parse
from accord.exchange import services
from accord.exchange.models import Application
from accord.exchange.permissions import can_apply, get_application_for_user, get_call_for_user
from accord.exchange.schemas import (
    ApplicationBody,
    ApplicationIn,
    ApplicationOut,
    ApplicationQuery,
    CallDetailOut,
    CallOut,
    CallQuery,
    ScoreBody,
    ScoreIn,
)
from accord.exchange.selectors import applications_visible_to, calls_visible_to

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
