"""The only writers of analytics settings and reach goals (activities: `accord.analytics.activities`)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from accord.accounts.models import User
from accord.analytics.errors import AnalyticsErrorCode
from accord.analytics.models import (
    AnalyticsSettings,
    GoalKind,
    ReachGoal,
)
from accord.analytics.settings_store import analytics_settings
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.engines.health import INDICATORS
from accord.reference.models import IscedField
from accord.reference.vocab import countries, is_language_code, region_named

MAX_WEIGHT = 100


@dataclass(frozen=True)
class SettingsInput:
    imbalance_threshold: int
    at_risk_below: int
    dormant_after_years: int
    weights: dict[str, float]


def settings_update(
    *, data: SettingsInput, actor: User, expected_version: int | None = None
) -> AnalyticsSettings:
    unknown = set(data.weights) - set(INDICATORS)
    if unknown:
        raise DomainError(
            AnalyticsErrorCode.INVALID_WEIGHT,
            f"Unknown indicator: {', '.join(sorted(unknown))}.",
            field="weights",
        )
    for code, weight in data.weights.items():
        if not 0 <= weight <= MAX_WEIGHT:
            raise DomainError(
                AnalyticsErrorCode.INVALID_WEIGHT,
                f"Weights are between 0 and {MAX_WEIGHT}.",
                field=f"weight_{code}",
            )
    if not any(data.weights.values()):
        raise DomainError(
            AnalyticsErrorCode.INVALID_WEIGHT,
            "At least one indicator needs a weight above 0.",
            field="weights",
        )
    if not 0 <= data.at_risk_below <= 100:
        raise DomainError(
            ErrorCode.INVALID_VALUE, "The at-risk bar is a score from 0 to 100.", field="at_risk_below"
        )
    if data.dormant_after_years < 1:
        raise DomainError(
            ErrorCode.INVALID_VALUE, "Dormant means at least one year idle.", field="dormant_after_years"
        )
    with transaction.atomic():
        settings = analytics_settings(for_update=True)
        if expected_version is not None and expected_version != settings.version:
            raise DomainError(
                ErrorCode.EDIT_CONFLICT, "Someone changed these settings meanwhile; reload and try again."
            )
        # Every save is recorded, a save that changed nothing too: it still bumped the version.
        with audit.record_changed(
            actor=actor,
            action="analytics.settings_changed",
            target=settings,
            fields=["imbalance_threshold", "at_risk_below", "dormant_after_years", "weights"],
            always=True,
        ):
            settings.imbalance_threshold = data.imbalance_threshold
            settings.at_risk_below = data.at_risk_below
            settings.dormant_after_years = data.dormant_after_years
            settings.weights = {code: float(data.weights.get(code, 0.0)) for code in INDICATORS}
            settings.version += 1
            settings.save()
    return settings


@dataclass(frozen=True)
class GoalInput:
    kind: str
    code: str
    isced: str | None = None
    min_partners: int = 1
    note: str = ""


def _clean_goal(data: GoalInput) -> GoalInput:
    code = data.code.strip()
    if data.kind == GoalKind.REGION:
        match = region_named(code)
        if match is None:
            raise DomainError(
                AnalyticsErrorCode.INVALID_CODE,
                f"No UN region, sub-region or intermediate region is called {code!r}.",
                field="code",
            )
        code = match
    elif data.kind == GoalKind.COUNTRY:
        code = code.upper()
        if code not in countries():
            raise DomainError(
                AnalyticsErrorCode.INVALID_CODE, f"{code!r} is not an ISO 3166 country code.", field="code"
            )
    elif data.kind == GoalKind.LANGUAGE:
        if not is_language_code(code):
            raise DomainError(
                AnalyticsErrorCode.INVALID_CODE,
                f"{code!r} is not a language code such as 'en' or 'pt'.",
                field="code",
            )
        code = code.lower()
    elif data.kind == GoalKind.FIELD:
        if not IscedField.objects.filter(code=code).exists():
            raise DomainError(
                AnalyticsErrorCode.INVALID_CODE, f"{code!r} is not an ISCED-F code.", field="code"
            )
    else:
        raise DomainError(
            ErrorCode.INVALID_VALUE, "Choose a region, country, language or field goal.", field="kind"
        )
    isced = (data.isced or "").strip() or None
    if isced is not None:
        if data.kind == GoalKind.FIELD:
            raise DomainError(
                ErrorCode.INVALID_VALUE, "A field goal is already about one field.", field="isced"
            )
        if not IscedField.objects.filter(code=isced).exists():
            raise DomainError(
                AnalyticsErrorCode.INVALID_CODE, f"{isced!r} is not an ISCED-F code.", field="isced"
            )
    if data.min_partners < 1:
        raise DomainError(ErrorCode.INVALID_VALUE, "A goal needs at least one partner.", field="min_partners")
    return GoalInput(data.kind, code, isced, data.min_partners, data.note.strip())


def _save_goal(goal: ReachGoal, data: GoalInput) -> None:
    goal.kind, goal.code, goal.isced_id = data.kind, data.code, data.isced
    goal.min_partners, goal.note = data.min_partners, data.note
    try:
        with transaction.atomic():
            goal.save()
    except IntegrityError as exc:
        raise DomainError(ErrorCode.DUPLICATE, "There is already a goal for this.", field="code") from exc


def goal_create(*, data: GoalInput, actor: User) -> ReachGoal:
    data = _clean_goal(data)
    with transaction.atomic():
        goal = ReachGoal()
        _save_goal(goal, data)
        audit.record(actor=actor, action="analytics.goal_created", target=goal, data=audit.snapshot(goal))
    return goal


def goal_update(*, goal: ReachGoal, data: GoalInput, actor: User) -> ReachGoal:
    data = _clean_goal(data)
    with (
        transaction.atomic(),
        audit.record_changed(actor=actor, action="analytics.goal_changed", target=goal, always=True),
    ):
        _save_goal(goal, data)
    return goal


def goal_delete(*, goal: ReachGoal, actor: User) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="analytics.goal_deleted", target=goal, data=audit.snapshot(goal))
        goal.delete()
