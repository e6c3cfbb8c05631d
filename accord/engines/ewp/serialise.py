"""An :class:`~.model.Iia` as plain JSON data and back, to keep a received copy in a database JSON column.

The JSON mirrors the dataclasses field by field (decimals and dates as strings, tuples as lists), so
``iia_from_json(iia_to_json(x)) == x`` holds for every agreement the model can describe.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from .model import Contact, Iia, IiaPartner, LanguageSkill, MobilitySpec, SubjectArea


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def iia_to_json(iia: Iia) -> dict[str, Any]:
    """JSON-ready dict of the agreement (the parsed ``computed_iia_hash`` included)."""
    data: dict[str, Any] = _plain(iia)
    return data


def _contact(data: dict[str, Any] | None) -> Contact | None:
    return Contact(**data) if data is not None else None


def _contacts(items: list[dict[str, Any]]) -> tuple[Contact, ...]:
    return tuple(Contact(**item) for item in items)


def _area(data: dict[str, Any] | None) -> SubjectArea | None:
    return SubjectArea(**data) if data is not None else None


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _partner(data: dict[str, Any]) -> IiaPartner:
    signing_date = data.get("signing_date")
    return IiaPartner(
        hei_id=data["hei_id"],
        ounit_id=data.get("ounit_id"),
        iia_id=data.get("iia_id"),
        iia_code=data.get("iia_code"),
        signing_contact=_contact(data.get("signing_contact")),
        signing_date=date.fromisoformat(signing_date) if signing_date else None,
        contacts=_contacts(data.get("contacts", [])),
    )


def _spec(data: dict[str, Any]) -> MobilitySpec:
    skills = tuple(
        LanguageSkill(
            language=s["language"],
            cefr_level=s.get("cefr_level"),
            subject_area=_area(s.get("subject_area")),
            not_yet_defined=bool(s.get("not_yet_defined", False)),
        )
        for s in data.get("recommended_language_skills", [])
    )
    return MobilitySpec(
        kind=data["kind"],
        sending_hei_id=data["sending_hei_id"],
        receiving_hei_id=data["receiving_hei_id"],
        receiving_first_academic_year_id=data["receiving_first_academic_year_id"],
        receiving_last_academic_year_id=data["receiving_last_academic_year_id"],
        mobilities_per_year=data.get("mobilities_per_year"),
        sending_ounit_id=data.get("sending_ounit_id"),
        receiving_ounit_id=data.get("receiving_ounit_id"),
        sending_contacts=_contacts(data.get("sending_contacts", [])),
        receiving_contacts=_contacts(data.get("receiving_contacts", [])),
        recommended_language_skills=skills,
        subject_areas=tuple(SubjectArea(**a) for a in data.get("subject_areas", [])),
        other_info_terms=data.get("other_info_terms"),
        total_months_per_year=_decimal(data.get("total_months_per_year")),
        blended=data.get("blended"),
        eqf_levels=tuple(int(level) for level in data.get("eqf_levels", [])),
        total_days_per_year=_decimal(data.get("total_days_per_year")),
        mobilities_per_year_not_yet_defined=bool(data.get("mobilities_per_year_not_yet_defined", False)),
    )


def iia_from_json(data: dict[str, Any]) -> Iia:
    """The agreement :func:`iia_to_json` produced; raises ``KeyError``/``ValueError`` for other data."""
    first, second = (_partner(p) for p in data["partners"])
    return Iia(
        partners=(first, second),
        in_effect=bool(data["in_effect"]),
        conditions=tuple(_spec(c) for c in data.get("conditions", [])),
        terminated_as_a_whole=bool(data.get("terminated_as_a_whole", False)),
        iia_hash=data.get("iia_hash"),
        pdf_file=data.get("pdf_file"),
        conditions_hash=data.get("conditions_hash"),
        source_version=int(data.get("source_version", 7)),
        computed_iia_hash=data.get("computed_iia_hash"),
    )
