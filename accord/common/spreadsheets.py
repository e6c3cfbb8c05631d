"""Reading and writing the spreadsheets offices exchange: CSV (`,` `;` or tab, with or without a BOM), XLSX.

Imports follow one pattern: `read_table` -> parse every cell with `ImportReport.cell` (which records each
problem with its row and column instead of stopping at the first) -> write only when `report.ok`.
Row numbers are the ones the user sees in their spreadsheet program (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import secrets
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

from accord.common.downloads import download
from accord.common.errors import DomainError, ErrorCode

T = TypeVar("T")

MAX_ROWS = 50_000
_HEADER_KEY = re.compile(r"[\s\-/]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Excel's day zero (with its 1900 leap-year bug, serials from 61 on count from 1899-12-30).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers of 1 January 1950 and 31 December 2200: anything else is not meant as a date.
_SERIAL_RANGE = (18264, 109574)
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%y", "%d/%m/%y")


class CellError(ValueError):
    """A cell that cannot be read as the column expects; the message is shown to the user."""


class UnreadableFile(DomainError):
    """A file that cannot be read into rows (code `invalid_file`, on the form's `file` field).

    `row` is the spreadsheet row (or CSV line) where reading stopped, when there is one, for importers that
    word the problem themselves; it stays out of `extra`, so the API's error bodies do not change.
    """

    def __init__(self, message: str, *, row: int | None = None) -> None:
        super().__init__(ErrorCode.INVALID_FILE, message, field="file")
        self.row = row


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, Any]

    def get(self, column: str) -> Any:
        return self.values.get(column)


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[Row]


@dataclass(frozen=True)
class ImportProblem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class ImportReport:
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, row: int | None, column: str, message: str) -> None:
        self.problems.append(ImportProblem(row, column, message))

    def cell(self, row: Row, column: str, parser: Callable[[Any], T], *, required: bool = True) -> T | None:
        """The parsed cell, or None (with the problem recorded when the cell is required or unreadable)."""
        value = row.get(column)
        if is_blank(value):
            if required:
                self.add(row.number, column, "is required")
            return None
        try:
            return parser(value)
        except CellError as error:
            self.add(row.number, column, str(error))
            return None

    def as_dicts(self) -> list[dict[str, Any]]:
        return [{"row": p.row, "column": p.column, "message": p.message} for p in self.problems]


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_key(value: Any) -> str:
    return _HEADER_KEY.sub("_", str(value or "").strip().lower()).strip("_")


# Reading --------------------------------------------------------------------------------------------


def read_table(content: bytes, filename: str) -> Table:
    """The rows of the first sheet of an XLSX, or of a CSV, keyed by normalised header; blank rows skipped."""
    return _table(_raw_rows(content, filename, max_rows=MAX_ROWS))


def read_rows(content: bytes, filename: str) -> Iterable[tuple[int, list[Any]]]:
    """Every row of the first sheet of an XLSX, or of a CSV, as it stands: (number, values), header included.

    For importers of lists published elsewhere, which find their own header, keep cell values to the letter
    (no trimming, no control-character check) and set their own size limit; `read_table` is for the rest.
    """
    return _raw_rows(content, filename, max_rows=None)


def _raw_rows(content: bytes, filename: str, *, max_rows: int | None) -> Iterable[tuple[int, list[Any]]]:
    name = filename.lower()
    if name.endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        return _xlsx_rows(content, max_rows=max_rows)
    if name.endswith((".csv", ".txt")):
        return _csv_rows(content)
    raise UnreadableFile("Upload a .csv or .xlsx file.")


def _table(raw: Iterable[tuple[int, list[Any]]]) -> Table:
    headers: list[str] | None = None
    rows: list[Row] = []
    for number, values in raw:
        if headers is None:
            if all(is_blank(v) for v in values):
                continue
            headers = [header_key(v) for v in values]
            duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
            if duplicated:
                raise DomainError(
                    ErrorCode.INVALID_FILE,
                    f"Row {number}: the column(s) {', '.join(duplicated)} appear twice.",
                    field="file",
                )
            continue
        if all(is_blank(v) for v in values):
            continue
        extra = [v for v in values[len(headers) :] if not is_blank(v)]
        if extra:
            raise DomainError(
                ErrorCode.INVALID_FILE,
                f"Row {number} has {len(values)} values but the header has {len(headers)} columns.",
                field="file",
            )
        cells = {}
        for key, value in zip(headers, values, strict=False):
            if key:
                cells[key] = _clean_cell(number, key, value)
        rows.append(Row(number, cells))
        if len(rows) > MAX_ROWS:
            raise DomainError(
                ErrorCode.INVALID_FILE, f"The file has more than {MAX_ROWS:,} rows.", field="file"
            )
    if headers is None:
        raise DomainError(ErrorCode.INVALID_FILE, "The file is empty: no header row was found.", field="file")
    return Table([h for h in headers if h], rows)


def _clean_cell(number: int, key: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\u00a0", " ").strip()
        if _CONTROL.search(value):
            raise DomainError(
                ErrorCode.INVALID_FILE,
                f"Row {number}, {key}: the cell contains control characters.",
                field="file",
            )
    return value


def _csv_rows(content: bytes) -> Iterable[tuple[int, list[Any]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows still saves "CSV" in its ANSI code page; cp1252 decodes every byte.
        text = content.decode("cp1252", errors="replace")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for values in reader:
            rows.append((reader.line_num, list(values)))
    except csv.Error as exc:
        line = max(reader.line_num, 1)
        raise UnreadableFile(f"Line {line}: the CSV cannot be read ({exc}).", row=line) from exc
    return rows


def _xlsx_rows(content: bytes, *, max_rows: int | None) -> Iterable[tuple[int, list[Any]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise UnreadableFile("This is not a readable XLSX workbook.") from exc
        try:
            rows = []
            for number, cells in enumerate(workbook.worksheets[0].iter_rows(), start=1):
                values = []
                for cell in cells:
                    if cell.data_type == "e":
                        where = f"{getattr(cell, 'column_letter', '?')}{number}"
                        raise UnreadableFile(f"Cell {where} holds the error {cell.value}.", row=number)
                    values.append(cell.value)
                rows.append((number, values))
                # Refused rather than cut short: blank rows in between must not hide rows past the limit.
                if max_rows is not None and number > max_rows + 1:
                    raise UnreadableFile(f"The file has more than {max_rows:,} rows.")
            return rows
        finally:
            workbook.close()


# Cells ----------------------------------------------------------------------------------------------


def parse_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code Excel turned into a number
    if isinstance(value, dt.datetime | dt.date):
        raise CellError(f"holds a date ({value:%Y-%m-%d}) where text is expected")
    return str(value).strip()


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError("holds TRUE/FALSE where a whole number is expected")
    if isinstance(value, int):
        return value
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise CellError(f"{value!r} is not a whole number")
    return int(number)


def parse_decimal(value: Any) -> Decimal:
    """Numbers as offices type them: `12.5`, `12,5`, `1 234,5`, `1.234,5`, `1,234.5`."""
    if isinstance(value, bool):
        raise CellError("holds TRUE/FALSE where a number is expected")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    if "," in text and "." in text:
        # Whichever separator comes last is the decimal one.
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    elif "," in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise CellError(f"{value!r} is not a number") from exc
    if not number.is_finite():
        raise CellError(f"{value!r} is not a number")
    return number


def parse_date(value: Any) -> dt.date:
    """Dates as they arrive: real date cells, Excel serial numbers, ISO and day-first European forms."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value), value)
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        return _from_serial(float(text), value)
    text = text.split("T")[0].split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(f"{value!r} is not a date; use YYYY-MM-DD or DD.MM.YYYY")


def _from_serial(serial: float, original: Any) -> dt.date:
    if not (_SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]) or not serial.is_integer():
        raise CellError(f"{original!r} is not a date; use YYYY-MM-DD or DD.MM.YYYY")
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "yes", "y", "true", "x", "ja", "oui", "si", "sí", "tak"}:
        return True
    if text in {"0", "no", "n", "false", "nein", "non", "nie"}:
        return False
    raise CellError(f"{value!r} is not yes or no")


