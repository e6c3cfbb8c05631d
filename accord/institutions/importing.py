"""Import institutions from the open lists international offices use.

Formats, recognised from the file's extension and its columns:
- the Hipo "world universities and domains" JSON (name, alpha_two_code, domains, web_pages);
- the ROR CSV (ror_id, name, country_code, city, lat, lng, website, domains, acronyms);
- the Erasmus charter (ECHE) list as CSV or as the Commission's XLSX (erasmus_code, pic, legal_name, street,
  postal_code, city, country_code, website). The ECHE list uses EU country codes: EL is read as GR, UK as GB,
  XK (Kosovo) is kept.

The rule for bad input:
- A *malformed file* writes nothing: undecodable text, invalid JSON, an entry that is not a university object,
  missing required columns, a CSV row with more or fewer cells than the header, a spreadsheet cell holding an
  error value (#REF!, #N/A...), a date where text belongs, or control characters. `import_institutions` raises
  `DomainError("malformed_file")` whose message and `extra` name the row (or JSON line) and the problem.
- A *rejected row* is well formed but unusable: no name, an unknown country, an invalid identifier (a bad ROR
  check digit, an 8-digit PIC...), or identifiers that point at two different institutions. Rejected rows are
  listed in the report with their row number and reason; every other row is imported.
- Values that are merely dubious (a website that is an e-mail address, an invalid domain) are left out and
  mentioned in the report's notes; the row itself is imported.

Matching, in order: an identifier (ROR id, canonical Erasmus code, PIC, SCHAC id); then a web domain (the
website's host without "www.", Hipo's domains, an existing SCHAC id) in the same country; then the normalised
name in the same country. A record whose identifier of some kind differs from the row's is never matched by
domain or name: two Erasmus codes mean two institutions. A domain that rows with different names share within
one file (a hosting platform, a shared campus site) is not used for matching. Rows of one file that match each
other are merged into one institution.

Updating only fills what is empty: a name, website or identifier the office entered is never replaced by a
different value (a differing identifier is mentioned in the notes). Domains are only ever added. The time
zone is filled when the country has one zone, or from the coordinates (the nearest zone of that country).
Running the same file twice therefore changes nothing the second time.

Writing: everything is planned in memory against indexes of the existing records, then written with bulk
queries in one transaction, so an error part-way writes nothing. The import records ONE audit event,
"institutions.imported" targeting the importing user, with the file name and the counts, rather than one
event per institution: a 10,000-row list would otherwise bury every other change in the audit log, and the
file itself is the record of what was imported.

The importing user must be allowed to edit institutions; the command line passes the user it acts for.
"""

import csv
import datetime as dt
import functools
import json
import math
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.common import audit, spreadsheets
from accord.common.errors import DomainError
from accord.common.spreadsheets import is_blank
from accord.engines.identifiers import (
    IdentifierError,
    normalise_erasmus_code,
    normalise_pic,
    normalise_ror_id,
    normalise_schac_id,
)
from accord.institutions.models import Institution, InstitutionDomain
from accord.institutions.normalise import normalise_name
from accord.institutions.permissions import can_edit_institution
from accord.reference.vocab import countries, timezones_by_country

Progress = Callable[[int, int], None]

IDENTIFIERS = ("ror_id", "erasmus_code", "pic", "schac_id")
IDENTIFIER_LABELS = {"ror_id": "ROR id", "erasmus_code": "Erasmus code", "pic": "PIC", "schac_id": "SCHAC id"}
FILLABLE = ("city", "address", "website", "abbreviation")
EU_TO_ISO = {"EL": "GR", "UK": "GB"}
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
_validate_url = URLValidator(schemes=["http", "https"])


@dataclass
class ReportLine:
    row: int
    message: str


@dataclass
class ImportReport:
    file_name: str
    format: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[ReportLine] = field(default_factory=list)
    notes: list[ReportLine] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }


def format_report(report: ImportReport, *, limit: int | None = None) -> str:
    """The report as plain text for the command line; `limit` caps each list of rows."""
    c = report.counts
    lines = [
        f"{'Dry run: nothing was written. ' if report.dry_run else ''}"
        f"{report.file_name} ({FORMAT_LABELS.get(report.format, report.format)}), {report.seconds:.1f} s",
        f"{c['rows']} rows: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged, "
        f"{c['rejected']} rejected",
    ]
    for title, entries in (("Rejected rows", report.rejected), ("Notes", report.notes)):
        if entries:
            lines.append(f"{title}:")
            shown = entries if limit is None else entries[:limit]
            lines.extend(f"  row {e.row}: {e.message}" for e in shown)
            if len(shown) < len(entries):
                lines.append(f"  … and {len(entries) - len(shown)} more")
    return "\n".join(lines)


