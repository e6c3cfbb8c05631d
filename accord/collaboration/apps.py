from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "accord.collaboration"
    label = "collaboration"
    verbose_name = "Collaboration beyond exchange"
    default_auto_field = "django.db.models.BigAutoField"
