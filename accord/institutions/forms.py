"""Forms of the institution pages: they parse and check input, then hand the services their Input objects."""

from dataclasses import dataclass, field
from typing import Any, cast

from django import forms

from accord.engines.identifiers import (
    IdentifierError,
    normalise_erasmus_code,
    normalise_phone_e164,
    normalise_pic,
    normalise_ror_id,
    normalise_schac_id,
)
from accord.institutions.models import Contact, Institution, OrganisationalUnit
from accord.institutions.selectors import InstitutionFilters
from accord.institutions.services import ContactInput, InstitutionInput, UnitInput, institution_input_from
from accord.reference.vocab import (
    country_choices,
    country_name,
    is_language_code,
    region_choices,
    timezones_by_country,
)


def _choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


class InstitutionFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name, code or web domain", "autocomplete": "off"}
        ),
    )
    country = forms.ChoiceField(label="Country", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    home = forms.BooleanField(label="Home only", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "country", [("", "All countries"), *country_choices()])
        _choices(self, "region", [("", "All regions"), *region_choices()])

    def filters(self) -> InstitutionFilters:
        """The valid filters; an unknown value is shown as an error beside its field and not applied."""
        if not self.is_bound:
            return InstitutionFilters()
        self.is_valid()
        data = self.cleaned_data
        return InstitutionFilters(
            q=(data.get("q") or "").strip(),
            country=data.get("country") or "",
            region=data.get("region") or "",
            is_home=True if data.get("home") else None,
        )

    def is_filtered(self) -> bool:
        return self.filters() != InstitutionFilters()


def timezone_choices(country: str) -> list[tuple[str, str]]:
    """The zones of the country; every zone while no country is chosen (the form still works without JS)."""
    by_country = timezones_by_country()
    zones = (
        by_country.get(country.upper(), [])
        if country
        else sorted({z for zs in by_country.values() for z in zs})
    )
    return [("", "—"), *((zone, zone.replace("_", " ")) for zone in zones)]


def _lines(text: str) -> list[tuple[int, str]]:
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]


class InstitutionForm(forms.Form):
    name = forms.CharField(max_length=300)
    abbreviation = forms.CharField(max_length=50, required=False)
    other_names = forms.CharField(
        label="Names in other languages",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: the language code, a colon, the name, e.g. “pl: Uniwersytet Warszawski”.",
    )
    country = forms.ChoiceField()
    city = forms.CharField(max_length=120, required=False)
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    latitude = forms.FloatField(
        required=False, min_value=-90, max_value=90, help_text="Decimal degrees, e.g. 52.2297."
    )
    longitude = forms.FloatField(
        required=False, min_value=-180, max_value=180, help_text="Decimal degrees, e.g. 21.0122."
    )
    timezone = forms.CharField(
        label="Time zone", required=False, widget=forms.Select, help_text="The zones of the chosen country."
    )
    website = forms.URLField(max_length=300, required=False, assume_scheme="https")
    domains = forms.CharField(
        label="Web domains",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, e.g. “uw.edu.pl”; used to search and to match imported lists.",
    )
    schac_id = forms.CharField(label="SCHAC id", max_length=255, required=False, help_text="e.g. uw.edu.pl")
    erasmus_code = forms.CharField(
        label="Erasmus code", max_length=30, required=False, help_text="e.g. PL WARSZAW01"
    )
    pic = forms.CharField(label="PIC", max_length=20, required=False, help_text="9 digits")
    ror_id = forms.CharField(
        label="ROR id", max_length=40, required=False, help_text="e.g. 039bjqg32 or its URL"
    )
    is_home = forms.BooleanField(label="This is our own institution", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "country", [("", "Choose a country"), *country_choices()])
        country = (
            self.data.get(self.add_prefix("country"), "")
            if self.is_bound
            else self.initial.get("country", "")
        )
        self.fields["timezone"].widget.choices = timezone_choices(str(country or ""))

    @classmethod
    def initial_from(cls, institution: Institution) -> dict[str, Any]:
        data = institution_input_from(institution)
        values: dict[str, Any] = {
            name: getattr(data, name) for name in cls.base_fields if hasattr(data, name)
        }
        values["other_names"] = "\n".join(f"{entry['lang']}: {entry['name']}" for entry in data.other_names)
        values["domains"] = "\n".join(data.domains)
        return values

    def _identifier(self, name: str, normaliser: Any) -> str:
        # The service checks these too, one at a time; checking here shows every mistake in one go.
        value = str(self.cleaned_data[name]).strip()
        if value:
            try:
                normaliser(value)
            except IdentifierError as exc:
                raise forms.ValidationError(f"This {exc.kind} {exc.problem}.") from exc
        return value

    def clean_schac_id(self) -> str:
        return self._identifier("schac_id", normalise_schac_id)

    def clean_erasmus_code(self) -> str:
        return self._identifier("erasmus_code", normalise_erasmus_code)

    def clean_pic(self) -> str:
        return self._identifier("pic", normalise_pic)

    def clean_ror_id(self) -> str:
        return self._identifier("ror_id", normalise_ror_id)

    def clean_other_names(self) -> list[dict[str, str]]:
        names, problems = [], []
        for number, line in _lines(self.cleaned_data["other_names"]):
            lang, sep, name = line.partition(":")
            if not sep or not name.strip():
                problems.append(f"Line {number}: write the language code, a colon, then the name.")
            elif not is_language_code(lang.strip()):
                problems.append(
                    f"Line {number}: “{lang.strip()}” is not a language code such as pl or pt-BR."
                )
            else:
                names.append({"lang": lang.strip(), "name": name.strip()})
        if problems:
            raise forms.ValidationError(problems)
        return names

    def clean_domains(self) -> list[str]:
        domains, problems = [], []
        for number, line in _lines(self.cleaned_data["domains"]):
            text = (
                line.lower().removeprefix("https://").removeprefix("http://").removeprefix("www.").strip("/")
            )
            try:
                domains.append(normalise_schac_id(text))
            except IdentifierError:
                problems.append(f"Line {number}: “{line}” is not a domain name such as uw.edu.pl.")
        if problems:
            raise forms.ValidationError(problems)
        return domains

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone, country = data.get("timezone"), data.get("country")
        if zone and country and zone not in timezones_by_country().get(country, []):
            self.add_error(
                "timezone", f"{zone} is not a time zone of {country_name(country)}; pick one from the list."
            )
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.has_error(
            "latitude"
        ):
            self.add_error(
                "longitude" if data.get("longitude") is None else "latitude", "Give both coordinates or none."
            )
        return data

    def to_input(self) -> InstitutionInput:
        d = self.cleaned_data
        return InstitutionInput(
            name=d["name"],
            country=d["country"],
            other_names=d["other_names"],
            abbreviation=d["abbreviation"],
            city=d["city"],
            address=d["address"],
            latitude=d["latitude"],
            longitude=d["longitude"],
            timezone=d["timezone"],
            website=d["website"],
            schac_id=d["schac_id"] or None,
            erasmus_code=d["erasmus_code"] or None,
            pic=d["pic"] or None,
            ror_id=d["ror_id"] or None,
            is_home=d["is_home"],
            domains=d["domains"],
        )


