"""The only writers of people and mobilities."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from accord.accounts.models import User
from accord.agreements.models import Agreement, CooperationCondition, MobilityType
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.institutions.models import Institution, OrganisationalUnit
from accord.mobility.errors import MobilityErrorCode
from accord.mobility.models import Direction, Mobility, MobilityStatus, Person
from accord.mobility.permissions import can_create_mobility, can_edit_mobility, can_use_unit
from accord.reference.services import academic_year_ensure
from accord.reference.vocab import countries


@dataclass
class PersonInput:
    given_names: str
    family_name: str
    email: str = ""
    student_number: str = ""
    staff_number: str = ""
    nationality: str = ""
    birth_date: dt.date | None = None
    global_id: str = ""


ESI_PREFIX = "urn:schac:personalUniqueCode:"


def _validated_person(data: PersonInput) -> dict[str, Any]:
    if not data.given_names.strip() and not data.family_name.strip():
        raise DomainError(ErrorCode.REQUIRED, "A person needs a name.", field="family_name")
    nationality = data.nationality.strip().upper()
    if nationality and nationality not in countries():
        raise DomainError(
            MobilityErrorCode.INVALID_COUNTRY,
            f"Unknown country code {data.nationality!r}.",
            field="nationality",
        )
    global_id = data.global_id.strip()
    if global_id and not global_id.startswith(ESI_PREFIX):
        raise DomainError(
            ErrorCode.INVALID_IDENTIFIER,
            f"A European Student Identifier starts with {ESI_PREFIX}, e.g. "
            "urn:schac:personalUniqueCode:int:esi:uw.edu.pl:123456.",
            field="global_id",
        )
    if data.birth_date and data.birth_date > dt.date.today():
        raise DomainError(ErrorCode.INVALID_DATE, "The birth date is in the future.", field="birth_date")
    return {
        "given_names": data.given_names.strip(),
        "family_name": data.family_name.strip(),
        "email": data.email.strip().lower(),
        "student_number": data.student_number.strip(),
        "staff_number": data.staff_number.strip(),
        "nationality": nationality,
        "birth_date": data.birth_date,
        "global_id": global_id,
    }


@transaction.atomic
def person_create(*, data: PersonInput, actor: User | None) -> Person:
    if not can_create_mobility(actor):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not register people.")
    person = Person.objects.create(**_validated_person(data))
    audit.record_created(actor=actor, action="person.created", target=person)
    return person


@transaction.atomic
def person_update(*, person: Person, data: PersonInput, actor: User | None) -> Person:
    if not can_create_mobility(actor):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not edit people.")
    with audit.record_changed(actor=actor, action="person.updated", target=person):
        for name, value in _validated_person(data).items():
            setattr(person, name, value)
        person.save()
    return person


@dataclass
class MobilityInput:
    person_id: int
    direction: str
    mobility_type: str
    home_institution_id: int
    host_institution_id: int
    academic_year: int
    planned_start: dt.date
    planned_end: dt.date
    agreement_id: int | None = None
    condition_id: int | None = None
    unit_id: int | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    status: str = MobilityStatus.PLANNED
    ects_planned: Decimal | None = None
    ects_obtained: Decimal | None = None
    grant_amount: Decimal | None = None
    fewer_opportunities: bool = False
    fewer_opportunities_note: str = ""


# A few words on why, never the sensitive detail itself: the column's own length.
NOTE_MAX_LENGTH: int = Mobility._meta.get_field("fewer_opportunities_note").max_length or 0


def _validated_mobility(data: MobilityInput, actor: User | None) -> dict[str, Any]:
    if data.direction not in Direction.values:
        raise DomainError(
            ErrorCode.INVALID_CHOICE, f"Unknown direction {data.direction!r}.", field="direction"
        )
    if data.mobility_type not in MobilityType.values:
        raise DomainError(
            ErrorCode.INVALID_CHOICE, f"Unknown mobility type {data.mobility_type!r}.", field="mobility_type"
        )
    if data.status not in MobilityStatus.values:
        raise DomainError(ErrorCode.INVALID_CHOICE, f"Unknown status {data.status!r}.", field="status")
    if not Person.objects.filter(pk=data.person_id).exists():
        raise DomainError(MobilityErrorCode.UNKNOWN_PERSON, "No such person.", field="person_id")
    institutions = Institution.objects.in_bulk([data.home_institution_id, data.host_institution_id])
    home, host = institutions.get(data.home_institution_id), institutions.get(data.host_institution_id)
    if home is None:
        raise DomainError(
            MobilityErrorCode.UNKNOWN_INSTITUTION, "No such home institution.", field="home_institution_id"
        )
    if host is None:
        raise DomainError(
            MobilityErrorCode.UNKNOWN_INSTITUTION, "No such host institution.", field="host_institution_id"
        )
    if home.pk == host.pk:
        raise DomainError(
            MobilityErrorCode.SAME_SIDES,
            "Home and host institutions must differ.",
            field="host_institution_id",
        )
    ours = home if data.direction == Direction.OUTGOING else host
    if not ours.is_home:
        side = "home" if data.direction == Direction.OUTGOING else "host"
        raise DomainError(
            MobilityErrorCode.NOT_HOME,
            f"For an {data.direction} mobility the {side} institution must be our own.",
            field=f"{side}_institution_id",
        )
    if (
        data.unit_id is not None
        and not OrganisationalUnit.objects.filter(pk=data.unit_id, institution=ours).exists()
    ):
        raise DomainError(
            MobilityErrorCode.INVALID_UNIT,
            "The unit must belong to our institution in this mobility.",
            field="unit_id",
        )
    if not can_use_unit(actor, data.unit_id):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "You may only record mobilities of your own units.", field="unit_id"
        )
    if data.agreement_id is not None:
        agreement = Agreement.objects.filter(pk=data.agreement_id).first()
        if agreement is None:
            raise DomainError(MobilityErrorCode.UNKNOWN_AGREEMENT, "No such agreement.", field="agreement_id")
        partner_ids = set(agreement.partners.values_list("institution_id", flat=True))
        if not {home.pk, host.pk} <= partner_ids:
            raise DomainError(
                MobilityErrorCode.NOT_IN_AGREEMENT,
                "Both institutions must be partners of the agreement.",
                field="agreement_id",
            )
    if data.condition_id is not None and data.agreement_id is None:
        raise DomainError(
            MobilityErrorCode.INVALID_CONDITION, "A condition needs its agreement.", field="condition_id"
        )
    if data.condition_id is not None and data.agreement_id is not None:
        condition = CooperationCondition.objects.filter(
            pk=data.condition_id, agreement_id=data.agreement_id
        ).first()
        if condition is None:
            raise DomainError(
                MobilityErrorCode.INVALID_CONDITION,
                "The condition must belong to the agreement.",
                field="condition_id",
            )
        if (condition.sending_institution_id, condition.receiving_institution_id) != (home.pk, host.pk):
            raise DomainError(
                MobilityErrorCode.INVALID_CONDITION,
                "The condition runs in the other direction.",
                field="condition_id",
            )
    if data.planned_end < data.planned_start:
        raise DomainError(
            ErrorCode.DATES_OUT_OF_ORDER,
            "The planned end cannot come before the planned start.",
            field="planned_end",
        )
    if data.actual_start and data.actual_end and data.actual_end < data.actual_start:
        raise DomainError(
            ErrorCode.DATES_OUT_OF_ORDER,
            "The actual end cannot come before the actual start.",
            field="actual_end",
        )
    for name in ("ects_planned", "ects_obtained", "grant_amount"):
        value = getattr(data, name)
        if value is not None and value < 0:
            raise DomainError(ErrorCode.NEGATIVE, "This amount cannot be negative.", field=name)
    if not 1900 <= data.academic_year <= 2200:
        raise DomainError(
            MobilityErrorCode.INVALID_YEAR,
            "Academic years must be real years such as 2026/2027.",
            field="academic_year",
        )
    note = data.fewer_opportunities_note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(
            ErrorCode.TOO_LONG,
            f"The note has at most {NOTE_MAX_LENGTH} characters.",
            field="fewer_opportunities_note",
        )
    values = {name: getattr(data, name) for name in MOBILITY_FIELDS}
    values["fewer_opportunities"] = bool(data.fewer_opportunities)
    values["fewer_opportunities_note"] = note
    values["academic_year"] = academic_year_ensure(data.academic_year)
    return values


MOBILITY_FIELDS = (
    "person_id",
    "direction",
    "mobility_type",
    "home_institution_id",
    "host_institution_id",
    "planned_start",
    "planned_end",
    "agreement_id",
    "condition_id",
    "unit_id",
    "actual_start",
    "actual_end",
    "status",
    "ects_planned",
    "ects_obtained",
    "grant_amount",
    "fewer_opportunities",
    "fewer_opportunities_note",
)


@transaction.atomic
def mobility_create(*, data: MobilityInput, actor: User | None) -> Mobility:
    if not can_create_mobility(actor):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not create mobilities.")
    mobility = Mobility.objects.create(**_validated_mobility(data, actor))
    audit.record_created(actor=actor, action="mobility.created", target=mobility)
    return mobility


@transaction.atomic
def mobility_update(*, mobility: Mobility, data: MobilityInput, actor: User | None) -> Mobility:
    mobility = Mobility.objects.select_for_update().get(pk=mobility.pk)
    if not can_edit_mobility(actor, mobility):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not edit this mobility.")
    with audit.record_changed(actor=actor, action="mobility.updated", target=mobility) as change:
        for name, value in _validated_mobility(data, actor).items():
            setattr(mobility, name, value)
        mobility.save()
    if "status" in change.changes:
        before, after = change.changes["status"]
        audit.record(
            actor=actor, action="mobility.status_changed", target=mobility, data={"from": before, "to": after}
        )
    return mobility


@transaction.atomic
def mobility_record_credits(
    *, mobility: Mobility, ects_obtained: Decimal, actor: User | None, source: str
) -> Mobility:
    """Credits obtained, written by the act that establishes them (a signed recognition decision).

    The caller has checked that `actor` may perform that act. Only this field is written: a mobility whose
    other data no longer passes the editor's checks (its agreement changed since, say) still takes them.
    """
    mobility = Mobility.objects.select_for_update().get(pk=mobility.pk)
    with audit.record_changed(
        actor=actor,
        action="mobility.updated",
        target=mobility,
        fields=["ects_obtained"],
        data={"source": source},
    ):
        mobility.ects_obtained = ects_obtained
        mobility.save(update_fields=["ects_obtained", "updated_at"])
    return mobility


@transaction.atomic
def mobility_delete(*, mobility: Mobility, actor: User | None) -> None:
    if not can_edit_mobility(actor, mobility):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not delete this mobility.")
    audit.record_deleted(actor=actor, action="mobility.deleted", target=mobility)
    mobility.delete()


def mobility_input_from(mobility: Mobility) -> MobilityInput:
    values = {name: getattr(mobility, name) for name in MOBILITY_FIELDS}
    return MobilityInput(academic_year=mobility.academic_year_id, **values)
