"""Forms of the recognition pages: they parse; the services and the grade engine decide what is valid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from accord.agreements.forms import set_choices
from accord.common.errors import DomainError
from accord.learning.models import Component
from accord.recognition.adapters import scale_choices
from accord.recognition.models import RecognitionDecision, Transcript, TranscriptEntry
from accord.recognition.selectors import STAGES, QueueFilters
from accord.recognition.services import EntryInput, RowInput
from accord.reference.models import AcademicYear


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def search_input(placeholder: str) -> forms.TextInput:
    return forms.TextInput(attrs={"type": "search", "placeholder": placeholder, "autocomplete": "off"})


def attach_errors(form: forms.Form, error: DomainError, field_for: dict[str, str]) -> None:
    """Put each of a service's problems beside the form field it concerns (unknown ones at the top)."""
    problems = error.extra.get("errors") or [{"field": error.field or "", "message": error.message}]
    for problem in problems:
        name = field_for.get(problem["field"], problem["field"])
        if name in form.fields and name not in form.errors:
            form.add_error(name, problem["message"])
        else:
            form.add_error(None, problem["message"])


# The work queue ---------------------------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, max_length=200, widget=search_input("Student or partner")
    )
    stage = forms.ChoiceField(required=False, choices=[("", "Any stage"), *STAGES])
    academic_year = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Academic year"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = AcademicYear.objects.order_by("-start_year").values_list("start_year", flat=True)
        set_choices(self.fields["academic_year"], [("", "Any year"), *((y, f"{y}/{y + 1}") for y in years)])

    def filters(self) -> QueueFilters:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return QueueFilters(
            q=data.get("q") or "", stage=data.get("stage") or "", academic_year=data.get("academic_year")
        )

    def is_filtered(self) -> bool:
        return any(self.filters().__dict__.values())


class UploadForm(forms.Form):
    file = forms.FileField(label="CSV or XLSX file")

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload


# Transcript -------------------------------------------------------------------------------------------------


class TranscriptForm(forms.Form):
    """The host scale and date, then grade, credits and date per Table A component (blank: not graded)."""

    scale = forms.ChoiceField(label="Host grading scale")
    issued_on = forms.DateField(required=False, label="Issued on", widget=DateInput())
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, components: list[Component], transcript: Transcript | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.components = components
        set_choices(self.fields["scale"], scale_choices())
        entries: dict[int, TranscriptEntry] = (
            {e.component_id: e for e in transcript.entries.all()} if transcript is not None else {}
        )
        for component in components:
            entry = entries.get(component.pk)
            self.fields[f"grade_{component.pk}"] = forms.CharField(
                required=False,
                max_length=20,
                label=f"Grade for {component.title}",
                initial=entry.grade if entry else "",
            )
            self.fields[f"credits_{component.pk}"] = forms.DecimalField(
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(60),
                decimal_places=1,
                label=f"Credits for {component.title}",
                initial=entry.credits if entry else component.ects,
                widget=forms.NumberInput(attrs={"step": "0.5"}),
            )
            self.fields[f"assessed_on_{component.pk}"] = forms.DateField(
                required=False,
                label=f"Assessed on ({component.title})",
                widget=DateInput(),
                initial=entry.assessed_on if entry else None,
            )

    def rows(self) -> list[tuple[Component, list[forms.BoundField]]]:
        return [
            (c, [self[f"grade_{c.pk}"], self[f"credits_{c.pk}"], self[f"assessed_on_{c.pk}"]])
            for c in self.components
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for component in self.components:
            if data.get(f"grade_{component.pk}") and data.get(f"credits_{component.pk}") is None:
                self.add_error(f"credits_{component.pk}", "Give the credits for a graded component.")
        return data

    def entries(self) -> tuple[list[EntryInput], dict[str, str]]:
        """The graded rows, and the service's field path of each row mapped to this form's field names."""
        data = self.cleaned_data
        entries: list[EntryInput] = []
        field_for: dict[str, str] = {}
        for component in self.components:
            grade = (data.get(f"grade_{component.pk}") or "").strip()
            if not grade:
                continue
            index = len(entries)
            field_for[f"entries.{index}.grade"] = f"grade_{component.pk}"
            field_for[f"entries.{index}.credits"] = f"credits_{component.pk}"
            entries.append(
                EntryInput(
                    component.pk,
                    grade,
                    data[f"credits_{component.pk}"],
                    data.get(f"assessed_on_{component.pk}"),
                )
            )
        return entries, field_for


# Recognition ------------------------------------------------------------------------------------------------


class RecognitionForm(forms.Form):
    """The home scale, a comment, and per Table B component: recognised or not, from which host components,
    how many credits, and why not."""

    home_scale = forms.ChoiceField(label="Home grading scale")
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        homes: list[Component],
        hosts: list[Component],
        decision: RecognitionDecision | None,
        proposed: dict[int, list[int]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.homes, self.hosts = homes, hosts
        set_choices(self.fields["home_scale"], scale_choices())
        saved = {c.component_id: c for c in decision.components.all()} if decision is not None else {}
        host_choices = [(h.pk, f"{h.code} {h.title}".strip()) for h in hosts]
        for home in homes:
            row = saved.get(home.pk)
            self.fields[f"recognised_{home.pk}"] = forms.BooleanField(
                required=False, label=f"Recognise {home.title}", initial=row.recognised if row else True
            )
            self.fields[f"sources_{home.pk}"] = forms.TypedMultipleChoiceField(
                required=False,
                coerce=int,
                choices=host_choices,
                widget=forms.CheckboxSelectMultiple,
                label=f"Host components for {home.title}",
                initial=[s.pk for s in row.sources.all()] if row else proposed.get(home.pk, []),
            )
            self.fields[f"credits_{home.pk}"] = forms.DecimalField(
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(60),
                decimal_places=1,
                label=f"Credits for {home.title}",
                initial=row.credits if row and row.recognised else home.ects,
                widget=forms.NumberInput(attrs={"step": "0.5"}),
            )
            self.fields[f"reason_{home.pk}"] = forms.CharField(
                required=False,
                max_length=300,
                label=f"Reason ({home.title})",
                initial=row.reason if row else "",
            )

    def rows(self) -> list[tuple[Component, dict[str, forms.BoundField]]]:
        return [
            (h, {name: self[f"{name}_{h.pk}"] for name in ("recognised", "sources", "credits", "reason")})
            for h in self.homes
        ]

    def to_rows(self) -> tuple[list[RowInput], dict[str, str]]:
        data = self.cleaned_data
        rows: list[RowInput] = []
        field_for: dict[str, str] = {}
        for index, home in enumerate(self.homes):
            for name in ("recognised", "source_ids", "credits", "reason"):
                field_for[f"rows.{index}.{name}"] = f"{'sources' if name == 'source_ids' else name}_{home.pk}"
            rows.append(
                RowInput(
                    component_id=home.pk,
                    recognised=bool(data.get(f"recognised_{home.pk}")),
                    source_ids=data.get(f"sources_{home.pk}") or [],
                    credits=data.get(f"credits_{home.pk}"),
                    reason=data.get(f"reason_{home.pk}") or "",
                )
            )
        return rows, field_for


class SignForm(forms.Form):
    position = forms.CharField(
        max_length=200,
        required=False,
        label="Your position",
        help_text="Printed under your name on the decision.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
