from django.contrib import admin

from accord.common.admin_site import ReadOnlyAdmin
from accord.mobility.models import Mobility, Person


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("family_name", "given_names", "email", "student_number", "nationality", "user")
    search_fields = ("family_name", "given_names", "email", "student_number", "staff_number")
    list_select_related = ("user",)


@admin.register(Mobility)
class MobilityAdmin(ReadOnlyAdmin):
    list_display = (
        "person", "direction", "mobility_type", "home_institution", "host_institution", "academic_year",
        "status", "planned_start",
    )  # fmt: skip
    list_filter = ("direction", "status", "mobility_type", "academic_year")
    # Searching a million rows by the person only; the product's own list has the richer filters.
    search_fields = ("person__family_name", "person__email", "person__student_number")
    list_select_related = ("person", "home_institution", "host_institution")
