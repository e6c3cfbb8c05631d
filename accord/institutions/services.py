"""The only writers of institutions, their units, contacts and domains."""

from dataclasses import dataclass, field, fields
from typing import Any
from zoneinfo import available_timezones

from django.db import transaction

from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.common.roles import Actor
from accord.common.services import clean_identifier, excluding, save_or_conflict
from accord.engines.identifiers import (
    normalise_erasmus_code,
    normalise_phone_e164,
    normalise_pic,
    normalise_ror_id,
    normalise_schac_id,
)
from accord.institutions.errors import InstitutionErrorCode
from accord.institutions.models import Contact, Institution, InstitutionDomain, OrganisationalUnit
from accord.institutions.normalise import normalise_name
from accord.institutions.permissions import can_edit_institution
from accord.reference.vocab import countries

IDENTIFIER_FIELDS = ("schac_id", "erasmus_code", "pic", "ror_id")
IDENTIFIER_LABELS = {"schac_id": "SCHAC id", "erasmus_code": "Erasmus code", "pic": "PIC", "ror_id": "ROR id"}


@dataclass
class InstitutionInput:
    name: str
    country: str
    other_names: list[dict[str, str]] = field(default_factory=list)
    abbreviation: str = ""
    city: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    timezone: str = ""
    website: str = ""
    schac_id: str | None = None
    erasmus_code: str | None = None
    pic: str | None = None
    ror_id: str | None = None
    is_home: bool = False
    domains: list[str] = field(default_factory=list)


def _require_writer(actor: Actor | None) -> None:
    if not can_edit_institution(actor):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "Only international officers and administrators edit institutions."
        )


def _validated(data: InstitutionInput, *, instance_id: int | None) -> dict[str, Any]:
    name = data.name.strip()
    if not name:
        raise DomainError(ErrorCode.REQUIRED, "An institution needs a name.", field="name")
    country = data.country.strip().upper()
    if country not in countries():
        raise DomainError(
            InstitutionErrorCode.INVALID_COUNTRY, f"Unknown country code {data.country!r}.", field="country"
        )
    if data.timezone and data.timezone not in available_timezones():
        raise DomainError(
            InstitutionErrorCode.INVALID_TIMEZONE, f"Unknown time zone {data.timezone!r}.", field="timezone"
        )
    for name_field, bound in (("latitude", 90), ("longitude", 180)):
        value = getattr(data, name_field)
        if value is not None and not -bound <= value <= bound:
            raise DomainError(
                ErrorCode.OUT_OF_RANGE,
                f"{name_field.title()} must be between -{bound} and {bound}.",
                field=name_field,
            )
    for entry in data.other_names:
        if not entry.get("name", "").strip() or not entry.get("lang", "").strip():
            raise DomainError(
                InstitutionErrorCode.INVALID_NAME,
                "Each name in another language needs a language and a name.",
                field="other_names",
            )
    values: dict[str, Any] = {
        "name": name,
        "other_names": [{"lang": e["lang"].strip(), "name": e["name"].strip()} for e in data.other_names],
        "name_normalised": normalise_name(name),
        "abbreviation": data.abbreviation.strip(),
        "country": country,
        "city": data.city.strip(),
        "address": data.address.strip(),
        "latitude": data.latitude,
        "longitude": data.longitude,
        "timezone": data.timezone.strip(),
        "website": data.website.strip(),
        "is_home": data.is_home,
        "schac_id": clean_identifier(normalise_schac_id, data.schac_id, field="schac_id"),
        "erasmus_code": clean_identifier(normalise_erasmus_code, data.erasmus_code, field="erasmus_code"),
        "erasmus_code_published": (data.erasmus_code or "").strip(),
        "pic": clean_identifier(normalise_pic, data.pic, field="pic"),
        "ror_id": clean_identifier(normalise_ror_id, data.ror_id, field="ror_id"),
    }
    for ident in IDENTIFIER_FIELDS:
        if values[ident] is None:
            continue
        clash = excluding(Institution.objects.filter(**{ident: values[ident]}), instance_id).first()
        if clash:
            raise DomainError(
                ErrorCode.DUPLICATE,
                f"{clash.name} already has this {IDENTIFIER_LABELS[ident]}.",
                field=ident,
                extra={"existing_id": clash.pk},
            )
    return values


