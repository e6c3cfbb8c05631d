"""Permission matrix entries of the staff mobility pages and API."""

import datetime as dt
from typing import Any

from accord.mobility.models import Person
from accord.reference.services import academic_year_ensure
from accord.staff.models import StaffApplication
from accord.tests.matrix_support import API_READ_EVERYONE, EVERYONE, Case, expect
from accord_testing.world import World


def _faculty_b_application(w: World) -> StaffApplication:
    return StaffApplication.objects.create(
        person=Person.objects.create(given_names="Tea", family_name="Cher", staff_number="T1"),
        unit=w.faculty_b,
        host_institution=w.other_partner,
        mobility_type="staff_teaching",
        academic_year=academic_year_ensure(2026),
        planned_start=dt.date(2026, 10, 5),
        planned_end=dt.date(2026, 10, 9),
        days=5,
        teaching_hours=8,
        programme="Lectures",
    )


def _body(w: World) -> dict[str, Any]:
    return {
        "given_names": "Tea",
        "family_name": "Cher",
        "unit_id": w.faculty_b.pk,
        "host_institution_id": w.other_partner.pk,
        "mobility_type": "staff_training",
        "planned_start": "2026-10-05",
        "planned_end": "2026-10-09",
        "days": 5,
        "programme": "Job shadowing",
    }


OTHER_READ = expect(
    allowed=("admin", "officer", "auditor"), s404=("coordinator", "student", "partner_contact", "outsider")
)
OTHER_DECIDE = expect(
    allowed=("admin", "officer"),
    s403=("auditor",),
    s404=("coordinator", "student", "partner_contact", "outsider"),
)
FILERS = expect(
    allowed=("admin", "officer", "coordinator", "outsider"), s403=("student", "partner_contact", "auditor")
)
# The body files it under faculty B: coordinators may file applications, not for that unit.
API_FILE = {**FILERS, "coordinator": 403, "outsider": 403, "anonymous": 401}


HTML_CASES: dict[str, list[Case]] = {
    "staff:withdraw": [
        Case("POST", lambda w: f"/staff/{_faculty_b_application(w).pk}/withdraw/", OTHER_DECIDE)
    ],
    "staff:list": [Case("GET", lambda w: "/staff/", EVERYONE)],
    "staff:create": [Case("GET", lambda w: "/staff/new/", FILERS)],
    "staff:detail": [Case("GET", lambda w: f"/staff/{_faculty_b_application(w).pk}/", OTHER_READ)],
    "staff:approve": [
        Case("POST", lambda w: f"/staff/{_faculty_b_application(w).pk}/approve/", OTHER_DECIDE)
    ],
    "staff:reject": [
        Case(
            "POST",
            lambda w: f"/staff/{_faculty_b_application(w).pk}/reject/",
            OTHER_DECIDE,
            body=lambda w: {"reason": "Budget"},
        )
    ],
}

API_CASES: dict[str, list[Case]] = {
    "POST /api/v1/staff-applications/{application_id}/withdraw": [
        Case(
            "POST",
            lambda w: f"/api/v1/staff-applications/{_faculty_b_application(w).pk}/withdraw",
            {**OTHER_DECIDE, "anonymous": 401},
        )
    ],
    "GET /api/v1/staff-applications": [
        Case("GET", lambda w: "/api/v1/staff-applications", API_READ_EVERYONE)
    ],
    "POST /api/v1/staff-applications": [
        Case("POST", lambda w: "/api/v1/staff-applications", API_FILE, body=_body)
    ],
    "GET /api/v1/staff-applications/{application_id}": [
        Case(
            "GET",
            lambda w: f"/api/v1/staff-applications/{_faculty_b_application(w).pk}",
            {**OTHER_READ, "anonymous": 401},
        )
    ],
    "POST /api/v1/staff-applications/{application_id}/approve": [
        Case(
            "POST",
            lambda w: f"/api/v1/staff-applications/{_faculty_b_application(w).pk}/approve",
            {**OTHER_DECIDE, "anonymous": 401},
        )
    ],
    "POST /api/v1/staff-applications/{application_id}/reject": [
        Case(
            "POST",
            lambda w: f"/api/v1/staff-applications/{_faculty_b_application(w).pk}/reject",
            {**OTHER_DECIDE, "anonymous": 401},
            body=lambda w: {"reason": "Budget"},
        )
    ],
}
