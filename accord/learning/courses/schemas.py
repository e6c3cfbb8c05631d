"""API shapes of the course catalogues and the equivalence memory."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Body, Schema
from pydantic import Field

from accord.common.api_support import Deferred, Id, InputSchema, ListParams
from accord.learning.schemas import Ects


class CourseIn(InputSchema):
    institution_id: Id
    title: str = Field(max_length=300)
    code: str = Field("", max_length=64)
    ects: Ects | None = None
    term: str = Field("", max_length=64)
    language: str = Field("", max_length=35)
    url: str = Field("", max_length=500)
    description: str = Field("", max_length=5000)
    is_active: bool = True


class EquivalenceIn(InputSchema):
    host_course_ids: list[Id] = Field(min_length=1, max_length=20)
    home_course_ids: list[Id] = Field(min_length=1, max_length=20)
    note: str = Field("", max_length=2000)


# Bodies are parsed after the access check (see accord.common.api_support.Deferred).
CourseBody = Annotated[Any, Deferred(CourseIn), Body(None)]
EquivalenceBody = Annotated[Any, Deferred(EquivalenceIn), Body(None)]


class CourseQuery(ListParams):
    q: str = Field("", max_length=200)
    institution: int | None = Field(None, ge=1)
    include_inactive: bool = False


class EquivalenceQuery(ListParams):
    institution: int | None = Field(None, ge=1)
    include_withdrawn: bool = False


class CourseOut(Schema):
    id: int
    institution_id: int
    code: str
    title: str
    ects: Decimal | None
    term: str
    language: str
    url: str
    description: str
    is_active: bool


class CourseRef(Schema):
    id: int
    code: str
    title: str
    ects: Decimal | None


class EquivalenceOut(Schema):
    id: int
    host_institution_id: int
    host_courses: list[CourseRef]
    home_courses: list[CourseRef]
    approved_by_name: str
    approved_at: dt.datetime
    source_id: int | None
    note: str
    withdrawn_at: dt.datetime | None

    @staticmethod
    def resolve_host_courses(obj: Any) -> list[Any]:
        return list(obj.host_courses.all())

    @staticmethod
    def resolve_home_courses(obj: Any) -> list[Any]:
        return list(obj.home_courses.all())
