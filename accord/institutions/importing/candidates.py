"""A row of a file made into a candidate institution, or rejected with the reason; dubious values noted."""

import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from accord.engines.identifiers import (
    IdentifierError,
    normalise_erasmus_code,
    normalise_pic,
    normalise_ror_id,
    normalise_schac_id,
)
from accord.institutions.importing.formats import web_host
from accord.institutions.importing.report import ImportReport, ReportLine
from accord.institutions.normalise import normalise_name
from accord.reference.vocab import countries

EU_TO_ISO = {"EL": "GR", "UK": "GB"}
_validate_url = URLValidator(schemes=["http", "https"])


class RowRejected(Exception):
    pass


@dataclass
class Candidate:
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


def candidate_from(number: int, values: dict[str, Any], report: ImportReport) -> Candidate:
    name = _clean(values.get("name"))
    if not name:
        raise RowRejected("the name is empty")
    if len(name) > 300:
        raise RowRejected("the name is longer than 300 characters")
    raw_country = _clean(values.get("country_code")).upper()
    country = EU_TO_ISO.get(raw_country, raw_country)
    if country not in countries():
        raise RowRejected(
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
                raise RowRejected(str(exc)) from exc
    city = _clean(values.get("city"))
    if len(city) > 120:
        raise RowRejected("the city is longer than 120 characters")
    street, postal = _clean(values.get("street")), _clean(values.get("postal_code"))
    address = "\n".join(part for part in (street, f"{postal} {city}".strip() if street else "") if part)
    candidate = Candidate(
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
    for domain in [*domains, web_host(candidate.website)]:
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
