"""Bodies of the exchange API's runs, their decisions and offers."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Body, Schema
from pydantic import Field

from accord.common.api_support import Deferred, Id, InputSchema, ListParams
from accord.exchange.models import Decision, OfferStatus, Run, RunStatus


class RunIn(InputSchema):
    call_id: Id
    respond_by: dt.datetime
    policy: str = Field("deferred-acceptance", pattern="^(deferred-acceptance|serial-dictatorship)$")
    seed: int | None = Field(
        None, ge=0, le=2**63 - 1, description="Empty: a fresh seed, recorded with the run."
    )
    note: str = Field("", max_length=200)


RunBody = Annotated[Any, Deferred(RunIn), Body(None)]


class ReasonOut(Schema):
    place: int
    code: str
    text: str


class DecisionOut(Schema):
    application_id: int
    place_id: int | None
    preference_rank: int | None
    score: Decimal
    lottery: int
    reasons: list[ReasonOut]


class RunOut(Schema):
    id: int
    call_id: int
    round: int
    status: RunStatus
    policy: str
    seed: int
    respond_by: dt.datetime
    note: str
    check_report: dict[str, Any]
    stats: dict[str, Any]
    published_at: dt.datetime | None


class RunDetailOut(RunOut):
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_decisions(obj: Run) -> list[Decision]:
        return list(obj.decisions.order_by("-score", "lottery"))


class RunQuery(ListParams):
    call: Id | None = None


class MoveOut(Schema):
    application_id: int
    before_place_id: int | None
    after_place_id: int | None
    why: str


class OfferOut(Schema):
    id: int
    run_id: int
    application_id: int
    place_id: int
    partner_name: str = Field(alias="place.partner.name")
    status: OfferStatus
    respond_by: dt.datetime
    responded_at: dt.datetime | None
    mobility_id: int | None
