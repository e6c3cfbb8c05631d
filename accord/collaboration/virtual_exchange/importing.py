"""Reading virtual exchange offers from CSV/XLSX: every row is checked before anything is written.

One row per offer, with the columns of `COLUMNS`; `institution` is a SCHAC id, Erasmus code or PIC, `unit`
the code of one of our units (our offers only). Several values in one cell are separated by semicolons:
`languages` "en B2; fr", `slots` "Tuesday 14:00-15:30; Thursday 09:00-10:30", `tools` "video; lms".
The report names the row, column and problem of every fault; the service writes all rows or none.
"""

from dataclasses import dataclass
from typing import Any

from accord.accounts.models import User
from accord.collaboration.virtual_exchange.permissions import can_post_offer_for
from accord.collaboration.virtual_exchange.services import OfferInput, check_offer
from accord.collaboration.virtual_exchange.slots import parse_slot
from accord.common.errors import DomainError
from accord.common.spreadsheets import (
    CellError,
    ImportReport,
    Row,
    Table,
    parse_date,
    parse_int,
    parse_text,
    read_table,
)
from accord.institutions.models import Institution, OrganisationalUnit
from accord.institutions.selectors import institutions_by_identifier

COLUMNS = (
    "institution", "unit", "title", "description", "goals", "teacher_name", "teacher_email", "isced", "eqf",
    "languages", "start", "end", "timezone", "slots", "class_size", "format", "tools",
)  # fmt: skip
REQUIRED = (
    "institution", "title", "description", "teacher_name", "isced", "eqf", "languages", "start", "end",
    "timezone", "class_size",
)  # fmt: skip
EXAMPLE = (
    "institution;unit;title;description;teacher_name;isced;eqf;languages;start;end;timezone;slots;class_size\n"
    "uw.edu.pl;;Social robots;Robots for care homes;A. Kowalska;0613;6;en B2;2027-03-01;2027-06-15;"
    "Europe/Warsaw;Tuesday 14:30-16:00;30"
)
# The service's field names, as the file's columns.
COLUMN_OF = {
    "institution_id": "institution", "unit_id": "unit", "eqf_level": "eqf", "start_date": "start",
    "end_date": "end", "preferred_partner_ids": "institution",
}  # fmt: skip


@dataclass(frozen=True)
class OfferPreview:
    row: int
    institution: Institution
    title: str
    start: Any
    end: Any
    languages: str


def _parts(value: Any) -> list[str]:
    return [part.strip() for part in parse_text(value).split(";") if part.strip()]


def _languages(value: Any) -> list[dict[str, str]]:
    entries = []
    for part in _parts(value):
        code, _, level = part.partition(" ")
        entries.append({"code": code.strip(), "cefr": level.strip()})
    return entries


def _slots(value: Any) -> list[dict[str, Any]]:
    slots = []
    for part in _parts(value):
        slot = parse_slot(part)
        if slot is None:
            raise CellError(f"{part!r} is not a weekday and two times, e.g. Tuesday 14:00-15:30")
        slots.append(slot)
    return slots


def _institutions(table: Table) -> dict[str, Institution]:
    # As written: Erasmus codes are upper case ("PL WARSZAW01"), SCHAC ids lower case.
    return institutions_by_identifier(
        {parse_text(row.get("institution")) for row in table.rows if row.get("institution")}
    )


def _row_input(row: Row, report: ImportReport, institutions: dict[str, Institution]) -> OfferInput | None:
    before = len(report.problems)
    key = parse_text(row.get("institution") or "").lower()
    institution = institutions.get(key)
    if key and institution is None:
        report.add(row.number, "institution", f"no institution has the SCHAC id, Erasmus code or PIC {key!r}")
    unit = None
    unit_code = parse_text(row.get("unit") or "")
    if unit_code and institution is not None:
        unit = OrganisationalUnit.objects.filter(institution=institution, code=unit_code).first()
        if unit is None:
            report.add(row.number, "unit", f"{institution} has no unit with the code {unit_code!r}")
    values: dict[str, Any] = {
        "title": report.cell(row, "title", parse_text),
        "description": report.cell(row, "description", parse_text),
        "goals": report.cell(row, "goals", parse_text, required=False) or "",
        "teacher_name": report.cell(row, "teacher_name", parse_text),
        "teacher_email": report.cell(row, "teacher_email", parse_text, required=False) or "",
        "isced": report.cell(row, "isced", parse_text),
        "eqf_level": report.cell(row, "eqf", parse_int),
        "languages": report.cell(row, "languages", _languages),
        "start_date": report.cell(row, "start", parse_date),
        "end_date": report.cell(row, "end", parse_date),
        "timezone": report.cell(row, "timezone", parse_text),
        "slots": report.cell(row, "slots", _slots, required=False) or [],
        "class_size": report.cell(row, "class_size", parse_int),
        "format": (report.cell(row, "format", parse_text, required=False) or "").lower(),
        "tools": [t.lower() for t in report.cell(row, "tools", _parts, required=False) or []],
    }
    if institution is None or len(report.problems) > before:
        return None
    return OfferInput(institution_id=institution.pk, unit_id=unit.pk if unit else None, **values)


def read_offers(
    content: bytes, filename: str, *, actor: User
) -> tuple[list[OfferInput], list[OfferPreview], ImportReport]:
    """The offers of a file, a preview of each, and every problem; the offers are to be written only if
    the report is clean (`offers_import`)."""
    report = ImportReport()
    try:
        table = read_table(content, filename)
    except (CellError, DomainError, ValueError) as exc:
        report.add(None, "", str(getattr(exc, "message", exc)))
        return [], [], report
    missing = [name for name in REQUIRED if name not in table.headers]
    for name in missing:
        report.add(
            1, name, f"the column {name!r} is missing (columns found: {', '.join(table.headers) or 'none'})"
        )
    if missing:
        return [], [], report
    if not table.rows:
        report.add(None, "", "the file has no offers below its header")
    institutions = _institutions(table)
    inputs, previews = [], []
    for row in table.rows:
        data = _row_input(row, report, institutions)
        if data is None:
            continue
        institution = institutions[parse_text(row.get("institution")).lower()]
        try:
            check_offer(data)
        except DomainError as error:
            report.add(row.number, COLUMN_OF.get(error.field or "", error.field or ""), error.message)
            continue
        if not can_post_offer_for(actor, institution, data.unit_id):
            report.add(
                row.number,
                "institution",
                f"you may not post offers for {institution}" + (" and this unit" if data.unit_id else ""),
            )
            continue
        inputs.append(data)
        languages = ", ".join(f"{e['code']} {e['cefr']}".strip() for e in data.languages)
        previews.append(
            OfferPreview(row.number, institution, data.title, data.start_date, data.end_date, languages)
        )
    return inputs, previews, report
