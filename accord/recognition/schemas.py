"""API shapes of grade conversions, transcripts and recognition decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Body, Schema
from pydantic import Field

from accord.common.api_support import Deferred, Id, InputSchema


class InstitutionRef(Schema):
    id: int
    name: str
    country: str


class ConvertIn(Schema):
    """The contract of `accord grades convert` (see the CLI)."""

    model_config = {"populate_by_name": True}
    source: dict[str, Any] = Field(alias="from")
    to: dict[str, Any]
    grade: Any


class ConvertOverlap(Schema):
    grade: Any
    points: float
    share: float


class ConvertOut(Schema):
    grade: Any
    method: str
    explanation: str
    overlaps: list[ConvertOverlap]


class EntryIn(InputSchema):
    component_id: Id
    grade: str = Field(min_length=1, max_length=20)
    credits: Decimal = Field(ge=0, le=60, max_digits=4, decimal_places=1)
    assessed_on: dt.date | None = None


class TranscriptIn(InputSchema):
    scale: str = Field(max_length=40)
    issued_on: dt.date | None = None
    entries: list[EntryIn] = Field(max_length=200)
    version: int | None = Field(None, description="The version you read; 409 if it changed since.")


class EntryOut(Schema):
    component_id: int
    code: str
    title: str
    grade: str
    credits: Decimal
    passed: bool
    assessed_on: dt.date | None


class TranscriptOut(Schema):
    mobility_id: int
    scale: str
    issued_on: dt.date | None
    version: int
    entries: list[EntryOut]


class RowIn(InputSchema):
    component_id: Id
    recognised: bool
    source_ids: list[Id] = Field(default_factory=list, max_length=50)
    credits: Decimal | None = Field(None, ge=0, le=60, max_digits=4, decimal_places=1)
    reason: str = Field("", max_length=300)


class DecisionIn(InputSchema):
    home_scale: str = Field(max_length=40)
    rows: list[RowIn] = Field(max_length=200)
    comment: str = Field("", max_length=5000)
    version: int | None = None


class SignIn(InputSchema):
    position: str = Field("", max_length=200)
    version: int | None = None


class RowOut(Schema):
    component_id: int
    code: str
    title: str
    planned_credits: Decimal
    recognised: bool
    credits: Decimal
    source_ids: list[int]
    host_grades: str
    grade: str
    method: str
    explanation: str
    reason: str


class DecisionOut(Schema):
    mobility_id: int
    home_scale: str
    status: str
    comment: str
    signer_name: str
    signer_position: str
    signed_at: dt.datetime | None
    version: int
    credits_planned: Decimal
    credits_recognised: Decimal
    rows: list[RowOut]


class PartnerMetricsOut(Schema):
    institution: InstitutionRef
    recognition_rate: float | None
    la_turnaround_days: float | None
    learning_agreements: int
    credits_planned: Decimal
    credits_recognised: Decimal


TranscriptBody = Annotated[Any, Deferred(TranscriptIn), Body(None)]
DecisionBody = Annotated[Any, Deferred(DecisionIn), Body(None)]
SignBody = Annotated[Any, Deferred(SignIn), Body(None)]
ConvertBody = Annotated[Any, Deferred(ConvertIn), Body(None)]
