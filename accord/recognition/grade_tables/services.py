"""The only writers of grade distribution tables: one at a time from a form or the API, or many from a file.

A table is checked by the grade engine (one percentage per passing grade of its scale, none negative, sum 100
within half a point) before anything is written; an import writes every table of the file or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accord.accounts.models import User
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.common.services import save_or_conflict
from accord.engines.grades import GradeConversionError, GradeDistribution
from accord.engines.identifiers import IdentifierError, parse_academic_year
from accord.institutions.models import Institution
from accord.recognition.adapters import domain_error, get_scale
from accord.recognition.errors import RecognitionErrorCode
from accord.recognition.grade_tables.permissions import can_write_grade_tables
from accord.recognition.models import GradeTable
from accord.reference.models import IscedField

MAX_PERCENT = Decimal(100)


@dataclass(frozen=True)
class GradeTableInput:
    institution_id: int
    scale: str
    period: str
    percentages: Sequence[float | Decimal]
    isced_code: str = ""
    students: int | None = None
    note: str = ""


def normalise_period(value: str) -> str:
    """'2021/2022-2023/2024' or '2023/2024', with the years checked; spaces and en dashes are tolerated."""
    text = value.strip().replace(" ", "").replace("\u2013", "-")
    parts = text.split("-") if text.count("/") == 2 else [text]
    try:
        years = [parse_academic_year(part) for part in parts]
    except IdentifierError as exc:
        raise DomainError(
            RecognitionErrorCode.INVALID_PERIOD,
            f"{value!r} is not a reference period: write an academic year such as 2023/2024, "
            "or a range such as 2021/2022-2023/2024.",
            field="period",
        ) from exc
    if len(years) == 2 and years[1] < years[0]:
        raise DomainError(
            RecognitionErrorCode.INVALID_PERIOD, "The period ends before it starts.", field="period"
        )
    return "-".join(f"{year}/{year + 1}" for year in years)


def check_table(data: GradeTableInput) -> GradeDistribution:
    """Everything about a table that can be wrong without looking at other tables; raises DomainError."""
    scale = get_scale(data.scale)
    if not Institution.objects.filter(pk=data.institution_id).exists():
        raise DomainError(ErrorCode.NOT_FOUND, "No such institution.", field="institution")
    if data.isced_code and not IscedField.objects.filter(pk=data.isced_code).exists():
        raise DomainError(
            RecognitionErrorCode.INVALID_ISCED_CODE,
            f"{data.isced_code!r} is not an ISCED-F field code.",
            field="isced_code",
        )
    try:
        return GradeDistribution(
            scale, tuple(float(p) for p in data.percentages), isced_code=data.isced_code, period=data.period
        )
    except GradeConversionError as exc:
        raise domain_error(exc, field="percentages") from exc


def _check_unique(data: GradeTableInput, period: str, pk: int | None) -> None:
    clash = GradeTable.objects.filter(
        institution_id=data.institution_id, scale=data.scale, period=period, isced_id=data.isced_code or None
    )
    if pk is not None:
        clash = clash.exclude(pk=pk)
    if clash.exists():
        raise DomainError(
            ErrorCode.DUPLICATE,
            "This institution already has a table for this scale, subject area and period.",
            field="period",
        )


def _require_writer(actor: User) -> None:
    if not can_write_grade_tables(actor):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "Only the international office keeps grade tables.")


def _apply(table: GradeTable, data: GradeTableInput, period: str) -> None:
    table.institution_id = data.institution_id
    table.scale = data.scale
    table.isced_id = data.isced_code or None
    table.period = period
    table.percentages = [float(p) for p in data.percentages]
    table.students = data.students
    table.note = data.note.strip()


@transaction.atomic
def grade_table_create(*, data: GradeTableInput, actor: User) -> GradeTable:
    _require_writer(actor)
    period = normalise_period(data.period)
    check_table(data)
    _check_unique(data, period, None)
    table = GradeTable()
    _apply(table, data, period)
    save_or_conflict(table, what="grade table")
    # As data, not as changes from nothing (record_created): the shape of every grade_table.created so far.
    audit.record(actor=actor, action="grade_table.created", target=table, data=audit.snapshot(table))
    return table


@transaction.atomic
def grade_table_update(*, table: GradeTable, data: GradeTableInput, actor: User) -> GradeTable:
    _require_writer(actor)
    period = normalise_period(data.period)
    check_table(data)
    _check_unique(data, period, table.pk)
    # Recorded even when nothing changed: an import that replaces a table with the same figures says so.
    with audit.record_changed(actor=actor, action="grade_table.updated", target=table, always=True):
        _apply(table, data, period)
        save_or_conflict(table, what="grade table")
    return table


@transaction.atomic
def grade_table_delete(*, table: GradeTable, actor: User) -> None:
    _require_writer(actor)
    audit.record_deleted(actor=actor, action="grade_table.deleted", target=table)
    table.delete()


@transaction.atomic
def grade_tables_import(*, tables: Sequence[GradeTableInput], actor: User) -> tuple[int, int]:
    """Write tables already checked by the importer: new ones are created, same-key ones replaced.

    Returns (created, replaced). Everything happens in one transaction.
    """
    _require_writer(actor)
    created = replaced = 0
    for data in tables:
        period = normalise_period(data.period)
        check_table(data)
        existing = GradeTable.objects.filter(
            institution_id=data.institution_id,
            scale=data.scale,
            period=period,
            isced_id=data.isced_code or None,
        ).first()
        if existing is None:
            grade_table_create(data=data, actor=actor)
            created += 1
        else:
            grade_table_update(table=existing, data=data, actor=actor)
            replaced += 1
    return created, replaced
