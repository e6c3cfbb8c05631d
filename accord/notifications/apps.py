from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "accord.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Registers the daily jobs of every app with the scheduler of `accord worker`.
        from accord.common import periodic

        periodic.discover_daily_jobs()
