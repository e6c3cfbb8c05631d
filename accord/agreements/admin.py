from django.contrib import admin

from accord.agreements.models import Agreement, AgreementPartner, CooperationCondition
from accord.common.admin_site import ReadOnlyAdmin, ReadOnlyInline


class PartnerInline(ReadOnlyInline):
    model = AgreementPartner
    fields = ("institution", "unit", "partner_agreement_id", "signing_contact", "signing_date", "position")


class ConditionInline(ReadOnlyInline):
    model = CooperationCondition
    fields = (
        "mobility_type", "sending_institution", "receiving_institution", "first_year", "last_year",
        "places_per_year", "total_months_per_year", "eqf_levels",
    )  # fmt: skip
    show_change_link = True


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ("reference_code", "title", "kind", "status", "valid_from", "valid_to", "owner_unit")
    list_filter = ("status", "kind")
    search_fields = ("reference_code", "title", "institutions__name")
    list_select_related = ("owner_unit",)
    date_hierarchy = "valid_to"
    inlines = (PartnerInline, ConditionInline)


@admin.register(CooperationCondition)
class CooperationConditionAdmin(ReadOnlyAdmin):
    list_display = (
        "agreement",
        "mobility_type",
        "sending_institution",
        "receiving_institution",
        "places_per_year",
    )
    list_filter = ("mobility_type",)
    search_fields = ("agreement__title", "agreement__reference_code")
    list_select_related = ("agreement", "sending_institution", "receiving_institution")
