"""Who records research and surveys: the office for any unit, a coordinator for their own units."""

from typing import Any

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.analytics.activities.selectors import activities_visible_to
from accord.analytics.models import PartnerActivity
from accord.analytics.permissions import can_manage_analytics
from accord.common.access import get_visible_or_404, require, role_of, writes_everything
from accord.common.roles import Role


def can_record_activity(user: User, unit_id: int | None = None) -> bool:
    if writes_everything(user):
        return True
    return role_of(user) == Role.COORDINATOR and unit_id is not None and unit_id in unit_ids_in_scope(user)


def can_start_activity(user: User) -> bool:
    """May open the form: the unit it is for is chosen in it, and checked with `can_record_activity`."""
    return can_manage_analytics(user) or role_of(user) == Role.COORDINATOR


def get_activity_for_user(user: User, activity_id: Any, *, write: bool = False) -> PartnerActivity:
    activity: PartnerActivity = get_visible_or_404(activities_visible_to(user), activity_id)
    if write:
        require(can_record_activity(user, activity.unit_id))
    return activity
