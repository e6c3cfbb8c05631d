"""Who reads the analytics, and who changes its settings, goals and figures."""

from typing import Any

from django.http import Http404

from accord.accounts.models import User
from accord.analytics.models import ReachGoal
from accord.common.access import get_visible_or_404, reads_everything, require, role_of, writes_everything
from accord.common.roles import Role

ANALYTICS_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.AUDITOR, Role.COORDINATOR})


def can_read_analytics(user: User | None) -> bool:
    """Students and partner contacts have no analytics: the figures are the office's, about every partner."""
    return role_of(user) in ANALYTICS_ROLES


def require_reader(user: User) -> None:
    """Students and partner contacts get the same 404 as for a page that does not exist."""
    if not can_read_analytics(user):
        raise Http404("Not found")


def can_manage_analytics(user: User) -> bool:
    """Settings, goals and refreshing the figures are the international office's."""
    return writes_everything(user)


def can_see_partner_scores(user: User) -> bool:
    """A partner's score weighs every unit's exchanges: only roles that read everything see it."""
    return reads_everything(user)


def get_goal_for_user(user: User, goal_id: Any, *, write: bool = False) -> ReachGoal:
    require_reader(user)
    goal: ReachGoal = get_visible_or_404(ReachGoal.objects.select_related("isced"), goal_id)
    if write:
        require(can_manage_analytics(user))
    return goal