# Writing --------------------------------------------------------------------------------------------


def _cell_out(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return value


def _csv_safe(value: Any) -> Any:
    # A cell starting with = + - @ is a formula to a spreadsheet program: never let exported data run as one.
    if (
        isinstance(value, str)
        and value[:1] in {"=", "+", "-", "@"}
        and not re.fullmatch(r"-?\d[\d.,]*", value)
    ):
        return "'" + value
    return value


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_safe(_cell_out(v)) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Data",
    notes: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A workbook: the data on its first sheet and, with `notes`, a second sheet explaining each column."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_csv_safe(_cell_out(v)) for v in row])
    sheet.freeze_panes = "A2"
    if notes:
        about = workbook.create_sheet("Columns")
        about.append(["Column", "What to put in it"])
        for cell in about[1]:
            cell.font = Font(bold=True)
        for column, text in notes:
            about.append([column, text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    return download(csv_bytes(headers, rows), filename, "text/csv; charset=utf-8")


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], **kwargs: Any
) -> HttpResponse:
    return download(
        xlsx_bytes(headers, rows, **kwargs),
        filename,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# Upload -> preview -> confirm --------------------------------------------------------------------

_STAGE_KEY = "accord_staged_uploads"
_STAGE_LIMIT = 3


def stage_upload(request: HttpRequest, content: bytes, filename: str) -> str:
    """Keep an upload in the user's session between the preview and the confirmation; returns its key."""
    import base64

    staged = dict(request.session.get(_STAGE_KEY, {}))
    while len(staged) >= _STAGE_LIMIT:
        staged.pop(next(iter(staged)))
    key = secrets.token_urlsafe(12)
    staged[key] = {"name": filename, "content": base64.b64encode(content).decode("ascii")}
    request.session[_STAGE_KEY] = staged
    return key


def staged_upload(request: HttpRequest, key: str, *, consume: bool = False) -> tuple[bytes, str]:
    import base64

    staged = dict(request.session.get(_STAGE_KEY, {}))
    entry = staged.get(key)
    if entry is None:
        raise DomainError(
            ErrorCode.UPLOAD_EXPIRED, "That upload is no longer available; upload the file again."
        )
    if consume:
        staged.pop(key)
        request.session[_STAGE_KEY] = staged
    return base64.b64decode(entry["content"]), entry["name"]
