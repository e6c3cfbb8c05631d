"""Reading grade tables from CSV/XLSX files: everything is checked before anything is written.

The importer returns the tables to write, a preview of each and an `ImportReport` naming the row, column and
problem of every fault; the caller writes only when the report is clean, in one transaction.

Grade tables are read in long form, one row per grade, which is how offices keep them in a spreadsheet:

    institution, scale, isced, period, grade, percent[, students]
    it-bologna.example.org, it-18-30, 0613, 2021/2022-2023/2024, 30L, 3

Rows sharing institution, scale, subject area and period make one table, which must list every passing grade
of the scale once and add up to 100.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from accord.common.errors import DomainError
from accord.common.spreadsheets import CellError, ImportReport, Row, parse_decimal, parse_text
from accord.engines.grades import (
    GradeConversionError,
    GradeDistribution,
    GradeScale,
    grade_key,
    shipped_scales,
)
from accord.institutions.models import Institution
from accord.recognition.grade_tables.services import GradeTableInput, normalise_period
from accord.recognition.importing import missing_columns, read
from accord.recognition.models import GradeTable
from accord.reference.models import IscedField

TABLE_COLUMNS = ("institution", "scale", "isced", "period", "grade", "percent", "students")
TABLE_REQUIRED = ("institution", "scale", "period", "grade", "percent")


@dataclass
class _Group:
    first_row: int
    institution: Institution
    scale: GradeScale
    isced_code: str
    period: str
    students: int | None = None
    grades: dict[str, tuple[int, Decimal]] = field(default_factory=dict)


@dataclass(frozen=True)
class TablePreview:
    institution: Institution
    scale_name: str
    isced_code: str
    period: str
    percentages: tuple[float, ...]
    grades: tuple[str, ...]
    replaces: bool

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return [(g, f"{p:g}") for g, p in zip(self.grades, self.percentages, strict=True)]


def read_grade_tables(
    content: bytes, filename: str
) -> tuple[list[GradeTableInput], list[TablePreview], ImportReport]:
    report = ImportReport()
    table = read(content, filename, report)
    if table is None or missing_columns(table, TABLE_REQUIRED, report):
        return [], [], report
    if not table.rows:
        report.add(1, "", "the file has a header but no rows")
        return [], [], report
    institutions = _InstitutionLookup()
    groups: dict[tuple[int, str, str, str], _Group] = {}
    tainted: set[tuple[int, str, str, str]] = set()
    for row in table.rows:
        _table_row(row, report, institutions, groups, tainted)
    inputs, previews = [], []
    for key, group in groups.items():
        if key in tainted:
            continue
        checked = _finish_group(group, report)
        if checked is None:
            continue
        inputs.append(checked)
        replaces = _exists(checked, group.period)
        previews.append(
            TablePreview(
                group.institution,
                group.scale.name,
                group.isced_code,
                group.period,
                tuple(float(p) for p in checked.percentages),
                tuple(str(g) for g in group.scale.passing),
                replaces,
            )
        )
    return inputs, previews, report


def _table_row(
    row: Row,
    report: ImportReport,
    institutions: _InstitutionLookup,
    groups: dict[tuple[int, str, str, str], _Group],
    tainted: set[tuple[int, str, str, str]],
) -> _Group | None:
    problems_before = len(report.problems)
    text = report.cell(row, "institution", parse_text)
    institution = institutions.find(text) if text else None
    if text and institution is None:
        report.add(
            row.number, "institution", f"no institution with the SCHAC id, Erasmus code or name {text!r}"
        )
    slug = report.cell(row, "scale", parse_text)
    scale = shipped_scales().get(str(slug).strip().lower()) if slug else None
    if slug and scale is None:
        report.add(
            row.number, "scale", f"unknown scale {slug!r}; use one of {', '.join(sorted(shipped_scales()))}"
        )
    isced = report.cell(row, "isced", _isced, required=False) if "isced" in row.values else None
    period_text = report.cell(row, "period", parse_text)
    period = None
    if period_text:
        try:
            period = normalise_period(str(period_text))
        except DomainError as exc:
            report.add(row.number, "period", exc.message)
    grade = report.cell(row, "grade", parse_text)
    percent = report.cell(row, "percent", _percent)
    students = report.cell(row, "students", _whole, required=False) if "students" in row.values else None
    key = (institution.pk if institution else 0, scale.slug if scale else "", isced or "", period or "")
    if len(report.problems) > problems_before:
        # The row's table is incomplete now; saying so again for the whole table would only repeat this row.
        tainted.add(key)
        return None
    if institution is None or scale is None or period is None or grade is None or percent is None:
        return None
    group = groups.setdefault(key, _Group(row.number, institution, scale, isced or "", period))
    if students is not None:
        group.students = int(students)
    label = next((g for g in scale.passing if grade_key(g) == grade_key(str(grade))), None)
    if label is None:
        passing = ", ".join(str(g) for g in scale.passing)
        report.add(row.number, "grade", f"{grade!r} is not a passing grade of {scale.name} ({passing})")
        tainted.add(key)
        return None
    if grade_key(label) in group.grades:
        first = group.grades[grade_key(label)][0]
        report.add(row.number, "grade", f"the grade {label} is already given on row {first} for this table")
        tainted.add(key)
        return None
    group.grades[grade_key(label)] = (row.number, percent)
    return group


def _finish_group(group: _Group, report: ImportReport) -> GradeTableInput | None:
    missing = [str(g) for g in group.scale.passing if grade_key(g) not in group.grades]
    if missing:
        report.add(
            group.first_row,
            "grade",
            f"the table starting on this row has no row for the grade{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; give every passing grade of {group.scale.name} (0 if nobody received it)",
        )
        return None
    percentages = tuple(group.grades[grade_key(g)][1] for g in group.scale.passing)
    try:
        GradeDistribution(group.scale, tuple(float(p) for p in percentages))
    except GradeConversionError as exc:
        report.add(group.first_row, "percent", f"the table starting on this row: {exc.message}")
        return None
    return GradeTableInput(
        institution_id=group.institution.pk,
        scale=group.scale.slug,
        period=group.period,
        percentages=percentages,
        isced_code=group.isced_code,
        students=group.students,
    )


def _exists(data: GradeTableInput, period: str) -> bool:
    return GradeTable.objects.filter(
        institution_id=data.institution_id, scale=data.scale, period=period, isced_id=data.isced_code or None
    ).exists()


class _InstitutionLookup:
    def __init__(self) -> None:
        self._seen: dict[str, Institution | None] = {}

    def find(self, text: Any) -> Institution | None:
        key = str(text).strip()
        if key not in self._seen:
            matches = list(
                Institution.objects.filter(
                    Q(schac_id__iexact=key) | Q(erasmus_code__iexact=key) | Q(name__iexact=key)
                )[:2]
            )
            self._seen[key] = matches[0] if len(matches) == 1 else None
        return self._seen[key]


def _percent(value: Any) -> Decimal:
    number = parse_decimal(str(value).strip().rstrip("%").strip() if isinstance(value, str) else value)
    if number < 0 or number > 100:
        raise CellError("a percentage must lie between 0 and 100")
    return number


def _whole(value: Any) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value() or number < 0:
        raise CellError("must be a whole number of students")
    return int(number)


def _isced(value: Any) -> str:
    text = str(int(value)) if isinstance(value, int | float) else str(value).strip()
    # A spreadsheet that read "0613" as a number kept 613: the leading zero is tried first.
    for candidate in (text.zfill(len(text) + 1), text) if isinstance(value, int | float) else (text,):
        if IscedField.objects.filter(pk=candidate).exists():
            return candidate
    raise CellError(f"{text!r} is not an ISCED-F field code")
