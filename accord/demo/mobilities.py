"""Demo people and mobilities, in both directions, over the academic years each condition covers.

Written in chunks (people first, then their mobilities) so that a million rows never sit in memory at once.
Statuses follow the dates relative to the generator's `today`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from accord.agreements.models import MobilityType
from accord.demo import vocabulary as vocab
from accord.demo.agreements import Slot, academic_year_of
from accord.demo.institutions import ascii_slug
from accord.mobility.models import Direction, Mobility, MobilityStatus, Person

if TYPE_CHECKING:
    from accord.demo.generator import Context

CHUNK = 20_000
PERSON_FIELDS = tuple(
    """
    id created_at updated_at given_names family_name email student_number staff_number nationality
    birth_date
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
MOBILITY_FIELDS = tuple(
    """
    created_at updated_at person_id agreement_id condition_id direction mobility_type
    home_institution_id host_institution_id unit_id academic_year_id planned_start planned_end
    actual_start actual_end status ects_planned ects_obtained grant_amount
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
STAFF_TYPES = (MobilityType.STAFF_TEACHING, MobilityType.STAFF_TRAINING)
EU_NEIGHBOURS = ("FR", "NL", "DE", "IT", "ES", "PL", "PT", "RO", "GR", "LU")


def _window(ctx: Context, slot: Slot, year: int) -> tuple[dt.date, dt.date, Decimal | None, Decimal]:
    """Planned start and end, planned ECTS and months abroad for one mobility in an academic year."""
    rng = ctx.rng
    if slot.mobility_type in STAFF_TYPES:
        start = dt.date(year, 10, 1) + dt.timedelta(days=rng.randint(0, 240))
        return start, start + dt.timedelta(days=rng.randint(2, 6)), None, Decimal("0.25")
    if slot.mobility_type == MobilityType.STUDENT_TRAINEESHIP:
        start = dt.date(year + 1, rng.randint(3, 7), 1)
        months = rng.randint(2, 5)
        end = dt.date(start.year + (start.month + months - 1) // 12, (start.month + months - 1) % 12 + 1, 1)
        return start, end - dt.timedelta(days=1), Decimal(15), Decimal(months)
    term = rng.random()
    if term < 0.5:
        return dt.date(year, 9, 15), dt.date(year + 1, 1, 31), Decimal(30), Decimal(5)
    if term < 0.85:
        return dt.date(year + 1, 2, 10), dt.date(year + 1, 6, 30), Decimal(30), Decimal(5)
    return dt.date(year, 9, 15), dt.date(year + 1, 6, 30), Decimal(60), Decimal(9)


def _status(ctx: Context, start: dt.date, end: dt.date) -> str:
    rng, today = ctx.rng, ctx.today
    if end < today:
        return MobilityStatus.COMPLETED if rng.random() < 0.92 else MobilityStatus.CANCELLED
    if start <= today:
        return MobilityStatus.IN_PROGRESS
    days = (start - today).days
    if days > 150:
        return MobilityStatus.PLANNED if rng.random() < 0.8 else MobilityStatus.NOMINATED
    if days > 45:
        return MobilityStatus.NOMINATED if rng.random() < 0.7 else MobilityStatus.ACCEPTED
    return MobilityStatus.ACCEPTED


def build_mobilities(ctx: Context, *, home_id: int, slots: list[Slot], total: int) -> None:
    rng = ctx.rng
    if not slots or total <= 0:
        return
    last_open = academic_year_of(ctx.today) + 1
    usable = [s for s in slots if s.first_year <= last_open]
    weights = (s.places * (min(s.last_year, last_open) - s.first_year + 1) for s in usable)
    cum_weights = list(itertools.accumulate(weights))
    next_person = ctx.writer.next_id(Person)
    # Staff often go more than once: a third of staff mobilities reuse a recent staff member.
    recent_staff: dict[bool, list[int]] = {True: [], False: []}
    written = 0
    with ctx.progress("Mobilities", total) as bar:
        while written < total:
            n = min(CHUNK, total - written)
            people: list[tuple[Any, ...]] = []
            mobilities: list[tuple[Any, ...]] = []
            for slot in rng.choices(usable, cum_weights=cum_weights, k=n):
                year = rng.randint(slot.first_year, min(slot.last_year, last_open))
                staff = slot.mobility_type in STAFF_TYPES
                pool = recent_staff[slot.outgoing]
                if staff and pool and rng.random() < 0.3:
                    person_id = rng.choice(pool[-50:])
                else:
                    person_id, next_person = next_person, next_person + 1
                    people.append(_person(ctx, person_id, slot, year, staff))
                    if staff:
                        pool.append(person_id)
                mobilities.append(_mobility(ctx, slot, person_id, year, home_id))
            ctx.writer.write(Person, PERSON_FIELDS, people)
            ctx.writer.write(Mobility, MOBILITY_FIELDS, mobilities)
            ctx.count("people", len(people))
            ctx.count("mobilities", n)
            written += n
            bar.update(n)


def _mobility(ctx: Context, slot: Slot, person_id: int, year: int, home_id: int) -> tuple[Any, ...]:
    """One row in MOBILITY_FIELDS order (a tuple, not a dict: this runs a million times)."""
    rng, outgoing = ctx.rng, slot.outgoing
    staff = slot.mobility_type in STAFF_TYPES
    start, end, ects, months = _window(ctx, slot, year)
    status = _status(ctx, start, end)
    done = status == MobilityStatus.COMPLETED
    actual_start = start if done or status == MobilityStatus.IN_PROGRESS else None
    actual_end = max(start, end - dt.timedelta(days=rng.randint(0, 3))) if done else None
    obtained = max(Decimal(0), ects - rng.choice((0, 0, 0, 5, 10))) if done and ects else None
    # Erasmus+ style grants: a monthly rate for students, a daily one for staff; incoming are paid at home.
    rate = 150 * 4 if staff else rng.choice((450, 520, 600))
    grant = (months * rate).quantize(Decimal("1.00")) if outgoing else None
    home, host = (home_id, slot.partner_id) if outgoing else (slot.partner_id, home_id)
    direction = Direction.OUTGOING if outgoing else Direction.INCOMING
    now = ctx.now
    return (
        now, now, person_id, slot.agreement_id, slot.condition_id, direction, slot.mobility_type, home, host,
        slot.unit_id, year, start, end, actual_start, actual_end, status, ects, obtained, grant,
    )  # fmt: skip


def _person(ctx: Context, pid: int, slot: Slot, year: int, staff: bool) -> tuple[Any, ...]:
    rng, now = ctx.rng, ctx.now
    given, family = rng.choice(vocab.GIVEN_NAMES), rng.choice(vocab.FAMILY_NAMES)
    if slot.outgoing:
        domain = "accord.example.edu" if staff else "student.accord.example.edu"
        nationality = "BE" if rng.random() < 0.75 else rng.choice(EU_NEIGHBOURS)
    else:
        domain, nationality = slot.partner_domain, slot.partner_country
    email = f"{ascii_slug(given)}.{ascii_slug(family)}.{pid}@{domain}"
    student_number = f"{year}{pid:07d}" if slot.outgoing and not staff else ""
    staff_number = f"E{pid:07d}" if slot.outgoing and staff else ""
    age = rng.randint(30, 62) if staff else rng.randint(19, 27)
    birth = dt.date(year - age, rng.randint(1, 12), rng.randint(1, 28))
    return (pid, now, now, given, family, email, student_number, staff_number, nationality, birth)
