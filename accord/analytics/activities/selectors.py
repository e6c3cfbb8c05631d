from django.db.models import QuerySet

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.analytics.models import PartnerActivity
from accord.common.access import reads_everything, role_of
from accord.common.roles import Role


def activities_visible_to(user: User) -> QuerySet[PartnerActivity]:
    """Everything for roles that read everything; a coordinator's own units' activities."""
    qs = PartnerActivity.objects.select_related("institution", "unit", "academic_year")
    if reads_everything(user):
        return qs
    if role_of(user) == Role.COORDINATOR:
        return qs.filter(unit_id__in=unit_ids_in_scope(user))
    return qs.none()
