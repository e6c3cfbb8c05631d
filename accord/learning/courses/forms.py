"""Forms of the catalogue pages: they parse; the services decide what is valid."""

from typing import Any

from django import forms

from accord.institutions.models import Institution
from accord.learning.courses.services import CourseInput
from accord.learning.forms import ANY
from accord.learning.models import Course


class CourseForm(forms.Form):
    code = forms.CharField(required=False, max_length=64)
    title = forms.CharField(max_length=300)
    ects = forms.DecimalField(
        label="ECTS credits", required=False, max_digits=4, decimal_places=1, min_value=0
    )
    term = forms.CharField(label="Taught in", required=False, max_length=64, help_text="e.g. winter semester")
    language = forms.CharField(
        label="Language", required=False, max_length=35, help_text="BCP 47 code, e.g. en"
    )
    url = forms.CharField(label="Web page", required=False, max_length=500)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label="Offered", required=False, initial=True)

    @staticmethod
    def initial_from(course: Course) -> dict[str, Any]:
        names = ("code", "title", "ects", "term", "language", "url", "description", "is_active")
        return {name: getattr(course, name) for name in names}

    def to_input(self, institution_id: int) -> CourseInput:
        return CourseInput(institution_id=institution_id, **self.cleaned_data)


class CourseFilterForm(forms.Form):
    q = forms.CharField(
        label="Course",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title or code"}),
    )
    institution = forms.TypedChoiceField(label="Institution", coerce=int, required=False, empty_value=None)
    include_inactive = forms.BooleanField(label="Include courses no longer offered", required=False)

    def __init__(self, *args: Any, institutions: list[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = ANY + [(i.pk, i.name) for i in institutions]  # type: ignore[attr-defined]
