"""Who may do what in the exchange programme; hidden objects answer 404 like missing ones."""

from typing import Any

from accord.accounts.scope import unit_ids_in_scope
from accord.common.access import get_visible_or_404, require, role_of, writes_everything
from accord.exchange.models import Application, Call, Document, Offer, Run
from accord.exchange.selectors import (
    applications_visible_to,
    calls_visible_to,
    documents_visible_to,
    offers_visible_to,
    runs_visible_to,
)


def can_manage_calls(user: Any) -> bool:
    """Calls, places and allocation runs are the international office's work."""
    return writes_everything(user)


def can_apply(user: Any) -> bool:
    return role_of(user) == "student"


def can_score_application(user: Any, application: Application) -> bool:
    if writes_everything(user):
        return True
    return role_of(user) == "coordinator" and application.unit_id in unit_ids_in_scope(user)


def is_applicant(user: Any, application: Application) -> bool:
    return role_of(user) == "student" and application.person.user_id == user.pk


def get_call_for_user(user: Any, call_id: Any, *, write: bool = False) -> Call:
    call = get_visible_or_404(calls_visible_to(user), call_id)
    if write:
        require(can_manage_calls(user))
    return call


def get_application_for_user(
    user: Any, application_id: Any, *, score: bool = False, own: bool = False
) -> Application:
    """`score`: the user must be allowed to score it; `own`: the user must be the applicant."""
    application = get_visible_or_404(
        applications_visible_to(user).select_related("person", "call", "unit"), application_id
    )
    if score:
        require(can_score_application(user, application))
    if own:
        require(is_applicant(user, application))
    return application


def get_run_for_user(user: Any, run_id: Any, *, write: bool = False) -> Run:
    run = get_visible_or_404(runs_visible_to(user).select_related("call"), run_id)
    if write:
        require(can_manage_calls(user))
    return run


def get_offer_for_user(user: Any, offer_id: Any, *, respond: bool = False) -> Offer:
    offer = get_visible_or_404(
        offers_visible_to(user).select_related("application__person", "place__partner", "run"), offer_id
    )
    if respond:
        require(is_applicant(user, offer.application))
    return offer


def get_document_for_user(user: Any, document_id: Any) -> Document:
    return get_visible_or_404(documents_visible_to(user).select_related("application"), document_id)
