"""Forms of the agreements pages: the list filters, and the rows the editor (editor.py) is made of.

The rows are plain Django forms and formsets, so that the editor works without JavaScript.
"""

import re
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.http import QueryDict
from django.urls import reverse

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.agreements.models import AgreementKind, AgreementStatus, MobilityType
from accord.agreements.permissions import can_choose_any_owner_unit, can_register_past_draft
from accord.agreements.selectors import AgreementFilters
from accord.institutions.models import Contact, Institution, OrganisationalUnit
from accord.institutions.selectors import InstitutionFilters, institution_list, institutions_visible_to
from accord.reference.models import IscedField
from accord.reference.vocab import CEFR_CHOICES, EQF_CHOICES, country_choices, region_choices

SEARCH_MIN_CHARS = 2
SEARCH_LIMIT = 20


def set_choices(field: forms.Field, choices: list[Any]) -> None:
    cast(forms.ChoiceField, field).choices = choices


def to_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def institution_label(institution: Institution) -> str:
    code = institution.erasmus_code_published or institution.display_code
    details = ", ".join(bit for bit in (code, institution.country) if bit)
    return f"{institution.name} ({details})" if details else institution.name


def search_institutions(actor: User, term: str) -> list[Institution]:
    """The first matches for a type-ahead; none for very short terms, which would match half the register."""
    term = term.strip()
    if len(term) < SEARCH_MIN_CHARS:
        return []
    return list(institution_list(actor=actor, filters=InstitutionFilters(q=term))[:SEARCH_LIMIT])


def institution_options(actor: User, *, selected: list[int | None], term: str) -> list[tuple[int, str]]:
    """Options for an institution select: the chosen ones (if visible) followed by the search matches."""
    wanted = [pk for pk in selected if pk is not None]
    chosen = list(institutions_visible_to(actor).filter(pk__in=wanted)) if wanted else []
    seen: set[int] = set()
    options = []
    for institution in [*chosen, *search_institutions(actor, term)]:
        if institution.pk not in seen:
            seen.add(institution.pk)
            options.append((institution.pk, institution_label(institution)))
    return options


def unit_label(unit: OrganisationalUnit) -> str:
    return f"{unit.name} ({unit.code})" if unit.code else unit.name


def year_label(start_year: int) -> str:
    return f"{start_year}/{start_year + 1}"


def isced_filter_choices() -> list[tuple[str, str]]:
    """Broad and narrow fields: filtering by a prefix of the 4-digit code covers the detailed fields below."""
    rows = (
        IscedField.objects.filter(level__in=["broad", "narrow"])
        .order_by("code")
        .values_list("code", "level", "name")
    )
    return [(code, f"{'— ' if level == 'narrow' else ''}{code} {name}") for code, level, name in rows]


# Ordering that the (status, valid_to) and valid_to indexes can serve; the id breaks ties for stable pages.
SORTS = {
    "-valid_to": ("End date, latest first", ["-valid_to", "-id"]),
    "valid_to": ("End date, soonest first", ["valid_to", "id"]),
    "title": ("Title", ["title", "id"]),
    "reference": ("Reference", ["reference_code", "id"]),
}


def _search_input(placeholder: str, **attrs: Any) -> forms.TextInput:
    return forms.TextInput(
        attrs={"type": "search", "placeholder": placeholder, "autocomplete": "off", **attrs}
    )


class AgreementFilterForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, max_length=200, widget=_search_input("Title, reference or partner")
    )
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *AgreementStatus.choices])
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *AgreementKind.choices])
    partner_search = forms.CharField(
        label="Find a partner", required=False, max_length=200, widget=_search_input("Name or code")
    )
    partner = forms.IntegerField(required=False, widget=forms.Select)
    country = forms.ChoiceField(required=False, choices=[("", "Any country"), *country_choices()])
    region = forms.ChoiceField(required=False, choices=[("", "Any region"), *region_choices()])
    subject_area = forms.ChoiceField(required=False, label="Subject area (ISCED-F)")
    academic_year = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Academic year"
    )
    expiring = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=3650,
        label="Expiring within (days)",
        widget=forms.NumberInput(attrs={"style": "width: 7rem"}),
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, label) for key, (label, _) in SORTS.items()], label="Sort by"
    )

    def __init__(self, data: QueryDict, *, actor: User, years: list[int]) -> None:
        super().__init__(data)
        set_choices(self.fields["subject_area"], [("", "Any subject area"), *isced_filter_choices()])
        set_choices(self.fields["academic_year"], [("", "Any year"), *((y, year_label(y)) for y in years)])
        # Without JavaScript the partner search is submitted with the form and its matches fill this select.
        found = institution_options(
            actor, selected=[to_int(data.get("partner"))], term=data.get("partner_search", "")
        )
        self.fields["partner"].widget.choices = [("", "Any partner"), *found]

    def filters(self) -> AgreementFilters:
        """Filters from the valid fields only: one bad value should not hide every result."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return AgreementFilters(
            q=data.get("q") or "",
            status=data.get("status") or "",
            kind=data.get("kind") or "",
            partner=data.get("partner"),
            country=data.get("country") or "",
            region=data.get("region") or "",
            subject_area=data.get("subject_area") or "",
            academic_year=data.get("academic_year"),
            expiring_within_days=data.get("expiring"),
        )

    def ordering(self) -> list[str]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return SORTS.get(data.get("sort") or "-valid_to", SORTS["-valid_to"])[1]

    def is_filtered(self) -> bool:
        return any(value not in (None, "") for value in vars(self.filters()).values())


# --- The editor -------------------------------------------------------------------------------------


@dataclass
class EditorChoices:
    """What the rows choose from, loaded once per request rather than once per row."""

    institutions: dict[int, Institution]
    order: list[int]
    units: dict[int, list[tuple[int, str]]]
    contacts: dict[int, list[tuple[int, str]]]
    years: list[tuple[int, str]]

    @classmethod
    def load(cls, actor: User, partner_ids: list[int | None], *, this_year: int) -> "EditorChoices":
        wanted = list(dict.fromkeys(pk for pk in partner_ids if pk is not None))
        found = institutions_visible_to(actor).in_bulk(wanted)
        order = [pk for pk in wanted if pk in found]
        units: dict[int, list[tuple[int, str]]] = {pk: [] for pk in order}
        for unit in OrganisationalUnit.objects.filter(institution_id__in=order).order_by("name", "id"):
            units[unit.institution_id].append(
                (unit.pk, f"{unit.name} ({unit.code})" if unit.code else unit.name)
            )
        contacts: dict[int, list[tuple[int, str]]] = {pk: [] for pk in order}
        for contact in Contact.objects.filter(institution_id__in=order).order_by("name", "id"):
            contacts[contact.institution_id].append((contact.pk, str(contact)))
        years = [(y, year_label(y)) for y in range(min(2000, this_year - 10), this_year + 16)]
        return cls(found, order, units, contacts, years)

    def partner_choices(self) -> list[tuple[int, str]]:
        return [(pk, self.institutions[pk].name) for pk in self.order]

    def unit_groups(self) -> list[tuple[str, list[tuple[int, str]]]]:
        return [(self.institutions[pk].name, self.units[pk]) for pk in self.order if self.units[pk]]

    def default_sides(self) -> tuple[int | None, int | None]:
        """Sending and receiving institution for a new condition: us, then the first other partner."""
        home = next((pk for pk in self.order if self.institutions[pk].is_home), None)
        return home, next((pk for pk in self.order if pk != home), None)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _optional_id(**kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(coerce=int, empty_value=None, required=False, **kwargs)


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(choices=AgreementKind.choices, initial=AgreementKind.ERASMUS_IIA)
    title = forms.CharField(max_length=300)
    reference_code = forms.CharField(max_length=64, required=False, label="Reference")
    status = forms.ChoiceField(
        choices=AgreementStatus.choices,
        initial=AgreementStatus.DRAFT,
        label="Initial status",
        help_text="Leave at draft unless you register an agreement already in force.",
    )
    valid_from = forms.DateField(required=False, widget=_date_input(), label="Valid from")
    valid_to = forms.DateField(required=False, widget=_date_input(), label="Valid to")
    owner_unit = _optional_id(
        label="Owning unit", help_text="The faculty or office responsible for this agreement."
    )
    renewal_deadline = forms.DateField(
        required=False,
        widget=_date_input(),
        label="Renewal deadline",
        help_text="Reminders are e-mailed before it; it appears in calendar feeds.",
    )
    notice_period_days = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=3650,
        label="Notice period (days)",
        help_text="How long before its end it counts as expiring; empty for the site default.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, actor: User, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrganisationalUnit.objects.filter(institution__is_home=True).order_by("name", "id")
        owner = self.fields["owner_unit"]
        if can_choose_any_owner_unit(actor):
            set_choices(owner, [("", "— none —"), *((u.pk, unit_label(u)) for u in units)])
        else:
            # Coordinators file agreements under their own units only, so they must pick one.
            own = units.filter(pk__in=unit_ids_in_scope(actor))
            set_choices(owner, [("", "— choose —"), *((u.pk, unit_label(u)) for u in own)])
            owner.required = True
        self.fields["version"].required = editing
        # The status changes through the lifecycle actions only; the office may register one already in force.
        if editing or not can_register_past_draft(actor):
            del self.fields["status"]


class PartnerForm(forms.Form):
    institution_search = forms.CharField(
        label="Find institution",
        required=False,
        max_length=200,
        help_text="Type part of a name, city, Erasmus code or SCHAC id, then choose below.",
        widget=_search_input("e.g. Warszawski or PL WARSZAW01"),
    )
    institution = forms.IntegerField(widget=forms.Select)
    unit = _optional_id(label="Unit")
    partner_agreement_id = forms.CharField(required=False, max_length=64, label="Their agreement id")
    partner_agreement_code = forms.CharField(required=False, max_length=64, label="Their agreement code")
    signing_contact = _optional_id(label="Signed by")
    signing_date = forms.DateField(required=False, widget=_date_input(), label="Signed on")

    def __init__(self, *args: Any, choices: EditorChoices, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        chosen = to_int(self["institution"].value())
        found = institution_options(actor, selected=[], term=self["institution_search"].value() or "")
        current = choices.institutions.get(chosen or 0)
        # Names the row for screen readers ("Partner: Lunds universitet") in the legend and Remove button.
        self.institution_name = current.name if current else ""
        options = [(current.pk, institution_label(current))] if current else []
        options += [option for option in found if option[0] != chosen]
        self.fields["institution"].widget.choices = [("", "— search above, then choose —"), *options]
        set_choices(self.fields["unit"], [("", "— whole institution —"), *choices.units.get(chosen or 0, [])])
        set_choices(self.fields["signing_contact"], [("", "—"), *choices.contacts.get(chosen or 0, [])])
        select_id = f"id_{self.add_prefix('institution')}"
        # Type-ahead: each keystroke (debounced) replaces the options of the institution select below.
        self.fields["institution_search"].widget.attrs.update(
            {
                "hx-get": reverse("agreements:institution_options"),
                "hx-vals": 'js:{"q": this.value}',
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": f"#{select_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
                "aria-controls": select_id,
            }
        )

    def clean_institution(self) -> int:
        value: int = self.cleaned_data["institution"]
        if value not in self.choices.institutions:
            raise forms.ValidationError("Choose an institution from the search results.")
        return value


class SubjectAreaForm(forms.Form):
    isced = forms.CharField(
        max_length=60,
        label="ISCED-F code",
        widget=forms.TextInput(
            attrs={"list": "isced-codes", "inputmode": "numeric", "size": 8, "autocomplete": "off"}
        ),
    )
    clarification = forms.CharField(required=False, max_length=300)

    def clean_isced(self) -> str:
        # The datalist shows "0613 Software…"; keep the code if a user pastes the whole label.
        value: str = self.cleaned_data["isced"]
        return value.strip().split(" ")[0]


class LanguageForm(forms.Form):
    language = forms.CharField(
        max_length=35,
        help_text="Code such as en, de or pt-BR",
        widget=forms.TextInput(attrs={"list": "language-codes", "size": 8, "autocomplete": "off"}),
    )
    cefr_level = forms.ChoiceField(choices=[("", "—"), *CEFR_CHOICES], label="CEFR level")
    isced = forms.CharField(
        required=False,
        max_length=60,
        label="For subject area",
        widget=forms.TextInput(
            attrs={"list": "isced-codes", "inputmode": "numeric", "size": 8, "autocomplete": "off"}
        ),
    )

    def clean_isced(self) -> str | None:
        value = self.cleaned_data["isced"].strip()
        return value.split(" ")[0] if value else None


SubjectAreaFormSet = formset_factory(SubjectAreaForm, extra=0, can_delete=True, max_num=30, absolute_max=30)
LanguageFormSet = formset_factory(LanguageForm, extra=0, can_delete=True, max_num=30, absolute_max=30)

# A condition whose only differences from the defaults are these selects is still a blank extra row:
# their defaults follow the partner rows, which may change while the row stays untouched.
DERIVED_DEFAULTS = {"sending_institution", "receiving_institution"}


class ConditionForm(forms.Form):
    mobility_type = forms.ChoiceField(choices=MobilityType.choices, initial=MobilityType.STUDENT_STUDIES)
    sending_institution = forms.TypedChoiceField(coerce=int, label="Sending institution")
    sending_unit = _optional_id(label="Sending unit")
    receiving_institution = forms.TypedChoiceField(coerce=int, label="Receiving institution")
    receiving_unit = _optional_id(label="Receiving unit")
    first_year = forms.TypedChoiceField(coerce=int, label="First academic year")
    last_year = forms.TypedChoiceField(coerce=int, label="Last academic year")
    places_per_year = forms.IntegerField(min_value=0, label="Places per year")
    total_months_per_year = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        label="Months per year",
        help_text="Student mobility: all places together.",
    )
    total_days_per_year = forms.IntegerField(
        required=False, min_value=0, label="Days per year", help_text="Staff mobility: all places together."
    )
    blended = forms.BooleanField(required=False, label="Blended mobility (with a virtual part)")
    eqf_levels = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=EQF_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="EQF levels",
    )
    other_terms = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Other terms"
    )

    def __init__(self, *args: Any, choices: EditorChoices, this_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = [("", "— choose —"), *choices.partner_choices()]
        units = [("", "— whole institution —"), *choices.unit_groups()]
        for side in ("sending", "receiving"):
            set_choices(self.fields[f"{side}_institution"], partners)
            set_choices(self.fields[f"{side}_unit"], units)
        sending, receiving = choices.default_sides()
        self.fields["sending_institution"].initial = sending
        self.fields["receiving_institution"].initial = receiving
        for name in ("first_year", "last_year"):
            set_choices(self.fields[name], choices.years)
            self.fields[name].initial = this_year
        data = self.data if self.is_bound else None
        areas, languages = self.initial.get("subject_areas", []), self.initial.get("languages", [])
        self.areas = SubjectAreaFormSet(data, prefix=f"{self.prefix}-areas", initial=areas)
        self.languages = LanguageFormSet(data, prefix=f"{self.prefix}-languages", initial=languages)
        # One blank row each, so that a first area and language can be typed in without any round trip.
        self.areas.extra = 0 if areas else 1
        self.languages.extra = 0 if languages else 1
        # The rows that reach the service, set by the editor, which maps errors back through them.
        self.kept_areas: list[forms.Form] = []
        self.kept_languages: list[forms.Form] = []

    def has_changed(self) -> bool:
        own = set(self.changed_data) - DERIVED_DEFAULTS
        return bool(own) or self.areas.has_changed() or self.languages.has_changed()


# absolute_max equal to max_num: a forged TOTAL_FORMS cannot make the server build thousands of rows.
PartnerFormSet = formset_factory(PartnerForm, extra=0, can_delete=True, max_num=20, absolute_max=20)
ConditionFormSet = formset_factory(ConditionForm, extra=0, can_delete=True, max_num=60, absolute_max=60)

ROW_PREFIX = re.compile(r"^(partners|conditions|conditions-(\d{1,3})-(areas|languages))$")
ROW_FORMS: dict[str, type[forms.Form]] = {
    "partners": PartnerForm,
    "conditions": ConditionForm,
    "areas": SubjectAreaForm,
    "languages": LanguageForm,
}


def row_kind(formset: str) -> str | None:
    """`partners`, `conditions`, `areas` or `languages` for a formset prefix of the editor; None otherwise."""
    match = ROW_PREFIX.match(formset)
    return (match.group(3) or match.group(1)) if match else None


def row_kwargs(kind: str, *, choices: EditorChoices, actor: User, this_year: int) -> dict[str, Any]:
    if kind == "partners":
        return {"choices": choices, "actor": actor}
    if kind == "conditions":
        return {"choices": choices, "this_year": this_year}
    return {}


def blank_form(
    formset: str, index: int, *, choices: EditorChoices, actor: User, this_year: int
) -> forms.Form:
    """An empty row for `formset` at `index`, with the same defaults as rows rendered with the page."""
    kind = row_kind(formset)
    if kind is None:
        raise ValueError(formset)
    kwargs = row_kwargs(kind, choices=choices, actor=actor, this_year=this_year)
    return ROW_FORMS[kind](prefix=f"{formset}-{index}", **kwargs)
