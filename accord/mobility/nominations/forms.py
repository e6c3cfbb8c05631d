"""Forms of the nomination pages: the filter bar, the rejection reason and the import upload."""

from typing import Any

from django import forms
from django.db.models import Q

from accord.accounts.models import User
from accord.agreements.forms import set_choices
from accord.institutions.models import Institution
from accord.mobility.forms import ANY, academic_year_choices
from accord.mobility.models import Direction, MobilityStatus
from accord.mobility.nominations.importing import IMPORT_MAX_BYTES
from accord.mobility.nominations.selectors import NominationFilters, nominations_visible_to
from accord.mobility.nominations.services import REASON_MAX_LENGTH

STATUS_CHOICES = [
    (s.value, s.label)
    for s in (
        MobilityStatus.PLANNED,
        MobilityStatus.NOMINATED,
        MobilityStatus.ACCEPTED,
        MobilityStatus.REJECTED,
        MobilityStatus.CANCELLED,
    )
]


class NominationFilterForm(forms.Form):
    q = forms.CharField(
        label="Person or id",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name, e-mail, student number, omobility id"}
        ),
    )
    direction = forms.ChoiceField(choices=[*ANY, *Direction.choices], required=False)
    status = forms.ChoiceField(choices=[*ANY, *STATUS_CHOICES], required=False)
    partner = forms.TypedChoiceField(label="Partner", coerce=int, required=False, empty_value=None)
    academic_year = forms.TypedChoiceField(
        label="Academic year", coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(
        label="Who", choices=[*ANY, ("student", "Students"), ("staff", "Staff")], required=False
    )
    sent = forms.ChoiceField(
        label="Sent to partner",
        choices=[*ANY, ("yes", "Sent"), ("no", "Not sent yet")],
        required=False,
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["academic_year"], [("", "Any"), *academic_year_choices()])
        visible = nominations_visible_to(actor)
        partners = Institution.objects.filter(
            Q(pk__in=visible.values("host_institution_id")) | Q(pk__in=visible.values("home_institution_id")),
            is_home=False,
        ).order_by("name")
        set_choices(self.fields["partner"], [("", "Any"), *((i.pk, str(i)) for i in partners)])

    def filters(self) -> NominationFilters:
        if not self.is_bound:
            return NominationFilters()
        self.is_valid()
        data = self.cleaned_data
        return NominationFilters(
            q=data.get("q") or "",
            direction=data.get("direction") or "",
            status=data.get("status") or "",
            partner=data.get("partner"),
            academic_year=data.get("academic_year"),
            kind=data.get("kind") or "",
            sent=data.get("sent") or "",
        )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why is the nomination rejected?",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The other side receives this reason.",
    )


class AcceptForm(forms.Form):
    reason = forms.CharField(
        label="Message (optional)",
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="A spreadsheet (.csv or .xlsx, in the template's columns) or an EWP Outgoing Mobilities v2 "
        "XML document (.xml).",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {IMPORT_MAX_BYTES // (1024 * 1024)} MB.")
        return upload
