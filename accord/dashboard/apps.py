from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "accord.dashboard"
    label = "dashboard"
