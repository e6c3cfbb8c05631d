"""Benchmark an allocation run end to end on PostgreSQL: load 20,000 applications, allocate, save decisions.

Run: python bench/allocation_db.py [--applications 20000] [--repeat 5] [--seed 2026] [--keep]

Creates the database `accord_bench_alloc` on the local server (postgres@127.0.0.1:5432, trust
authentication), migrates it and seeds it with a seeded generator: one home university with 8 faculties,
400 partner agreements whose outgoing conditions give 1-4 seats each (faculty shares, subject areas, EQF
levels, language requirements), one closed call with its places, and N applications ranking 10 places each
(popular destinations more often). It then times, `--repeat` times, the three phases of
`accord.exchange.runs.services.run_create`:

  load      read applications and preferences from the database, build the engine input (adapters.py)
  allocate  deferred acceptance plus the independent checker (accord/engines/allocation)
  save      write the run and one decision per applicant with its reasons (bulk insert)

and the service itself end to end, and prints the medians beside the goal (load + allocate + save <= 10 s).
The database is dropped at the end unless --keep is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOAL_SECONDS = 10.0
DATABASE = "accord_bench_alloc"
SERVER = "postgresql://postgres@127.0.0.1:5432"
FACULTIES = 8
AGREEMENTS = 400
PREFERENCES = 10
AREAS = ("0311", "0413", "0421", "0531", "0541", "0612", "0613", "0713", "0732", "0912", "0222", "0232")
LANGUAGES = (("en", "B1"), ("en", "B2"), ("de", "B1"), ("fr", "B2"), ("es", "B1"), ("it", "B1"))
LEVELS = ("B1", "B2", "B2", "C1", "C1", "C2")


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')


def seed(applications: int, rng: random.Random) -> Any:
    """Everything an allocation reads, written in bulk; returns the closed call."""
    from django.utils import timezone

    from accord.accounts.models import User
    from accord.agreements.models import Agreement, AgreementPartner, ConditionLanguage, CooperationCondition
    from accord.common.roles import Role
    from accord.exchange import services
    from accord.exchange.models import Application, Call, Preference
    from accord.institutions.models import Institution, OrganisationalUnit
    from accord.mobility.models import Person
    from accord.reference.models import IscedField
    from accord.reference.services import academic_year_ensure

    year = academic_year_ensure(2026)
    home = Institution.objects.create(
        name="Bench University", country="BE", is_home=True, schac_id="bench.example.edu"
    )
    faculties = OrganisationalUnit.objects.bulk_create(
        OrganisationalUnit(institution=home, name=f"Faculty {n}", code=f"F{n}") for n in range(FACULTIES)
    )
    partners = Institution.objects.bulk_create(
        Institution(
            name=f"Partner {n}",
            country=rng.choice(["DE", "FR", "ES", "IT", "PL", "NL", "SE", "FI", "PT", "CZ"]),
            schac_id=f"p{n}.example.org",
        )
        for n in range(AGREEMENTS)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(
            kind="erasmus_iia", title=f"Exchange {n}", status="active", owner_unit=rng.choice(faculties)
        )
        for n in range(AGREEMENTS)
    )
    AgreementPartner.objects.bulk_create(
        row
        for agreement, partner in zip(agreements, partners, strict=True)
        for row in (
            AgreementPartner(agreement=agreement, institution=home, unit=agreement.owner_unit, position=0),
            AgreementPartner(agreement=agreement, institution=partner, position=1),
        )
    )
    conditions = CooperationCondition.objects.bulk_create(
        CooperationCondition(
            agreement=agreement,
            mobility_type="student_studies",
            sending_institution=home,
            receiving_institution=partner,
            first_year=year,
            last_year=year,
            places_per_year=rng.randint(1, 4),
            eqf_levels=rng.choice(([6, 7], [6], [7], [])),
        )
        for agreement, partner in zip(agreements, partners, strict=True)
    )
    areas = {code: IscedField.objects.filter(code=code).first() for code in AREAS}
    subject_model = CooperationCondition.subject_areas.rel.related_model
    subject_model.objects.bulk_create(
        subject_model(condition=condition, isced=areas[code])
        for condition in conditions
        for code in rng.sample(AREAS, rng.randint(0, 2))
        if areas[code] is not None
    )
    ConditionLanguage.objects.bulk_create(
        ConditionLanguage(condition=condition, language=language, cefr_level=level)
        for condition in conditions
        if rng.random() < 0.7
        for language, level in [rng.choice(LANGUAGES)]
    )
    officer = User.objects.create(username="bench-officer", role=Role.OFFICER)
    now = timezone.now()
    call = services.call_create(
        data=services.CallInput(
            title="Bench call",
            academic_year=2026,
            opens_at=now - dt.timedelta(days=60),
            closes_at=now - dt.timedelta(days=1),
            mobility_start=dt.date(2026, 9, 15),
            mobility_end=dt.date(2027, 1, 31),
            max_preferences=PREFERENCES,
        ),
        actor=officer,
    )
    places = services.places_draw(call=call, actor=officer)
    # A few destinations draw most wishes, as in real cohorts.
    popularity = [1.0 / (rank + 1) ** 0.8 for rank in range(len(places))]
    people = Person.objects.bulk_create(
        (
            Person(given_names=f"S{n}", family_name="Bench", student_number=f"B{n:07d}")
            for n in range(applications)
        ),
        batch_size=5000,
    )
    rows = Application.objects.bulk_create(
        (
            Application(
                call=call,
                person=person,
                unit=rng.choice(faculties),
                eqf_level=rng.choice((6, 6, 7)),
                subject_area=rng.choice(AREAS),
                credits=Decimal(rng.choice((60, 90, 120, 180))),
                grade_average=Decimal(rng.randint(100, 200)) / 10,
                languages={
                    "en": rng.choice(LEVELS),
                    rng.choice(("de", "fr", "es", "it")): rng.choice(LEVELS),
                },
                motivation_score=Decimal(rng.randint(30, 100)),
                score=Decimal(rng.randint(3000, 9999)) / 100,
                submitted_at=call.closes_at - dt.timedelta(days=2),
            )
            for person in people
        ),
        batch_size=5000,
    )
    preferences = []
    for application in rows:
        chosen: dict[int, None] = {}
        while len(chosen) < PREFERENCES:
            chosen[rng.choices(range(len(places)), weights=popularity)[0]] = None
        preferences.extend(
            Preference(application=application, place=places[index], rank=rank)
            for rank, index in enumerate(chosen, start=1)
        )
    Preference.objects.bulk_create(preferences, batch_size=10_000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Call.objects.get(pk=call.pk), officer, len(places), sum(p.capacity for p in places)


def time_phases(call: Any, officer: Any) -> dict[str, tuple[float, float]]:
    """Wall-clock and CPU seconds (this process) of each phase of one run."""
    from django.db import transaction
    from django.utils import timezone

    from accord.engines.allocation import AllocationOptions, allocate, check_allocation
    from accord.exchange.models import Run
    from accord.exchange.runs import adapters
    from accord.exchange.runs.services import round_plan

    marks = [(time.perf_counter(), time.process_time())]
    plan = round_plan(call, 1)
    engine_input = adapters.build_input(plan.applications, plan.places, plan.held, plan.preferences)
    marks.append((time.perf_counter(), time.process_time()))
    result = allocate(engine_input.students, engine_input.places, AllocationOptions(seed=2026))
    report = check_allocation(
        engine_input.students, engine_input.places, result.assignments, lottery=result.lottery
    )
    marks.append((time.perf_counter(), time.process_time()))
    with transaction.atomic():
        now = timezone.now()
        run = Run.objects.create(
            call=call,
            seed=2026,
            respond_by=now + dt.timedelta(days=7),
            check_report=dict(report),
            created_by=officer,
        )
        rows = adapters.decisions_from(run, result, plan.applications, plan.preferences)
        marks.append((time.perf_counter(), time.process_time()))
        adapters.save_decisions(run, rows)
    marks.append((time.perf_counter(), time.process_time()))
    assert report["stable"] and report["capacity_ok"], report
    run.delete()
    names = ("load", "allocate", "explain", "save")
    return {
        name: (marks[k + 1][0] - marks[k][0], marks[k + 1][1] - marks[k][1]) for k, name in enumerate(names)
    }


def time_service(call: Any, officer: Any) -> float:
    from django.utils import timezone

    from accord.exchange.runs.services import run_create

    now = timezone.now()
    started = time.perf_counter()
    run = run_create(call=call, actor=officer, now=now, respond_by=now + dt.timedelta(days=7), seed=2026)
    elapsed = time.perf_counter() - started
    run.delete()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    recreate_database()
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings")
    os.environ["ACCORD_DEBUG"] = "0"
    os.environ["ACCORD_TASKS"] = "immediate"
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        call, officer, n_places, seats = seed(args.applications, random.Random(args.seed))
        print(
            f"Seeded {args.applications:,} applications x {PREFERENCES} preferences over {n_places} places "
            f"({seats} seats) in {time.perf_counter() - started:.1f} s.\n"
        )
        phases = [time_phases(call, officer) for _ in range(args.repeat)]
        service = [time_service(call, officer) for _ in range(args.repeat)]
    finally:
        if not args.keep:
            drop_database()
    names = {
        "load": "load (applications -> engine input)",
        "allocate": "allocate + independent check",
        "explain": "reasons for every student",
        "save": "save run and decisions (COPY)",
    }
    wall = {name: statistics.median(p[name][0] for p in phases) for name in names}
    cpu = {name: statistics.median(p[name][1] for p in phases) for name in names}
    print(f"{'phase':<40}{'wall s':>8}{'cpu s':>8}")
    for name, label in names.items():
        print(f"{label:<40}{wall[name]:>8.2f}{cpu[name]:>8.2f}")
    total = sum(wall.values())
    print(
        f"{'total':<40}{total:>8.2f}{sum(cpu.values()):>8.2f}   goal <= {GOAL_SECONDS:.0f} s (wall): "
        f"{'met' if total <= GOAL_SECONDS else 'NOT met'}"
    )
    print(f"{'run_create service, end to end':<40}{statistics.median(service):>8.2f}")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
