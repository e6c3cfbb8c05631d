from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "accord.recognition"
    label = "recognition"
    verbose_name = "Transcripts and recognition"
