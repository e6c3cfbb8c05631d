import pytest

from accord.agreements.models import Agreement
from accord.agreements.services import (
    AgreementInput,
    ConditionInput,
    LanguageInput,
    PartnerInput,
    SubjectAreaInput,
    agreement_create,
    agreement_input_from,
    agreement_update,
)
from accord.common.errors import DomainError
from accord.common.models import AuditEvent


def _input(world, **overrides):
    data = AgreementInput(
        kind="erasmus_iia",
        title="Erasmus+ with Partner",
        owner_unit_id=world.faculty_a.pk,
        partners=[PartnerInput(institution_id=world.home.pk), PartnerInput(institution_id=world.partner.pk)],
        conditions=[
            ConditionInput(
                mobility_type="student_studies",
                sending_institution_id=world.home.pk,
                receiving_institution_id=world.partner.pk,
                first_year=2026,
                last_year=2028,
                places_per_year=3,
                eqf_levels=[6, 7],
                subject_areas=[SubjectAreaInput("0613", "Software")],
                languages=[LanguageInput("en", "B2")],
            )
        ],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_officer_creates_agreement_with_condition_and_audit(world):
    agreement = agreement_create(data=_input(world), actor=world.users["officer"])
    condition = agreement.conditions.get()
    assert condition.first_year_id == 2026 and condition.subject_areas.get().isced_id == "0613"
    event = AuditEvent.objects.get(action="agreement.created", target_id=str(agreement.pk))
    assert event.actor == world.users["officer"]
    assert event.changes["title"] == [None, "Erasmus+ with Partner"]


def test_erasmus_agreement_needs_exactly_two_partners(world):
    data = _input(world)
    data.partners.append(PartnerInput(institution_id=world.other_partner.pk))
    with pytest.raises(DomainError) as err:
        agreement_create(data=data, actor=world.users["officer"])
    assert err.value.code == "erasmus_two_partners"
    assert not Agreement.objects.filter(title="Erasmus+ with Partner").exists()


def test_condition_errors_name_the_field(world):
    data = _input(world)
    data.conditions[0].subject_areas = [SubjectAreaInput("9876")]
    with pytest.raises(DomainError) as err:
        agreement_create(data=data, actor=world.users["officer"])
    assert err.value.field == "conditions.0.subject_areas.0.isced_code"


def test_coordinator_cannot_file_under_another_unit(world):
    with pytest.raises(DomainError) as err:
        agreement_create(
            data=_input(world, owner_unit_id=world.faculty_b.pk), actor=world.users["coordinator"]
        )
    assert err.value.code == "permission_denied"


def test_update_with_stale_version_is_an_edit_conflict(world):
    agreement = agreement_create(data=_input(world), actor=world.users["officer"])
    data = agreement_input_from(agreement)
    data.title = "Renamed"
    agreement_update(agreement=agreement, data=data, actor=world.users["officer"], expected_version=1)
    agreement.refresh_from_db()
    assert agreement.version == 2 and agreement.title == "Renamed"
    with pytest.raises(DomainError) as err:
        agreement_update(agreement=agreement, data=data, actor=world.users["officer"], expected_version=1)
    assert err.value.code == "edit_conflict"
