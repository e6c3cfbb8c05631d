import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from ninja import Body, Schema
from pydantic import Field

from accord.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementPartner,
    AgreementStatus,
    ConditionLanguage,
    ConditionSubjectArea,
    CooperationCondition,
    MobilityType,
)
from accord.common.api_support import (
    AcademicYearStr,
    Deferred,
    Id,
    InputSchema,
    ListParams,
    partial_schema,
    year_code,
)

# Inputs ---------------------------------------------------------------------------------------------------


class PartnerIn(InputSchema):
    institution_id: Id
    unit_id: Id | None = None
    partner_agreement_id: str = Field(
        "", max_length=64, description="The partner's own id for this agreement."
    )
    partner_agreement_code: str = Field("", max_length=64)
    signing_contact_id: Id | None = None
    signing_date: dt.date | None = None


class SubjectAreaIn(InputSchema):
    isced_code: str = Field(max_length=4, examples=["0613"], description="ISCED-F 2013 code, 2 to 4 digits.")
    clarification: str = Field("", max_length=300)


class LanguageIn(InputSchema):
    language: str = Field(max_length=35, examples=["en"], description="BCP 47 language tag.")
    cefr_level: str = Field(max_length=2, examples=["B2"])
    isced_code: str | None = Field(None, max_length=4)


class ConditionIn(InputSchema):
    mobility_type: MobilityType
    sending_institution_id: Id
    receiving_institution_id: Id
    first_year: AcademicYearStr
    last_year: AcademicYearStr
    places_per_year: int = Field(ge=0, le=100_000)
    sending_unit_id: Id | None = None
    receiving_unit_id: Id | None = None
    total_months_per_year: Decimal | None = Field(
        None, ge=0, max_digits=6, decimal_places=2, allow_inf_nan=False, description="Student mobility only."
    )
    total_days_per_year: int | None = Field(None, ge=0, le=100_000, description="Staff mobility only.")
    blended: bool = False
    eqf_levels: list[int] = Field(default_factory=list, max_length=8)
    subject_areas: list[SubjectAreaIn] = Field(default_factory=list, max_length=100)
    languages: list[LanguageIn] = Field(default_factory=list, max_length=50)
    other_terms: str = Field("", max_length=10_000)


class AgreementFieldsIn(InputSchema):
    kind: AgreementKind
    title: str = Field(max_length=300)
    reference_code: str = Field("", max_length=64)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    renewal_deadline: dt.date | None = Field(None, description="Reminders are e-mailed before it.")
    notice_period_days: int | None = Field(
        None,
        ge=0,
        le=3650,
        description="Days before `valid_to` at which it becomes expiring; null: the default.",
    )
    owner_unit_id: Id | None = Field(
        None, description="Our unit that owns the agreement (required for coordinators)."
    )
    notes: str = Field("", max_length=20_000)


class AgreementIn(AgreementFieldsIn):
    """A whole agreement: its fields, its partners (one of them ours) and its cooperation conditions."""

    partners: list[PartnerIn] = Field(max_length=50)
    conditions: list[ConditionIn] = Field(default_factory=list, max_length=200)


class AgreementCreateIn(AgreementIn):
    status: AgreementStatus = Field(
        AgreementStatus.DRAFT,
        description="Draft, unless the international office registers an agreement already in force. "
        "Afterwards the status changes only through `POST /agreements/{id}/transitions`.",
    )


class AgreementReplace(AgreementIn):
    version: int = Field(
        ge=1, le=2**31, description="The `version` you read; if it changed since, the answer is 409."
    )


class AgreementPatchBase(AgreementFieldsIn):
    version: int | None = Field(
        None, ge=1, le=2**31, description="Optional guard against overwriting an edit."
    )


if TYPE_CHECKING:  # mypy cannot see a class made at run time; the fields are the same
    AgreementPatch = AgreementPatchBase
else:
    AgreementPatch = partial_schema(AgreementPatchBase, "AgreementPatch")