# Organisational units -------------------------------------------------------------------------------------


@dataclass
class UnitNode:
    unit: OrganisationalUnit
    depth: int = 0
    children: list["UnitNode"] = field(default_factory=list)


def unit_tree(units: list[OrganisationalUnit]) -> list[UnitNode]:
    """Units as a forest, each level in the given order; a unit whose parent is missing becomes a root."""
    nodes = {unit.pk: UnitNode(unit) for unit in units}
    roots: list[UnitNode] = []
    for unit in units:
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(nodes[unit.pk])

    def set_depth(level: list[UnitNode], depth: int) -> None:
        for node in level:
            node.depth = depth
            set_depth(node.children, depth + 1)

    set_depth(roots, 0)
    return roots


def flatten(tree: list[UnitNode]) -> list[UnitNode]:
    return [n for node in tree for n in (node, *flatten(node.children))]


def _unit_choices(
    institution: Institution, *, exclude: OrganisationalUnit | None = None
) -> list[tuple[str, str]]:
    """The institution's units, indented by depth; a unit and its sub-units cannot be its own parent."""
    choices = [("", "— none —")]
    skip_below: int | None = None
    for node in flatten(unit_tree(list(institution.units.all()))):
        if skip_below is not None and node.depth > skip_below:
            continue
        skip_below = None
        if exclude is not None and node.unit.pk == exclude.pk:
            skip_below = node.depth
            continue
        choices.append((str(node.unit.pk), "\u2003" * node.depth + node.unit.name))
    return choices


class UnitForm(forms.Form):
    name = forms.CharField(max_length=300)
    code = forms.CharField(
        max_length=64, required=False, help_text="Unique within the institution, e.g. SCI."
    )
    abbreviation = forms.CharField(max_length=50, required=False)
    parent = forms.ChoiceField(label="Part of", required=False)

    field_map = {"parent_id": "parent"}

    def __init__(
        self, *args: Any, institution: Institution, unit: OrganisationalUnit | None = None, **kwargs: Any
    ):
        if unit is not None:  # a bound form ignores initial values
            kwargs.setdefault(
                "initial",
                {
                    "name": unit.name,
                    "code": unit.code,
                    "abbreviation": unit.abbreviation,
                    "parent": unit.parent_id,
                },
            )
        super().__init__(*args, **kwargs)
        _choices(self, "parent", _unit_choices(institution, exclude=unit))

    def to_input(self) -> UnitInput:
        d = self.cleaned_data
        return UnitInput(
            name=d["name"],
            code=d["code"],
            abbreviation=d["abbreviation"],
            parent_id=int(d["parent"]) if d["parent"] else None,
        )


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200)
    role = forms.CharField(max_length=200, required=False, help_text="e.g. Erasmus coordinator")
    email = forms.EmailField(required=False)
    phone = forms.CharField(
        max_length=40, required=False, help_text="International form, e.g. +48 22 552 00 00"
    )
    unit = forms.ChoiceField(label="Unit", required=False)

    field_map = {"unit_id": "unit"}

    def __init__(self, *args: Any, institution: Institution, contact: Contact | None = None, **kwargs: Any):
        if contact is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": contact.name,
                    "role": contact.role,
                    "email": contact.email,
                    "phone": contact.phone,
                    "unit": contact.unit_id,
                },
            )
        super().__init__(*args, **kwargs)
        _choices(self, "unit", _unit_choices(institution))

    def clean_phone(self) -> str:
        value = str(self.cleaned_data["phone"]).strip()
        if value:
            try:
                normalise_phone_e164(value)
            except IdentifierError as exc:
                raise forms.ValidationError(f"This phone number {exc.problem}.") from exc
        return value

    def to_input(self) -> ContactInput:
        d = self.cleaned_data
        return ContactInput(
            name=d["name"],
            role=d["role"],
            email=d["email"],
            phone=d["phone"],
            unit_id=int(d["unit"]) if d["unit"] else None,
        )
