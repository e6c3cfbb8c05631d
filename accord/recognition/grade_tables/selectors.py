"""Reads of grade tables: published figures, so every signed-in user may read them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accord.recognition.models import GradeTable


@dataclass(frozen=True)
class TableFilters:
    q: str = ""
    scale: str = ""
    subject_area: str = ""
    period: str = ""
    institution: int | None = None


def grade_table_list(*, filters: TableFilters | None = None) -> QuerySet[GradeTable]:
    f = filters or TableFilters()
    qs = GradeTable.objects.select_related("institution", "isced")
    if f.q:
        term = f.q.strip()
        qs = qs.filter(
            Q(institution__name__icontains=term)
            | Q(institution__schac_id__icontains=term)
            | Q(institution__erasmus_code__icontains=term)
        )
    if f.scale:
        qs = qs.filter(scale=f.scale)
    if f.subject_area:
        qs = qs.filter(isced_id__startswith=f.subject_area.strip())
    if f.period:
        qs = qs.filter(period__contains=f.period.strip())
    if f.institution:
        qs = qs.filter(institution_id=f.institution)
    return qs
