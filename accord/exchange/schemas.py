"""Bodies of the exchange API's calls and applications (runs and offers: `runs/schemas.py`)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Body, Schema
from pydantic import Field

from accord.common.api_support import Deferred, Id, InputSchema, ListParams, year_code
from accord.exchange.models import Application, ApplicationStatus, Call


class CallOut(Schema):
    id: int
    title: str
    academic_year: str = Field(examples=["2026/2027"])
    mobility_type: str
    description: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    mobility_start: dt.date
    mobility_end: dt.date
    published: bool
    max_preferences: int
    eqf_levels: list[int]
    min_credits: Decimal
    min_grade_average: Decimal | None
    required_languages: dict[str, str]
    grade_scale_min: Decimal
    grade_scale_max: Decimal
    weight_grades: Decimal
    weight_language: Decimal
    weight_motivation: Decimal
    weight_credits: Decimal

    @staticmethod
    def resolve_academic_year(obj: Call) -> str | None:
        return year_code(obj.academic_year_id)


class PlaceOut(Schema):
    id: int
    partner_id: int
    partner_name: str = Field(alias="partner.name")
    agreement_id: int
    condition_id: int
    unit_id: int | None
    capacity: int
    subject_areas: list[str]
    eqf_levels: list[int]
    languages: dict[str, str]


class CallDetailOut(CallOut):
    places: list[PlaceOut]

    @staticmethod
    def resolve_places(obj: Call) -> list[Any]:
        return list(
            obj.places.select_related("partner").filter(capacity__gt=0).order_by("partner__name", "id")
        )


class CallQuery(ListParams):
    published: bool | None = None


class ApplicationIn(InputSchema):
    call_id: Id
    unit_id: Id = Field(description="The faculty the student studies in.")
    eqf_level: int = Field(ge=1, le=8)
    credits: Decimal = Field(ge=0, max_digits=6, decimal_places=1, allow_inf_nan=False)
    grade_average: Decimal = Field(max_digits=5, decimal_places=2, allow_inf_nan=False)
    preferences: list[Id] = Field(description="Place ids, most wanted first.", max_length=20)
    languages: dict[str, str] = Field(default_factory=dict, description='Certificates, e.g. {"en": "B2"}.')
    subject_area: str = Field("", max_length=4, description="ISCED-F code.")
    motivation: str = Field("", max_length=5000)


class ScoreIn(InputSchema):
    motivation_score: Decimal = Field(ge=0, le=100, max_digits=5, decimal_places=2, allow_inf_nan=False)
    note: str = Field("", max_length=5000)


ApplicationBody = Annotated[Any, Deferred(ApplicationIn), Body(None)]
ScoreBody = Annotated[Any, Deferred(ScoreIn), Body(None)]


class ApplicationOut(Schema):
    id: int
    call_id: int
    person_id: int
    unit_id: int
    status: ApplicationStatus
    eqf_level: int
    subject_area: str
    credits: Decimal
    grade_average: Decimal
    languages: dict[str, str]
    motivation: str
    motivation_score: Decimal | None
    score: Decimal
    preferences: list[int]
    submitted_at: dt.datetime
    withdrawn_at: dt.datetime | None

    @staticmethod
    def resolve_preferences(obj: Application) -> list[int]:
        return [p.place_id for p in obj.preferences.all()]


class ApplicationQuery(ListParams):
    call: Id | None = None
    status: ApplicationStatus | None = None
