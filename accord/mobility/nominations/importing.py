"""Incoming nominations from partners: one writer for the spreadsheet and the EWP XML imports.

Both imports first turn the file into :class:`IncomingNomination` items and a list of problems without
writing anything; only a file without problems is written, in one transaction (all or nothing). A partner's
omobility id maps a nomination to the mobility an earlier import created, so importing again updates it.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from accord.accounts.models import User
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.institutions.models import Institution
from accord.mobility.errors import MobilityErrorCode
from accord.mobility.models import Direction, Mobility, MobilityStatus, Person
from accord.mobility.permissions import can_create_mobility
from accord.mobility.selectors import home_institution
from accord.mobility.services import MobilityInput, PersonInput, mobility_create, person_create

IMPORT_MAX_BYTES = 5 * 1024 * 1024

# What a partner's later document may change on a nomination we already hold.
UPDATABLE = (
    "planned_start",
    "planned_end",
    "eqf_level",
    "isced_code",
    "language_skills",
    "ects_planned",
    "fewer_opportunities",
)


@dataclass
class IncomingNomination:
    source: str  # "row 4", "mobility 2 (…)": where the user finds it in their file
    sending_institution_id: int
    given_names: str
    family_name: str
    mobility_type: str
    academic_year: int
    planned_start: dt.date
    planned_end: dt.date
    omobility_id: str = ""
    email: str = ""
    student_number: str = ""
    global_id: str = ""
    birth_date: dt.date | None = None
    nationality: str = ""
    unit_id: int | None = None
    eqf_level: int | None = None
    isced_code: str = ""
    ects_planned: Decimal | None = None
    language_skills: list[dict[str, str]] = field(default_factory=list)
    fewer_opportunities: bool | None = None  # None: the file does not say
    partner_status: str = MobilityStatus.NOMINATED


# A service names its own field; the report names the column the user sees.
_COLUMN_OF = {"unit_id": "unit", "home_institution_id": "sending_institution", "person_id": "family_name"}


@dataclass
class ImportOutcome:
    created: list[Mobility] = field(default_factory=list)
    updated: list[Mobility] = field(default_factory=list)


class ImportRefused(DomainError):
    """Some item could not be written; nothing was. ``problems`` are (where, field, message)."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        super().__init__(
            MobilityErrorCode.IMPORT_INVALID,
            f"Nothing was imported: {len(problems)} problem{'s' if len(problems) != 1 else ''} in the file.",
            extra={"problems": [{"where": w, "field": f, "message": m} for w, f, m in problems]},
        )
        self.problems = problems


def _existing(item: IncomingNomination) -> Mobility | None:
    if not item.omobility_id:
        return None
    return (
        Mobility.objects.select_for_update()
        .filter(home_institution_id=item.sending_institution_id, omobility_id=item.omobility_id)
        .first()
    )


def _person_for(item: IncomingNomination, actor: User | None) -> Person:
    if item.global_id:
        known = Person.objects.filter(global_id=item.global_id).first()
        if known is not None:
            return known
    person = person_create(
        data=PersonInput(
            given_names=item.given_names,
            family_name=item.family_name,
            email=item.email,
            student_number=item.student_number,
            nationality=item.nationality,
            birth_date=item.birth_date,
            global_id=item.global_id,
        ),
        actor=actor,
    )
    return person


def _update(mobility: Mobility, item: IncomingNomination, actor: User | None) -> bool:
    if mobility.direction != Direction.INCOMING:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"omobility id {item.omobility_id!r} belongs to one of our outgoing mobilities.",
        )
    with audit.record_changed(actor=actor, action="nomination.updated_by_partner", target=mobility) as change:
        for name in UPDATABLE:
            value = getattr(item, name)
            if value not in (None, "", []):
                setattr(mobility, name, value)
        if mobility.planned_end < mobility.planned_start:
            raise DomainError(
                ErrorCode.DATES_OUT_OF_ORDER, "The planned end cannot come before the planned start."
            )
        # The partner may withdraw its nomination; our own answer is not theirs to overwrite otherwise.
        if item.partner_status == MobilityStatus.CANCELLED:
            mobility.status = MobilityStatus.CANCELLED
        mobility.save()
    return bool(change.changes)


def _create(item: IncomingNomination, home: Institution, actor: User | None) -> Mobility:
    person = _person_for(item, actor)
    mobility = mobility_create(
        data=MobilityInput(
            person_id=person.pk,
            direction=Direction.INCOMING,
            mobility_type=item.mobility_type,
            home_institution_id=item.sending_institution_id,
            host_institution_id=home.pk,
            academic_year=item.academic_year,
            planned_start=item.planned_start,
            planned_end=item.planned_end,
            unit_id=item.unit_id,
            status=item.partner_status,
            ects_planned=item.ects_planned,
            fewer_opportunities=bool(item.fewer_opportunities),
        ),
        actor=actor,
    )
    mobility.omobility_id = item.omobility_id
    mobility.eqf_level = item.eqf_level
    mobility.isced_code = item.isced_code
    mobility.language_skills = item.language_skills
    mobility.save(update_fields=["omobility_id", "eqf_level", "isced_code", "language_skills", "updated_at"])
    audit.record(
        actor=actor,
        action="nomination.received",
        target=mobility,
        data={"omobility_id": item.omobility_id, "from": item.sending_institution_id},
    )
    return mobility


def incoming_nominations_save(*, items: list[IncomingNomination], actor: User | None) -> ImportOutcome:
    """Write every item or none: raises :class:`ImportRefused` naming each item that failed."""
    if not can_create_mobility(actor):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not record incoming nominations.")
    seen: dict[tuple[int, str], str] = {}
    problems: list[tuple[str, str, str]] = []
    for item in items:
        key = (item.sending_institution_id, item.omobility_id)
        if item.omobility_id and key in seen:
            problems.append((item.source, "omobility_id", f"the same id as {seen[key]}"))
        seen.setdefault(key, item.source)
    if problems:
        raise ImportRefused(problems)
    outcome = ImportOutcome()
    with transaction.atomic():
        home = home_institution()
        for item in items:
            try:
                with transaction.atomic():
                    existing = _existing(item)
                    if existing is None:
                        outcome.created.append(_create(item, home, actor))
                    elif _update(existing, item, actor):
                        outcome.updated.append(existing)
            except DomainError as err:
                problems.append((item.source, _COLUMN_OF.get(err.field or "", err.field or ""), err.message))
        if problems:
            raise ImportRefused(problems)  # rolls back every row written above
    return outcome
