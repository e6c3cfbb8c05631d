"""Factories and named personas shared by every app's tests (never imported by product code)."""

import datetime as dt
import itertools
import json
from decimal import Decimal
from typing import Any

import factory

from accord.accounts.models import User
from accord.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementPartner,
    AgreementStatus,
    CooperationCondition,
)
from accord.common.roles import Role
from accord.institutions.models import Contact, Institution, OrganisationalUnit
from accord.institutions.normalise import normalise_name
from accord.mobility.models import Direction, Mobility, Person
from accord.reference.services import academic_year_ensure

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (a test fixture, not a secret)
_codes = itertools.count(1)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"University of Testland {n}")
    name_normalised = factory.LazyAttribute(lambda o: normalise_name(o.name))
    country = "DE"
    city = "Testville"
    schac_id = factory.Sequence(lambda n: f"uni{n}.example.org")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationalUnit

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Faculty {n}")
    code = factory.Sequence(lambda n: f"F{n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Contact Person {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    role = Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_names = factory.Sequence(lambda n: f"Student{n}")
    family_name = "Example"
    email = factory.Sequence(lambda n: f"student{n}@example.org")


def make_agreement(
    *,
    home: Institution,
    partner: Institution,
    owner_unit: OrganisationalUnit | None = None,
    kind: str = AgreementKind.ERASMUS_IIA,
    status: str = AgreementStatus.ACTIVE,
    valid_to: dt.date | None = None,
    places: int = 2,
    first_year: int = 2025,
    last_year: int = 2028,
    title: str | None = None,
) -> Agreement:
    """An agreement with both partner rows and one outgoing and one incoming study condition (no audit)."""
    agreement = Agreement.objects.create(
        kind=kind,
        title=title or f"Exchange with {partner.name}",
        reference_code=f"AGR-{next(_codes):05d}",
        status=status,
        valid_from=dt.date(first_year, 9, 1),
        valid_to=valid_to or dt.date(last_year + 1, 8, 31),
        owner_unit=owner_unit,
    )
    AgreementPartner.objects.create(agreement=agreement, institution=home, unit=owner_unit, position=0)
    AgreementPartner.objects.create(agreement=agreement, institution=partner, position=1)
    for position, (sender, receiver) in enumerate(((home, partner), (partner, home))):
        CooperationCondition.objects.create(
            agreement=agreement,
            mobility_type="student_studies",
            sending_institution=sender,
            receiving_institution=receiver,
            first_year=academic_year_ensure(first_year),
            last_year=academic_year_ensure(last_year),
            places_per_year=places,
            total_months_per_year=Decimal(places * 5),
            eqf_levels=[6, 7],
            position=position,
        )
    return agreement


def make_mobility(
    *,
    agreement: Agreement,
    direction: str = Direction.OUTGOING,
    person: Person | None = None,
    unit: OrganisationalUnit | None = None,
    year: int = 2026,
    status: str = "planned",
) -> Mobility:
    home_row, partner_row = list(agreement.partners.select_related("institution"))
    ours, theirs = home_row.institution, partner_row.institution
    home, host = (ours, theirs) if direction == Direction.OUTGOING else (theirs, ours)
    return Mobility.objects.create(
        person=person or PersonFactory(),
        agreement=agreement,
        direction=direction,
        mobility_type="student_studies",
        home_institution=home,
        host_institution=host,
        unit=unit if unit is not None else agreement.owner_unit,
        academic_year=academic_year_ensure(year),
        planned_start=dt.date(year, 9, 15),
        planned_end=dt.date(year + 1, 1, 31),
        status=status,
        ects_planned=Decimal(30),
    )


def send_api(world: Any, persona: str, method: str, url: str, body: Any = None) -> Any:
    """Call the API as a persona with a JSON body (none for GET)."""
    client = world.client_for(persona)
    if method == "get":
        return client.get(url)
    return getattr(client, method)(
        url, data=json.dumps(body) if body is not None else "", content_type="application/json"
    )


def pdf_text(content: bytes) -> str:
    """The text of every page of a generated PDF, for assertions (fonts are embedded, so bytes won't do)."""
    import io

    import pypdf

    assert content.startswith(b"%PDF-"), content[:20]
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
