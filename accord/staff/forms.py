from typing import Any

from django import forms

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.agreements.forms import set_choices
from accord.agreements.models import Agreement
from accord.common.access import writes_everything
from accord.institutions.models import Institution, OrganisationalUnit
from accord.mobility.forms import ANY, DateInput, academic_year_choices
from accord.staff.models import STAFF_TYPES, ApplicationStatus
from accord.staff.services import StaffApplicationInput


class StaffApplicationForm(forms.Form):
    given_names = forms.CharField(max_length=150)
    family_name = forms.CharField(max_length=150)
    email = forms.EmailField(label="E-mail", required=False)
    staff_number = forms.CharField(
        max_length=64, required=False, help_text="Finds the staff member if known."
    )
    unit_id = forms.TypedChoiceField(label="Unit", coerce=int)
    mobility_type = forms.ChoiceField(label="Activity", choices=STAFF_TYPES)
    host_institution_id = forms.TypedChoiceField(label="Host institution", coerce=int)
    agreement_id = forms.TypedChoiceField(label="Agreement", coerce=int, required=False, empty_value=None)
    planned_start = forms.DateField(widget=DateInput())
    planned_end = forms.DateField(widget=DateInput())
    days = forms.IntegerField(
        label="Activity days", min_value=1, max_value=60, help_text="Travel days excluded."
    )
    teaching_hours = forms.IntegerField(min_value=1, max_value=500, required=False, help_text="For teaching.")
    programme = forms.CharField(label="Activity programme", widget=forms.Textarea(attrs={"rows": 5}))
    grant_requested = forms.DecimalField(
        label="Grant requested (€)", min_value=0, max_digits=10, decimal_places=2, required=False
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrganisationalUnit.objects.filter(institution__is_home=True).order_by("name")
        if not writes_everything(actor):
            units = units.filter(pk__in=unit_ids_in_scope(actor))
        set_choices(self.fields["unit_id"], [(u.pk, str(u)) for u in units])
        partners = (
            Institution.objects.filter(
                agreement_partners__agreement__partners__institution__is_home=True, is_home=False
            )
            .distinct()
            .order_by("name")
        )
        set_choices(self.fields["host_institution_id"], [(i.pk, str(i)) for i in partners])
        agreements = Agreement.objects.filter(partners__institution__is_home=True).order_by("title")
        set_choices(self.fields["agreement_id"], [("", "None"), *((a.pk, str(a)) for a in agreements)])

        for name in ("unit_id", "host_institution_id", "agreement_id"):
            # Long institution and agreement names must not widen the page.
            self.fields[name].widget.attrs["style"] = "max-width: 100%"

    def to_input(self) -> StaffApplicationInput:
        d = self.cleaned_data
        return StaffApplicationInput(
            given_names=d["given_names"],
            family_name=d["family_name"],
            email=d.get("email") or "",
            staff_number=d.get("staff_number") or "",
            unit_id=d["unit_id"],
            host_institution_id=d["host_institution_id"],
            mobility_type=d["mobility_type"],
            planned_start=d["planned_start"],
            planned_end=d["planned_end"],
            days=d["days"],
            programme=d["programme"],
            agreement_id=d.get("agreement_id"),
            teaching_hours=d.get("teaching_hours"),
            grant_requested=d.get("grant_requested"),
        )


class StaffFilterForm(forms.Form):
    q = forms.CharField(
        label="Staff member", required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    status = forms.ChoiceField(choices=ANY + ApplicationStatus.choices, required=False)
    mobility_type = forms.ChoiceField(label="Activity", choices=ANY + STAFF_TYPES, required=False)
    academic_year = forms.TypedChoiceField(
        label="Academic year", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["academic_year"], [("", "Any"), *academic_year_choices()])


class StaffRejectForm(forms.Form):
    reason = forms.CharField(
        label="Why is the application rejected?", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