def import_institutions(
    path: Path, *, actor: Any, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    if not can_edit_institution(actor):
        raise DomainError(
            "permission_denied", "Only international officers and administrators import institutions."
        )
    started = time.monotonic()
    path = Path(path)
    fmt, raw_rows = read_rows(path)
    report = ImportReport(file_name=path.name, format=fmt, dry_run=dry_run, rows=len(raw_rows))
    candidates = []
    for number, values in raw_rows:
        try:
            candidates.append(_candidate(number, values, report))
        except _Rejected as exc:
            report.rejected.append(ReportLine(number, str(exc)))
    with transaction.atomic():
        plan = _Plan.load()
        plan.ambiguous_domains = _domains_shared_by_different_names(candidates)
        for done, candidate in enumerate(candidates, start=1):
            plan.apply(candidate, report)
            if progress and done % 500 == 0:
                progress(done, len(candidates))
        if not dry_run:
            plan.write()
            audit.record(
                actor=actor,
                action="institutions.imported",
                target=actor,
                data={"file": path.name, "format": fmt, **report.counts},
            )
    if progress:
        progress(len(candidates), len(candidates))
    report.seconds = time.monotonic() - started
    return report


# Reading: file -> (format, [(row number, {column: value})]) or a malformed_file error ----------------------


def malformed(row: int | None, problem: str, *, unit: str | None = "row") -> DomainError:
    where = f"{unit} {row}: " if row is not None and unit else ""
    return DomainError(
        "malformed_file",
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
            "domains": list(entry["domains"]) + [h for h in (_host(w) for w in web_pages) if h],
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


# Rows -> candidates (or rejections) ------------------------------------------------------------


class _Rejected(Exception):
    pass


@dataclass
class _Candidate:
    row: int
    name: str
    name_normalised: str
    country: str
    identifiers: dict[str, str]
    erasmus_code_published: str = ""
    city: str = ""
    address: str = ""
    website: str = ""
    abbreviation: str = ""
    latitude: float | None = None
    longitude: float | None = None
    domains: list[str] = field(default_factory=list)


def _clean(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value or "").replace("\u00a0", " ")).strip()


def _candidate(number: int, values: dict[str, Any], report: ImportReport) -> _Candidate:
    name = _clean(values.get("name"))
    if not name:
        raise _Rejected("the name is empty")
    if len(name) > 300:
        raise _Rejected("the name is longer than 300 characters")
    raw_country = _clean(values.get("country_code")).upper()
    country = EU_TO_ISO.get(raw_country, raw_country)
    if country not in countries():
        raise _Rejected(
            f"unknown country code {raw_country!r}" if raw_country else "the country code is empty"
        )
    identifiers: dict[str, str] = {}
    for key, normaliser in (
        ("ror_id", normalise_ror_id),
        ("erasmus_code", normalise_erasmus_code),
        ("pic", normalise_pic),
    ):
        raw = str(values.get(key) or "").strip()
        if raw:
            try:
                identifiers[key] = normaliser(raw)
            except IdentifierError as exc:
                raise _Rejected(str(exc)) from exc
    city = _clean(values.get("city"))
    if len(city) > 120:
        raise _Rejected("the city is longer than 120 characters")
    street, postal = _clean(values.get("street")), _clean(values.get("postal_code"))
    address = "\n".join(part for part in (street, f"{postal} {city}".strip() if street else "") if part)
    candidate = _Candidate(
        row=number,
        name=name,
        name_normalised=normalise_name(name),
        country=country,
        identifiers=identifiers,
        erasmus_code_published=str(values.get("erasmus_code") or "").strip()[:30],
        city=city,
        address=address,
        abbreviation=next(
            (a.strip() for a in str(values.get("acronyms") or "").split(";") if 0 < len(a.strip()) <= 50), ""
        ),
    )
    candidate.website = _website(values.get("website"), number, report)
    candidate.latitude, candidate.longitude = _coordinates(values, number, report)
    domains = values.get("domains") or []
    if isinstance(domains, str):
        domains = domains.split(";")
    for domain in [*domains, _host(candidate.website)]:
        text = domain.strip().lower().removeprefix("www.")
        if not text:
            continue
        try:
            # Internationalised names are stored in their ASCII (punycode) form, as DNS and SCHAC use them.
            text = normalise_schac_id(text if text.isascii() else text.encode("idna").decode("ascii"))
        except (IdentifierError, UnicodeError):
            report.notes.append(ReportLine(number, f"domain {domain!r} left out: not a domain name"))
            continue
        if text not in candidate.domains:
            candidate.domains.append(text)
    return candidate


def _host(url: str) -> str:
    text = url.strip()
    if not text:
        return ""
    try:
        host = urlsplit(text if "://" in text else f"https://{text}").hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def _website(raw: Any, number: int, report: ImportReport) -> str:
    """The first web address in the cell ('www. x.es' -> 'https://www.x.es', 'a / b' -> a), not e-mails."""
    text = str(raw or "").replace("\u00a0", " ").strip()
    if not text:
        return ""
    for part in re.split(r"\s+[/;,|]\s+|\s*;\s*", text):
        candidate = re.sub(r"\s+", "", part)
        if not candidate or "@" in candidate:
            continue
        if "://" not in candidate:
            candidate = f"https://{candidate}"
        try:
            _validate_url(candidate)
        except ValidationError:
            continue
        if len(candidate) <= 300:
            return candidate
    report.notes.append(ReportLine(number, f"website {text!r} left out: not a web address"))
    return ""


def _coordinates(
    values: dict[str, Any], number: int, report: ImportReport
) -> tuple[float | None, float | None]:
    lat_text, lng_text = _clean(values.get("latitude")), _clean(values.get("longitude"))
    if not lat_text and not lng_text:
        return None, None
    try:
        lat, lng = float(lat_text.replace(",", ".")), float(lng_text.replace(",", "."))
    except ValueError:
        lat = lng = math.nan
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        report.notes.append(
            ReportLine(number, f"coordinates ({lat_text}, {lng_text}) left out: not a position")
        )
        return None, None
    return lat, lng


def _domains_shared_by_different_names(candidates: list[_Candidate]) -> set[str]:
    names: dict[str, set[str]] = defaultdict(set)
    for candidate in candidates:
        for domain in candidate.domains:
            names[domain].add(candidate.name_normalised)
    return {domain for domain, seen in names.items() if len(seen) > 1}


@functools.cache
def _zone_positions() -> dict[str, list[tuple[str, float, float]]]:
    text = (
        resources.files("accord.reference")
        .joinpath("data", "iana_tz_zones_by_country.csv")
        .read_text("utf-8")
    )
    result: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for row in csv.DictReader(text.splitlines()):
        result[row["country_code"]].append((row["tz"], float(row["latitude"]), float(row["longitude"])))
    return dict(result)


def guess_timezone(country: str, latitude: float | None, longitude: float | None) -> str:
    """The country's only zone, or the zone of that country whose principal city is nearest; else ''."""
    zones = timezones_by_country().get(country, [])
    if len(zones) == 1:
        return zones[0]
    positions = _zone_positions().get(country, [])
    if not positions or latitude is None or longitude is None:
        return ""
    scale = math.cos(math.radians(latitude))
    return min(positions, key=lambda z: (z[1] - latitude) ** 2 + ((z[2] - longitude) * scale) ** 2)[0]


# Planning against in-memory indexes, then writing in bulk ----------------------------------------


class _Entry:
    """An institution as the import sees it: existing or to be created, and what this import changes."""

    def __init__(self, institution: Institution, domains: set[str], *, is_new: bool):
        self.institution = institution
        self.domains = domains
        self.is_new = is_new
        self.changed: set[str] = set()
        self.new_domains: list[str] = []


class _Plan:
    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.by_identifier: dict[str, dict[str, _Entry]] = {key: {} for key in IDENTIFIERS}
        self.by_domain: dict[str, list[_Entry]] = defaultdict(list)
        self.by_name: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
        self.ambiguous_domains: set[str] = set()

    @classmethod
    def load(cls) -> "_Plan":
        plan = cls()
        domains: dict[int, set[str]] = defaultdict(set)
        for institution_id, domain in InstitutionDomain.objects.values_list("institution_id", "domain"):
            domains[institution_id].add(domain)
        for institution in Institution.objects.all():
            plan._index(_Entry(institution, domains[institution.pk], is_new=False))
        return plan

    def _index(self, entry: _Entry) -> None:
        self.entries.append(entry)
        institution = entry.institution
        for key in IDENTIFIERS:
            value = getattr(institution, key)
            if value:
                self.by_identifier[key][value] = entry
        for domain in entry.domains | {institution.schac_id or "", _host(institution.website)} - {""}:
            self._index_domain(entry, domain)
        self.by_name[(institution.name_normalised, institution.country)].append(entry)

    def _index_domain(self, entry: _Entry, domain: str) -> None:
        if entry not in self.by_domain[domain]:
            self.by_domain[domain].append(entry)

    @staticmethod
    def _compatible(entry: _Entry, candidate: _Candidate) -> bool:
        return entry.institution.country == candidate.country and all(
            not getattr(entry.institution, key) or getattr(entry.institution, key) == value
            for key, value in candidate.identifiers.items()
        )

    def match(self, candidate: _Candidate) -> _Entry | None:
        hits = {key: self.by_identifier[key].get(value) for key, value in candidate.identifiers.items()}
        found = {id(entry): (key, entry) for key, entry in hits.items() if entry is not None}
        if len(found) > 1:
            described = ", ".join(
                f"its {IDENTIFIER_LABELS[key]} belongs to {e.institution.name}" for key, e in found.values()
            )
            raise _Rejected(f"identifiers of different institutions: {described}")
        if found:
            return next(iter(found.values()))[1]
        by_domain = {
            id(entry): entry
            for domain in candidate.domains
            if domain not in self.ambiguous_domains
            for entry in self.by_domain.get(domain, [])
            if self._compatible(entry, candidate)
        }
        if len(by_domain) == 1:
            return next(iter(by_domain.values()))
        by_name = [
            e
            for e in self.by_name.get((candidate.name_normalised, candidate.country), [])
            if self._compatible(e, candidate)
        ]
        if len(by_name) > 1:
            names = "; ".join(f"{e.institution.name} (id {e.institution.pk})" for e in by_name[:3])
            raise _Rejected(f"the name matches several institutions in {candidate.country}: {names}")
        return by_name[0] if by_name else None

    def apply(self, candidate: _Candidate, report: ImportReport) -> None:
        try:
            entry = self.match(candidate)
        except _Rejected as exc:
            report.rejected.append(ReportLine(candidate.row, str(exc)))
            return
        if entry is None:
            institution = Institution(
                name=candidate.name,
                name_normalised=candidate.name_normalised,
                country=candidate.country,
            )
            entry = _Entry(institution, set(), is_new=True)
            self._index(entry)
            self._fill(entry, candidate, report)
            report.created += 1
        elif self._fill(entry, candidate, report):
            report.updated += 1
        else:
            report.unchanged += 1

    def _fill(self, entry: _Entry, candidate: _Candidate, report: ImportReport) -> bool:
        institution, changed = entry.institution, set()
        for key, value in candidate.identifiers.items():
            current = getattr(institution, key)
            if not current:
                setattr(institution, key, value)
                self.by_identifier[key][value] = entry
                changed.add(key)
                if key == "erasmus_code":
                    institution.erasmus_code_published = candidate.erasmus_code_published
                    changed.add("erasmus_code_published")
            elif current != value:
                report.notes.append(
                    ReportLine(
                        candidate.row,
                        f"kept {IDENTIFIER_LABELS[key]} {current} of {institution.name}; file: {value}",
                    )
                )
        for key in FILLABLE:
            value = getattr(candidate, key)
            if value and not getattr(institution, key):
                setattr(institution, key, value)
                changed.add(key)
        if candidate.latitude is not None and institution.latitude is None and institution.longitude is None:
            institution.latitude, institution.longitude = candidate.latitude, candidate.longitude
            changed |= {"latitude", "longitude"}
        if not institution.timezone:
            zone = guess_timezone(institution.country, institution.latitude, institution.longitude)
            if zone:
                institution.timezone = zone
                changed.add("timezone")
        for domain in candidate.domains:
            if domain not in entry.domains:
                entry.domains.add(domain)
                entry.new_domains.append(domain)
                self._index_domain(entry, domain)
                changed.add("domains")
        entry.changed |= changed
        return bool(changed)

    def write(self) -> None:
        created = [e.institution for e in self.entries if e.is_new]
        updated = [e for e in self.entries if not e.is_new and e.changed - {"domains"}]
        try:
            Institution.objects.bulk_create(created, batch_size=500)
            now = timezone.now()
            # One narrow UPDATE per institution: bulk_update's CASE expressions cost more than they save here.
            for entry in updated:
                values = {name: getattr(entry.institution, name) for name in entry.changed - {"domains"}}
                Institution.objects.filter(pk=entry.institution.pk).update(**values, updated_at=now)
            InstitutionDomain.objects.bulk_create(
                [
                    InstitutionDomain(institution=e.institution, domain=d)
                    for e in self.entries
                    for d in e.new_domains
                ],
                batch_size=1000,
            )
        except IntegrityError as exc:
            raise DomainError(
                "conflict",
                "Institutions changed while the file was being imported; nothing was written. Try again.",
            ) from exc
