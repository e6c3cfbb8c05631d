from typing import Annotated, Any

from ninja import Body, Schema
from pydantic import Field

from accord.analytics.models import GoalKind, Level
from accord.common.api_support import AcademicYearStr, Deferred, InputSchema, ListParams


class ChartQuery(Schema):
    faculty: int | None = Field(
        None, ge=1, description="An organisational unit of ours (and the units below)."
    )
    year: AcademicYearStr | None = Field(
        None, description="Academic year, e.g. 2026/2027; default this year."
    )
    region: str = Field("", max_length=100, description="UN region or sub-region, e.g. Sub-Saharan Africa.")
    kind: str = Field("", max_length=24, description="Agreement kind, e.g. erasmus_iia.")


class ChartOut(Schema):
    key: str
    title: str
    description: str
    headers: list[str]
    rows: list[list[Any]]


class LedgerLineOut(Schema):
    academic_year: str
    outgoing: int
    incoming: int
    net: int
    carried_in: int
    closing: int
    outgoing_student_months: float
    incoming_student_months: float
    net_months: float
    closing_months: float
    outgoing_staff_days: int
    incoming_staff_days: int
    pipeline_outgoing: int
    pipeline_incoming: int
    forecast_outgoing: int
    forecast_incoming: int
    forecast_closing: int
    warning: str


class LedgerOut(Schema):
    carries_over: bool
    threshold: int
    lines: list[LedgerLineOut]


class IndicatorOut(Schema):
    code: str
    label: str
    value: float | None
    weight: float
    reason: str


class ScoreOut(Schema):
    id: int
    level: str
    institution_id: int
    institution_name: str
    agreement_id: int | None
    country: str
    score: float | None
    indicators: list[IndicatorOut]
    pulling_down: list[str]
    trend: list[tuple[str, float | None]]
    trend_change: float | None
    at_risk: bool
    dormant: bool
    deepening: bool


class ScoreQuery(ListParams):
    level: Level = Level.PARTNER
    label: str = Field("", pattern="^(|at_risk|dormant|deepening)$")
    region: str = Field("", max_length=100)
    kind: str = Field("", max_length=24)
    q: str = Field("", max_length=200)
    order: str = Field("score", pattern="^-?(score|change)$")


class GoalIn(InputSchema):
    kind: GoalKind
    code: str = Field(min_length=1, max_length=60)
    isced: str | None = Field(None, max_length=4)
    min_partners: int = Field(1, ge=1, le=10000)
    note: str = Field("", max_length=300)


class GoalOut(Schema):
    id: int
    kind: str
    code: str
    isced: str | None
    min_partners: int
    note: str
    partners: int
    met: bool
    text: str


class SettingsIn(InputSchema):
    imbalance_threshold: int = Field(ge=0, le=1000)
    at_risk_below: int = Field(ge=0, le=100)
    dormant_after_years: int = Field(ge=1, le=20)
    weights: dict[str, float]
    version: int | None = None


class SettingsOut(Schema):
    imbalance_threshold: int
    at_risk_below: int
    dormant_after_years: int
    weights: dict[str, float]
    version: int
    refreshed_at: Any | None


class RefreshOut(Schema):
    queued: bool


GoalBody = Annotated[Any, Deferred(GoalIn), Body(None)]
SettingsBody = Annotated[Any, Deferred(SettingsIn), Body(None)]
