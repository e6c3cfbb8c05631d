"""Forms of the learning agreement pages: they parse; the services decide what is valid."""

from typing import Any

from django import forms

from accord.learning import services
from accord.learning.models import (
    DELETE_REASONS,
    INSERT_REASONS,
    ComponentTable,
    LearningAgreement,
    LearningAgreementStatus,
)
from accord.learning.selectors import LearningAgreementFilters
from accord.mobility.models import Direction
from accord.reference.models import AcademicYear
from accord.reference.vocab import CEFR_CHOICES, EQF_CHOICES

ANY = [("", "Any")]
NONE = [("", "—")]


class LearningAgreementFilterForm(forms.Form):
    q = forms.CharField(
        label="Student",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name or student number"}),
    )
    status = forms.ChoiceField(choices=ANY + LearningAgreementStatus.choices, required=False)
    direction = forms.ChoiceField(choices=ANY + Direction.choices, required=False)
    academic_year = forms.TypedChoiceField(
        label="Academic year", coerce=int, required=False, empty_value=None
    )
    awaiting = forms.ChoiceField(
        label="Waiting for",
        required=False,
        choices=[
            *ANY,
            ("student", "the student"),
            ("sending", "the sending side"),
            ("receiving", "the receiving side"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = AcademicYear.objects.order_by("-start_year").values_list("start_year", flat=True)
        self.fields["academic_year"].choices = ANY + [(y, f"{y}/{y + 1}") for y in years]  # type: ignore[attr-defined]

    def filters(self) -> LearningAgreementFilters:
        if not self.is_bound or not self.is_valid():
            return LearningAgreementFilters()
        data = self.cleaned_data
        return LearningAgreementFilters(
            q=data["q"], status=data["status"], direction=data["direction"],
            academic_year=data["academic_year"], awaiting=data["awaiting"],
        )  # fmt: skip


class DetailsForm(forms.Form):
    language = forms.CharField(
        label="Language of instruction",
        required=False,
        max_length=35,
        help_text="BCP 47 code, e.g. en, pl, de",
    )
    cefr_level = forms.ChoiceField(
        label="Student's level (CEFR)", choices=NONE + CEFR_CHOICES, required=False
    )
    eqf_level = forms.TypedChoiceField(
        label="EQF level at departure",
        choices=[*NONE, *EQF_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
    )
    isced_code = forms.CharField(label="ISCED-F field", required=False, max_length=4, help_text="e.g. 0613")
    isced_clarification = forms.CharField(label="Field clarification", required=False, max_length=300)
    learning_outcomes_url = forms.CharField(label="Learning outcomes (course catalogue) URL", required=False)
    provisions_url = forms.CharField(label="Provisions if components are not completed (URL)", required=False)

    @staticmethod
    def initial_from(la: LearningAgreement) -> dict[str, Any]:
        return {
            "language": la.language, "cefr_level": la.cefr_level, "eqf_level": la.eqf_level,
            "isced_code": la.isced_id or "", "isced_clarification": la.isced_clarification,
            "learning_outcomes_url": la.learning_outcomes_url, "provisions_url": la.provisions_url,
        }  # fmt: skip

    def to_input(self) -> services.DetailsInput:
        return services.DetailsInput(**self.cleaned_data)


TERM_HELP = "The term at the institution teaching it, e.g. 1 of 2 for the first semester."


class ComponentForm(forms.Form):
    table = forms.ChoiceField(choices=ComponentTable.choices)
    course = forms.TypedChoiceField(
        label="From the catalogue",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Pick a course to fill in its code, title and credits; or type them below.",
    )
    code = forms.CharField(label="Component code", required=False, max_length=64)
    title = forms.CharField(max_length=300, required=False)
    term_number = forms.IntegerField(
        label="Term", required=False, min_value=1, max_value=12, help_text=TERM_HELP
    )
    total_terms = forms.IntegerField(label="of terms", required=False, min_value=1, max_value=12)
    ects = forms.DecimalField(
        label="ECTS credits", required=False, max_digits=4, decimal_places=1, min_value=0
    )
    recognition_conditions = forms.CharField(
        label="Recognition conditions (Table B)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    short_description = forms.CharField(
        label="Short description (Table C)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason_code = forms.ChoiceField(
        label="Reason for the change",
        required=False,
        choices=NONE + [(r.value, r.label) for r in INSERT_REASONS],
    )
    reason_text = forms.CharField(label="Reason in your words", required=False, max_length=500)

    def __init__(
        self, *args: Any, is_change: bool = False, catalogue: list[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[int, str]]] = {}
        for course in catalogue or []:
            label = f"{course.code} {course.title}".strip() + (
                f" ({course.ects} ECTS)" if course.ects is not None else ""
            )
            groups.setdefault(str(course.institution), []).append((course.pk, label))
        self.fields["course"].choices = [("", "—"), *groups.items()]  # type: ignore[attr-defined]
        self._catalogue = {course.pk: course for course in catalogue or []}
        if not catalogue:
            del self.fields["course"]
        if not is_change:
            del self.fields["reason_code"]
            del self.fields["reason_text"]

    @staticmethod
    def initial_from(component: Any) -> dict[str, Any]:
        names = ("table", "code", "title", "term_number", "total_terms", "ects", "recognition_conditions",
                 "short_description", "reason_code", "reason_text")  # fmt: skip
        return {name: getattr(component, name) for name in names}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        course = self._catalogue.get(data.get("course") or 0)
        if course is not None:
            # The catalogue fills what was left empty; what the user typed wins.
            data["code"] = data.get("code") or course.code
            data["title"] = data.get("title") or course.title
            if data.get("ects") is None:
                data["ects"] = course.ects
        return data

    def to_input(self, *, course_id: int | None = None) -> services.ComponentInput:
        data = dict(self.cleaned_data)
        course_id = data.get("course") or course_id
        return services.ComponentInput(
            table=data["table"], title=data["title"], code=data["code"], term_number=data["term_number"],
            total_terms=data["total_terms"], ects=data["ects"],
            recognition_conditions=data["recognition_conditions"],
            short_description=data["short_description"], reason_code=data.get("reason_code", ""),
            reason_text=data.get("reason_text", ""), course_id=course_id,
        )  # fmt: skip


class DeletionForm(forms.Form):
    reason_code = forms.ChoiceField(
        label="Reason", choices=NONE + [(r.value, r.label) for r in DELETE_REASONS]
    )
    reason_text = forms.CharField(label="Reason in your words", required=False, max_length=500)


class SignForm(forms.Form):
    role = forms.CharField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput)
    signer_name = forms.CharField(label="Your name", max_length=200)
    signer_position = forms.CharField(label="Your position", max_length=200, required=False)
    signer_email = forms.EmailField(label="Your e-mail", required=False)
    confirm = forms.BooleanField(label="I have read the tables above and agree to them.")

    def to_input(self) -> services.SignatureInput:
        data = self.cleaned_data
        return services.SignatureInput(
            role=data["role"], signer_name=data["signer_name"], signer_position=data["signer_position"],
            signer_email=data["signer_email"], revision=data["revision"],
        )  # fmt: skip


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What should change?", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class CommentForm(forms.Form):
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class InvitationForm(forms.Form):
    name = forms.CharField(label="Partner coordinator's name", max_length=200)
    position = forms.CharField(label="Position", max_length=200, required=False)
    email = forms.EmailField(label="E-mail")


class ApplyEquivalenceForm(forms.Form):
    equivalence = forms.IntegerField(widget=forms.HiddenInput)
    term_number = forms.IntegerField(label="Term", min_value=1, max_value=12, initial=1)
    total_terms = forms.IntegerField(label="of terms", min_value=1, max_value=12, initial=2)


class RememberEquivalenceForm(forms.Form):
    host_components = forms.TypedMultipleChoiceField(label="Studied at the host", coerce=int)
    home_components = forms.TypedMultipleChoiceField(label="Recognised at home", coerce=int)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, host: list[Any], home: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_components"].choices = [(c.pk, f"{c.code} {c.title}".strip()) for c in host]  # type: ignore[attr-defined]
        self.fields["home_components"].choices = [(c.pk, f"{c.code} {c.title}".strip()) for c in home]  # type: ignore[attr-defined]
