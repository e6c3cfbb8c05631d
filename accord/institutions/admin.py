from django.contrib import admin

from accord.common.admin_site import ReadOnlyAdmin, ReadOnlyInline
from accord.institutions.models import Contact, Institution, InstitutionDomain, OrganisationalUnit


class DomainInline(ReadOnlyInline):
    model = InstitutionDomain


class UnitInline(ReadOnlyInline):
    model = OrganisationalUnit
    fields = ("name", "code", "parent")
    show_change_link = True


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ("name", "country", "city", "erasmus_code", "schac_id", "pic", "is_home")
    list_filter = ("is_home", "country")
    search_fields = ("name", "name_normalised", "erasmus_code", "schac_id", "pic", "ror_id", "city")
    inlines = (DomainInline, UnitInline)


@admin.register(OrganisationalUnit)
class OrganisationalUnitAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "institution", "parent")
    list_filter = ("institution__is_home",)
    search_fields = ("name", "code", "abbreviation", "institution__name")
    list_select_related = ("institution", "parent")


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ("name", "role", "email", "institution", "unit")
    search_fields = ("name", "email", "institution__name")
    list_select_related = ("institution", "unit")
