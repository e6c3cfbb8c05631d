"""Forms of the student portal: an application with ranked destinations, a document, a destinations filter."""

from typing import Any

from django import forms

from accord.exchange.forms import ANY, LanguagesField, home_unit_choices
from accord.exchange.models import Call, Place
from accord.exchange.selectors import DestinationFilters
from accord.exchange.services import ApplicationInput
from accord.reference.models import IscedField
from accord.reference.vocab import EQF_LEVELS, country_choices, language_choices, region_choices

ORDINALS = ("1st", "2nd", "3rd")


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


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="For example “Transcript of records”.")
    file = forms.FileField(label="PDF file", help_text="PDF only, up to 5 MB.")


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
