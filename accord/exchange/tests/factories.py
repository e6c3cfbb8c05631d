"""Calls, applications and runs for the exchange tests, built through the services like a user would."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accord.common.roles import Role
from accord.exchange import services
from accord.exchange.models import Application, Call, Place, Run
from accord.exchange.runs import services as run_services
from accord.mobility.models import Person
from accord_testing.factories import PersonFactory, UserFactory
from accord_testing.world import World

NOW = timezone.now().replace(microsecond=0)
OPENS = NOW - dt.timedelta(days=7)
CLOSES = NOW + dt.timedelta(days=7)
AFTER_CLOSE = CLOSES + dt.timedelta(hours=1)
RESPOND_BY = CLOSES + dt.timedelta(days=14)
# A PDF as small as a PDF can be: the header, one object and the end marker.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def call_input(**changes: Any) -> services.CallInput:
    values: dict[str, Any] = {
        "title": "Exchange 2026/2027",
        "academic_year": 2026,
        "opens_at": OPENS,
        "closes_at": CLOSES,
        "mobility_start": dt.date(2026, 9, 15),
        "mobility_end": dt.date(2027, 1, 31),
        "eqf_levels": [6, 7],
        "min_credits": Decimal(30),
        "grade_scale_min": Decimal(0),
        "grade_scale_max": Decimal(20),
    }
    values.update(changes)
    return services.CallInput(**values)


def make_call(world: World, *, published: bool = True, **changes: Any) -> Call:
    """A call with the world's two agreements drawn as places (faculty A at the partner, B at the other)."""
    officer = world.users["officer"]
    call = services.call_create(data=call_input(**changes), actor=officer)
    services.places_draw(call=call, actor=officer)
    if published:
        services.call_publish(call=call, published=True, actor=officer)
    return call


def place_at(call: Call, institution: Any) -> Place:
    return call.places.get(partner=institution)


def make_student(world: World, name: str) -> tuple[Any, Person]:
    user = UserFactory(username=name, role=Role.STUDENT)
    person = PersonFactory(given_names=name.capitalize(), family_name="Student", user=user)
    return user, person


def application_input(world: World, places: list[Place], **changes: Any) -> services.ApplicationInput:
    values: dict[str, Any] = {
        "unit_id": world.faculty_a.pk,
        "eqf_level": 6,
        "credits": Decimal(90),
        "grade_average": Decimal(15),
        "preferences": [p.pk for p in places],
        "languages": {"en": "B2"},
        "subject_area": "0613",
        "motivation": "I want to learn.",
    }
    values.update(changes)
    return services.ApplicationInput(**values)


def apply(world: World, call: Call, user: Any, places: list[Place], **changes: Any) -> Application:
    return services.application_submit(
        call=call, data=application_input(world, places, **changes), actor=user, now=NOW
    )


def run(world: World, call: Call, *, seed: int = 1, now: dt.datetime = AFTER_CLOSE, **kwargs: Any) -> Run:
    return run_services.run_create(
        call=call, actor=world.users["officer"], now=now, respond_by=RESPOND_BY, seed=seed, **kwargs
    )
