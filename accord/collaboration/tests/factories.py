"""Virtual exchange offers for tests: one call, sensible defaults, any field overridden."""

import datetime as dt
from typing import Any

from accord.accounts.models import User
from accord.collaboration.models import VirtualExchangeOffer
from accord.collaboration.virtual_exchange.services import OfferInput, offer_create
from accord.institutions.models import Institution, OrganisationalUnit


def offer_input(
    institution: Institution, unit: OrganisationalUnit | None = None, **overrides: Any
) -> OfferInput:
    values: dict[str, Any] = {
        "institution_id": institution.pk,
        "unit_id": unit.pk if unit is not None else None,
        "title": "Robotics and society",
        "description": "Students design a robot for a social need and discuss its ethics.",
        "goals": "Teamwork across cultures; robot ethics.",
        "teacher_name": "Ada Teacher",
        "isced": "0613",
        "eqf_level": 6,
        "languages": [{"code": "en", "cefr": "B2"}],
        "start_date": dt.date(2027, 2, 15),
        "end_date": dt.date(2027, 6, 15),
        "timezone": "Europe/Brussels",
        "slots": [{"weekday": 1, "start": "14:00", "end": "15:30"}],
        "class_size": 25,
        "format": "mixed",
        "tools": ["video", "lms"],
    }
    values.update(overrides)
    return OfferInput(**values)


def make_offer(
    actor: User, institution: Institution, unit: OrganisationalUnit | None = None, **overrides: Any
) -> VirtualExchangeOffer:
    return offer_create(data=offer_input(institution, unit, **overrides), actor=actor)
