"""The only writers of agreements, their partner rows and cooperation conditions.

An agreement is written whole (partners and conditions together) because that is how users edit it and
how EWP exchanges it; the input is validated completely before anything is written.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F

from accord.accounts.models import User
from accord.agreements.errors import AgreementErrorCode
from accord.agreements.models import (
    STUDENT_MOBILITY_TYPES,
    Agreement,
    AgreementKind,
    AgreementPartner,
    AgreementStatus,
    ConditionLanguage,
    ConditionSubjectArea,
    CooperationCondition,
    MobilityType,
)
from accord.agreements.permissions import (
    can_create_agreement,
    can_edit_agreement,
    can_register_past_draft,
    can_use_owner_unit,
)
from accord.agreements.revisions import revision_capture, revision_summary
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.common.services import excluding
from accord.engines.identifiers import IdentifierError, normalise_cefr_level, validate_eqf_level
from accord.institutions.models import Contact, Institution, OrganisationalUnit
from accord.reference.models import IscedField
from accord.reference.services import academic_year_ensure
from accord.reference.vocab import is_language_code


@dataclass
class PartnerInput:
    institution_id: int
    unit_id: int | None = None
    partner_agreement_id: str = ""
    partner_agreement_code: str = ""
    signing_contact_id: int | None = None
    signing_date: Any = None


@dataclass
class SubjectAreaInput:
    isced_code: str
    clarification: str = ""


@dataclass
class LanguageInput:
    language: str
    cefr_level: str
    isced_code: str | None = None


@dataclass
class ConditionInput:
    mobility_type: str
    sending_institution_id: int
    receiving_institution_id: int
    first_year: int
    last_year: int
    places_per_year: int
    sending_unit_id: int | None = None
    receiving_unit_id: int | None = None
    total_months_per_year: Decimal | None = None
    total_days_per_year: int | None = None
    blended: bool = False
    eqf_levels: list[int] = field(default_factory=list)
    subject_areas: list[SubjectAreaInput] = field(default_factory=list)
    languages: list[LanguageInput] = field(default_factory=list)
    other_terms: str = ""


@dataclass
class AgreementInput:
    kind: str
    title: str
    partners: list[PartnerInput]
    conditions: list[ConditionInput] = field(default_factory=list)
    reference_code: str = ""
    # Only creation sets a status (draft unless an officer registers an agreement already in force);
    # afterwards it changes through the lifecycle actions (lifecycle/services.py) alone.
    status: str | None = None
    valid_from: Any = None
    valid_to: Any = None
    owner_unit_id: int | None = None
    notes: str = ""
    # Reminders go out before this date; the agreement becomes "expiring" this many days before its end.
    renewal_deadline: Any = None
    notice_period_days: int | None = None


def _fail(code: ErrorCode | AgreementErrorCode, message: str, path: str) -> DomainError:
    return DomainError(code, message, field=path)


def _validate_partners(data: AgreementInput) -> dict[int, Institution]:
    if len(data.partners) < 2:
        raise _fail(
            AgreementErrorCode.TOO_FEW_PARTNERS, "An agreement needs at least two partners.", "partners"
        )
    if data.kind == AgreementKind.ERASMUS_IIA and len(data.partners) != 2:
        raise _fail(
            AgreementErrorCode.ERASMUS_TWO_PARTNERS,
            "An Erasmus+ inter-institutional agreement has exactly two partners.",
            "partners",
        )
    ids = [p.institution_id for p in data.partners]
    if len(set(ids)) != len(ids):
        raise _fail(AgreementErrorCode.DUPLICATE_PARTNER, "The same institution is listed twice.", "partners")
    institutions = Institution.objects.in_bulk(ids)
    for index, partner in enumerate(data.partners):
        path = f"partners.{index}"
        institution = institutions.get(partner.institution_id)
        if institution is None:
            raise _fail(
                AgreementErrorCode.UNKNOWN_INSTITUTION, "No such institution.", f"{path}.institution_id"
            )
        if (
            partner.unit_id is not None
            and not OrganisationalUnit.objects.filter(pk=partner.unit_id, institution=institution).exists()
        ):
            raise _fail(
                AgreementErrorCode.INVALID_UNIT, "The unit must belong to this partner.", f"{path}.unit_id"
            )
        if (
            partner.signing_contact_id is not None
            and not Contact.objects.filter(pk=partner.signing_contact_id, institution=institution).exists()
        ):
            raise _fail(
                AgreementErrorCode.INVALID_CONTACT,
                "The signing contact must belong to this partner.",
                f"{path}.signing_contact_id",
            )
    if not any(i.is_home for i in institutions.values()):
        raise _fail(
            AgreementErrorCode.NO_HOME_PARTNER, "One partner must be our own (home) institution.", "partners"
        )
    return institutions


def _validate_condition(index: int, cond: ConditionInput, partner_ids: set[int]) -> None:
    path = f"conditions.{index}"
    if cond.mobility_type not in MobilityType.values:
        raise _fail(
            ErrorCode.INVALID_CHOICE,
            f"Unknown mobility type {cond.mobility_type!r}.",
            f"{path}.mobility_type",
        )
    for side in ("sending", "receiving"):
        institution_id = getattr(cond, f"{side}_institution_id")
        if institution_id not in partner_ids:
            raise _fail(
                AgreementErrorCode.NOT_A_PARTNER,
                f"The {side} institution must be a partner of the agreement.",
                f"{path}.{side}_institution_id",
            )
        unit_id = getattr(cond, f"{side}_unit_id")
        if (
            unit_id is not None
            and not OrganisationalUnit.objects.filter(pk=unit_id, institution_id=institution_id).exists()
        ):
            raise _fail(
                AgreementErrorCode.INVALID_UNIT,
                f"The {side} unit must belong to the {side} institution.",
                f"{path}.{side}_unit_id",
            )
    if cond.sending_institution_id == cond.receiving_institution_id:
        raise _fail(
            AgreementErrorCode.SAME_SIDES,
            "Sending and receiving institutions must differ.",
            f"{path}.receiving_institution_id",
        )
    if not 1900 <= cond.first_year <= 2200 or not 1900 <= cond.last_year <= 2200:
        raise _fail(
            AgreementErrorCode.INVALID_YEAR,
            "Academic years must be real years such as 2026/2027.",
            f"{path}.first_year",
        )
    if cond.last_year < cond.first_year:
        raise _fail(
            AgreementErrorCode.YEARS_OUT_OF_ORDER,
            "The last academic year cannot come before the first.",
            f"{path}.last_year",
        )
    if cond.places_per_year < 0:
        raise _fail(ErrorCode.NEGATIVE, "Places per year cannot be negative.", f"{path}.places_per_year")
    is_student = cond.mobility_type in STUDENT_MOBILITY_TYPES
    if cond.total_months_per_year is not None:
        if not is_student:
            raise _fail(
                AgreementErrorCode.NOT_FOR_STAFF,
                "Months per year apply to student mobility; use days for staff.",
                f"{path}.total_months_per_year",
            )
        if cond.total_months_per_year < 0:
            raise _fail(
                ErrorCode.NEGATIVE, "Months per year cannot be negative.", f"{path}.total_months_per_year"
            )
    if cond.total_days_per_year is not None:
        if is_student:
            raise _fail(
                AgreementErrorCode.NOT_FOR_STUDENTS,
                "Days per year apply to staff mobility; use months for students.",
                f"{path}.total_days_per_year",
            )
        if cond.total_days_per_year < 0:
            raise _fail(
                ErrorCode.NEGATIVE, "Days per year cannot be negative.", f"{path}.total_days_per_year"
            )
    if cond.eqf_levels and not is_student:
        raise _fail(
            AgreementErrorCode.NOT_FOR_STAFF, "EQF levels apply to student mobility.", f"{path}.eqf_levels"
        )
    for level in cond.eqf_levels:
        try:
            validate_eqf_level(level)
        except IdentifierError as exc:
            raise _fail(AgreementErrorCode.INVALID_EQF, str(exc), f"{path}.eqf_levels") from exc
    known = set(
        IscedField.objects.filter(
            code__in=[a.isced_code for a in cond.subject_areas]
            + [lang.isced_code for lang in cond.languages if lang.isced_code]
        ).values_list("code", flat=True)
    )
    for a_index, area in enumerate(cond.subject_areas):
        if area.isced_code not in known:
            raise _fail(
                AgreementErrorCode.INVALID_ISCED,
                f"Unknown ISCED-F code {area.isced_code!r}.",
                f"{path}.subject_areas.{a_index}.isced_code",
            )
    for l_index, lang in enumerate(cond.languages):
        lpath = f"{path}.languages.{l_index}"
        if not is_language_code(lang.language):
            raise _fail(
                AgreementErrorCode.INVALID_LANGUAGE,
                f"Unknown language code {lang.language!r}.",
                f"{lpath}.language",
            )
        try:
            normalise_cefr_level(lang.cefr_level)
        except IdentifierError as exc:
            raise _fail(AgreementErrorCode.INVALID_CEFR, str(exc), f"{lpath}.cefr_level") from exc
        if lang.isced_code and lang.isced_code not in known:
            raise _fail(
                AgreementErrorCode.INVALID_ISCED,
                f"Unknown ISCED-F code {lang.isced_code!r}.",
                f"{lpath}.isced_code",
            )


def _validate(data: AgreementInput, *, agreement_id: int | None, actor: User | None) -> None:
    if data.kind not in AgreementKind.values:
        raise _fail(ErrorCode.INVALID_CHOICE, f"Unknown agreement kind {data.kind!r}.", "kind")
    if data.status is not None and data.status not in AgreementStatus.values:
        raise _fail(ErrorCode.INVALID_CHOICE, f"Unknown status {data.status!r}.", "status")
    if not data.title.strip():
        raise _fail(ErrorCode.REQUIRED, "An agreement needs a title.", "title")
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        raise _fail(
            ErrorCode.DATES_OUT_OF_ORDER, "The end date cannot come before the start date.", "valid_to"
        )
    if data.renewal_deadline and data.valid_to and data.renewal_deadline > data.valid_to:
        raise _fail(
            AgreementErrorCode.DEADLINE_AFTER_END,
            "The renewal deadline cannot come after the end date.",
            "renewal_deadline",
        )
    if data.notice_period_days is not None and not 0 <= data.notice_period_days <= 3650:
        raise _fail(ErrorCode.OUT_OF_RANGE, "The notice period is 0 to 3650 days.", "notice_period_days")
    code = data.reference_code.strip()
    if code and excluding(Agreement.objects.filter(reference_code=code), agreement_id).exists():
        raise _fail(
            ErrorCode.DUPLICATE, f"Another agreement has the reference code {code!r}.", "reference_code"
        )
    if (
        data.owner_unit_id is not None
        and not OrganisationalUnit.objects.filter(pk=data.owner_unit_id, institution__is_home=True).exists()
    ):
        raise _fail(
            AgreementErrorCode.INVALID_UNIT,
            "The owning unit must be a unit of our own institution.",
            "owner_unit_id",
        )
    if not can_use_owner_unit(actor, data.owner_unit_id):
        raise _fail(
            ErrorCode.PERMISSION_DENIED, "You may only file agreements under your own units.", "owner_unit_id"
        )
    institutions = _validate_partners(data)
    for index, cond in enumerate(data.conditions):
        _validate_condition(index, cond, set(institutions))


def _write_children(agreement: Agreement, data: AgreementInput) -> None:
    agreement.partners.all().delete()
    agreement.conditions.all().delete()
    AgreementPartner.objects.bulk_create(
        [
            AgreementPartner(
                agreement=agreement,
                institution_id=p.institution_id,
                unit_id=p.unit_id,
                partner_agreement_id=p.partner_agreement_id.strip(),
                partner_agreement_code=p.partner_agreement_code.strip(),
                signing_contact_id=p.signing_contact_id,
                signing_date=p.signing_date,
                position=index,
            )
            for index, p in enumerate(data.partners)
        ]
    )
    for index, cond in enumerate(data.conditions):
        condition = CooperationCondition.objects.create(
            agreement=agreement,
            mobility_type=cond.mobility_type,
            sending_institution_id=cond.sending_institution_id,
            sending_unit_id=cond.sending_unit_id,
            receiving_institution_id=cond.receiving_institution_id,
            receiving_unit_id=cond.receiving_unit_id,
            first_year=academic_year_ensure(cond.first_year),
            last_year=academic_year_ensure(cond.last_year),
            places_per_year=cond.places_per_year,
            total_months_per_year=cond.total_months_per_year,
            total_days_per_year=cond.total_days_per_year,
            blended=cond.blended,
            eqf_levels=sorted({int(level) for level in cond.eqf_levels}),
            other_terms=cond.other_terms.strip(),
            position=index,
        )
        ConditionSubjectArea.objects.bulk_create(
            [
                ConditionSubjectArea(
                    condition=condition, isced_id=a.isced_code, clarification=a.clarification.strip()
                )
                for a in cond.subject_areas
            ]
        )
        ConditionLanguage.objects.bulk_create(
            [
                ConditionLanguage(
                    condition=condition,
                    language=lang.language.strip(),
                    cefr_level=lang.cefr_level.strip().upper(),
                    isced_id=lang.isced_code or None,
                )
                for lang in cond.languages
            ]
        )


def agreement_snapshot(agreement: Agreement) -> dict[str, Any]:
    """The agreement with its partners and conditions, as plain data for audit diffs and revisions."""
    data = audit.snapshot(
        agreement,
        [
            "kind",
            "title",
            "reference_code",
            "status",
            "valid_from",
            "valid_to",
            "owner_unit_id",
            "notes",
            "renewal_deadline",
            "notice_period_days",
        ],
    )
    data["partners"] = [
        audit.snapshot(
            p,
            [
                "institution_id",
                "unit_id",
                "partner_agreement_id",
                "partner_agreement_code",
                "signing_contact_id",
                "signing_date",
            ],
        )
        for p in agreement.partners.all()
    ]
    data["conditions"] = [
        {
            **audit.snapshot(
                c,
                [
                    "mobility_type",
                    "sending_institution_id",
                    "sending_unit_id",
                    "receiving_institution_id",
                    "receiving_unit_id",
                    "first_year_id",
                    "last_year_id",
                    "places_per_year",
                    "total_months_per_year",
                    "total_days_per_year",
                    "blended",
                    "eqf_levels",
                    "other_terms",
                ],
            ),
            "subject_areas": [[a.isced_id, a.clarification] for a in c.subject_areas.all()],
            "languages": [[lang.language, lang.cefr_level, lang.isced_id] for lang in c.languages.all()],
        }
        for c in agreement.conditions.all()
    ]
    return data


# What an edit writes; the status is not among them (see AgreementInput.status).
FIELDS = (
    "kind",
    "title",
    "reference_code",
    "valid_from",
    "valid_to",
    "owner_unit_id",
    "notes",
    "renewal_deadline",
    "notice_period_days",
)


@transaction.atomic
def agreement_create(*, data: AgreementInput, actor: User | None) -> Agreement:
    if not can_create_agreement(actor):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not create agreements.")
    _validate(data, agreement_id=None, actor=actor)
    status = data.status or AgreementStatus.DRAFT
    if status != AgreementStatus.DRAFT and not can_register_past_draft(actor):
        raise _fail(
            ErrorCode.PERMISSION_DENIED,
            "Only the international office registers agreements past draft.",
            "status",
        )
    values = {name: _clean(getattr(data, name)) for name in FIELDS}
    agreement = Agreement.objects.create(**values, status=status)
    _write_children(agreement, data)
    audit.record_created(
        actor=actor,
        action="agreement.created",
        target=agreement,
        snapshot_of=lambda _: agreement_snapshot(agreement),
    )
    revision_capture(agreement=agreement, actor=actor, summary="Created")
    return agreement


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, data: AgreementInput, actor: User | None, expected_version: int | None = None
) -> Agreement:
    """Replace the agreement's data; `expected_version` guards against overwriting someone else's edit."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not can_edit_agreement(actor, agreement):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not edit this agreement.")
    if expected_version is not None and expected_version != agreement.version:
        raise DomainError(
            ErrorCode.EDIT_CONFLICT,
            "Someone else changed this agreement since you opened it. Reload it and make your changes again.",
            extra={"current_version": agreement.version},
        )
    if data.status is not None and data.status != agreement.status:
        raise _fail(
            AgreementErrorCode.STATUS_BY_TRANSITION,
            "The status changes through the lifecycle actions on the agreement's page, not by editing.",
            "status",
        )
    _validate(data, agreement_id=agreement.pk, actor=actor)
    with audit.record_changed(
        actor=actor,
        action="agreement.updated",
        target=agreement,
        snapshot_of=lambda _: agreement_snapshot(agreement),
    ) as change:
        for name in FIELDS:
            setattr(agreement, name, _clean(getattr(data, name)))
        _write_children(agreement, data)
    if change.changes:
        agreement.version = F("version") + 1
        agreement.save()
        agreement.refresh_from_db()
        revision_capture(agreement=agreement, actor=actor, summary=revision_summary(change.changes))
    return agreement


