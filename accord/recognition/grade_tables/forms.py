"""Forms of the grade table pages: they parse; the service and the grade engine decide what is valid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from accord.accounts.models import User
from accord.agreements.forms import institution_options, isced_filter_choices, set_choices, to_int
from accord.engines.grades import GradeScale
from accord.recognition.adapters import scale_choices
from accord.recognition.forms import search_input
from accord.recognition.grade_tables.selectors import TableFilters
from accord.recognition.grade_tables.services import GradeTableInput
from accord.recognition.models import GradeTable
from accord.reference.models import IscedField


class TableFilterForm(forms.Form):
    q = forms.CharField(
        label="Institution", required=False, max_length=200, widget=search_input("Name or code")
    )
    scale = forms.ChoiceField(required=False, label="Grading scale")
    subject_area = forms.ChoiceField(required=False, label="Subject area (ISCED-F)")
    period = forms.CharField(required=False, max_length=20, widget=search_input("e.g. 2023/2024"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["scale"], [("", "Any scale"), *scale_choices()])
        set_choices(self.fields["subject_area"], [("", "Any subject area"), *isced_filter_choices()])

    def filters(self) -> TableFilters:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return TableFilters(
            q=data.get("q") or "",
            scale=data.get("scale") or "",
            subject_area=data.get("subject_area") or "",
            period=data.get("period") or "",
        )

    def is_filtered(self) -> bool:
        return any(self.filters().__dict__.values())


class GradeTableForm(forms.Form):
    """Institution, scale, subject area, period, and one percentage per passing grade of the chosen scale."""

    institution_search = forms.CharField(
        label="Find an institution",
        required=False,
        max_length=200,
        widget=search_input("Name, SCHAC id or code"),
    )
    institution = forms.TypedChoiceField(coerce=int, label="Institution")
    scale = forms.ChoiceField(label="Grading scale")
    isced_code = forms.ChoiceField(
        required=False, label="Subject area (ISCED-F)", help_text="Leave empty for a table of all subjects."
    )
    period = forms.CharField(
        max_length=20,
        label="Reference period",
        help_text="An academic year (2023/2024) or a range (2021/2022-2023/2024).",
    )
    students = forms.IntegerField(required=False, min_value=0, label="Students in the reference group")
    note = forms.CharField(required=False, max_length=300)

    def __init__(self, *args: Any, actor: User, scale: GradeScale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grading = scale
        data = self.data if self.is_bound else self.initial
        found = institution_options(
            actor, selected=[to_int(data.get("institution"))], term=str(data.get("institution_search") or "")
        )
        set_choices(self.fields["institution"], found)
        set_choices(self.fields["scale"], scale_choices())
        isced = IscedField.objects.order_by("code").values_list("code", "name")
        set_choices(self.fields["isced_code"], [("", "All subjects"), *((c, f"{c} {n}") for c, n in isced)])
        for index, grade in enumerate(scale.passing):
            self.fields[f"p_{index}"] = forms.DecimalField(
                label=str(grade),
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            )

    def grade_fields(self) -> list[forms.BoundField]:
        return [self[f"p_{index}"] for index in range(len(self.grading.passing))]

    def to_input(self) -> GradeTableInput:
        data = self.cleaned_data
        return GradeTableInput(
            institution_id=data["institution"],
            scale=data["scale"],
            period=data["period"],
            percentages=[data[f"p_{i}"] for i in range(len(self.grading.passing))],
            isced_code=data.get("isced_code") or "",
            students=data.get("students"),
            note=data.get("note") or "",
        )

    @staticmethod
    def initial_for(table: GradeTable) -> dict[str, Any]:
        values: dict[str, Any] = {
            "institution": table.institution_id,
            "scale": table.scale,
            "isced_code": table.isced_id or "",
            "period": table.period,
            "students": table.students,
            "note": table.note,
        }
        values.update({f"p_{i}": p for i, p in enumerate(table.percentages)})
        return values
