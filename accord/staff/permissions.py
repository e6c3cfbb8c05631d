"""Who may file, decide on and withdraw staff applications."""

from typing import Any

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.common.access import get_visible_or_404, require, role_of, writes_everything
from accord.common.roles import Role
from accord.staff.models import ApplicationStatus, StaffApplication
from accord.staff.selectors import staff_applications_visible_to


def can_file_application(user: User | None, unit_id: int | None = None) -> bool:
    if writes_everything(user):
        return True
    if role_of(user) != Role.COORDINATOR:
        return False
    return unit_id is None or unit_id in unit_ids_in_scope(user)


def can_decide_application(user: User | None, application: StaffApplication) -> bool:
    """The office, or a coordinator of the unit; nobody decides on their own application."""
    me = user.pk if user is not None else None
    if application.person.user_id is not None and application.person.user_id == me:
        return False
    if writes_everything(user):
        return True
    return role_of(user) == Role.COORDINATOR and application.unit_id in unit_ids_in_scope(user)


def can_withdraw_application(user: User | None, application: StaffApplication) -> bool:
    """Whoever filed it, the staff member themselves, or those who could decide on it."""
    me = user.pk if user is not None else None
    if me is not None and me in (application.created_by_id, application.person.user_id):
        return True
    if writes_everything(user):
        return True
    return role_of(user) == Role.COORDINATOR and application.unit_id in unit_ids_in_scope(user)


def can_decide_application_now(user: User, application: StaffApplication) -> bool:
    """Whether the application's page offers a decision: allowed, and still waiting for one."""
    return application.status == ApplicationStatus.SUBMITTED and can_decide_application(user, application)


def can_withdraw_application_now(user: User, application: StaffApplication) -> bool:
    """Whether the application's page offers to withdraw it: allowed, and still waiting for a decision."""
    return application.status == ApplicationStatus.SUBMITTED and can_withdraw_application(user, application)


def get_application_for_user(
    user: User, pk: Any, *, decide: bool = False, withdraw: bool = False
) -> StaffApplication:
    application = get_visible_or_404(staff_applications_visible_to(user).select_related("person"), pk)
    if decide:
        require(can_decide_application(user, application))
    if withdraw:
        require(can_withdraw_application(user, application))
    return application
