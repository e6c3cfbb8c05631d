from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "accord.institutions"
    label = "institutions"
