"""Matching candidates to institutions against in-memory indexes, filling what is empty, writing in bulk."""

import csv
import functools
import math
from collections import defaultdict
from importlib import resources

from django.db import IntegrityError
from django.utils import timezone

from accord.common.errors import DomainError, ErrorCode
from accord.institutions.importing.candidates import Candidate, RowRejected
from accord.institutions.importing.formats import web_host
from accord.institutions.importing.report import ImportReport, ReportLine
from accord.institutions.models import Institution, InstitutionDomain
from accord.reference.vocab import timezones_by_country

IDENTIFIERS = ("ror_id", "erasmus_code", "pic", "schac_id")
IDENTIFIER_LABELS = {"ror_id": "ROR id", "erasmus_code": "Erasmus code", "pic": "PIC", "schac_id": "SCHAC id"}
FILLABLE = ("city", "address", "website", "abbreviation")


def domains_shared_by_different_names(candidates: list[Candidate]) -> set[str]:
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


class Entry:
    """An institution as the import sees it: existing or to be created, and what this import changes."""

    def __init__(self, institution: Institution, domains: set[str], *, is_new: bool):
        self.institution = institution
        self.domains = domains
        self.is_new = is_new
        self.changed: set[str] = set()
        self.new_domains: list[str] = []


class ImportPlan:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.by_identifier: dict[str, dict[str, Entry]] = {key: {} for key in IDENTIFIERS}
        self.by_domain: dict[str, list[Entry]] = defaultdict(list)
        self.by_name: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        self.ambiguous_domains: set[str] = set()

    @classmethod
    def load(cls) -> "ImportPlan":
        plan = cls()
        domains: dict[int, set[str]] = defaultdict(set)
        for institution_id, domain in InstitutionDomain.objects.values_list("institution_id", "domain"):
            domains[institution_id].add(domain)
        for institution in Institution.objects.all():
            plan._index(Entry(institution, domains[institution.pk], is_new=False))
        return plan

    def _index(self, entry: Entry) -> None:
        self.entries.append(entry)
        institution = entry.institution
        for key in IDENTIFIERS:
            value = getattr(institution, key)
            if value:
                self.by_identifier[key][value] = entry
        for domain in entry.domains | {institution.schac_id or "", web_host(institution.website)} - {""}:
            self._index_domain(entry, domain)
        self.by_name[(institution.name_normalised, institution.country)].append(entry)

    def _index_domain(self, entry: Entry, domain: str) -> None:
        if entry not in self.by_domain[domain]:
            self.by_domain[domain].append(entry)

    @staticmethod
    def _compatible(entry: Entry, candidate: Candidate) -> bool:
        return entry.institution.country == candidate.country and all(
            not getattr(entry.institution, key) or getattr(entry.institution, key) == value
            for key, value in candidate.identifiers.items()
        )

    def match(self, candidate: Candidate) -> Entry | None:
        hits = {key: self.by_identifier[key].get(value) for key, value in candidate.identifiers.items()}
        found = {id(entry): (key, entry) for key, entry in hits.items() if entry is not None}
        if len(found) > 1:
            described = ", ".join(
                f"its {IDENTIFIER_LABELS[key]} belongs to {e.institution.name}" for key, e in found.values()
            )
            raise RowRejected(f"identifiers of different institutions: {described}")
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
            raise RowRejected(f"the name matches several institutions in {candidate.country}: {names}")
        return by_name[0] if by_name else None

    def apply(self, candidate: Candidate, report: ImportReport) -> None:
        try:
            entry = self.match(candidate)
        except RowRejected as exc:
            report.rejected.append(ReportLine(candidate.row, str(exc)))
            return
        if entry is None:
            institution = Institution(
                name=candidate.name,
                name_normalised=candidate.name_normalised,
                country=candidate.country,
            )
            entry = Entry(institution, set(), is_new=True)
            self._index(entry)
            self._fill(entry, candidate, report)
            report.created += 1
        elif self._fill(entry, candidate, report):
            report.updated += 1
        else:
            report.unchanged += 1

    def _fill(self, entry: Entry, candidate: Candidate, report: ImportReport) -> bool:
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
                ErrorCode.CONFLICT,
                "Institutions changed while the file was being imported; nothing was written. Try again.",
            ) from exc
