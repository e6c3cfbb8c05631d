from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "accord.analytics"
    label = "analytics"
    verbose_name = "Partnership analytics"
