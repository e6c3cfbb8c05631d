from typing import Any

from django.http import Http404

from accord.accounts.scope import unit_ids_in_scope
from accord.analytics.models import PartnerActivity, ReachGoal
from accord.analytics.selectors import can_read_analytics
from accord.common.access import get_visible_or_404, reads_everything, require, role_of, writes_everything
from accord.common.roles import Role


def require_reader(user: Any) -> None:
    """Students and partner contacts get the same 404 as for a page that does not exist."""
    if not can_read_analytics(user):
        raise Http404("Not found")


def can_manage_analytics(user: Any) -> bool:
    """Settings, goals and refreshing the figures are the international office's."""
    return writes_everything(user)


def can_record_activity(user: Any, unit_id: int | None = None) -> bool:
    if writes_everything(user):
        return True
    return role_of(user) == Role.COORDINATOR and unit_id is not None and unit_id in unit_ids_in_scope(user)


def activities_visible_to(user: Any) -> Any:
    qs = PartnerActivity.objects.select_related("institution", "unit", "academic_year")
    if reads_everything(user):
        return qs
    if role_of(user) == Role.COORDINATOR:
        return qs.filter(unit_id__in=unit_ids_in_scope(user))
    return qs.none()


def get_activity_for_user(user: Any, activity_id: Any, *, write: bool = False) -> PartnerActivity:
    activity: PartnerActivity = get_visible_or_404(activities_visible_to(user), activity_id)
    if write:
        require(can_record_activity(user, activity.unit_id))
    return activity


def get_goal_for_user(user: Any, goal_id: Any, *, write: bool = False) -> ReachGoal:
    require_reader(user)
    goal: ReachGoal = get_visible_or_404(ReachGoal.objects.select_related("isced"), goal_id)
    if write:
        require(can_manage_analytics(user))
    return goal
