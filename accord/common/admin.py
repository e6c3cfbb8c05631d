from django.contrib import admin

from accord.common.admin_site import ReadOnlyAdmin
from accord.common.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail, readable here too; nobody edits or deletes it (/audit/ filters better)."""

    list_display = ("created_at", "action", "actor_repr", "target_type", "target_id", "target_repr")
    search_fields = ("action", "target_repr", "actor_repr")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"
