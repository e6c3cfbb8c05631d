"""The only writers of analytics data: settings, reach goals, partner activities."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from accord.analytics.models import (
    ActivityKind,
    AnalyticsSettings,
    GoalKind,
    PartnerActivity,
    ReachGoal,
)
from accord.analytics.settings_store import analytics_settings
from accord.common import audit
from accord.common.errors import DomainError
from accord.engines.health import INDICATORS
from accord.institutions.models import Institution
from accord.reference.models import IscedField
from accord.reference.services import academic_year_ensure
from accord.reference.vocab import countries, is_language_code, region_named

MAX_WEIGHT = 100


@dataclass(frozen=True)
class SettingsInput:
    imbalance_threshold: int
    at_risk_below: int
    dormant_after_years: int
    weights: dict[str, float]


def settings_update(
    *, data: SettingsInput, actor: Any, expected_version: int | None = None
) -> AnalyticsSettings:
    unknown = set(data.weights) - set(INDICATORS)
    if unknown:
        raise DomainError(
            "invalid_weight", f"Unknown indicator: {', '.join(sorted(unknown))}.", field="weights"
        )
    for code, weight in data.weights.items():
        if not 0 <= weight <= MAX_WEIGHT:
            raise DomainError(
                "invalid_weight", f"Weights are between 0 and {MAX_WEIGHT}.", field=f"weight_{code}"
            )
    if not any(data.weights.values()):
        raise DomainError("invalid_weight", "At least one indicator needs a weight above 0.", field="weights")
    if not 0 <= data.at_risk_below <= 100:
        raise DomainError("invalid_value", "The at-risk bar is a score from 0 to 100.", field="at_risk_below")
    if data.dormant_after_years < 1:
        raise DomainError(
            "invalid_value", "Dormant means at least one year idle.", field="dormant_after_years"
        )
    with transaction.atomic():
        settings = analytics_settings(for_update=True)
        if expected_version is not None and expected_version != settings.version:
            raise DomainError(
                "edit_conflict", "Someone changed these settings meanwhile; reload and try again."
            )
        before = audit.snapshot(
            settings, ["imbalance_threshold", "at_risk_below", "dormant_after_years", "weights"]
        )
        settings.imbalance_threshold = data.imbalance_threshold
        settings.at_risk_below = data.at_risk_below
        settings.dormant_after_years = data.dormant_after_years
        settings.weights = {code: float(data.weights.get(code, 0.0)) for code in INDICATORS}
        settings.version += 1
        settings.save()
        after = audit.snapshot(settings, list(before))
        audit.record(
            actor=actor,
            action="analytics.settings_changed",
            target=settings,
            changes=audit.diff(before, after),
        )
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
                "invalid_code",
                f"No UN region, sub-region or intermediate region is called {code!r}.",
                field="code",
            )
        code = match
    elif data.kind == GoalKind.COUNTRY:
        code = code.upper()
        if code not in countries():
            raise DomainError("invalid_code", f"{code!r} is not an ISO 3166 country code.", field="code")
    elif data.kind == GoalKind.LANGUAGE:
        if not is_language_code(code):
            raise DomainError(
                "invalid_code", f"{code!r} is not a language code such as 'en' or 'pt'.", field="code"
            )
        code = code.lower()
    elif data.kind == GoalKind.FIELD:
        if not IscedField.objects.filter(code=code).exists():
            raise DomainError("invalid_code", f"{code!r} is not an ISCED-F code.", field="code")
    else:
        raise DomainError("invalid_value", "Choose a region, country, language or field goal.", field="kind")
    isced = (data.isced or "").strip() or None
    if isced is not None:
        if data.kind == GoalKind.FIELD:
            raise DomainError("invalid_value", "A field goal is already about one field.", field="isced")
        if not IscedField.objects.filter(code=isced).exists():
            raise DomainError("invalid_code", f"{isced!r} is not an ISCED-F code.", field="isced")
    if data.min_partners < 1:
        raise DomainError("invalid_value", "A goal needs at least one partner.", field="min_partners")
    return GoalInput(data.kind, code, isced, data.min_partners, data.note.strip())


def _save_goal(goal: ReachGoal, data: GoalInput) -> None:
    goal.kind, goal.code, goal.isced_id = data.kind, data.code, data.isced
    goal.min_partners, goal.note = data.min_partners, data.note
    try:
        with transaction.atomic():
            goal.save()
    except IntegrityError as exc:
        raise DomainError("duplicate", "There is already a goal for this.", field="code") from exc


def goal_create(*, data: GoalInput, actor: Any) -> ReachGoal:
    data = _clean_goal(data)
    with transaction.atomic():
        goal = ReachGoal()
        _save_goal(goal, data)
        audit.record(actor=actor, action="analytics.goal_created", target=goal, data=audit.snapshot(goal))
    return goal


def goal_update(*, goal: ReachGoal, data: GoalInput, actor: Any) -> ReachGoal:
    data = _clean_goal(data)
    with transaction.atomic():
        before = audit.snapshot(goal)
        _save_goal(goal, data)
        audit.record(
            actor=actor,
            action="analytics.goal_changed",
            target=goal,
            changes=audit.diff(before, audit.snapshot(goal)),
        )
    return goal


def goal_delete(*, goal: ReachGoal, actor: Any) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="analytics.goal_deleted", target=goal, data=audit.snapshot(goal))
        goal.delete()


@dataclass(frozen=True)
class ActivityInput:
    institution_id: int
    kind: str
    academic_year: int
    title: str
    count: int = 1
    rating: Decimal | None = None
    unit_id: int | None = None
    notes: str = ""


def _clean_activity(data: ActivityInput) -> None:
    if data.kind not in ActivityKind.values:
        raise DomainError(
            "invalid_value", "Choose a joint project, co-publication or satisfaction survey.", field="kind"
        )
    if not data.title.strip():
        raise DomainError("invalid_value", "Give the activity a title.", field="title")
    if data.count < 1:
        raise DomainError("invalid_value", "The count is at least 1.", field="count")
    if data.kind == ActivityKind.SATISFACTION:
        if data.rating is None or not Decimal(1) <= data.rating <= Decimal(5):
            raise DomainError("invalid_value", "A survey needs a rating from 1 to 5.", field="rating")
    elif data.rating is not None:
        raise DomainError("invalid_value", "Only satisfaction surveys have a rating.", field="rating")
    if not 1900 <= data.academic_year <= 2200:
        raise DomainError("invalid_value", "Give an academic year such as 2026/2027.", field="academic_year")
    if not Institution.objects.filter(pk=data.institution_id, is_home=False).exists():
        raise DomainError("invalid_value", "Choose a partner institution.", field="institution")


def _apply_activity(activity: PartnerActivity, data: ActivityInput) -> None:
    activity.institution_id = data.institution_id
    activity.unit_id = data.unit_id
    activity.kind = data.kind
    activity.academic_year = academic_year_ensure(data.academic_year)
    activity.title = data.title.strip()
    activity.count = data.count
    activity.rating = data.rating
    activity.notes = data.notes
    activity.save()


def activity_create(*, data: ActivityInput, actor: Any) -> PartnerActivity:
    _clean_activity(data)
    with transaction.atomic():
        activity = PartnerActivity()
        _apply_activity(activity, data)
        audit.record(
            actor=actor, action="analytics.activity_recorded", target=activity, data=audit.snapshot(activity)
        )
    return activity


def activity_update(*, activity: PartnerActivity, data: ActivityInput, actor: Any) -> PartnerActivity:
    _clean_activity(data)
    with transaction.atomic():
        before = audit.snapshot(activity)
        _apply_activity(activity, data)
        changes = audit.diff(before, audit.snapshot(activity))
        audit.record(actor=actor, action="analytics.activity_changed", target=activity, changes=changes)
    return activity


def activity_delete(*, activity: PartnerActivity, actor: Any) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor, action="analytics.activity_deleted", target=activity, data=audit.snapshot(activity)
        )
        activity.delete()
