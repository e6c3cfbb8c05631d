"""Reading transcripts from CSV/XLSX files: everything is checked before anything is written.

The importer returns a preview (what would be written) and an `ImportReport` naming the row, column and
problem of every fault; the caller writes only when the report is clean, in one transaction. `read` and
`missing_columns` are shared with the grade table importer (`grade_tables/importing.py`).

Transcripts list the host's grades for the Table A components:

    code, title, grade, credits[, assessed_on]

A row is matched to a component by its code (without case or spaces), else by its exact title.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from accord.common.errors import DomainError
from accord.common.spreadsheets import (
    CellError,
    ImportReport,
    Row,
    Table,
    parse_date,
    parse_decimal,
    parse_text,
    read_table,
)
from accord.engines.grades import GradeConversionError, GradeScale
from accord.learning.models import Component

TRANSCRIPT_REQUIRED = ("grade", "credits")


def read(content: bytes, filename: str, report: ImportReport) -> Table | None:
    """The file as a table, or None with the problem in the report (an unreadable file is one problem)."""
    try:
        return read_table(content, filename)
    except (CellError, DomainError, ValueError) as exc:
        report.add(None, "", str(getattr(exc, "message", exc)))
        return None


def missing_columns(table: Table, required: tuple[str, ...], report: ImportReport) -> bool:
    missing = [name for name in required if name not in table.headers]
    for name in missing:
        report.add(
            1, name, f"the column {name!r} is missing (columns found: {', '.join(table.headers) or 'none'})"
        )
    return bool(missing)


# Transcripts ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryPreview:
    row: int
    component: Component
    grade: str
    credits: Decimal
    passed: bool
    assessed_on: dt.date | None = None


def read_transcript(
    content: bytes, filename: str, *, components: list[Component], scale: GradeScale
) -> tuple[list[EntryPreview], ImportReport]:
    report = ImportReport()
    table = read(content, filename, report)
    if table is None or missing_columns(table, TRANSCRIPT_REQUIRED, report):
        return [], report
    if "code" not in table.headers and "title" not in table.headers:
        report.add(1, "code", "the file needs a 'code' or a 'title' column to find each component")
        return [], report
    find = _component_finder(components)
    entries: list[EntryPreview] = []
    seen: dict[int, int] = {}
    for row in table.rows:
        component = _find_component(row, report, find)
        grade = report.cell(row, "grade", parse_text)
        credits = report.cell(row, "credits", _credits)
        assessed_on = report.cell(row, "assessed_on", parse_date, required=False)
        passed = None
        if grade is not None:
            try:
                passed = scale.place(str(grade).strip()).passed
            except GradeConversionError as exc:
                report.add(row.number, "grade", exc.message)
        if component is not None:
            if component.pk in seen:
                report.add(
                    row.number, "code", f"this component is already graded on row {seen[component.pk]}"
                )
                continue
            seen[component.pk] = row.number
        if component is None or grade is None or credits is None or passed is None:
            continue
        entries.append(EntryPreview(row.number, component, str(grade).strip(), credits, passed, assessed_on))
    if not table.rows:
        report.add(1, "", "the file has a header but no rows")
    return entries, report


def _component_finder(components: list[Component]) -> Callable[[str, str], Component | str]:
    def norm(text: str) -> str:
        # "INF 101", "inf-101" and "INF101" are one code: spreadsheets and catalogues disagree on separators.
        return re.sub(r"[\W_]+", "", str(text)).casefold()

    by_code = {norm(c.code): c for c in components if c.code}
    by_title = {norm(c.title): c for c in components}

    def find(code: str, title: str) -> Component | str:
        if code:
            found = by_code.get(norm(code))
            return found if found is not None else f"no component of Table A has the code {code!r}"
        found = by_title.get(norm(title))
        return found if found is not None else f"no component of Table A has the title {title!r}"

    return find


def _find_component(
    row: Row, report: ImportReport, find: Callable[[str, str], Component | str]
) -> Component | None:
    code = str(row.values.get("code") or "").strip()
    title = str(row.values.get("title") or "").strip()
    if not code and not title:
        report.add(row.number, "code", "give the component's code or title")
        return None
    found = find(code, title)
    if isinstance(found, str):
        report.add(row.number, "code" if code else "title", found)
        return None
    return found


def _credits(value: Any) -> Decimal:
    number = parse_decimal(value)
    if number < 0 or number > 60:
        raise CellError("credits must lie between 0 and 60")
    if number != number.quantize(Decimal("0.1")):
        raise CellError("credits are recorded with at most one decimal")
    return number
