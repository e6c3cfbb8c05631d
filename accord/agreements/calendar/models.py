from django.conf import settings
from django.db import models


class CalendarFeedToken(models.Model):
    """The secret in a user's private iCalendar feed URL; only its SHA-256 is kept, as for API tokens."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "agreements"

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"
