"""Users are managed in the admin (role, units, partner institution); every change there is audited."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from accord.accounts.models import ApiToken, User
from accord.accounts.services import record_password_changed
from accord.common import audit
from accord.common.admin_site import AdministratorAccess, ReadOnlyAdmin, is_administrator

# Fields whose changes the audit event lists; passwords never appear there.
AUDITED_FIELDS = (
    "username", "first_name", "last_name", "email", "role", "units", "partner_institution", "is_active",
    "is_superuser",
)  # fmt: skip

# Accord decides access by role, not by Django groups and permissions.
admin.site.unregister(Group)


def _administrator(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the admin site admits only signed-in administrators
    return user


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple):
        return sorted(_plain(v) for v in value)
    return value


def form_changes(form: Any, *, change: bool) -> dict[str, list[Any]]:
    """{field: [before, after]} from an admin form, like the services' audit diffs."""
    return {
        name: [_plain(form.initial.get(name)) if change else None, _plain(form.cleaned_data.get(name))]
        for name in form.changed_data
        if name in AUDITED_FIELDS
    }


@admin.register(User)
class UserAdmin(AdministratorAccess, DjangoUserAdmin):
    list_display = (
        "username",
        "get_full_name",
        "email",
        "role",
        "partner_institution",
        "is_active",
        "last_login",
    )
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("partner_institution",)
    autocomplete_fields = ("units", "partner_institution")
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        (
            "Role and scope",
            {
                "fields": ("role", "units", "partner_institution"),
                "description": "Coordinators see the agreements and mobilities of their units (and the units "
                "below them); partner contacts see what involves their institution.",
            },
        ),
        ("Status", {"fields": ("is_active", "is_superuser")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (
            "Role and scope",
            {"fields": ("first_name", "last_name", "email", "role", "units", "partner_institution")},
        ),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # Only a superuser makes superusers.
        return [
            (name, {**options, "fields": tuple(f for f in options["fields"] if f != "is_superuser")})
            for name, options in fieldsets
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Accounts are deactivated, never deleted, so that their audit trail keeps a name.
        return False

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # The admin runs this and save_related in one transaction: the event commits with the change.
        super().save_model(request, obj, form, change)
        changes = form_changes(form, change=change)
        if changes or not change:
            audit.record(
                actor=_administrator(request),
                action="user.updated" if change else "user.created",
                target=obj,
                changes=changes,
                data={"via": "admin"},
            )

    @method_decorator(sensitive_post_parameters())
    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            succeeded = response.status_code == 302 and response["Location"] != request.get_full_path()
            if request.method == "POST" and succeeded:
                record_password_changed(user=User.objects.get(pk=unquote(id)), actor=_administrator(request))
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    exclude = ("token_hash",)
