"""Who may do what with calls, places, applications and documents.

Hidden objects answer 404 like missing ones.

Runs and offers: `exchange/runs/permissions.py`.
"""

from typing import Any

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.common.access import get_visible_or_404, require, role_of, writes_everything
from accord.common.roles import Role
from accord.exchange.models import Application, Call, Document
from accord.exchange.selectors import applications_visible_to, calls_visible_to, documents_visible_to


def can_manage_calls(user: User) -> bool:
    """Calls, places and allocation runs are the international office's work."""
    return writes_everything(user)


def can_apply(user: User) -> bool:
    return role_of(user) == Role.STUDENT


def can_score_application(user: User, application: Application) -> bool:
    if writes_everything(user):
        return True
    return role_of(user) == Role.COORDINATOR and application.unit_id in unit_ids_in_scope(user)


def is_applicant(user: User, application: Application) -> bool:
    return role_of(user) == Role.STUDENT and application.person.user_id == user.pk


def get_call_for_user(user: User, call_id: Any, *, write: bool = False) -> Call:
    call = get_visible_or_404(calls_visible_to(user), call_id)
    if write:
        require(can_manage_calls(user))
    return call


def get_application_for_user(
    user: User, application_id: Any, *, score: bool = False, own: bool = False
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


def get_document_for_user(user: User, document_id: Any) -> Document:
    return get_visible_or_404(documents_visible_to(user).select_related("application"), document_id)
