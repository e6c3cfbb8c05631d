"""The agreement editor: the agreement form, its partner rows and its condition rows, handled as one.

It validates everything, maps it to the service's AgreementInput, and puts a service error back beside the
field its path names (`conditions.0.languages.1.cefr_level`). Without JavaScript, "Add" and "Remove" are
submits that come back here as an `action`; the data is then re-rendered with the change and without errors.
"""

import dataclasses
import re
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.http import QueryDict

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.agreements.forms import (
    ROW_PREFIX,
    AgreementForm,
    ConditionFormSet,
    EditorChoices,
    PartnerFormSet,
    blank_form,
    row_kwargs,
    to_int,
)
from accord.agreements.services import (
    AgreementInput,
    ConditionInput,
    LanguageInput,
    PartnerInput,
    SubjectAreaInput,
)
from accord.common.errors import DomainError
from accord.common.forms import attach_domain_error
from accord.institutions.models import Institution

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

MAX_TOTAL_FORMS = 200
InputT = TypeVar("InputT", bound="DataclassInstance")
# Service input names that differ from the form's field names.
FORM_NAMES = {
    "owner_unit_id": "owner_unit",
    "institution_id": "institution",
    "unit_id": "unit",
    "signing_contact_id": "signing_contact",
    "sending_institution_id": "sending_institution",
    "receiving_institution_id": "receiving_institution",
    "sending_unit_id": "sending_unit",
    "receiving_unit_id": "receiving_unit",
    "isced_code": "isced",
}
INPUT_NAMES = {form_name: name for name, form_name in FORM_NAMES.items()}


def _form_names(value: Any) -> Any:
    if isinstance(value, list):
        return [_form_names(item) for item in value]
    if isinstance(value, dict):
        return {FORM_NAMES.get(key, key): _form_names(item) for key, item in value.items()}
    return value


def _input(cls: type[InputT], cleaned: dict[str, Any], **nested: Any) -> InputT:
    names = {f.name for f in dataclasses.fields(cls)}
    values = {INPUT_NAMES.get(key, key): value for key, value in cleaned.items()}
    return cls(**{key: value for key, value in values.items() if key in names}, **nested)


def kept(form: forms.Form) -> bool:
    """Validated, not marked for removal and not a blank extra row."""
    data = getattr(form, "cleaned_data", None)
    return bool(data and not data.get("DELETE"))


def raw_partner_ids(data: QueryDict) -> list[int | None]:
    """The partner rows' institutions, read before the forms exist: the forms' choices depend on them."""
    total = min(to_int(data.get("partners-TOTAL_FORMS")) or 0, MAX_TOTAL_FORMS)
    return [to_int(data.get(f"partners-{i}-institution")) for i in range(total)]


