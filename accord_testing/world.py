"""Named personas and a small world every test can use.

The world: our university (home) with two faculties, a partner university with an agreement owned by
faculty A, and an unrelated partner with an agreement owned by faculty B; one user per persona.
"""

from dataclasses import dataclass

from django.test import Client

from accord.accounts.models import User
from accord.agreements.models import Agreement
from accord.common.roles import Role
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


def build_world() -> World:
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
