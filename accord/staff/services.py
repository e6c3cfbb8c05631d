"""The only writers of staff applications: file, approve (creating the staff mobility), reject."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User
from accord.agreements.models import Agreement
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.institutions.models import Institution, OrganisationalUnit
from accord.mobility.errors import MobilityErrorCode
from accord.mobility.models import Direction, MobilityStatus, Person
from accord.mobility.selectors import home_institution
from accord.mobility.services import MobilityInput, PersonInput, mobility_create, person_create
from accord.notifications.services import notify
from accord.reference.services import academic_year_ensure, academic_year_for_date
from accord.staff.errors import StaffErrorCode
from accord.staff.models import STAFF_TYPES, ApplicationStatus, StaffApplication
from accord.staff.permissions import (
    can_decide_application,
    can_file_application,
    can_withdraw_application,
)

MAX_DAYS = 60  # Erasmus+ staff mobility lasts 2 to 60 days of activity


@dataclass
class StaffApplicationInput:
    given_names: str
    family_name: str
    email: str
    staff_number: str
    unit_id: int
    host_institution_id: int
    mobility_type: str
    planned_start: dt.date
    planned_end: dt.date
    days: int
    programme: str
    agreement_id: int | None = None
    teaching_hours: int | None = None
    grant_requested: Decimal | None = None


def _staff_member(data: StaffApplicationInput, actor: User | None) -> Person:
    """The person with this staff number or e-mail, or a new one."""
    match = Q(pk__in=[])
    if data.staff_number.strip():
        match |= Q(staff_number=data.staff_number.strip())
    if data.email.strip():
        match |= Q(email=data.email.strip().lower())
    person = Person.objects.filter(match).order_by("pk").first()
    if person is not None:
        return person
    return person_create(
        data=PersonInput(
            given_names=data.given_names,
            family_name=data.family_name,
            email=data.email,
            staff_number=data.staff_number,
        ),
        actor=actor,
    )


def _validate(data: StaffApplicationInput) -> None:
    if data.mobility_type not in dict(STAFF_TYPES):
        raise DomainError(ErrorCode.INVALID_CHOICE, "Choose teaching or training.", field="mobility_type")
    home = home_institution()
    if not OrganisationalUnit.objects.filter(pk=data.unit_id, institution=home).exists():
        raise DomainError(MobilityErrorCode.INVALID_UNIT, "Choose one of our units.", field="unit_id")
    host = Institution.objects.filter(pk=data.host_institution_id).first()
    if host is None or host.pk == home.pk:
        raise DomainError(
            MobilityErrorCode.UNKNOWN_INSTITUTION,
            "Choose a partner institution.",
            field="host_institution_id",
        )
    if data.planned_end < data.planned_start:
        raise DomainError(
            ErrorCode.DATES_OUT_OF_ORDER, "The end cannot come before the start.", field="planned_end"
        )
    span = (data.planned_end - data.planned_start).days + 1
    if not 1 <= data.days <= min(span, MAX_DAYS):
        raise DomainError(
            StaffErrorCode.INVALID_DAYS,
            f"Activity days must be between 1 and {min(span, MAX_DAYS)} "
            f"(the length of the stay, at most {MAX_DAYS}).",
            field="days",
        )
    if data.mobility_type == "staff_teaching" and not data.teaching_hours:
        raise DomainError(ErrorCode.REQUIRED, "Say how many hours you will teach.", field="teaching_hours")
    if data.grant_requested is not None and data.grant_requested < 0:
        raise DomainError(ErrorCode.NEGATIVE, "The grant cannot be negative.", field="grant_requested")
    if not data.programme.strip():
        raise DomainError(ErrorCode.REQUIRED, "Describe the activity programme.", field="programme")
    if data.agreement_id is not None:
        partners = Agreement.objects.filter(pk=data.agreement_id).values_list(
            "partners__institution_id", flat=True
        )
        if not {home.pk, host.pk} <= set(partners):
            raise DomainError(
                MobilityErrorCode.NOT_IN_AGREEMENT,
                "The agreement must be with this partner.",
                field="agreement_id",
            )


@transaction.atomic
def staff_application_create(*, data: StaffApplicationInput, actor: User | None) -> StaffApplication:
    if not can_file_application(actor, data.unit_id):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "You may not file applications for this unit.", field="unit_id"
        )
    _validate(data)
    if not (data.given_names.strip() or data.family_name.strip()):
        raise DomainError(ErrorCode.REQUIRED, "Name the staff member.", field="family_name")
    person = _staff_member(data, actor)
    application = StaffApplication.objects.create(
        person=person,
        unit_id=data.unit_id,
        host_institution_id=data.host_institution_id,
        agreement_id=data.agreement_id,
        mobility_type=data.mobility_type,
        academic_year=academic_year_ensure(
            academic_year_for_date(data.planned_start.year, data.planned_start.month)
        ),
        planned_start=data.planned_start,
        planned_end=data.planned_end,
        days=data.days,
        teaching_hours=data.teaching_hours,
        programme=data.programme.strip(),
        grant_requested=data.grant_requested,
        created_by=actor if actor is not None and actor.pk else None,
    )
    audit.record_created(actor=actor, action="staff_application.created", target=application)
    return application


def _lock(application: StaffApplication, actor: User | None) -> StaffApplication:
    locked = StaffApplication.objects.select_for_update().select_related("person").get(pk=application.pk)
    if not can_decide_application(actor, locked):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not decide on this application.")
    if locked.status != ApplicationStatus.SUBMITTED:
        raise DomainError(
            ErrorCode.INVALID_STATE, f"This application is already {locked.get_status_display().lower()}."
        )
    return locked


def _tell_applicant(application: StaffApplication, actor: User | None, verb: str) -> None:
    user = application.person.user
    if user is not None:
        notify(
            actor=actor,
            recipients=[user],
            subject=f"Your staff mobility application was {verb}",
            body=f"{application}: {verb}."
            + (f"\n{application.decision_reason}" if application.decision_reason else ""),
            url=reverse("staff:detail", args=[application.pk]),
        )


@transaction.atomic
def staff_application_approve(
    *, application: StaffApplication, actor: User | None, now: dt.datetime | None = None
) -> StaffApplication:
    """Approve, and create the outgoing staff mobility that is then nominated to the partner."""
    application = _lock(application, actor)
    home = home_institution()
    mobility = mobility_create(
        data=MobilityInput(
            person_id=application.person_id,
            direction=Direction.OUTGOING,
            mobility_type=application.mobility_type,
            home_institution_id=home.pk,
            host_institution_id=application.host_institution_id,
            academic_year=application.academic_year_id,
            planned_start=application.planned_start,
            planned_end=application.planned_end,
            agreement_id=application.agreement_id,
            unit_id=application.unit_id,
            status=MobilityStatus.PLANNED,
            grant_amount=application.grant_requested,
        ),
        actor=actor,
    )
    application.status = ApplicationStatus.APPROVED
    application.mobility = mobility
    application.decided_by = actor if actor is not None and actor.pk else None
    application.decided_at = now or timezone.now()
    application.save(update_fields=["status", "mobility", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor=actor, action="staff_application.approved", target=application, data={"mobility": mobility.pk}
    )
    _tell_applicant(application, actor, "approved")
    return application


@transaction.atomic
def staff_application_reject(
    *, application: StaffApplication, actor: User | None, reason: str, now: dt.datetime | None = None
) -> StaffApplication:
    application = _lock(application, actor)
    if not reason.strip():
        raise DomainError(ErrorCode.REQUIRED, "Say why the application is rejected.", field="reason")
    application.status = ApplicationStatus.REJECTED
    application.decision_reason = reason.strip()
    application.decided_by = actor if actor is not None and actor.pk else None
    application.decided_at = now or timezone.now()
    application.save(update_fields=["status", "decision_reason", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor=actor, action="staff_application.rejected", target=application, data={"reason": reason.strip()}
    )
    _tell_applicant(application, actor, "rejected")
    return application


@transaction.atomic
def staff_application_withdraw(*, application: StaffApplication, actor: User | None) -> StaffApplication:
    application = StaffApplication.objects.select_for_update().select_related("person").get(pk=application.pk)
    if not can_withdraw_application(actor, application):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not withdraw this application.")
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(
            ErrorCode.INVALID_STATE, "Only an application still waiting for a decision can be withdrawn."
        )
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="staff_application.withdrawn", target=application)
    return application
