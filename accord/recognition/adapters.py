"""Rows to grade-engine inputs: scales by slug, distribution tables, and engine errors as DomainError."""

from __future__ import annotations

from collections import Counter

from accord.common.errors import DomainError
from accord.engines.grades import GradeConversionError, GradeDistribution, GradeScale, shipped_scales
from accord.institutions.models import Institution
from accord.recognition.errors import GradeInputErrorCode, RecognitionErrorCode
from accord.recognition.models import GradeTable

FALLBACK_SCALE = "ects"


def domain_error(error: GradeConversionError, *, field: str | None = None) -> DomainError:
    return DomainError(GradeInputErrorCode(error.code), error.message, field=field, extra=error.extra)


def scale_choices() -> list[tuple[str, str]]:
    return [(slug, scale.name) for slug, scale in shipped_scales().items()]


def get_scale(slug: str, *, field: str = "scale") -> GradeScale:
    scale = shipped_scales().get(slug)
    if scale is None:
        known = ", ".join(sorted(shipped_scales()))
        raise DomainError(
            RecognitionErrorCode.UNKNOWN_SCALE,
            f"There is no grading scale {slug!r}; use one of {known}.",
            field=field,
        )
    return scale


def default_scale_for(institution: Institution) -> str:
    """The scale an institution's tables use most, else the shipped scale of its country, else ECTS."""
    used = Counter(GradeTable.objects.filter(institution=institution).values_list("scale", flat=True))
    if used:
        return used.most_common(1)[0][0]
    for slug, scale in shipped_scales().items():
        if scale.country and scale.country == institution.country:
            return slug
    return FALLBACK_SCALE


def distribution_of(table: GradeTable) -> GradeDistribution:
    """The engine's checked form of a stored table (raises GradeConversionError if it no longer fits)."""
    return GradeDistribution(
        get_scale(table.scale),
        tuple(table.percentages),
        institution=table.institution.name,
        isced_code=table.isced_id or "",
        period=table.period,
    )


def find_table(institution_id: int, scale: str, isced_code: str | None) -> GradeTable | None:
    """The table for a reference group: the most specific subject area that contains ``isced_code``
    (0613, then 061, then 06), then the institution-wide table; the latest period first."""
    tables = GradeTable.objects.filter(institution_id=institution_id, scale=scale).select_related(
        "institution"
    )
    code = isced_code or ""
    for length in (4, 3, 2):
        if len(code) < length:
            continue
        table = tables.filter(isced_id=code[:length]).order_by("-period", "-id").first()
        if table is not None:
            return table
    return tables.filter(isced__isnull=True).order_by("-period", "-id").first()
