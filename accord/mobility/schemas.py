import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from ninja import Body, Schema
from pydantic import Field

from accord.agreements.models import MobilityType
from accord.agreements.schemas import InstitutionRef
from accord.common.api_support import (
    AcademicYearStr,
    Deferred,
    Id,
    InputSchema,
    ListParams,
    partial_schema,
    year_code,
)
from accord.mobility.models import Direction, Mobility, MobilityStatus


class PersonIn(InputSchema):
    given_names: str = Field("", max_length=150)
    family_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254, pattern=r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$")
    student_number: str = Field("", max_length=64)
    staff_number: str = Field("", max_length=64)
    nationality: str = Field("", max_length=2, description="ISO 3166-1 alpha-2 code.")
    birth_date: dt.date | None = None
    global_id: str = Field("", max_length=255, description="European Student Identifier (EWP global-id).")


class PersonOut(Schema):
    id: int
    given_names: str
    family_name: str
    email: str
    student_number: str
    staff_number: str
    nationality: str
    birth_date: dt.date | None
    global_id: str


class PersonRef(Schema):
    id: int
    given_names: str
    family_name: str


def _money(max_digits: int, places: int) -> Decimal | None:
    return Field(None, ge=0, max_digits=max_digits, decimal_places=places, allow_inf_nan=False)


class MobilityIn(InputSchema):
    person_id: Id
    direction: Direction
    mobility_type: MobilityType
    home_institution_id: Id
    host_institution_id: Id
    academic_year: AcademicYearStr
    planned_start: dt.date
    planned_end: dt.date
    agreement_id: Id | None = None
    condition_id: Id | None = None
    unit_id: Id | None = Field(None, description="Our unit responsible for it (required for coordinators).")
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None
    status: MobilityStatus = MobilityStatus.PLANNED
    ects_planned: Decimal | None = _money(5, 1)
    ects_obtained: Decimal | None = _money(5, 1)
    grant_amount: Decimal | None = _money(10, 2)
    fewer_opportunities: bool = Field(
        False, description="Erasmus+ participant with fewer opportunities (inclusion support)."
    )
    fewer_opportunities_note: str = Field(
        "", max_length=200, description="Why, in a few words; no sensitive detail."
    )


if TYPE_CHECKING:  # mypy cannot see a class made at run time; the fields are the same
    MobilityPatch = MobilityIn
else:
    MobilityPatch = partial_schema(MobilityIn, "MobilityPatch")


# Request bodies, parsed after the access check (see accord.common.api_support.Deferred).
PersonBody = Annotated[Any, Deferred(PersonIn), Body(None)]
MobilityBody = Annotated[Any, Deferred(MobilityIn), Body(None)]
MobilityPatchBody = Annotated[Any, Deferred(MobilityPatch), Body(None)]


class MobilityOut(Schema):
    id: int
    person: PersonRef
    direction: str
    mobility_type: str
    status: str
    home_institution: InstitutionRef
    host_institution: InstitutionRef
    agreement_id: int | None
    condition_id: int | None
    unit_id: int | None
    academic_year: str = Field(examples=["2026/2027"])
    planned_start: dt.date
    planned_end: dt.date
    actual_start: dt.date | None
    actual_end: dt.date | None
    ects_planned: Decimal | None
    ects_obtained: Decimal | None
    grant_amount: Decimal | None
    fewer_opportunities: bool
    fewer_opportunities_note: str = Field(description="Shown only to those who may edit the mobility.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_academic_year(obj: Mobility) -> str | None:
        return year_code(obj.academic_year_id)

    @staticmethod
    def resolve_fewer_opportunities_note(obj: Mobility, context: dict[str, Any]) -> str:
        # Why a participant has fewer opportunities is personal: the partner and the student see only yes/no.
        from accord.mobility.permissions import can_edit_mobility

        if not obj.fewer_opportunities_note:
            return ""
        request = context.get("request")
        user = getattr(request, "auth", None) or getattr(request, "user", None)
        if not user:
            return ""
        # Who may edit depends on the mobility's unit alone: asked once per unit in a page of mobilities.
        verdicts: dict[int | None, bool] = request.__dict__.setdefault("_may_edit_by_unit", {})
        if obj.unit_id not in verdicts:
            verdicts[obj.unit_id] = can_edit_mobility(user, obj)
        return obj.fewer_opportunities_note if verdicts[obj.unit_id] else ""


class MobilityQuery(ListParams):
    q: str = Field("", max_length=200, description="Family or given name, exact e-mail or student number.")
    direction: Direction | None = None
    status: MobilityStatus | None = None
    mobility_type: MobilityType | None = None
    academic_year: AcademicYearStr | None = None
    agreement: Id | None = Field(None, description="Agreement id.")
    institution: Id | None = Field(None, description="Home or host institution id.")
    before_id: Id | None = Field(None, description="Only mobilities with a smaller id; `next` links use it.")
