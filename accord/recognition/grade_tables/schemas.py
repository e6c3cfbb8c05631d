"""API shapes of grade distribution tables."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Body, Schema
from pydantic import Field

from accord.common.api_support import Deferred, Id, InputSchema, ListParams
from accord.recognition.schemas import InstitutionRef


class GradeTableIn(InputSchema):
    institution_id: Id
    scale: str = Field(max_length=40, description="Slug of a shipped grading scale, e.g. `it-18-30`.")
    isced_code: str = Field("", max_length=4, description="ISCED-F field; empty for all subjects.")
    period: str = Field(max_length=30, examples=["2021/2022-2023/2024"])
    percentages: list[float] = Field(
        min_length=1, max_length=40, description="Percent of passing students per passing grade, best first."
    )
    students: int | None = Field(None, ge=0, le=10_000_000)
    note: str = Field("", max_length=300)


class GradeRangeOut(Schema):
    grade: str
    lower: float
    upper: float


class GradeTableOut(Schema):
    id: int
    institution: InstitutionRef
    scale: str
    isced_code: str | None = Field(alias="isced_id")
    period: str
    percentages: list[float]
    grades: list[str] = Field(description="The scale's passing grades, best first, matching `percentages`.")
    students: int | None
    note: str


class GradeTableQuery(ListParams):
    q: str = Field("", max_length=200, description="Institution name, SCHAC id or Erasmus code.")
    scale: str = Field("", max_length=40)
    subject_area: str = Field("", max_length=4, description="ISCED-F code prefix.")
    period: str = Field("", max_length=30)
    institution: int | None = Field(None, ge=1)


GradeTableBody = Annotated[Any, Deferred(GradeTableIn), Body(None)]
