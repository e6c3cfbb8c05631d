"""The one row of analytics settings, created with defaults on first use."""

from accord.analytics.models import AnalyticsSettings
from accord.engines.health import HealthPolicy


def analytics_settings(*, for_update: bool = False) -> AnalyticsSettings:
    AnalyticsSettings.objects.get_or_create(pk=1)
    qs = AnalyticsSettings.objects.select_for_update() if for_update else AnalyticsSettings.objects
    return qs.get(pk=1)


def health_policy(settings: AnalyticsSettings | None = None) -> HealthPolicy:
    settings = settings or analytics_settings()
    return HealthPolicy(
        weights={code: float(value) for code, value in (settings.weights or {}).items()},
        at_risk_below=float(settings.at_risk_below),
        dormant_after_years=settings.dormant_after_years,
    )
