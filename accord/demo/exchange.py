"""Demo exchange programme: a closed call allocated and published, and an open call students can apply to.

The closed call has some 160 applicants over the places of faculties' agreements, reviewers' scores, two draft
runs to compare (the first published) and, for the demo student, an offer to answer with the reasons why their
first choice went to someone else.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from accord.accounts.models import User
from accord.common.roles import Role
from accord.demo.agreements import academic_year_of
from accord.exchange import services
from accord.exchange.models import Application, Call, Place, Preference
from accord.exchange.runs import services as run_services
from accord.exchange.runs.adapters import unit_subtrees
from accord.exchange.scoring import Weights, compute_score
from accord.mobility.models import Person

APPLICANTS = 160
GIVEN = (
    "Lotte",
    "Arne",
    "Noor",
    "Wout",
    "Elise",
    "Milan",
    "Fien",
    "Lucas",
    "Marie",
    "Ruben",
    "Yasmine",
    "Emma",
)
FAMILY = (
    "Claes",
    "Wouters",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Goossens",
    "De Smet",
    "Hermans",
    "Aerts",
)
LEVELS = ("B1", "B2", "B2", "C1", "C1", "C2")
SEED = 2026


def build_exchange(ctx: Any, *, science_id: int) -> None:
    officer = User.objects.get(username="officer", role=Role.OFFICER)
    student = User.objects.get(username="student", role=Role.STUDENT)
    year = academic_year_of(ctx.today) + 1
    now = ctx.now
    closed = services.call_create(
        data=services.CallInput(
            title=f"Erasmus+ studies {year}/{year + 1}: main call",
            academic_year=year,
            opens_at=now - dt.timedelta(days=60),
            closes_at=now - dt.timedelta(days=10),
            mobility_start=dt.date(year, 9, 15),
            mobility_end=dt.date(year + 1, 1, 31),
            description="Study one semester at a partner university. Rank up to six destinations.",
            eqf_levels=[6, 7],
            min_credits=Decimal(60),
            required_languages={"en": "B1"},
        ),
        actor=officer,
    )
    places = services.places_draw(call=closed, actor=officer)
    services.call_publish(call=closed, published=True, actor=officer)
    if not places:
        return
    _applicants(ctx.rng, closed, places, student, science_id)
    respond_by = now + dt.timedelta(days=12)
    published = run_services.run_create(
        call=closed, actor=officer, now=now, respond_by=respond_by, seed=SEED, note="Main allocation"
    )
    run_services.run_create(
        call=closed, actor=officer, now=now, respond_by=respond_by, seed=SEED + 1, note="Another lottery draw"
    )
    run_services.run_create(
        call=closed,
        actor=officer,
        now=now,
        respond_by=respond_by,
        seed=SEED,
        policy="serial-dictatorship",
        note="What the spreadsheet would give",
    )
    run_services.run_publish(run=published, actor=officer, now=now)
    spring = services.call_create(
        data=services.CallInput(
            title=f"Erasmus+ studies {year}/{year + 1}: spring semester call",
            academic_year=year,
            opens_at=now - dt.timedelta(days=3),
            closes_at=now + dt.timedelta(days=30),
            mobility_start=dt.date(year + 1, 2, 1),
            mobility_end=dt.date(year + 1, 6, 30),
            description=(
                "Places for the spring semester. Apply before the deadline; "
                "you can change your application until then."
            ),
            eqf_levels=[6, 7],
            min_credits=Decimal(30),
        ),
        actor=officer,
    )
    services.places_draw(call=spring, actor=officer)
    services.call_publish(call=spring, published=True, actor=officer)
    ctx.count("exchange calls", 2)
    ctx.count("applications", Application.objects.count())


def _applicants(rng: random.Random, call: Call, places: list[Place], student: User, science_id: int) -> None:
    """Applicants of the faculties that hold places, ranking mostly their own faculty's places."""
    pool = [p for p in places if p.unit_id is not None and p.capacity > 0]
    units = sorted({p.unit_id for p in pool if p.unit_id is not None})
    trees = unit_subtrees(units)
    by_unit = {u: [p for p in pool if p.unit_id is not None and u in trees[p.unit_id]] for u in units}
    weights = Weights(call.weight_grades, call.weight_language, call.weight_motivation, call.weight_credits)
    people = Person.objects.bulk_create(
        Person(
            given_names=rng.choice(GIVEN),
            family_name=rng.choice(FAMILY),
            email=f"applicant{n}@students.accord.example.edu",
            student_number=f"X{n:06d}",
        )
        for n in range(APPLICANTS)
    )
    science_places = by_unit.get(science_id) or pool
    demo_person = Person.objects.filter(user=student).first()
    entries: list[tuple[Person, int, list[Place], Decimal, str, int]] = []
    for person in people:
        unit = rng.choice(units)
        own = by_unit[unit]
        anchor = rng.choice(own)
        # A field and level the first wish admits; then places that admit the same (popular ones first).
        area = _detailed(rng, rng.choice(anchor.subject_areas)) if anchor.subject_areas else ""
        eqf = rng.choice([level for level in anchor.eqf_levels if level in (6, 7)] or [6, 7])
        fitting = [p for p in own if _admits(p, area, eqf)]
        ranked = [anchor, *sorted(rng.sample(fitting, min(len(fitting), rng.randint(1, 5))), key=own.index)]
        entries.append((person, unit, ranked, Decimal(rng.randint(100, 190)) / 10, area, eqf))
    if demo_person is not None:
        # The demo student wants the most contested place first, then a quieter one.
        first = science_places[0]
        area = _detailed(rng, first.subject_areas[0]) if first.subject_areas else ""
        eqf = (first.eqf_levels or [6])[0]
        quieter = [p for p in science_places[1:] if _admits(p, area, eqf)][-2:]
        entries.append((demo_person, science_id, [first, *quieter], Decimal("15.2"), area, eqf))
    for person, unit, ranked, grade, area, eqf in entries:
        languages = {"en": rng.choice(LEVELS)}
        for code, level in ranked[0].languages.items():
            # Most applicants hold the certificate their first wish asks for.
            if rng.random() < 0.85:
                languages[code] = max(level, rng.choice(LEVELS))
        if rng.random() < 0.4:
            languages[rng.choice(("fr", "de", "es", "it"))] = rng.choice(LEVELS)
        if person == demo_person:
            languages = {"en": "C1"} | {code: "C1" for place in ranked for code in place.languages}
        credits = Decimal(rng.choice((60, 90, 120, 150, 180)))
        motivation = Decimal(rng.randint(40, 100)) if rng.random() < 0.9 else None
        score = compute_score(
            weights=weights,
            grade_average=grade,
            grade_min=call.grade_scale_min,
            grade_max=call.grade_scale_max,
            languages=languages,
            motivation_score=motivation,
            credits=credits,
            credits_target=call.credits_target,
        ).score
        application = Application.objects.create(
            call=call,
            person=person,
            unit_id=unit,
            eqf_level=eqf,
            subject_area=area,
            credits=credits,
            grade_average=grade,
            languages=languages,
            motivation="I want to study abroad to broaden my horizon and improve my languages.",
            motivation_score=motivation,
            score=score,
            submitted_at=call.closes_at - dt.timedelta(days=rng.randint(1, 40)),
        )
        Preference.objects.bulk_create(
            Preference(application=application, place=place, rank=rank)
            for rank, place in enumerate(dict.fromkeys(ranked), start=1)
        )


def _detailed(rng: random.Random, area: str) -> str:
    """A student's field: the place's own code or, for a broad or narrow one, a field within it."""
    return area if len(area) >= 4 or rng.random() < 0.5 else (area + "1")[:4]


def _admits(place: Place, area: str, eqf: int) -> bool:
    subject_ok = not place.subject_areas or any(area.startswith(a) for a in place.subject_areas)
    return subject_ok and (not place.eqf_levels or eqf in place.eqf_levels)
