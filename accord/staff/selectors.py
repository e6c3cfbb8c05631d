"""Reads of staff applications, scoped to the actor."""

from django.db.models import Q, QuerySet

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.common.access import reads_everything, role_of
from accord.common.roles import Role
from accord.mobility.selectors import person_matches
from accord.staff.models import StaffApplication


def staff_applications_visible_to(actor: User) -> QuerySet[StaffApplication]:
    qs = StaffApplication.objects.all()
    if reads_everything(actor):
        return qs
    own = Q(person__user=actor) if actor.pk else Q(pk__in=[])
    if role_of(actor) == Role.COORDINATOR:
        return qs.filter(Q(unit_id__in=unit_ids_in_scope(actor)) | own)
    if role_of(actor) == Role.STUDENT:
        return qs.filter(own)
    return qs.none()


def staff_application_list(
    *, actor: User, q: str = "", status: str = "", mobility_type: str = "", academic_year: int | None = None
) -> QuerySet[StaffApplication]:
    qs = staff_applications_visible_to(actor)
    if q.strip():
        qs = qs.filter(person_matches(q, via="person"))
    if status:
        qs = qs.filter(status=status)
    if mobility_type:
        qs = qs.filter(mobility_type=mobility_type)
    if academic_year:
        qs = qs.filter(academic_year_id=academic_year)
    return qs.select_related("person", "unit", "host_institution")
