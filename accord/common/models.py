from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """Every domain row knows when it was made and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One state change, written in the same transaction as the change itself.

    The target is kept as (type, id, repr) rather than a foreign key so that the history of a deleted
    object survives its deletion.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_repr = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"


class DailyJobRun(models.Model):
    """The last day a daily job was enqueued, so that several workers never enqueue it twice."""

    job = models.CharField(max_length=200, unique=True)
    last_run_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.job} @ {self.last_run_on}"
