import datetime as dt
from decimal import Decimal

import pytest

from accord.common.errors import DomainError
from accord.common.models import AuditEvent
from accord.mobility.models import Mobility, Person
from accord.mobility.services import (
    MobilityInput,
    PersonInput,
    mobility_create,
    mobility_delete,
    mobility_input_from,
    mobility_update,
    person_create,
    person_update,
)
from accord_testing.factories import InstitutionFactory


def _input(world, **overrides):
    data = MobilityInput(
        person_id=world.mobility.person_id,
        direction="outgoing",
        mobility_type="student_studies",
        home_institution_id=world.home.pk,
        host_institution_id=world.partner.pk,
        academic_year=2027,
        planned_start=dt.date(2027, 9, 20),
        planned_end=dt.date(2028, 1, 31),
        agreement_id=world.agreement.pk,
        unit_id=world.faculty_a.pk,
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def _error(call):
    with pytest.raises(DomainError) as err:
        call()
    return err.value


def test_create_records_an_audit_event_with_the_new_values(world):
    mobility = mobility_create(data=_input(world), actor=world.users["coordinator"])
    event = AuditEvent.objects.get(action="mobility.created", target_id=str(mobility.pk))
    assert event.actor == world.users["coordinator"]
    assert event.changes["planned_start"] == [None, "2027-09-20"]
    assert mobility.academic_year.code == "2027/2028"


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"direction": "sideways"}, "invalid_choice", "direction"),
        ({"person_id": 0}, "unknown_person", "person_id"),
        ({"host_institution_id": "@home"}, "same_sides", "host_institution_id"),
        ({"direction": "incoming"}, "not_home", "host_institution_id"),
        ({"planned_end": dt.date(2027, 1, 1)}, "dates_out_of_order", "planned_end"),
        ({"ects_planned": Decimal(-1)}, "negative", "ects_planned"),
        ({"agreement_id": "@other_agreement"}, "not_in_agreement", "agreement_id"),
        ({"condition_id": "@incoming_condition"}, "invalid_condition", "condition_id"),
    ],
)
def test_invalid_input_names_the_field_and_creates_nothing(world, overrides, code, field):
    resolved = {
        key: {
            "@home": world.home.pk,
            "@other_agreement": world.other_agreement.pk,
            "@incoming_condition": world.agreement.conditions.get(sending_institution=world.partner).pk,
        }.get(value, value)
        for key, value in overrides.items()
    }
    count = Mobility.objects.count()
    err = _error(lambda: mobility_create(data=_input(world, **resolved), actor=world.users["officer"]))
    assert (err.code, err.field) == (code, field)
    assert Mobility.objects.count() == count


def test_coordinator_may_only_use_their_units(world):
    count = Mobility.objects.count()
    err = _error(
        lambda: mobility_create(
            data=_input(world, unit_id=world.faculty_b.pk), actor=world.users["coordinator"]
        )
    )
    assert (err.code, err.field) == ("permission_denied", "unit_id")
    assert Mobility.objects.count() == count


@pytest.mark.parametrize("persona", ["student", "partner_contact", "auditor"])
def test_readers_may_not_create(world, persona):
    err = _error(lambda: mobility_create(data=_input(world), actor=world.users[persona]))
    assert err.code == "permission_denied"


def test_update_records_changes_and_a_status_event(world):
    data = mobility_input_from(world.mobility)
    data.status = "nominated"
    mobility_update(mobility=world.mobility, data=data, actor=world.users["officer"])
    updated = AuditEvent.objects.get(action="mobility.updated", target_id=str(world.mobility.pk))
    assert updated.changes == {"status": ["planned", "nominated"]}
    status = AuditEvent.objects.get(action="mobility.status_changed", target_id=str(world.mobility.pk))
    assert status.data == {"from": "planned", "to": "nominated"}


def test_update_without_changes_records_nothing(world):
    mobility_update(
        mobility=world.mobility, data=mobility_input_from(world.mobility), actor=world.users["officer"]
    )
    assert not AuditEvent.objects.filter(target_id=str(world.mobility.pk)).exists()


def test_coordinator_may_not_update_another_faculty(world):
    data = mobility_input_from(world.other_mobility)
    data.status = "cancelled"
    err = _error(
        lambda: mobility_update(mobility=world.other_mobility, data=data, actor=world.users["coordinator"])
    )
    assert err.code == "permission_denied"
    world.other_mobility.refresh_from_db()
    assert world.other_mobility.status == "planned"


def test_delete_keeps_the_history(world):
    pk = world.mobility.pk
    mobility_delete(mobility=world.mobility, actor=world.users["officer"])
    assert not Mobility.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="mobility.deleted", target_id=str(pk))
    assert event.changes["status"] == ["planned", None]


def test_person_create_normalises_and_validates(world):
    person = person_create(
        data=PersonInput(given_names=" Ana ", family_name="Lopez", email="ANA@Example.org", nationality="es"),
        actor=world.users["officer"],
    )
    assert (person.given_names, person.email, person.nationality) == ("Ana", "ana@example.org", "ES")
    assert AuditEvent.objects.filter(action="person.created", target_id=str(person.pk)).exists()
    count = Person.objects.count()
    for data, field in [
        (PersonInput(given_names="", family_name=" "), "family_name"),
        (PersonInput(given_names="A", family_name="B", nationality="QQ"), "nationality"),
        (PersonInput(given_names="A", family_name="B", birth_date=dt.date(2999, 1, 1)), "birth_date"),
    ]:
        assert _error(lambda data=data: person_create(data=data, actor=world.users["officer"])).field == field
    assert Person.objects.count() == count


def test_person_update_records_only_changes_and_refuses_readers(world):
    person = world.mobility.person
    data = PersonInput(given_names="Stuart", family_name="Dent", email=person.email)
    person_update(person=person, data=data, actor=world.users["officer"])
    event = AuditEvent.objects.get(action="person.updated", target_id=str(person.pk))
    assert event.changes == {"given_names": ["Stu", "Stuart"]}
    err = _error(
        lambda: person_update(person=person, data=PersonInput("X", "Y"), actor=world.users["partner_contact"])
    )
    assert err.code == "permission_denied"
    person.refresh_from_db()
    assert person.given_names == "Stuart"


def test_incoming_mobility_needs_our_institution_as_host(world):
    stranger = InstitutionFactory()
    data = _input(
        world, direction="incoming", home_institution_id=world.partner.pk, host_institution_id=stranger.pk
    )
    err = _error(lambda: mobility_create(data=data, actor=world.users["officer"]))
    assert (err.code, err.field) == ("not_home", "host_institution_id")
