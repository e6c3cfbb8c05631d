"""Forms of the office's exchange pages: they parse and offer choices; the services decide what is valid.

The student portal's forms: `portal/forms.py`; the run form: `runs/forms.py`.
"""

from decimal import Decimal
from typing import Any

from django import forms

from accord.agreements.models import MobilityType
from accord.exchange.models import ApplicationStatus
from accord.exchange.selectors import ApplicationFilters
from accord.exchange.services import CallInput
from accord.institutions.models import OrganisationalUnit
from accord.mobility.forms import DateInput, academic_year_choices
from accord.reference.vocab import EQF_LEVELS

ANY = [("", "Any")]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def parse_languages(text: str) -> dict[str, str]:
    """ "en B2, fr:B1" -> {"en": "B2", "fr": "B1"}; the service checks the codes and levels."""
    result: dict[str, str] = {}
    for item in text.replace(";", ",").split(","):
        parts = item.replace(":", " ").split()
        if not parts:
            continue
        if len(parts) != 2:
            raise forms.ValidationError(
                f"Write each language as a code and a level, e.g. “en B2” (not “{item.strip()}”)."
            )
        result[parts[0]] = parts[1]
    return result


def format_languages(languages: dict[str, str]) -> str:
    return ", ".join(f"{code} {level}" for code, level in languages.items())


class LanguagesField(forms.CharField):
    def to_python(self, value: Any) -> dict[str, str]:  # type: ignore[override]
        return parse_languages(str(value or ""))

    def prepare_value(self, value: Any) -> Any:
        return format_languages(value) if isinstance(value, dict) else value


def home_unit_choices() -> list[tuple[int, str]]:
    return list(
        OrganisationalUnit.objects.filter(institution__is_home=True)
        .order_by("name")
        .values_list("pk", "name")
    )


class CallForm(forms.Form):
    title = forms.CharField(max_length=200)
    academic_year = forms.TypedChoiceField(coerce=int)
    mobility_type = forms.ChoiceField(choices=MobilityType.choices, initial=MobilityType.STUDENT_STUDIES)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    opens_at = forms.DateTimeField(label="Opens", widget=DateTimeInput())
    closes_at = forms.DateTimeField(label="Closes (deadline)", widget=DateTimeInput())
    mobility_start = forms.DateField(label="Mobility starts", widget=DateInput())
    mobility_end = forms.DateField(label="Mobility ends", widget=DateInput())
    max_preferences = forms.IntegerField(
        min_value=1, max_value=20, initial=6, label="Destinations a student may rank"
    )
    eqf_levels = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        choices=list(EQF_LEVELS.items()),
        widget=forms.CheckboxSelectMultiple,
        label="Study levels (EQF)",
        help_text="None ticked: every level may apply.",
    )
    min_credits = forms.DecimalField(min_value=0, initial=0, label="Minimum credits (ECTS)")
    min_grade_average = forms.DecimalField(required=False, label="Minimum grade average")
    required_languages = LanguagesField(
        required=False, label="Required language certificates", help_text="For example “en B2, fr B1”."
    )
    grade_scale_min = forms.DecimalField(initial=0, label="Lowest grade of the scale")
    grade_scale_max = forms.DecimalField(initial=20, label="Best grade of the scale")
    credits_target = forms.DecimalField(min_value=0, initial=120, label="Credits that count in full")
    weight_grades = forms.DecimalField(min_value=0, initial=50, label="Weight: grade average")
    weight_language = forms.DecimalField(min_value=0, initial=20, label="Weight: language level")
    weight_motivation = forms.DecimalField(min_value=0, initial=20, label="Weight: motivation (reviewers)")
    weight_credits = forms.DecimalField(min_value=0, initial=10, label="Weight: credits")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = academic_year_choices()  # type: ignore[attr-defined]

    def to_input(self) -> CallInput:
        return CallInput(**self.cleaned_data)


class PlaceForm(forms.Form):
    capacity = forms.IntegerField(min_value=0, label="Seats")
    unit = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="Faculty share", help_text="Empty: any faculty."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Any faculty"), *home_unit_choices()]  # type: ignore[attr-defined]


class PlaceSplitForm(forms.Form):
    seats = forms.IntegerField(min_value=1, label="Seats to move")
    unit = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="For")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Any faculty"), *home_unit_choices()]  # type: ignore[attr-defined]


class ScoreForm(forms.Form):
    motivation_score = forms.DecimalField(
        min_value=Decimal(0), max_value=Decimal(100), decimal_places=2, label="Motivation score (0–100)"
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Reviewer's note")


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        label="Applicant",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name or student number"}),
    )
    status = forms.ChoiceField(required=False, choices=ANY + ApplicationStatus.choices)
    unit = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Faculty")
    unscored = forms.BooleanField(required=False, label="Not yet scored")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = ANY + home_unit_choices()  # type: ignore[attr-defined]

    def filters(self) -> ApplicationFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return ApplicationFilters(
            q=data.get("q", ""),
            status=data.get("status", ""),
            unit=data.get("unit"),
            unscored=bool(data.get("unscored")),
        )

    def is_filtered(self) -> bool:
        return any(v for v in self.filters().__dict__.values())
