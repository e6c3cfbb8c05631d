from django.contrib import admin

from accord.common.admin_site import ReadOnlyAdmin
from accord.reference.models import AcademicYear, IscedField


@admin.register(AcademicYear)
class AcademicYearAdmin(ReadOnlyAdmin):
    list_display = ("code", "start_date", "end_date")


@admin.register(IscedField)
class IscedFieldAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
