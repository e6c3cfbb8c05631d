"""Converting the host grades of a home component with the grade engine, using the stored grade tables.

The percentile method applies when both the host and the home institution have a table for the subject area
(or an institution-wide one) on the scales in use; otherwise the engine's labelled linear fallback is used.
A home component recognised for several host components gets one grade: each host grade is converted, then
the converted grades are combined, weighted by the host credits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from accord.common.errors import DomainError
from accord.engines.grades import GradeConversionError, combine, convert, format_grade
from accord.mobility.models import Mobility
from accord.recognition.adapters import distribution_of, domain_error, find_table, get_scale
from accord.recognition.errors import RecognitionErrorCode
from accord.recognition.models import ConversionMethod, GradeTable


@dataclass(frozen=True)
class HostGrade:
    title: str
    grade: str
    credits: Decimal


@dataclass(frozen=True)
class Conversion:
    grade: str
    passed: bool
    method: str
    explanation: str
    host_grades: str
    tables: tuple[GradeTable, ...]


@dataclass(frozen=True)
class TablesInUse:
    host: GradeTable | None
    home: GradeTable | None

    @property
    def method(self) -> str:
        both = self.host is not None and self.home is not None
        return ConversionMethod.PERCENTILE if both else ConversionMethod.LINEAR


def tables_for(
    mobility: Mobility, *, host_scale: str, home_scale: str, isced_code: str | None
) -> TablesInUse:
    return TablesInUse(
        host=find_table(mobility.host_institution_id, host_scale, isced_code),
        home=find_table(mobility.home_institution_id, home_scale, isced_code),
    )


def convert_host_grades(
    parts: Sequence[HostGrade], *, host_scale: str, home_scale: str, tables: TablesInUse
) -> Conversion:
    """One home grade for the given host grades; raises DomainError for a grade the scales do not know."""
    if not parts:
        raise DomainError(RecognitionErrorCode.NOT_GRADED, "Choose the host components whose grades count.")
    source, target = get_scale(host_scale), get_scale(home_scale, field="home_scale")
    try:
        # A table on one side only changes nothing in the linear fallback, but its explanation names it.
        source_table = distribution_of(tables.host) if tables.host else None
        target_table = distribution_of(tables.home) if tables.home else None
        results = [
            convert(
                part.grade, source=source, target=target, source_table=source_table, target_table=target_table
            )
            for part in parts
        ]
        combined = combine(
            target, [(r.grade, float(p.credits) or 1.0) for r, p in zip(results, parts, strict=True)]
        )
    except GradeConversionError as exc:
        raise domain_error(exc) from exc
    lines = []
    for part, result in zip(parts, results, strict=True):
        prefix = f"{part.title}: " if len(parts) > 1 else ""
        lines.append(prefix + result.explanation)
    if combined.explanation:
        lines.append(combined.explanation)
    host_grades = ", ".join(f"{format_grade(p.grade)} ({p.credits} ECTS)" for p in parts)
    used = tuple(t for t in (tables.host, tables.home) if t is not None)
    return Conversion(
        grade=str(combined.grade),
        passed=combined.passed,
        method=results[0].method,
        explanation="\n".join(lines),
        host_grades=host_grades[:200],
        tables=used,
    )
