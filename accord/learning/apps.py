from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "accord.learning"
    label = "learning"
    verbose_name = "Learning agreements"
