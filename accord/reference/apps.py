from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "accord.reference"
    label = "reference"
