from typing import Any

from django.db.models import Q, QuerySet

from accord.accounts.scope import unit_ids_in_scope
from accord.common.access import get_visible_or_404, reads_everything, require, role_of, writes_everything
from accord.staff.models import StaffApplication


def staff_applications_visible_to(actor: Any) -> QuerySet[StaffApplication]:
    qs = StaffApplication.objects.all()
    if reads_everything(actor):
        return qs
    own = Q(person__user=actor) if getattr(actor, "pk", None) else Q(pk__in=[])
    if role_of(actor) == "coordinator":
        return qs.filter(Q(unit_id__in=unit_ids_in_scope(actor)) | own)
    if role_of(actor) == "student":
        return qs.filter(own)
    return qs.none()


def can_file_application(user: Any, unit_id: int | None = None) -> bool:
    if writes_everything(user):
        return True
    if role_of(user) != "coordinator":
        return False
    return unit_id is None or unit_id in unit_ids_in_scope(user)


def can_decide_application(user: Any, application: StaffApplication) -> bool:
    """The office, or a coordinator of the unit; nobody decides on their own application."""
    if application.person.user_id is not None and application.person.user_id == getattr(user, "pk", None):
        return False
    if writes_everything(user):
        return True
    return role_of(user) == "coordinator" and application.unit_id in unit_ids_in_scope(user)


def can_withdraw_application(user: Any, application: StaffApplication) -> bool:
    """Whoever filed it, the staff member themselves, or those who could decide on it."""
    me = getattr(user, "pk", None)
    if me is not None and me in (application.created_by_id, application.person.user_id):
        return True
    if writes_everything(user):
        return True
    return role_of(user) == "coordinator" and application.unit_id in unit_ids_in_scope(user)


def get_application_for_user(
    user: Any, pk: Any, *, decide: bool = False, withdraw: bool = False
) -> StaffApplication:
    application = get_visible_or_404(staff_applications_visible_to(user).select_related("person"), pk)
    if decide:
        require(can_decide_application(user, application))
    if withdraw:
        require(can_withdraw_application(user, application))
    return application
