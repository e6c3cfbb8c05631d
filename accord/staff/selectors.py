from typing import Any

from django.db.models import Q, QuerySet

from accord.staff.models import StaffApplication
from accord.staff.permissions import staff_applications_visible_to


def staff_application_list(
    *, actor: Any, q: str = "", status: str = "", mobility_type: str = "", academic_year: int | None = None
) -> QuerySet[StaffApplication]:
    qs = staff_applications_visible_to(actor)
    if q.strip():
        term = q.strip()
        qs = qs.filter(
            Q(person__family_name__icontains=term)
            | Q(person__given_names__icontains=term)
            | Q(person__email__iexact=term)
        )
    if status:
        qs = qs.filter(status=status)
    if mobility_type:
        qs = qs.filter(mobility_type=mobility_type)
    if academic_year:
        qs = qs.filter(academic_year_id=academic_year)
    return qs.select_related("person", "unit", "host_institution")
