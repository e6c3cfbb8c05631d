"""The analytics API: every chart's data, ledgers, scores with breakdown, goals, settings (activities:
`accord.analytics.activities.api`, mounted here)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from accord.accounts.authentication import actor_of
from accord.accounts.models import User
from accord.agreements.permissions import get_agreement_for_user
from accord.analytics import reach as reach_data
from accord.analytics import services
from accord.analytics.activities.api import router as activities_router
from accord.analytics.charts import BUILDERS, build_chart
from accord.analytics.ledger import Ledger, agreement_ledger, partner_ledger
from accord.analytics.models import HealthScoreRow, Level
from accord.analytics.permissions import can_manage_analytics, get_goal_for_user, require_reader
from accord.analytics.schemas import (
    ChartOut,
    ChartQuery,
    GoalBody,
    GoalIn,
    GoalOut,
    LedgerOut,
    RefreshOut,
    ScoreOut,
    ScoreQuery,
    SettingsBody,
    SettingsIn,
    SettingsOut,
)
from accord.analytics.selectors import (
    DashboardFilters,
    ScoreFilters,
    current_year,
    score_list,
    scores_visible_to,
)
from accord.analytics.settings_store import analytics_settings
from accord.analytics.tasks import refresh_analytics
from accord.common.access import get_visible_or_404, require
from accord.common.api_support import Page, PathId, error_responses, paginate, parse
from accord.common.errors import DomainError, ErrorCode
from accord.engines.identifiers import format_academic_year
from accord.institutions.permissions import get_institution_for_user

router = Router(tags=["analytics"])
router.add_router("", activities_router)


def _reader(request: HttpRequest) -> User:
    actor = actor_of(request)
    require_reader(actor)
    return actor


@router.get(
    "/analytics/charts/{key}",
    response=error_responses(200, ChartOut),
    summary="The data of one dashboard chart",
    description=f"`key` is one of {', '.join(BUILDERS)}. Filters as on the dashboard.",
)
def chart_data(request: HttpRequest, key: str, filters: Query[ChartQuery]) -> Any:
    actor = _reader(request)
    if key not in BUILDERS:
        raise DomainError(ErrorCode.NOT_FOUND, "No such chart.")
    this_year = current_year(timezone.localdate())
    selected = DashboardFilters(filters.faculty, filters.year or this_year, filters.region, filters.kind)
    return build_chart(key, actor, selected, this_year=this_year).as_dict()


def _ledger_out(ledger: Ledger) -> dict[str, Any]:
    return {
        "carries_over": ledger.carries_over,
        "threshold": ledger.threshold,
        "lines": [
            {
                "academic_year": format_academic_year(line.year),
                "outgoing": line.flows.outgoing,
                "incoming": line.flows.incoming,
                "net": line.net,
                "carried_in": line.carried_in,
                "closing": line.closing,
                "outgoing_student_months": line.flows.outgoing_months,
                "incoming_student_months": line.flows.incoming_months,
                "net_months": line.net_months,
                "closing_months": line.closing_months,
                "outgoing_staff_days": line.flows.outgoing_staff_days,
                "incoming_staff_days": line.flows.incoming_staff_days,
                "pipeline_outgoing": line.flows.pipeline_outgoing,
                "pipeline_incoming": line.flows.pipeline_incoming,
                "forecast_outgoing": line.forecast_outgoing,
                "forecast_incoming": line.forecast_incoming,
                "forecast_closing": line.forecast_closing,
                "warning": line.warning,
            }
            for line in ledger.lines
        ],
    }


@router.get(
    "/analytics/ledger/agreements/{agreement_id}",
    response=error_responses(200, LedgerOut),
    summary="Balance ledger of an agreement",
)
def agreement_ledger_api(request: HttpRequest, agreement_id: PathId) -> Any:
    actor = _reader(request)
    agreement = get_agreement_for_user(actor, agreement_id)
    return _ledger_out(agreement_ledger(actor=actor, agreement=agreement))


@router.get(
    "/analytics/ledger/partners/{institution_id}",
    response=error_responses(200, LedgerOut),
    summary="Balance ledger of a partner institution",
)
def partner_ledger_api(request: HttpRequest, institution_id: PathId) -> Any:
    actor = _reader(request)
    institution = get_institution_for_user(actor, institution_id)
    if institution.is_home:
        raise DomainError(ErrorCode.NOT_FOUND, "Not found.")
    return _ledger_out(partner_ledger(actor=actor, institution=institution))


def _score_out(row: HealthScoreRow) -> dict[str, Any]:
    return {
        "id": row.pk,
        "level": row.level,
        "institution_id": row.institution_id,
        "institution_name": row.institution.name,
        "agreement_id": row.agreement_id,
        "country": row.country,
        "score": row.score,
        "indicators": row.indicators,
        "pulling_down": row.pulling_down,
        "trend": [(format_academic_year(year), score) for year, score in row.trend],
        "trend_change": row.trend_change,
        "at_risk": row.at_risk,
        "dormant": row.dormant,
        "deepening": row.deepening,
    }


@router.get(
    "/analytics/scores",
    response=error_responses(200, Page[ScoreOut]),
    summary="Health scores with their indicator breakdown",
    description="Partner scores for roles that read everything; coordinators see their units' agreements.",
)
def list_scores(request: HttpRequest, filters: Query[ScoreQuery]) -> Any:
    actor = _reader(request)
    selected = ScoreFilters(
        level=filters.level,
        label=filters.label,
        region=filters.region,
        kind=filters.kind,
        q=filters.q,
        order=filters.order,
    )
    qs = score_list(actor=actor, filters=selected).select_related("institution")
    page = paginate(request, qs, filters)
    page["items"] = [_score_out(row) for row in page["items"]]
    return page


@router.get(
    "/analytics/scores/{score_id}", response=error_responses(200, ScoreOut), summary="One health score"
)
def get_score(request: HttpRequest, score_id: PathId) -> Any:
    actor = _reader(request)
    rows = scores_visible_to(actor, Level.PARTNER) | scores_visible_to(actor, Level.AGREEMENT)
    return _score_out(get_visible_or_404(rows.select_related("institution"), score_id))


def _goal_out(status: reach_data.GoalStatus) -> dict[str, Any]:
    goal = status.goal
    return {
        "id": goal.pk,
        "kind": goal.kind,
        "code": goal.code,
        "isced": goal.isced_id,
        "min_partners": goal.min_partners,
        "note": goal.note,
        "partners": status.partners,
        "met": status.met,
        "text": status.text,
    }


@router.get(
    "/analytics/goals",
    response=error_responses(200, list[GoalOut]),
    summary="Reach goals and how far they are met",
)
def list_goals(request: HttpRequest) -> Any:
    return [_goal_out(status) for status in reach_data.goal_statuses(_reader(request))]


@router.post("/analytics/goals", response=error_responses(201, GoalOut), summary="Set a reach goal")
def create_goal(request: HttpRequest, payload: GoalBody) -> Any:
    actor = _reader(request)
    require(can_manage_analytics(actor))
    data = parse(GoalIn, payload)
    goal = services.goal_create(data=services.GoalInput(**data.model_dump()), actor=actor)
    status = next(s for s in reach_data.goal_statuses(actor) if s.goal.pk == goal.pk)
    return Status(201, _goal_out(status))


@router.delete(
    "/analytics/goals/{goal_id}", response=error_responses(204, None), summary="Remove a reach goal"
)
def delete_goal(request: HttpRequest, goal_id: PathId) -> Any:
    actor = _reader(request)
    services.goal_delete(goal=get_goal_for_user(actor, goal_id, write=True), actor=actor)
    return Status(204, None)


def _settings_out() -> dict[str, Any]:
    s = analytics_settings()
    return {
        "imbalance_threshold": s.imbalance_threshold,
        "at_risk_below": s.at_risk_below,
        "dormant_after_years": s.dormant_after_years,
        "weights": s.weights,
        "version": s.version,
        "refreshed_at": s.refreshed_at,
    }


@router.get(
    "/analytics/settings", response=error_responses(200, SettingsOut), summary="Thresholds and weights"
)
def get_settings(request: HttpRequest) -> Any:
    _reader(request)
    return _settings_out()


@router.put(
    "/analytics/settings", response=error_responses(200, SettingsOut), summary="Change thresholds and weights"
)
def put_settings(request: HttpRequest, payload: SettingsBody) -> Any:
    actor = _reader(request)
    require(can_manage_analytics(actor))
    data = parse(SettingsIn, payload)
    services.settings_update(
        data=services.SettingsInput(
            data.imbalance_threshold, data.at_risk_below, data.dormant_after_years, data.weights
        ),
        actor=actor,
        expected_version=data.version,
    )
    return _settings_out()


@router.post(
    "/analytics/refresh", response=error_responses(200, RefreshOut), summary="Recompute the figures now"
)
def refresh(request: HttpRequest) -> Any:
    actor = _reader(request)
    require(can_manage_analytics(actor))
    refresh_analytics.enqueue(actor.pk)
    return {"queued": True}
