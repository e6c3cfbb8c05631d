"""Named personas and a small world every test can use.

The world: our university (home) with two faculties, a partner university with an agreement owned by
faculty A, and an unrelated partner with an agreement owned by faculty B.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from accord.accounts.models import Role, User
from accord.agreements.models import Agreement
from accord.institutions.models import Institution, OrganisationalUnit
from accord.mobility.models import Mobility
from accord_testing.factories import (
    InstitutionFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
    make_agreement,
    make_mobility,
)

PERSONAS = ("admin", "officer", "coordinator", "student", "partner_contact", "auditor", "outsider")


@dataclass
class World:
    home: Institution
    faculty_a: OrganisationalUnit
    faculty_b: OrganisationalUnit
    partner: Institution
    other_partner: Institution
    agreement: Agreement
    other_agreement: Agreement
    mobility: Mobility
    other_mobility: Mobility
    users: dict[str, User]

    def client_for(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose; every test user would pay for it (about 0.1-0.5 s each)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded documents of a test land in its own temporary directory, never in the working tree."""
    settings.ACCORD_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def world(db: Any) -> World:
    home = InstitutionFactory(
        name="University of Accord", schac_id="accord.example.edu", is_home=True, country="BE"
    )
    faculty_a = UnitFactory(institution=home, name="Faculty of Science", code="SCI")
    faculty_b = UnitFactory(institution=home, name="Faculty of Arts", code="ART")
    partner = InstitutionFactory(name="Partner University", schac_id="partner.example.org", country="PL")
    other_partner = InstitutionFactory(
        name="Unrelated University", schac_id="other.example.org", country="ES"
    )
    agreement = make_agreement(home=home, partner=partner, owner_unit=faculty_a)
    other_agreement = make_agreement(home=home, partner=other_partner, owner_unit=faculty_b)
    student_user = UserFactory(username="student", role=Role.STUDENT)
    student_person = PersonFactory(given_names="Stu", family_name="Dent", user=student_user)
    mobility = make_mobility(agreement=agreement, person=student_person)
    other_mobility = make_mobility(agreement=other_agreement)
    coordinator = UserFactory(username="coordinator", role=Role.COORDINATOR)
    coordinator.units.add(faculty_a)
    users = {
        "admin": UserFactory(username="admin", role=Role.ADMIN, is_staff=True),
        "officer": UserFactory(username="officer", role=Role.OFFICER),
        "coordinator": coordinator,
        "student": student_user,
        "partner_contact": UserFactory(
            username="partner_contact", role=Role.PARTNER, partner_institution=partner
        ),
        "auditor": UserFactory(username="auditor", role=Role.AUDITOR),
        # A coordinator with no units: signed in, but with no scope at all.
        "outsider": UserFactory(username="outsider", role=Role.COORDINATOR),
    }
    return World(
        home,
        faculty_a,
        faculty_b,
        partner,
        other_partner,
        agreement,
        other_agreement,
        mobility,
        other_mobility,
        users,
    )


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Browser tests run against a live server, so their database is emptied after each one; restore the
    reference data the migrations loaded (ISCED fields, academic years) for the next test."""
    for item in items:
        if item.get_closest_marker("browser") and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.insert(0, "django_db_serialized_rollback")
