"""Forms of the mobility pages: they parse and narrow choices; the services decide what is valid."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.agreements.forms import SEARCH_LIMIT, SEARCH_MIN_CHARS, institution_options, set_choices
from accord.agreements.models import Agreement, CooperationCondition, MobilityType
from accord.agreements.selectors import agreements_visible_to
from accord.common.access import writes_everything
from accord.institutions.models import Institution, OrganisationalUnit
from accord.institutions.selectors import institutions_visible_to
from accord.mobility.models import Direction, Mobility, MobilityStatus, Person
from accord.mobility.selectors import MobilityFilters, people_visible_to
from accord.mobility.services import MobilityInput, PersonInput
from accord.reference.models import AcademicYear
from accord.reference.services import academic_year_for_date
from accord.reference.vocab import country_choices

ANY = [("", "Any")]


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def academic_year_choices(extra: int | None = None) -> list[tuple[int, str]]:
    """Years already in use plus a window around today, so a new year never needs setting up first."""
    current = academic_year_for_date(dt.date.today().year, dt.date.today().month)
    years = set(AcademicYear.objects.values_list("start_year", flat=True)) | set(
        range(current - 3, current + 4)
    )
    if extra:
        years.add(extra)
    return [(year, f"{year}/{year + 1}") for year in sorted(years, reverse=True)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _no_institution_label(term: str, chosen: int | None, found: list[Any]) -> str:
    """The select's empty choice; after a search without JavaScript it says what the search found."""
    if not term or chosen:
        return "Any institution"
    if len(term) < SEARCH_MIN_CHARS:
        return f"Type at least {SEARCH_MIN_CHARS} characters to search"
    if not found:
        return f"No institution matches “{term}”"
    more = "+" if len(found) >= SEARCH_LIMIT else ""
    return f"{len(found)}{more} match{'es' if len(found) != 1 else ''}: choose one"


