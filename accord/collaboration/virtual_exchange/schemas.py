"""API shapes of virtual exchange offers, their suggested partners and the proposals between them."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Body, Schema
from pydantic import Field

from accord.common.api_support import Deferred, Id, InputSchema, ListParams

Weekday = Annotated[int, Field(ge=0, le=6, description="0 = Monday ... 6 = Sunday")]
ClockTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM")]


class LanguageIn(InputSchema):
    code: str = Field(max_length=35, description="BCP 47 language code, e.g. en")
    cefr: Literal["", "A1", "A2", "B1", "B2", "C1", "C2"] = ""


class SlotIn(InputSchema):
    weekday: Weekday
    start: ClockTime
    end: ClockTime


class OfferIn(InputSchema):
    institution_id: Id
    unit_id: Id | None = Field(None, description="Our unit; empty for a partner institution's course")
    title: str = Field(max_length=300)
    description: str = Field(max_length=20_000)
    goals: str = Field("", max_length=20_000)
    teacher_name: str = Field(max_length=200)
    teacher_email: str = Field("", max_length=254)
    isced: str = Field(pattern=r"^[0-9]{2,4}$", description="ISCED-F 2013 field code")
    eqf_level: int = Field(ge=5, le=8)
    languages: list[LanguageIn] = Field(min_length=1, max_length=5)
    start_date: dt.date
    end_date: dt.date
    timezone: str = Field(max_length=64, description="IANA time zone of the slots, e.g. Europe/Berlin")
    slots: list[SlotIn] = Field(default_factory=list, max_length=14)
    class_size: int = Field(ge=1, le=2000)
    format: Literal["", "synchronous", "asynchronous", "mixed"] = ""
    tools: list[Literal["lms", "video", "documents", "chat", "whiteboard"]] = Field(default_factory=list)
    preferred_partner_ids: list[Id] = Field(default_factory=list, max_length=50)


class AnswerIn(InputSchema):
    message: str = Field("", max_length=5000)


class ProposeIn(InputSchema):
    to_offer_id: Id
    message: str = Field("", max_length=5000)


OfferBody = Annotated[Any, Deferred(OfferIn), Body(None)]
AnswerBody = Annotated[Any, Deferred(AnswerIn), Body(None)]
ProposeBody = Annotated[Any, Deferred(ProposeIn), Body(None)]


class OfferQuery(ListParams):
    q: str = Field("", max_length=200)
    isced: str = Field("", pattern=r"^([0-9]{2,4})?$")
    language: str = Field("", max_length=35)
    institution: int | None = Field(None, ge=1)
    status: Literal["", "open", "matched", "withdrawn"] = "open"


class OfferOut(Schema):
    id: int
    institution_id: int
    unit_id: int | None
    title: str
    description: str
    goals: str
    teacher_name: str
    isced: str = Field(alias="isced_id")
    eqf_level: int
    languages: list[dict[str, str]]
    start_date: dt.date
    end_date: dt.date
    timezone: str
    slots: list[dict[str, Any]]
    class_size: int
    format: str
    tools: list[str]
    status: str
    version: int


class ContributionOut(Schema):
    factor: str
    points: float
    detail: str


class SuggestionOut(Schema):
    offer: OfferOut
    score: float
    overlap_weeks: int
    live_overlap_hours_per_week: float
    contributions: list[ContributionOut]


class ProposalOut(Schema):
    id: int
    from_offer_id: int
    to_offer_id: int
    message: str
    score: Decimal
    explanation: str
    overlap_weeks: int
    live_hours_per_week: Decimal
    status: str
    response: str
    created_at: dt.datetime
    responded_at: dt.datetime | None


class ProposalQuery(ListParams):
    status: Literal["", "proposed", "accepted", "declined", "withdrawn"] = ""
