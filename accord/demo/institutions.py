"""Demo institutions: ours with its faculties and departments, the shipped real partners, synthetic extras."""

from __future__ import annotations

import csv
import functools
import math
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from accord.demo import vocabulary as vocab
from accord.engines.identifiers import normalise_erasmus_code
from accord.institutions.models import Contact, Institution, InstitutionDomain, OrganisationalUnit
from accord.institutions.normalise import normalise_name

if TYPE_CHECKING:
    from accord.demo.generator import Context


@dataclass(frozen=True)
class Partner:
    id: int
    name: str
    country: str
    domain: str
    charter: bool
    real: bool
    contact_id: int | None


@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    faculty_code: str
    isced: tuple[str, ...]


@dataclass
class Campus:
    """What the agreement and mobility generators need to know about the institutions just written."""

    home_id: int
    units: list[Unit]
    faculty_ids: dict[str, int]
    partners: list[Partner]


def sample_rows() -> list[dict[str, str]]:
    text = resources.files("accord.demo").joinpath("data", "partners.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@functools.cache
def _zones() -> dict[str, list[tuple[str, float, float]]]:
    text = (
        resources.files("accord.reference")
        .joinpath("data", "iana_tz_zones_by_country.csv")
        .read_text(encoding="utf-8")
    )
    zones: dict[str, list[tuple[str, float, float]]] = {}
    for row in csv.DictReader(text.splitlines()):
        zones.setdefault(row["country_code"], []).append(
            (row["tz"], float(row["latitude"]), float(row["longitude"]))
        )
    return zones


def nearest_zone(country: str, lat: float | None, lng: float | None) -> str:
    """The country's time zone whose principal city is closest (countries such as the US have several)."""
    zones = _zones().get(country) or ([("Europe/Belgrade", 44.8, 20.5)] if country == "XK" else [])
    if not zones:
        return ""
    if lat is None or lng is None or len(zones) == 1:
        return zones[0][0]
    return min(zones, key=lambda z: (z[1] - lat) ** 2 + ((z[2] - lng) * math.cos(math.radians(lat))) ** 2)[0]


def ascii_slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch in "-")).lower()
    return kept or "x"


def _institution(ctx: Context, pk: int, name: str, country: str, **values: Any) -> dict[str, Any]:
    """An institution row; `values` overrides the empty defaults."""
    lat, lng = values.get("latitude"), values.get("longitude")
    return {
        "id": pk,
        "created_at": ctx.now,
        "updated_at": ctx.now,
        "name": name,
        "name_normalised": normalise_name(name),
        "country": country,
        "timezone": nearest_zone(country, lat, lng),
        "other_names": [],
        "abbreviation": "",
        "city": "",
        "address": "",
        "latitude": None,
        "longitude": None,
        "website": "",
        "schac_id": None,
        "erasmus_code": None,
        "erasmus_code_published": "",
        "pic": None,
        "ror_id": None,
        "is_home": False,
        **values,
    }


def build_institutions(ctx: Context, *, total: int) -> Campus:
    rng = ctx.rng
    home_id = ctx.writer.next_id(Institution)
    other_names = [
        {"lang": "fr", "name": "Université d'Accord"},
        {"lang": "nl", "name": "Universiteit van Accord"},
    ]
    rows = [_institution(ctx, home_id, **vocab.HOME, other_names=other_names, is_home=True)]
    domains = [(home_id, vocab.HOME["schac_id"]), (home_id, "student.accord.example.edu")]
    partners: list[tuple[int, str, str, str, bool, bool]] = []
    sample = sample_rows()
    for offset, row in enumerate(sample, start=1):
        pid, code, row_domains = home_id + offset, row["erasmus_code"], row["domains"].split(";")
        rows.append(
            _institution(
                ctx,
                pid,
                row["name"],
                row["country"],
                city=row["city"],
                latitude=float(row["latitude"]) if row["latitude"] else None,
                longitude=float(row["longitude"]) if row["longitude"] else None,
                website=row["website"][:300],
                schac_id=row_domains[0],
                erasmus_code=normalise_erasmus_code(code) if code else None,
                erasmus_code_published=code,
                pic=row["pic"] or None,
                ror_id=row["ror_id"] or None,
            )
        )
        domains.extend((pid, d) for d in row_domains)
        partners.append((pid, row["name"], row["country"], row_domains[0], bool(code), True))

    # Synthetic institutions live where the real ones do, in proportion, and say what they are in their name.
    cities = [
        (r["country"], r["city"], float(r["latitude"]), float(r["longitude"]))
        for r in sample
        if r["latitude"]
    ]
    for n in range(1, max(0, total - len(rows)) + 1):
        pid = home_id + len(sample) + n
        country, city, lat, lng = rng.choice(cities)
        name = f"Synthetic {rng.choice(vocab.SYNTHETIC_KINDS)} {city} {n:05d}"
        domain = f"syn{n:05d}.example.org"
        latitude, longitude = round(lat + rng.uniform(-0.2, 0.2), 5), round(lng + rng.uniform(-0.2, 0.2), 5)
        rows.append(
            _institution(
                ctx,
                pid,
                name,
                country,
                city=city,
                latitude=latitude,
                longitude=longitude,
                website=f"https://{domain}",
                schac_id=domain,
            )
        )
        domains.append((pid, domain))
        partners.append((pid, name, country, domain, False, False))

    with ctx.progress("Institutions", len(rows)) as bar:
        for start in range(0, len(rows), 5000):
            bar.update(ctx.writer.write_dicts(Institution, rows[start : start + 5000]))
    ctx.count("institutions", len(rows))
    ctx.writer.write(InstitutionDomain, ("institution_id", "domain"), domains)

    units, faculty_ids = _build_units(ctx, home_id)
    contacts = _build_contacts(ctx, home_id, faculty_ids, partners)
    return Campus(
        home_id=home_id,
        units=units,
        faculty_ids=faculty_ids,
        partners=[
            Partner(pid, name, c, d, ch, real, contacts.get(pid)) for pid, name, c, d, ch, real in partners
        ],
    )


