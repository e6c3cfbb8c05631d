"""Reading a file into rows: the format told by the extension and the columns, or a malformed-file error.

The formats, the rule for a malformed file and the rest of the importer's rules: `services.py`.
"""

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from accord.common import spreadsheets
from accord.common.errors import DomainError, ErrorCode
from accord.common.spreadsheets import is_blank

FORMAT_LABELS = {
    "hipo": "world universities list (Hipo JSON)",
    "ror": "ROR organisations (CSV)",
    "eche": "Erasmus charter holders (ECHE)",
}
# Column names as found in the files, reduced to one vocabulary: the Commission's sheet headers and the
# CSV's renamed headers both land on the same key.
COLUMN_ALIASES = {
    "legal_name": "name",
    "post_cd": "postal_code",
    "country_cd": "country_code",
    "website_url": "website",
    "lat": "latitude",
    "lng": "longitude",
}
REQUIRED_COLUMNS = {
    "ror": ("ror_id", "name", "country_code"),
    "eche": ("erasmus_code", "pic", "name", "country_code"),
}
_TEXT_COLUMNS = {
    "ror_id",
    "name",
    "country_code",
    "city",
    "domains",
    "website",
    "acronyms",
    "erasmus_code",
    "pic",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HEADER_KEY = re.compile(r"[^a-z0-9]+")


# Reading: file -> (format, [(row number, {column: value})]) or a malformed_file error ----------------------


def malformed(row: int | None, problem: str, *, unit: str | None = "row") -> DomainError:
    where = f"{unit} {row}: " if row is not None and unit else ""
    return DomainError(
        ErrorCode.MALFORMED_FILE,
        f"The file was not imported: {where}{problem}",
        extra={"row": row, "problem": problem},
    )


def read_rows(path: Path) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    suffix = path.suffix.lower()
    if suffix not in {".json", ".csv", ".xlsx"}:
        raise malformed(None, f"unknown file type {path.suffix!r}; expected .json, .csv or .xlsx")
    content = path.read_bytes()
    if suffix == ".json":
        return "hipo", _read_hipo(_utf8(content))
    if suffix == ".csv":
        # The lists are published in UTF-8. Other text is refused rather than read as Windows-1252 like the
        # other imports do, which would misspell the names of a file saved in any other code page.
        _utf8(content)
    try:
        rows = spreadsheets.read_rows(content, path.name)
    except spreadsheets.UnreadableFile as exc:
        # The shared reader's messages name their line or cell themselves; lower-cased, they end our sentence.
        problem = exc.message[:1].lower() + exc.message[1:].rstrip(".")
        raise malformed(exc.row, problem, unit=None) from exc
    # Spreadsheet rows may stop at their last filled cell; CSV rows must have every column.
    return _read_table(rows, ragged_ok=suffix == ".xlsx")


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise malformed(line, "the text is not UTF-8; save it as 'CSV UTF-8'", unit="line") from exc


def _read_hipo(text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as exc:
        raise malformed(exc.lineno, f"invalid JSON at column {exc.colno}: {exc.msg}", unit="line") from exc
    if not isinstance(entries, list):
        raise malformed(None, "the JSON must be a list of universities")
    rows = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise malformed(number, "is not an object with a name and a country", unit="entry")
        for key, kind in (("name", str), ("alpha_two_code", str), ("domains", list), ("web_pages", list)):
            if not isinstance(entry.get(key), kind):
                raise malformed(number, f"{key!r} is missing or not a {kind.__name__}", unit="entry")
        for key in ("domains", "web_pages"):
            if not all(isinstance(item, str) for item in entry[key]):
                raise malformed(number, f"{key!r} must list strings", unit="entry")
        for text in (entry["name"], entry["alpha_two_code"], *entry["domains"], *entry["web_pages"]):
            if _CONTROL.search(text):
                raise malformed(number, "contains control characters", unit="entry")
        web_pages = entry["web_pages"]
        values = {
            "name": entry["name"],
            "country_code": entry["alpha_two_code"],
            "website": web_pages[0] if web_pages else "",
            "domains": list(entry["domains"]) + [h for h in (web_host(w) for w in web_pages) if h],
        }
        rows.append((number, values))
    return rows


def _header_key(value: Any) -> str:
    key = _HEADER_KEY.sub("_", str(value or "").strip().lower()).strip("_")
    return COLUMN_ALIASES.get(key, key)


def _read_table(
    rows: Iterable[tuple[int, list[Any]]], *, ragged_ok: bool
) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    header: list[str] | None = None
    fmt = ""
    result: list[tuple[int, dict[str, Any]]] = []
    for number, values in rows:
        if header is None:
            keys = [_header_key(v) for v in values]
            if "ror_id" in keys:
                fmt = "ror"
            elif "erasmus_code" in keys:
                fmt = "eche"
            elif any(v not in (None, "") for v in values) or number > 10:
                raise malformed(
                    number,
                    "the header names neither a ROR list (ror_id, name, country_code) nor an Erasmus charter "
                    "list (erasmus_code, pic, legal_name, country_code)",
                )
            if fmt:
                missing = [c for c in REQUIRED_COLUMNS[fmt] if c not in keys]
                if missing:
                    raise malformed(number, f"required column(s) missing: {', '.join(missing)}")
                header = keys
            continue
        if all(is_blank(v) for v in values):
            continue
        too_short = len(values) < len(header) and not ragged_ok
        if too_short or any(v not in (None, "") for v in values[len(header) :]):
            raise malformed(number, f"has {len(values)} values but the header has {len(header)} columns")
        cells = {key: _cell_text(number, key, value) for key, value in zip(header, values, strict=False)}
        result.append((number, cells))
    if header is None:
        raise malformed(None, "the file is empty: no header row was found")
    return fmt, result


def _cell_text(number: int, key: str, value: Any) -> str:
    """A cell as text: Excel's turning of codes into numbers is undone; a date in a text column is refused."""
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        if key in _TEXT_COLUMNS:
            raise malformed(number, f"column {key!r} holds a date ({value}) where text is expected")
        return value.isoformat()
    if isinstance(value, bool):
        raise malformed(number, f"column {key!r} holds TRUE/FALSE where text is expected")
    if isinstance(value, float) and value.is_integer() and key not in {"latitude", "longitude"}:
        return str(int(value))
    text = str(value)
    if _CONTROL.search(text):
        raise malformed(number, f"column {key!r} contains control characters")
    return text


def web_host(url: str) -> str:
    text = url.strip()
    if not text:
        return ""
    try:
        host = urlsplit(text if "://" in text else f"https://{text}").hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")
