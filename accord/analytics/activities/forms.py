from typing import Any

from django import forms

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.analytics.models import ActivityKind
from accord.common.access import reads_everything
from accord.engines.identifiers import IdentifierError, parse_academic_year
from accord.institutions.models import Institution, OrganisationalUnit


class ActivityForm(forms.Form):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(), label="Partner", help_text="Partners with an agreement."
    )
    kind = forms.ChoiceField(choices=ActivityKind.choices)
    academic_year = forms.CharField(max_length=9, label="Academic year", help_text="e.g. 2025/2026")
    title = forms.CharField(max_length=300)
    count = forms.IntegerField(
        min_value=1, initial=1, help_text="Publications or projects this entry stands for."
    )
    rating = forms.DecimalField(
        required=False, min_value=1, max_value=5, decimal_places=2, help_text="Surveys only: 1 (poor) to 5."
    )
    unit = forms.ModelChoiceField(queryset=OrganisationalUnit.objects.none(), required=False, label="Faculty")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = (  # type: ignore[attr-defined]
            Institution.objects.filter(is_home=False, agreement_partners__isnull=False)
            .distinct()
            .order_by("name")
        )
        units = OrganisationalUnit.objects.filter(institution__is_home=True)
        if not reads_everything(actor):
            units = units.filter(pk__in=unit_ids_in_scope(actor))
            self.fields["unit"].required = True
        self.fields["unit"].queryset = units.order_by("name")  # type: ignore[attr-defined]

    def clean_academic_year(self) -> int:
        try:
            return parse_academic_year(self.cleaned_data["academic_year"].strip())
        except IdentifierError as exc:
            raise forms.ValidationError(str(exc)) from None
