"""Incoming nominations from a partner's spreadsheet (CSV or XLSX): columns, template, row checks.

Every row is checked before anything is written; the report names the row the user sees in their
spreadsheet, the column and the problem. See :mod:`accord.mobility.nominations.importing` for the writer.
"""

from decimal import Decimal
from typing import Any

from accord.agreements.models import MobilityType
from accord.common.spreadsheets import (
    CellError,
    ImportReport,
    Row,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_text,
    read_table,
)
from accord.engines.identifiers import (
    IdentifierError,
    normalise_cefr_level,
    normalise_isced_code,
    parse_academic_year,
    validate_eqf_level,
)
from accord.institutions.models import Institution, OrganisationalUnit
from accord.institutions.selectors import institutions_by_identifier
from accord.mobility.nominations.importing import IncomingNomination
from accord.reference.vocab import countries

# (column, required, what to put in it): the template and the parser share this list.
COLUMNS: tuple[tuple[str, bool, str], ...] = (
    ("sending_institution", True, "SCHAC id, Erasmus code or PIC of the partner sending the student"),
    ("given_names", True, "Given names"),
    ("family_name", True, "Family name"),
    ("email", False, "E-mail address"),
    ("birth_date", False, "Date of birth (2004-05-31 or 31.05.2004)"),
    ("nationality", False, "Citizenship, ISO country code such as PL"),
    ("global_id", False, "European Student Identifier (urn:schac:personalUniqueCode:int:esi:…)"),
    ("fewer_opportunities", False, "yes or no: Erasmus+ participant with fewer opportunities"),
    (
        "mobility_type",
        False,
        "student_studies (default), student_traineeship, staff_teaching, staff_training",
    ),
    ("academic_year", True, "Academic year such as 2026/2027"),
    ("planned_start", True, "Planned arrival date"),
    ("planned_end", True, "Planned departure date"),
    ("unit", False, "Code of our faculty or department receiving the student (required for coordinators)"),
    ("eqf_level", False, "EQF level of the study programme, 1 to 8 (6 bachelor, 7 master, 8 doctorate)"),
    ("isced_code", False, "ISCED-F code of the study programme, e.g. 0613"),
    ("languages", False, "Language skills such as 'en B2; fr B1'"),
    ("ects_planned", False, "ECTS credits planned"),
    ("omobility_id", False, "The partner's own id of the nomination: importing it again updates the row"),
)
HEADERS = [name for name, _required, _help in COLUMNS]
EXAMPLE_ROW = [
    "uw.edu.pl", "Anna", "Kowalska", "anna.kowalska@example.org", "2004-05-31", "PL", "", "no",
    "student_studies", "2026/2027", "2026-09-15", "2027-01-31", "", "6", "0613", "en B2; pl C2", "30",
    "uw-2026-0001",
]  # fmt: skip


def _choice(options: list[str]) -> Any:
    def parse(value: Any) -> str:
        text = parse_text(value).lower()
        if text not in options:
            raise CellError(f"must be one of {', '.join(options)}")
        return text

    return parse


def _identifier(parser: Any) -> Any:
    def parse(value: Any) -> Any:
        try:
            return parser(str(value).strip() if not isinstance(value, int) else value)
        except IdentifierError as error:
            raise CellError(str(error)) from None

    return parse


def _isced(value: Any) -> str:
    text = str(int(value)).zfill(4) if isinstance(value, int | float) else str(value)
    try:
        code = normalise_isced_code(text)
    except IdentifierError as error:
        raise CellError(str(error)) from None
    if len(code) != 4:
        raise CellError("must be a 4-digit ISCED-F code, e.g. 0613")
    return code


def _languages(value: Any) -> list[dict[str, str]]:
    skills = []
    for part in str(value).replace(",", ";").split(";"):
        words = part.split()
        if not words:
            continue
        if len(words) > 2 or not words[0].isalpha() or not 2 <= len(words[0]) <= 3:
            raise CellError(f"write each language as a code and a level, e.g. 'en B2' (not {part.strip()!r})")
        try:
            level = normalise_cefr_level(words[1]) if len(words) == 2 else ""
        except IdentifierError as error:
            raise CellError(str(error)) from None
        skills.append({"language": words[0].lower(), "cefr": level})
    return skills