def _clean_domains(domains: list[str]) -> list[str]:
    cleaned = []
    for domain in domains:
        text = (
            domain.strip()
            .lower()
            .removeprefix("https://")
            .removeprefix("http://")
            .removeprefix("www.")
            .strip("/")
        )
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def _set_domains(institution: Institution, domains: list[str]) -> None:
    wanted = _clean_domains(domains)
    institution.domains.exclude(domain__in=wanted).delete()
    existing = set(institution.domains.values_list("domain", flat=True))
    InstitutionDomain.objects.bulk_create(
        [InstitutionDomain(institution=institution, domain=d) for d in wanted if d not in existing]
    )


def institution_snapshot(institution: Institution) -> dict[str, Any]:
    data = audit.snapshot(institution)
    data.pop("name_normalised", None)
    data["domains"] = sorted(institution.domains.values_list("domain", flat=True))
    return data


@transaction.atomic
def institution_create(*, data: InstitutionInput, actor: Actor | None) -> Institution:
    _require_writer(actor)
    institution = Institution(**_validated(data, instance_id=None))
    save_or_conflict(institution, what="institution")
    _set_domains(institution, data.domains)
    audit.record_created(
        actor=actor, action="institution.created", target=institution, snapshot_of=institution_snapshot
    )
    return institution


@transaction.atomic
def institution_update(
    *, institution: Institution, data: InstitutionInput, actor: Actor | None
) -> Institution:
    _require_writer(actor)
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    with audit.record_changed(
        actor=actor, action="institution.updated", target=institution, snapshot_of=institution_snapshot
    ):
        for name, value in _validated(data, instance_id=institution.pk).items():
            setattr(institution, name, value)
        save_or_conflict(institution, what="institution")
        _set_domains(institution, data.domains)
    return institution


def institution_input_from(institution: Institution) -> InstitutionInput:
    """The current values as an input, so a partial update (API PATCH) can change a few fields."""
    values = {f.name: getattr(institution, f.name) for f in fields(InstitutionInput) if f.name != "domains"}
    values["erasmus_code"] = institution.erasmus_code_published or institution.erasmus_code
    return InstitutionInput(**values, domains=list(institution.domains.values_list("domain", flat=True)))


@transaction.atomic
def institution_delete(*, institution: Institution, actor: Actor | None) -> None:
    _require_writer(actor)
    if (
        institution.agreement_partners.exists()
        or institution.mobilities_sent.exists()
        or institution.mobilities_hosted.exists()
    ):
        raise DomainError(
            ErrorCode.IN_USE, "This institution has agreements or mobilities; it cannot be deleted."
        )
    if institution.partner_users.exists():
        raise DomainError(
            ErrorCode.IN_USE, "Partner contacts' accounts belong to this institution; it cannot be deleted."
        )
    audit.record_deleted(
        actor=actor, action="institution.deleted", target=institution, snapshot_of=institution_snapshot
    )
    institution.delete()


# Organisational units ---------------------------------------------------------------------------------------


@dataclass
class UnitInput:
    name: str
    code: str = ""
    abbreviation: str = ""
    parent_id: int | None = None


