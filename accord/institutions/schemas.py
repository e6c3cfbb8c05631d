import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from ninja import Body, Schema
from pydantic import Field

from accord.common.api_support import Deferred, Id, InputSchema, ListParams, partial_schema
from accord.institutions.models import Institution


class OtherName(InputSchema):
    lang: str = Field(max_length=35, examples=["pl"])
    name: str = Field(max_length=300)


class InstitutionIn(InputSchema):
    """All the data of an institution (PUT replaces it; omitted optional fields are cleared)."""

    name: str = Field(max_length=300)
    country: str = Field(
        max_length=2, description="ISO 3166-1 alpha-2 code (XK for Kosovo).", examples=["PL"]
    )
    other_names: list[OtherName] = Field(default_factory=list, max_length=50)
    abbreviation: str = Field("", max_length=50)
    city: str = Field("", max_length=120)
    address: str = Field("", max_length=2000)
    latitude: float | None = Field(None, allow_inf_nan=False)
    longitude: float | None = Field(None, allow_inf_nan=False)
    timezone: str = Field("", max_length=64, examples=["Europe/Warsaw"])
    website: str = Field("", max_length=300, pattern=r"^(https?://\S+)?$")
    schac_id: str | None = Field(None, max_length=255, examples=["uw.edu.pl"])
    erasmus_code: str | None = Field(None, max_length=30, examples=["PL WARSZAW01"])
    pic: str | None = Field(None, max_length=20)
    ror_id: str | None = Field(None, max_length=60, description="Bare id or https://ror.org/ URL.")
    is_home: bool = False
    domains: list[Annotated[str, Field(max_length=253)]] = Field(default_factory=list, max_length=50)


if TYPE_CHECKING:  # mypy cannot see a class made at run time; the fields are the same
    InstitutionPatch = InstitutionIn
else:
    InstitutionPatch = partial_schema(InstitutionIn, "InstitutionPatch")


class InstitutionOut(Schema):
    id: int
    name: str
    other_names: list[dict[str, str]]
    abbreviation: str
    country: str
    city: str
    address: str
    latitude: float | None
    longitude: float | None
    timezone: str
    website: str
    schac_id: str | None
    erasmus_code: str | None = Field(description="Canonical form, e.g. 'PL WARSZAW01', 'F  LYON01'.")
    erasmus_code_published: str = Field(description="As the institution writes it, e.g. 'PL WARSZAW01'.")
    pic: str | None
    ror_id: str | None
    is_home: bool
    domains: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_domains(obj: Institution) -> list[str]:
        return [d.domain for d in obj.domains.all()]


class InstitutionQuery(ListParams):
    q: str = Field(
        "", max_length=200, description="Name (any spelling), code, SCHAC id, PIC, city or web domain."
    )
    country: str = Field("", max_length=2)
    region: str = Field(
        "", max_length=100, description="UN region or sub-region, e.g. 'Europe', 'Western Asia'."
    )
    is_home: bool | None = None


class UnitIn(InputSchema):
    name: str = Field(max_length=300)
    code: str = Field("", max_length=64)
    abbreviation: str = Field("", max_length=50)
    parent_id: Id | None = None


class UnitOut(Schema):
    id: int
    institution_id: int
    parent_id: int | None
    name: str
    code: str
    abbreviation: str


class ContactIn(InputSchema):
    name: str = Field(max_length=200)
    role: str = Field("", max_length=200)
    email: str = Field("", max_length=254, pattern=r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$")
    phone: str = Field(
        "", max_length=40, description="International form; stored as E.164, e.g. +48225520000."
    )
    unit_id: Id | None = None


class ContactOut(Schema):
    id: int
    institution_id: int
    unit_id: int | None
    name: str
    role: str
    email: str
    phone: str


# Request bodies, parsed after the access check (see accord.common.api_support.Deferred).
InstitutionBody = Annotated[Any, Deferred(InstitutionIn), Body(None)]
InstitutionPatchBody = Annotated[Any, Deferred(InstitutionPatch), Body(None)]
UnitBody = Annotated[Any, Deferred(UnitIn), Body(None)]
ContactBody = Annotated[Any, Deferred(ContactIn), Body(None)]