# Request bodies, parsed after the access check (see accord.common.api_support.Deferred).
AgreementBody = Annotated[Any, Deferred(AgreementCreateIn), Body(None)]
AgreementReplaceBody = Annotated[Any, Deferred(AgreementReplace), Body(None)]
AgreementPatchBody = Annotated[Any, Deferred(AgreementPatch), Body(None)]


class AgreementQuery(ListParams):
    q: str = Field(
        "", max_length=200, description="Title, reference code, or a partner's name or Erasmus code."
    )
    status: AgreementStatus | None = None
    kind: AgreementKind | None = None
    partner: Id | None = Field(None, description="Institution id of a partner.")
    country: str = Field("", max_length=2, description="Country of a partner (not our own).")
    region: str = Field("", max_length=100, description="UN region or sub-region of a partner.")
    subject_area: str = Field(
        "", max_length=4, pattern=r"^[0-9]{0,4}$", description="ISCED-F code or its prefix."
    )
    academic_year: AcademicYearStr | None = Field(None, description="A condition covers this year.")
    expiring_within_days: int | None = Field(
        None, ge=0, le=36_500, description="Live agreements ending soon."
    )


# Outputs --------------------------------------------------------------------------------------------------


class InstitutionRef(Schema):
    id: int
    name: str
    country: str
    erasmus_code: str | None
    schac_id: str | None


class PartnerOut(Schema):
    institution: InstitutionRef
    unit_id: int | None
    partner_agreement_id: str
    partner_agreement_code: str
    signing_contact_id: int | None
    signing_date: dt.date | None


class SubjectAreaOut(Schema):
    isced_code: str
    name: str
    clarification: str

    @staticmethod
    def resolve_isced_code(obj: ConditionSubjectArea) -> str:
        return obj.isced_id

    @staticmethod
    def resolve_name(obj: ConditionSubjectArea) -> str:
        return obj.isced.name


class LanguageOut(Schema):
    language: str
    cefr_level: str
    isced_code: str | None

    @staticmethod
    def resolve_isced_code(obj: ConditionLanguage) -> str | None:
        return obj.isced_id


class ConditionOut(Schema):
    id: int
    mobility_type: str
    sending_institution_id: int
    sending_unit_id: int | None
    receiving_institution_id: int
    receiving_unit_id: int | None
    first_year: str = Field(examples=["2026/2027"])
    last_year: str = Field(examples=["2028/2029"])
    places_per_year: int
    total_months_per_year: Decimal | None
    total_days_per_year: int | None
    blended: bool
    eqf_levels: list[int]
    subject_areas: list[SubjectAreaOut]
    languages: list[LanguageOut]
    other_terms: str

    @staticmethod
    def resolve_first_year(obj: CooperationCondition) -> str | None:
        return year_code(obj.first_year_id)

    @staticmethod
    def resolve_last_year(obj: CooperationCondition) -> str | None:
        return year_code(obj.last_year_id)

    @staticmethod
    def resolve_subject_areas(obj: CooperationCondition) -> list[ConditionSubjectArea]:
        return list(obj.subject_areas.all())

    @staticmethod
    def resolve_languages(obj: CooperationCondition) -> list[ConditionLanguage]:
        return list(obj.languages.all())


class AgreementSummaryOut(Schema):
    id: int
    uuid: uuid.UUID
    kind: str
    title: str
    reference_code: str
    status: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    owner_unit_id: int | None
    version: int
    partners: list[PartnerOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_partners(obj: Agreement) -> list[AgreementPartner]:
        return list(obj.partners.all())


class AgreementOut(AgreementSummaryOut):
    notes: str
    renewal_deadline: dt.date | None
    notice_period_days: int | None
    predecessor_id: int | None = Field(description="The agreement this one renews.")
    partner_approved_at: dt.datetime | None
    terminated_at: dt.datetime | None
    termination_reason: str
    conditions: list[ConditionOut]

    @staticmethod
    def resolve_conditions(obj: Agreement) -> list[CooperationCondition]:
        return list(obj.conditions.all())