class AgreementEditor:
    def __init__(
        self,
        *,
        actor: User,
        this_year: int,
        data: QueryDict | None = None,
        initial: AgreementInput | None = None,
        version: int | None = None,
        home: Institution | None = None,
        action: str = "save",
        editing: bool = False,
    ) -> None:
        self.actor, self.this_year = actor, this_year
        self.editing = editing or initial is not None
        start = _form_names(dataclasses.asdict(initial)) if initial else {"partners": [], "conditions": []}
        partners, conditions = start.pop("partners"), start.pop("conditions")
        if not self.editing:
            partners = [{"institution": home.pk}] if home else []
            start["owner_unit"] = _only_unit(actor)
        start["version"] = version
        ids = raw_partner_ids(data) if data is not None else [p["institution"] for p in partners]
        self.choices = EditorChoices.load(actor, ids, this_year=this_year)
        round_trip = data is not None and action != "save"
        if data is not None and round_trip:
            data = self._apply(data, action)
        self.form = AgreementForm(data, initial=start, actor=actor, editing=self.editing)
        self.partners = PartnerFormSet(
            data, prefix="partners", initial=partners, form_kwargs=self._kwargs("partners")
        )
        self.conditions = ConditionFormSet(
            data, prefix="conditions", initial=conditions, form_kwargs=self._kwargs("conditions")
        )
        if data is None:
            self.partners.extra = 0 if self.editing else 1
            self.conditions.extra = 0 if conditions else 1
        if round_trip:
            self.quiet()

    def _kwargs(self, kind: str) -> dict[str, Any]:
        return row_kwargs(kind, choices=self.choices, actor=self.actor, this_year=self.this_year)

    def _apply(self, data: QueryDict, action: str) -> QueryDict:
        data = data.copy()
        verb, _, target = action.partition(":")
        if verb == "add" and ROW_PREFIX.match(target):
            index = min(to_int(data.get(f"{target}-TOTAL_FORMS")) or 0, MAX_TOTAL_FORMS)
            data[f"{target}-TOTAL_FORMS"] = str(index + 1)
            data.setdefault(f"{target}-INITIAL_FORMS", "0")
            row = blank_form(target, index, choices=self.choices, actor=self.actor, this_year=self.this_year)
            _seed(data, row)
        elif verb == "remove" and re.fullmatch(r"[a-z0-9-]{1,60}", target):
            data[f"{target}-DELETE"] = "on"
        # A partner chosen after a condition was added: its still-empty sides now get the defaults.
        sides = zip(("sending", "receiving"), self.choices.default_sides(), strict=True)
        for side, default in sides:
            for i in range(min(to_int(data.get("conditions-TOTAL_FORMS")) or 0, MAX_TOTAL_FORMS)):
                key = f"conditions-{i}-{side}_institution"
                if default is not None and not data.get(key):
                    data[key] = str(default)
        return data

    def quiet(self) -> None:
        """Drop validation errors: the user asked for another row, not for a check of their typing."""
        for form in self.all_forms():
            form._errors = ErrorDict()  # type: ignore[attr-defined]  # what Form.full_clean() fills
        for formset in self.all_formsets():
            formset._non_form_errors = ErrorList()

    def all_formsets(self) -> list[Any]:
        nested = [fs for c in self.conditions.forms for fs in (c.areas, c.languages)]
        return [self.partners, self.conditions, *nested]

    def all_forms(self) -> list[forms.Form]:
        return [self.form, *(form for formset in self.all_formsets() for form in formset.forms)]

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.partners.is_valid(), self.conditions.is_valid()]
        for condition in self.conditions.forms:
            if kept(condition):
                results += [condition.areas.is_valid(), condition.languages.is_valid()]
        return all(results)

    def has_errors(self) -> bool:
        forms_with_errors = any(form.errors for form in self.all_forms())
        return forms_with_errors or any(fs.non_form_errors() for fs in self.all_formsets())

    def to_input(self) -> AgreementInput:
        """The service input; remembers the form behind each item, so that errors find their way back."""
        self.kept_partners = [f for f in self.partners.forms if kept(f)]
        self.kept_conditions = [f for f in self.conditions.forms if kept(f)]
        conditions = []
        for form in self.kept_conditions:
            form.kept_areas = [a for a in form.areas.forms if kept(a)]
            form.kept_languages = [lang for lang in form.languages.forms if kept(lang)]
            areas = [_input(SubjectAreaInput, a.cleaned_data) for a in form.kept_areas]
            languages = [_input(LanguageInput, lang.cleaned_data) for lang in form.kept_languages]
            conditions.append(
                _input(ConditionInput, form.cleaned_data, subject_areas=areas, languages=languages)
            )
        partners = [_input(PartnerInput, f.cleaned_data) for f in self.kept_partners]
        return _input(AgreementInput, self.form.cleaned_data, partners=partners, conditions=conditions)

    @property
    def expected_version(self) -> int | None:
        return self.form.cleaned_data.get("version")

    def attach_error(self, error: DomainError) -> None:
        parts = (error.field or "").split(".")
        target = None
        if parts[0] == "partners" and len(parts) == 3:
            target = _nth(getattr(self, "kept_partners", []), parts[1])
        elif parts[0] == "conditions" and len(parts) == 3:
            target = _nth(getattr(self, "kept_conditions", []), parts[1])
        elif parts[0] == "conditions" and len(parts) == 5:
            condition = _nth(getattr(self, "kept_conditions", []), parts[1])
            rows = {"subject_areas": "kept_areas", "languages": "kept_languages"}.get(parts[2], "")
            target = _nth(getattr(condition, rows, []), parts[3])
        if target is not None:
            name = FORM_NAMES.get(parts[-1], parts[-1])
            target.add_error(name if name in target.fields else None, error.message)
        elif parts[0] == "partners":
            self.partners.non_form_errors().append(error.message)
        else:
            attach_domain_error(self.form, error, field_map=FORM_NAMES)


def _nth(items: list[Any], index: str) -> Any:
    position = to_int(index)
    return items[position] if position is not None and 0 <= position < len(items) else None


def _only_unit(actor: User) -> int | None:
    """A coordinator with exactly one unit gets it preselected as the owner."""
    units = unit_ids_in_scope(actor)
    return next(iter(units)) if len(units) == 1 else None


def _seed(data: QueryDict, form: forms.Form) -> None:
    """Write a new row's defaults into the submitted data, as if the row had been on the page all along."""
    for bound in form:
        value = bound.value()
        if value in (None, "", []) or value is False:
            continue
        if isinstance(value, list):
            data.setlist(bound.html_name, [str(v) for v in value])
        else:
            data[bound.html_name] = "on" if value is True else str(value)
    for nested in (getattr(form, "areas", None), getattr(form, "languages", None)):
        if nested is not None:
            for bound in nested.management_form:
                data[bound.html_name] = str(bound.value())
