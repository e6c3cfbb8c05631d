from decimal import Decimal
from typing import Annotated, Any

from ninja import Body, Schema
from pydantic import Field

from accord.analytics.models import ActivityKind
from accord.common.api_support import AcademicYearStr, Deferred, Id, InputSchema


class ActivityIn(InputSchema):
    institution: Id
    kind: ActivityKind
    academic_year: AcademicYearStr
    title: str = Field(min_length=1, max_length=300)
    count: int = Field(1, ge=1, le=100000)
    rating: Decimal | None = Field(None, ge=1, le=5, decimal_places=2)
    unit: Id | None = None
    notes: str = Field("", max_length=5000)


class ActivityOut(Schema):
    id: int
    institution: int
    kind: str
    academic_year: str
    title: str
    count: int
    rating: Decimal | None
    unit: int | None
    notes: str


ActivityBody = Annotated[Any, Deferred(ActivityIn), Body(None)]