def _build_units(ctx: Context, home_id: int) -> tuple[list[Unit], dict[str, int]]:
    now = ctx.now
    next_id = ctx.writer.next_id(OrganisationalUnit)
    rows: list[tuple[Any, ...]] = []
    units: list[Unit] = []
    faculty_ids: dict[str, int] = {}
    for faculty in vocab.FACULTIES:
        faculty_ids[faculty.code] = next_id
        rows.append((next_id, now, now, home_id, None, faculty.name, faculty.code, faculty.code))
        units.append(Unit(next_id, faculty.code, faculty.code, faculty.isced))
        parent = next_id
        next_id += 1
        for dept in faculty.departments:
            rows.append((next_id, now, now, home_id, parent, dept.name, dept.code, ""))
            units.append(Unit(next_id, dept.code, faculty.code, dept.isced))
            next_id += 1
    code, name = vocab.OFFICE
    faculty_ids[code] = next_id
    rows.append((next_id, now, now, home_id, None, name, code, code))
    fields = ("id", "created_at", "updated_at", "institution_id", "parent_id", "name", "code", "abbreviation")
    ctx.writer.write(OrganisationalUnit, fields, rows)
    ctx.count("units", len(rows))
    return units, faculty_ids


def _person_name(ctx: Context) -> tuple[str, str]:
    return ctx.rng.choice(vocab.GIVEN_NAMES), ctx.rng.choice(vocab.FAMILY_NAMES)


def _build_contacts(
    ctx: Context,
    home_id: int,
    faculty_ids: dict[str, int],
    partners: list[tuple[int, str, str, str, bool, bool]],
) -> dict[int, int]:
    """Our Erasmus coordinators (one per faculty, three in the office) and a contact at each real partner."""
    rng, now = ctx.rng, ctx.now
    next_id = ctx.writer.next_id(Contact)
    rows: list[tuple[Any, ...]] = []
    home_units = [
        *((fid, "Faculty Erasmus+ coordinator") for code, fid in faculty_ids.items() if code != "IRO")
    ]
    home_units += [(faculty_ids["IRO"], role) for role in vocab.STAFF_ROLES[:3]]
    for unit_id, role in home_units:
        given, family = _person_name(ctx)
        email = f"{ascii_slug(given)}.{ascii_slug(family)}@accord.example.edu"
        phone = f"+322{rng.randrange(10**6, 10**7)}"
        rows.append((next_id, now, now, home_id, unit_id, f"{given} {family}", role, email, phone))
        next_id += 1
    by_partner: dict[int, int] = {}
    for pid, _name, _country, domain, _charter, real in partners:
        if not real:
            continue
        given, family = _person_name(ctx)
        email = f"{ascii_slug(given)}.{ascii_slug(family)}@{domain}"
        rows.append(
            (next_id, now, now, pid, None, f"{given} {family}", rng.choice(vocab.STAFF_ROLES), email, "")
        )
        by_partner[pid] = next_id
        next_id += 1
    fields = ("id", "created_at", "updated_at", "institution_id", "unit_id", "name", "role", "email", "phone")
    ctx.writer.write(Contact, fields, rows)
    ctx.count("contacts", len(rows))
    return by_partner