def _country(value: Any) -> str:
    code = parse_text(value).upper()
    if code not in countries():
        raise CellError(f"unknown country code {code!r}")
    return code


def parse_sheet(content: bytes, filename: str) -> tuple[list[IncomingNomination], ImportReport]:
    """Read and check every row; nothing is written here."""
    report = ImportReport()
    table = read_table(content, filename)
    missing = [name for name, required, _ in COLUMNS if required and name not in table.headers]
    if missing:
        report.add(
            None, ", ".join(missing), "column missing (download the template for the expected columns)"
        )
        return [], report
    if not table.rows:
        report.add(None, "", "the file has no rows")
        return [], report
    institutions = institutions_by_identifier(
        {str(row.get("sending_institution") or "").strip() for row in table.rows}
    )
    units = {
        unit.code.lower(): unit.pk
        for unit in OrganisationalUnit.objects.filter(institution__is_home=True)
        if unit.code
    }
    items = [item for row in table.rows if (item := _row(row, report, institutions, units)) is not None]
    return items, report


def _row(
    row: Row, report: ImportReport, institutions: dict[str, Institution], units: dict[str, int]
) -> IncomingNomination | None:
    before = len(report.problems)
    sender_key = report.cell(row, "sending_institution", parse_text)
    sender = institutions.get(sender_key.lower()) if sender_key else None
    if sender_key and sender is None:
        report.add(row.number, "sending_institution", f"no institution has the id {sender_key!r}")
    elif sender is not None and sender.is_home:
        report.add(row.number, "sending_institution", "that is our own institution")
    given = report.cell(row, "given_names", parse_text)
    family = report.cell(row, "family_name", parse_text)
    year = report.cell(row, "academic_year", _identifier(parse_academic_year))
    start = report.cell(row, "planned_start", parse_date)
    end = report.cell(row, "planned_end", parse_date)
    if start and end and end < start:
        report.add(row.number, "planned_end", "comes before planned_start")
    unit_code = report.cell(row, "unit", parse_text, required=False)
    unit_id = units.get(unit_code.lower()) if unit_code else None
    if unit_code and unit_id is None:
        report.add(row.number, "unit", f"none of our units has the code {unit_code!r}")
    ects = report.cell(row, "ects_planned", parse_decimal, required=False)
    if ects is not None and not Decimal(0) <= ects <= Decimal(120):
        report.add(row.number, "ects_planned", "must be between 0 and 120")
    email = report.cell(row, "email", parse_text, required=False) or ""
    if email and "@" not in email:
        report.add(row.number, "email", f"{email!r} is not an e-mail address")
    values: dict[str, Any] = {
        "email": email.lower(),
        "birth_date": report.cell(row, "birth_date", parse_date, required=False),
        "nationality": report.cell(row, "nationality", _country, required=False) or "",
        "global_id": report.cell(row, "global_id", parse_text, required=False) or "",
        # Blank leaves a nomination we already hold as it is.
        "fewer_opportunities": report.cell(row, "fewer_opportunities", parse_bool, required=False),
        "mobility_type": report.cell(row, "mobility_type", _choice(list(MobilityType.values)), required=False)
        or MobilityType.STUDENT_STUDIES,
        "eqf_level": report.cell(row, "eqf_level", _identifier(validate_eqf_level), required=False),
        "isced_code": report.cell(row, "isced_code", _isced, required=False) or "",
        "language_skills": report.cell(row, "languages", _languages, required=False) or [],
        "omobility_id": report.cell(row, "omobility_id", parse_text, required=False) or "",
    }
    if len(values["omobility_id"]) > 64:
        report.add(row.number, "omobility_id", "at most 64 characters")
    if len(report.problems) > before or sender is None or not (given and family and year and start and end):
        return None
    return IncomingNomination(
        source=f"row {row.number}",
        sending_institution_id=sender.pk,
        given_names=given,
        family_name=family,
        academic_year=year,
        planned_start=start,
        planned_end=end,
        unit_id=unit_id,
        ects_planned=ects,
        **values,
    )