@transaction.atomic
def agreement_delete(*, agreement: Agreement, actor: User | None) -> None:
    if not can_edit_agreement(actor, agreement):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not delete this agreement.")
    if agreement.mobilities.exists():
        raise DomainError(ErrorCode.IN_USE, "Mobilities belong to this agreement; cancel or move them first.")
    audit.record_deleted(
        actor=actor, action="agreement.deleted", target=agreement, snapshot_of=agreement_snapshot
    )
    agreement.delete()


def agreement_input_from(agreement: Agreement) -> AgreementInput:
    """The stored agreement as an input, for forms' initial data and partial API updates."""
    return AgreementInput(
        kind=agreement.kind,
        title=agreement.title,
        reference_code=agreement.reference_code,
        status=None,  # not an input of edits: see AgreementInput.status
        valid_from=agreement.valid_from,
        valid_to=agreement.valid_to,
        owner_unit_id=agreement.owner_unit_id,
        notes=agreement.notes,
        renewal_deadline=agreement.renewal_deadline,
        notice_period_days=agreement.notice_period_days,
        partners=[
            PartnerInput(
                institution_id=p.institution_id,
                unit_id=p.unit_id,
                partner_agreement_id=p.partner_agreement_id,
                partner_agreement_code=p.partner_agreement_code,
                signing_contact_id=p.signing_contact_id,
                signing_date=p.signing_date,
            )
            for p in agreement.partners.all()
        ],
        conditions=[
            ConditionInput(
                mobility_type=c.mobility_type,
                sending_institution_id=c.sending_institution_id,
                receiving_institution_id=c.receiving_institution_id,
                first_year=c.first_year_id,
                last_year=c.last_year_id,
                places_per_year=c.places_per_year,
                sending_unit_id=c.sending_unit_id,
                receiving_unit_id=c.receiving_unit_id,
                total_months_per_year=c.total_months_per_year,
                total_days_per_year=c.total_days_per_year,
                blended=c.blended,
                eqf_levels=list(c.eqf_levels),
                subject_areas=[SubjectAreaInput(a.isced_id, a.clarification) for a in c.subject_areas.all()],
                languages=[
                    LanguageInput(lang.language, lang.cefr_level, lang.isced_id) for lang in c.languages.all()
                ],
                other_terms=c.other_terms,
            )
            for c in agreement.conditions.all()
        ],
    )
