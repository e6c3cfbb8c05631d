"""The Django admin, opened to Accord's administrators only (by role, not by Django's staff flag).

Domain data is read-only there: its writers are the services, which the admin would bypass. Users are the
exception (see accounts/admin.py), and their changes are audited.
"""

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


def is_administrator(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_administrator", False))


class AccordAdminSite(admin.AdminSite):
    site_header = "Accord administration"
    site_title = "Accord admin"
    index_title = "Records"

    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """One sign-in page for the whole product; signed-in non-administrators are refused outright."""
        # Imported here: this module is loaded with INSTALLED_APPS, before the auth models exist.
        from django.contrib.auth.views import redirect_to_login

        if not request.user.is_authenticated:
            return redirect_to_login(
                request.GET.get("next", reverse("admin:index")), reverse("accounts:login")
            )
        if not self.has_permission(request):
            raise PermissionDenied("The admin site is for administrators only.")
        return redirect("admin:index")

    def password_change(  # type: ignore[override]
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return redirect("accounts:password_change")


class AccordAdminConfig(AdminConfig):
    default_site = "accord.common.admin_site.AccordAdminSite"


class AdministratorAccess:
    """Model admins seen by administrators whatever their Django permissions; the role decides."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)


class ReadOnlyAdmin(AdministratorAccess, admin.ModelAdmin):
    """Look, search, filter; change nothing (the services are the writers)."""

    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(AdministratorAccess, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