def _validated_unit(institution: Institution, data: UnitInput, *, unit_id: int | None) -> dict[str, Any]:
    if not data.name.strip():
        raise DomainError(ErrorCode.REQUIRED, "A unit needs a name.", field="name")
    code = data.code.strip()
    if (
        code
        and excluding(OrganisationalUnit.objects.filter(institution=institution, code=code), unit_id).exists()
    ):
        raise DomainError(
            ErrorCode.DUPLICATE, f"Another unit of this institution has the code {code!r}.", field="code"
        )
    parent = None
    if data.parent_id is not None:
        parent = OrganisationalUnit.objects.filter(institution=institution, pk=data.parent_id).first()
        if parent is None:
            raise DomainError(
                InstitutionErrorCode.INVALID_PARENT,
                "The parent unit must belong to the same institution.",
                field="parent_id",
            )
        ancestor: OrganisationalUnit | None = parent
        while ancestor is not None:
            if unit_id is not None and ancestor.pk == unit_id:
                raise DomainError(
                    InstitutionErrorCode.INVALID_PARENT,
                    "A unit cannot be placed below itself.",
                    field="parent_id",
                )
            ancestor = ancestor.parent
    return {
        "name": data.name.strip(),
        "code": code,
        "abbreviation": data.abbreviation.strip(),
        "parent": parent,
    }


@transaction.atomic
def unit_create(*, institution: Institution, data: UnitInput, actor: Actor | None) -> OrganisationalUnit:
    _require_writer(actor)
    unit = OrganisationalUnit(institution=institution, **_validated_unit(institution, data, unit_id=None))
    save_or_conflict(unit, what="unit")
    audit.record_created(actor=actor, action="unit.created", target=unit)
    return unit


@transaction.atomic
def unit_update(*, unit: OrganisationalUnit, data: UnitInput, actor: Actor | None) -> OrganisationalUnit:
    _require_writer(actor)
    with audit.record_changed(actor=actor, action="unit.updated", target=unit):
        for name, value in _validated_unit(unit.institution, data, unit_id=unit.pk).items():
            setattr(unit, name, value)
        save_or_conflict(unit, what="unit")
    return unit


@transaction.atomic
def unit_delete(*, unit: OrganisationalUnit, actor: Actor | None) -> None:
    _require_writer(actor)
    if unit.children.exists():
        raise DomainError(ErrorCode.IN_USE, "This unit has sub-units; move or delete them first.")
    if unit.owned_agreements.exists() or unit.mobilities.exists():
        raise DomainError(
            ErrorCode.IN_USE, "Agreements or mobilities belong to this unit; it cannot be deleted."
        )
    audit.record_deleted(actor=actor, action="unit.deleted", target=unit)
    unit.delete()


# Contacts ---------------------------------------------------------------------------------------------------


@dataclass
class ContactInput:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    unit_id: int | None = None


def _validated_contact(institution: Institution, data: ContactInput) -> dict[str, Any]:
    if not data.name.strip():
        raise DomainError(ErrorCode.REQUIRED, "A contact needs a name.", field="name")
    unit = None
    if data.unit_id is not None:
        unit = OrganisationalUnit.objects.filter(institution=institution, pk=data.unit_id).first()
        if unit is None:
            raise DomainError(
                InstitutionErrorCode.INVALID_UNIT,
                "The unit must belong to the same institution.",
                field="unit_id",
            )
    phone = clean_identifier(normalise_phone_e164, data.phone, field="phone") or ""
    return {
        "name": data.name.strip(),
        "role": data.role.strip(),
        "email": data.email.strip(),
        "phone": phone,
        "unit": unit,
    }


@transaction.atomic
def contact_create(*, institution: Institution, data: ContactInput, actor: Actor | None) -> Contact:
    _require_writer(actor)
    contact = Contact.objects.create(institution=institution, **_validated_contact(institution, data))
    audit.record_created(actor=actor, action="contact.created", target=contact)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, data: ContactInput, actor: Actor | None) -> Contact:
    _require_writer(actor)
    with audit.record_changed(actor=actor, action="contact.updated", target=contact):
        for name, value in _validated_contact(contact.institution, data).items():
            setattr(contact, name, value)
        contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, actor: Actor | None) -> None:
    _require_writer(actor)
    audit.record_deleted(actor=actor, action="contact.deleted", target=contact)
    contact.delete()
