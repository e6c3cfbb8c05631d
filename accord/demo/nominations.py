"""Demo nominations and staff mobility: every state a user meets, with the demo partner contact's institution.

Mobilities the generator made are turned into nominations (so the planned demo sizes hold): outgoing ones to
the partner become one not sent yet, one waiting for the partner, one accepted and one rejected with a
reason; incoming ones from it wait for the office. Staff applications: submitted, approved (linked to a staff
mobility the generator made) and rejected.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from accord.institutions.models import Contact
from accord.mobility.models import Mobility, Person
from accord.reference.services import academic_year_ensure
from accord.staff.models import StaffApplication

OUTGOING = (
    ("planned", None, ""),
    ("nominated", 3, ""),
    ("accepted", 20, ""),
    ("rejected", 15, "The Faculty of Law has no places left for the winter semester."),
)
STAFF = (
    ("Hanne", "Claes", "staff_teaching", "submitted", ""),
    ("Eva", "Maes", "staff_teaching", "rejected", "The budget for this year is spent."),
)
PROGRAMME = "Guest lectures for the bachelor in chemistry, with a seminar on lab safety."


def build_nominations(ctx: Any, *, home_id: int, partner_id: int, science_id: int) -> None:
    if not Contact.objects.filter(institution_id=partner_id).exclude(email="").exists():
        Contact.objects.create(
            institution_id=partner_id, name="International Relations Office", email="iro@partner.example.org"
        )
    students = Mobility.objects.filter(mobility_type="student_studies").order_by("-planned_start", "id")
    outgoing = list(students.filter(direction="outgoing", host_institution_id=partner_id)[: len(OUTGOING)])
    for mobility, (status, days_ago, reason) in zip(outgoing, OUTGOING, strict=False):
        sent = ctx.now - dt.timedelta(days=days_ago) if days_ago else None
        mobility.status, mobility.nomination_sent_at, mobility.decision_reason = status, sent, reason
        mobility.omobility_id = str(uuid.UUID(int=ctx.rng.getrandbits(128))) if sent else ""
        mobility.decided_at = sent + dt.timedelta(days=5) if sent and status != "nominated" else None
        mobility.eqf_level, mobility.isced_code = 6, "0613"
        mobility.language_skills = [{"language": "en", "cefr": "B2"}]
        mobility.save()
    incoming = students.filter(direction="incoming", home_institution_id=partner_id)[:2]
    for number, mobility in enumerate(incoming, start=1):
        mobility.status, mobility.omobility_id = (
            "nominated",
            f"partner-{mobility.academic_year_id}-{number:03d}",
        )
        mobility.eqf_level, mobility.isced_code = 7, "0413"
        mobility.language_skills = [{"language": "en", "cefr": "B2"}, {"language": "fr", "cefr": "A2"}]
        mobility.save()
    staff_mobility = (
        Mobility.objects.filter(direction="outgoing", mobility_type__in=["staff_teaching", "staff_training"])
        .exclude(unit=None)
        .order_by("-planned_start", "id")
        .first()
    )
    applications = 0
    if staff_mobility is not None and staff_mobility.unit_id is not None:
        StaffApplication.objects.create(
            person=staff_mobility.person, unit_id=staff_mobility.unit_id,
            host_institution_id=staff_mobility.host_institution_id, agreement_id=staff_mobility.agreement_id,
            mobility_type=staff_mobility.mobility_type, academic_year_id=staff_mobility.academic_year_id,
            planned_start=staff_mobility.planned_start, planned_end=staff_mobility.planned_end,
            days=min(staff_mobility.duration_days, 5), teaching_hours=8, programme=PROGRAMME,
            grant_requested=staff_mobility.grant_amount, status="approved", mobility=staff_mobility,
            decided_at=ctx.now - dt.timedelta(days=30),
        )  # fmt: skip
        applications += 1
    year = (staff_mobility.academic_year_id if staff_mobility else ctx.today.year) + 1
    for number, (given, family, kind, status, reason) in enumerate(STAFF, start=1):
        person = Person.objects.create(given_names=given, family_name=family, staff_number=f"ST{number:04d}")
        start = dt.date(year, 10, 5 + 7 * number)
        StaffApplication.objects.create(
            person=person, unit_id=science_id, host_institution_id=partner_id, mobility_type=kind,
            academic_year=academic_year_ensure(year), planned_start=start,
            planned_end=start + dt.timedelta(days=4), days=5,
            teaching_hours=8, grant_requested=Decimal("850"), programme=PROGRAMME, status=status,
            decision_reason=reason,
            decided_at=ctx.now - dt.timedelta(days=2) if status != "submitted" else None,
        )  # fmt: skip
        applications += 1
    ctx.count("people", len(STAFF))
    ctx.count("nominations", len(outgoing) + len(incoming))
    ctx.count("staff applications", applications)
