"""Forms of the exchange pages: they parse and offer choices; the services decide what is valid."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from accord.agreements.models import MobilityType
from accord.exchange.models import ApplicationStatus, Call, Place
from accord.exchange.run_services import POLICIES
from accord.exchange.selectors import ApplicationFilters, DestinationFilters
from accord.exchange.services import ApplicationInput, CallInput
from accord.institutions.models import OrganisationalUnit
from accord.mobility.forms import DateInput, academic_year_choices
from accord.reference.models import IscedField
from accord.reference.vocab import EQF_LEVELS, country_choices, language_choices, region_choices

ANY = [("", "Any")]
ORDINALS = ("1st", "2nd", "3rd")


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


def place_label(place: Place) -> str:
    share = f" · seats for {place.unit.name}" if place.unit is not None else ""
    return f"{place.partner.name} ({place.partner.country}){share}"


class ApplicationForm(forms.Form):
    unit = forms.TypedChoiceField(coerce=int, empty_value=None, label="Your faculty")
    eqf_level = forms.TypedChoiceField(
        coerce=int, label="Study level", choices=list(EQF_LEVELS.items()), initial=6
    )
    subject_area = forms.ChoiceField(required=False, label="Field of study (ISCED-F)")
    credits = forms.DecimalField(min_value=0, decimal_places=1, label="Credits earned (ECTS)")
    grade_average = forms.DecimalField(decimal_places=2, label="Grade average")
    languages = LanguagesField(
        required=False, label="Language certificates", help_text="Code and CEFR level, e.g. “en B2, es B1”."
    )
    motivation = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)

    def __init__(self, *args: Any, call: Call, places: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["unit"].choices = [("", "Choose…"), *home_unit_choices()]  # type: ignore[attr-defined]
        areas = IscedField.objects.exclude(level="broad").order_by("code").values_list("code", "name")
        self.fields["subject_area"].choices = [("", "—"), *((c, f"{c} {n}") for c, n in areas)]  # type: ignore[attr-defined]
        self.fields[
            "grade_average"
        ].help_text = f"On the scale {call.grade_scale_min} to {call.grade_scale_max}."
        choices = [("", "—"), *((p.pk, place_label(p)) for p in places)]
        for rank in range(1, call.max_preferences + 1):
            label = f"{ORDINALS[rank - 1] if rank <= 3 else f'{rank}th'} choice"
            self.fields[f"preference_{rank}"] = forms.TypedChoiceField(
                coerce=int, empty_value=None, required=rank == 1, choices=choices, label=label
            )

    @property
    def preference_fields(self) -> list[Any]:
        return [self[f"preference_{rank}"] for rank in range(1, self.call.max_preferences + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(f"preference_{rank}") for rank in range(1, self.call.max_preferences + 1)]
        ranked = [p for p in chosen if p]
        if len(set(ranked)) != len(ranked):
            self.add_error("preference_1", "Each destination may be ranked once.")
        return data

    def to_input(self) -> ApplicationInput:
        data = self.cleaned_data
        preferences = [
            data[f"preference_{rank}"]
            for rank in range(1, self.call.max_preferences + 1)
            if data.get(f"preference_{rank}")
        ]
        return ApplicationInput(
            unit_id=data["unit"],
            eqf_level=data["eqf_level"],
            credits=data["credits"],
            grade_average=data["grade_average"],
            preferences=preferences,
            languages=data["languages"],
            subject_area=data["subject_area"],
            motivation=data["motivation"],
        )


class ScoreForm(forms.Form):
    motivation_score = forms.DecimalField(
        min_value=Decimal(0), max_value=Decimal(100), decimal_places=2, label="Motivation score (0–100)"
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Reviewer's note")


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="For example “Transcript of records”.")
    file = forms.FileField(label="PDF file", help_text="PDF only, up to 5 MB.")


class RunForm(forms.Form):
    policy = forms.ChoiceField(
        choices=[(p, p.replace("-", " ").capitalize()) for p in POLICIES], initial=POLICIES[0]
    )
    seed = forms.IntegerField(
        required=False, min_value=0, help_text="Empty: a fresh lottery seed, recorded with the run."
    )
    respond_by = forms.DateTimeField(label="Students answer by", widget=DateTimeInput())
    note = forms.CharField(required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default = timezone.localtime() + dt.timedelta(days=14)
        self.fields["respond_by"].initial = default.replace(hour=23, minute=59, second=0, microsecond=0)


class DestinationFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "University or city"}),
    )
    country = forms.ChoiceField(required=False)
    region = forms.ChoiceField(required=False)
    language = forms.ChoiceField(required=False, label="Language required")
    subject_area = forms.ChoiceField(required=False, label="Field of study")
    eqf_level = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Level", choices=ANY + list(EQF_LEVELS.items())
    )

    def __init__(self, *args: Any, places: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = {p.partner.country for p in places}
        self.fields["country"].choices = ANY + [c for c in country_choices() if c[0] in countries]  # type: ignore[attr-defined]
        self.fields["region"].choices = ANY + region_choices()  # type: ignore[attr-defined]
        codes = {code for p in places for code in p.languages}
        self.fields["language"].choices = ANY + [c for c in language_choices() if c[0] in codes]  # type: ignore[attr-defined]
        areas = IscedField.objects.exclude(level="detailed").order_by("code").values_list("code", "name")
        self.fields["subject_area"].choices = ANY + [(c, f"{c} {n}") for c, n in areas]  # type: ignore[attr-defined]

    def filters(self) -> DestinationFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return DestinationFilters(
            q=data.get("q", ""),
            country=data.get("country", ""),
            region=data.get("region", ""),
            language=data.get("language", ""),
            subject_area=data.get("subject_area", ""),
            eqf_level=data.get("eqf_level"),
        )

    def is_filtered(self) -> bool:
        return any(v for v in self.filters().__dict__.values())


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