def _model_choice_field(form: forms.BaseForm, name: str) -> "forms.ModelChoiceField[Any]":
    """A form's model choice field, typed as one (django-stubs types `form.fields[name]` as a bare Field)."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class MobilityFilterForm(forms.Form):
    q = forms.CharField(
        label="Person",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, e-mail or student number"}),
    )
    direction = forms.ChoiceField(choices=ANY + Direction.choices, required=False)
    status = forms.ChoiceField(choices=ANY + MobilityStatus.choices, required=False)
    mobility_type = forms.ChoiceField(label="Type", choices=ANY + MobilityType.choices, required=False)
    academic_year = forms.TypedChoiceField(
        label="Academic year", coerce=int, required=False, empty_value=None
    )
    # A type-ahead rather than a select of every institution (11,000 options at the large demo's size):
    # htmx fills the select below as one types; without JavaScript the search is submitted with the form.
    institution_search = forms.CharField(
        label="Find an institution",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name, city or code", "autocomplete": "off"}
        ),
    )
    institution = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    agreement: "forms.ModelChoiceField[Agreement]" = forms.ModelChoiceField(
        queryset=None, required=False, widget=forms.HiddenInput
    )
    starting = forms.IntegerField(
        label="Starting within (days)",
        required=False,
        min_value=0,
        max_value=3660,
        widget=forms.NumberInput(),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["academic_year"], [("", "Any"), *academic_year_choices()])
        _model_choice_field(self, "agreement").queryset = agreements_visible_to(actor)
        chosen = _int_or_none(self.data.get("institution"))
        term = (self.data.get("institution_search") or "").strip()
        found = institution_options(actor, selected=[chosen], term=term)
        set_choices(self.fields["institution"], [("", _no_institution_label(term, chosen, found)), *found])
        self.fields["institution_search"].widget.attrs.update(
            {
                "aria-controls": self["institution"].auto_id,
                "hx-get": reverse("agreements:institution_options"),
                "hx-vals": 'js:{"q": this.value}',
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": f"#{self['institution'].auto_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )

    def filters(self) -> MobilityFilters:
        """The valid filters; an invalid one is shown with its error and left out, not silently ignored."""
        if not self.is_bound:
            return MobilityFilters()
        self.is_valid()
        data = self.cleaned_data
        agreement = data.get("agreement")
        return MobilityFilters(
            q=data.get("q") or "",
            direction=data.get("direction") or "",
            status=data.get("status") or "",
            mobility_type=data.get("mobility_type") or "",
            academic_year=data.get("academic_year"),
            agreement=agreement.pk if agreement else None,
            institution=data.get("institution"),
            starting_within_days=data.get("starting"),
        )


class PersonForm(forms.Form):
    """A person's details: inline (prefix "person") when a mobility is for someone new, and on their own."""

    given_names = forms.CharField(max_length=150, required=False)
    family_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    student_number = forms.CharField(max_length=64, required=False)
    staff_number = forms.CharField(max_length=64, required=False)
    nationality = forms.ChoiceField(required=False)
    birth_date = forms.DateField(required=False, widget=DateInput())
    global_id = forms.CharField(
        label="European Student Identifier",
        max_length=255,
        required=False,
        help_text="urn:schac:personalUniqueCode:int:esi:… (EWP); ours is derived from the student number.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["nationality"], [("", "—"), *country_choices()])

    def to_input(self) -> PersonInput:
        data = self.cleaned_data
        texts = {name: data.get(name) or "" for name in self.base_fields if name != "birth_date"}
        return PersonInput(**texts, birth_date=data.get("birth_date"))

    @classmethod
    def initial_from(cls, person: Person) -> dict[str, Any]:
        return {name: getattr(person, name) for name in cls.base_fields}


def condition_label(condition: CooperationCondition) -> str:
    first, last = condition.first_year_id, condition.last_year_id
    years = f"{first}/{first + 1}–{last}/{last + 1}"
    return (
        f"{condition.get_mobility_type_display()}: {condition.sending_institution} → "
        f"{condition.receiving_institution}, {years}, {condition.places_per_year} place(s) a year"
    )


class ConditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return condition_label(obj)


class MobilityForm(forms.Form):
    """Maps to MobilityInput; field names are the service's field names, so its errors land beside them.

    The agreement and direction narrow the institutions, conditions and units on offer; the narrowed
    querysets are also what the form accepts, and the service checks the rest.
    """

    person_mode = forms.ChoiceField(
        label="Person",
        choices=[("existing", "An existing person"), ("new", "A new person")],
        initial="existing",
        widget=forms.RadioSelect,
    )
    person_q = forms.CharField(label="Find a person", required=False)
    person_id: "forms.ModelChoiceField[Person]" = forms.ModelChoiceField(
        label="Person", queryset=None, required=False
    )
    agreement_id: "forms.ModelChoiceField[Agreement]" = forms.ModelChoiceField(
        label="Agreement", queryset=None, required=False
    )
    direction = forms.ChoiceField(choices=Direction.choices, initial=Direction.OUTGOING)
    home_institution_id: "forms.ModelChoiceField[Institution]" = forms.ModelChoiceField(
        label="Home institution (sending)", queryset=None
    )
    host_institution_id: "forms.ModelChoiceField[Institution]" = forms.ModelChoiceField(
        label="Host institution (receiving)", queryset=None
    )
    condition_id = ConditionChoiceField(label="Cooperation condition", queryset=None, required=False)
    mobility_type = forms.ChoiceField(label="Mobility type", choices=MobilityType.choices)
    unit_id: "forms.ModelChoiceField[OrganisationalUnit]" = forms.ModelChoiceField(
        label="Responsible unit", queryset=None, required=False
    )
    academic_year = forms.TypedChoiceField(label="Academic year", coerce=int)
    planned_start = forms.DateField(widget=DateInput())
    planned_end = forms.DateField(widget=DateInput())
    actual_start = forms.DateField(required=False, widget=DateInput())
    actual_end = forms.DateField(required=False, widget=DateInput())
    status = forms.ChoiceField(choices=MobilityStatus.choices, initial=MobilityStatus.PLANNED)
    ects_planned = forms.DecimalField(label="ECTS planned", required=False, max_digits=5, decimal_places=1)
    ects_obtained = forms.DecimalField(label="ECTS obtained", required=False, max_digits=5, decimal_places=1)
    grant_amount = forms.DecimalField(label="Grant (EUR)", required=False, max_digits=10, decimal_places=2)
    fewer_opportunities = forms.BooleanField(
        label="Participant with fewer opportunities",
        required=False,
        help_text="Erasmus+ inclusion support: e.g. disability, economic or geographical obstacles.",
    )
    fewer_opportunities_note = forms.CharField(
        label="Note on fewer opportunities",
        required=False,
        max_length=200,
        help_text="Why, in a few words; no sensitive detail. Only the yes/no is reported.",
    )

    def __init__(self, *args: Any, actor: User, mobility: Mobility | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.mobility = mobility
        _model_choice_field(self, "person_id").queryset = people_visible_to(actor)
        agreement_field = _model_choice_field(self, "agreement_id")
        agreement_field.queryset = agreements_visible_to(actor).only("id", "title", "reference_code")
        agreement_field.empty_label = "No agreement (free mover)"
        set_choices(
            self.fields["academic_year"], academic_year_choices(_int_or_none(self.value("academic_year")))
        )
        self._narrow_choices()

    def value(self, name: str) -> Any:
        """What the field currently holds: submitted data when bound, otherwise the initial value."""
        if self.is_bound:
            return self.data.get(name)
        value = self.initial.get(name, self.fields[name].initial if name in self.fields else None)
        return getattr(value, "pk", value)

    def _offered(self, name: str) -> QuerySet[Any]:
        """The queryset a model choice field offers (set in __init__ and _narrow_choices, never None)."""
        return cast(QuerySet[Any], _model_choice_field(self, name).queryset)

    def _narrow_choices(self) -> None:
        agreement = self._offered("agreement_id").filter(pk=_int_or_none(self.value("agreement_id"))).first()
        self.agreement = agreement
        outgoing = self.value("direction") != Direction.INCOMING
        keep = [_int_or_none(self.value(n)) for n in ("home_institution_id", "host_institution_id")]
        if agreement is not None:
            pool = Institution.objects.filter(agreement_partners__agreement=agreement)
            ours, theirs = pool.filter(is_home=True), pool.filter(is_home=False)
        else:
            ours = Institution.objects.filter(is_home=True)
            theirs = institutions_visible_to(self.actor).filter(is_home=False)
        if self.mobility is not None:
            # An existing mobility keeps its own values on offer even if they no longer fit the narrowing.
            own = [self.mobility.home_institution_id, self.mobility.host_institution_id]
            ours = Institution.objects.filter(Q(pk__in=ours.values("pk")) | Q(pk__in=own))
            theirs = Institution.objects.filter(Q(pk__in=theirs.values("pk")) | Q(pk__in=own))
        home_qs, host_qs = (ours, theirs) if outgoing else (theirs, ours)
        _model_choice_field(self, "home_institution_id").queryset = home_qs.only("id", "name")
        _model_choice_field(self, "host_institution_id").queryset = host_qs.only("id", "name")

        conditions: QuerySet[CooperationCondition] = CooperationCondition.objects.none()
        if agreement is not None:
            conditions = agreement.conditions.select_related("sending_institution", "receiving_institution")
            home, host = keep
            home = home if home and home_qs.filter(pk=home).exists() else None
            host = host if host and host_qs.filter(pk=host).exists() else None
            if home and host:
                conditions = conditions.filter(sending_institution_id=home, receiving_institution_id=host)
            else:
                conditions = conditions.filter(sending_institution__is_home=outgoing)
        _model_choice_field(self, "condition_id").queryset = conditions

        units = OrganisationalUnit.objects.filter(institution__is_home=True).select_related("institution")
        if not writes_everything(self.actor):
            units = units.filter(pk__in=unit_ids_in_scope(self.actor))
            self.fields["unit_id"].required = True
            self.fields["unit_id"].help_text = "You may record mobilities of your own units only."
        _model_choice_field(self, "unit_id").queryset = units

    def enable_redraw(self, url: str) -> None:
        """Changing a choice that narrows others asks the server (htmx) to redraw the placement fields."""
        for name in (
            "agreement_id",
            "direction",
            "home_institution_id",
            "host_institution_id",
            "condition_id",
        ):
            self.fields[name].widget.attrs.update({"hx-post": url, "hx-trigger": "change"})

    def suggest_defaults(self) -> None:
        """Fill in what the choices decide: the only institution on offer, the condition type, the unit."""
        for name in ("home_institution_id", "host_institution_id", "condition_id", "unit_id"):
            chosen = _int_or_none(self.initial.get(name))
            if chosen and not self._offered(name).filter(pk=chosen).exists():
                self.initial[name] = None  # no longer on offer after the narrowing
        for name in ("home_institution_id", "host_institution_id", "condition_id"):
            if not self.initial.get(name):
                only = list(self._offered(name)[:2])
                if len(only) == 1 and (name != "condition_id" or self.agreement is not None):
                    self.initial[name] = only[0].pk
        condition = (
            self._offered("condition_id").filter(pk=_int_or_none(self.initial.get("condition_id"))).first()
        )
        if condition is not None:
            self.initial["mobility_type"] = condition.mobility_type
        owner = self.agreement.owner_unit_id if self.agreement else None
        if not self.initial.get("unit_id") and owner and self._offered("unit_id").filter(pk=owner).exists():
            self.initial["unit_id"] = owner

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("person_mode") == "existing"
            and not data.get("person_id")
            and "person_id" not in self.errors
        ):
            self.add_error("person_id", "Choose a person, or register a new one.")
        return data

    def to_input(self, *, person_id: int) -> MobilityInput:
        data = self.cleaned_data

        def pk(name: str) -> int | None:
            return data[name].pk if data.get(name) else None

        return MobilityInput(
            person_id=person_id,
            direction=data["direction"],
            mobility_type=data["mobility_type"],
            home_institution_id=data["home_institution_id"].pk,
            host_institution_id=data["host_institution_id"].pk,
            academic_year=data["academic_year"],
            planned_start=data["planned_start"],
            planned_end=data["planned_end"],
            agreement_id=pk("agreement_id"),
            condition_id=pk("condition_id"),
            unit_id=pk("unit_id"),
            actual_start=data.get("actual_start"),
            actual_end=data.get("actual_end"),
            status=data["status"],
            ects_planned=data.get("ects_planned"),
            ects_obtained=data.get("ects_obtained"),
            grant_amount=data.get("grant_amount"),
            fewer_opportunities=data.get("fewer_opportunities") or False,
            fewer_opportunities_note=data.get("fewer_opportunities_note") or "",
        )

    @staticmethod
    def initial_from(data: MobilityInput) -> dict[str, Any]:
        initial = {name: getattr(data, name) for name in MobilityForm.base_fields if hasattr(data, name)}
        initial["person_mode"] = "existing"
        return initial


def next_academic_year() -> int:
    today = dt.date.today()
    return academic_year_for_date(today.year, today.month) + 1
