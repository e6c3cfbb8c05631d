"""Forms of the virtual exchange pages: they parse what was typed; the services decide what is valid."""

from typing import Any

from django import forms

from accord.collaboration.models import (
    COIL_EQF_CHOICES,
    OfferFormat,
    OfferStatus,
    OfferTool,
    VirtualExchangeOffer,
)
from accord.collaboration.virtual_exchange.services import OfferInput
from accord.collaboration.virtual_exchange.slots import EXAMPLE, parse_slot, slots_text
from accord.institutions.models import Institution, OrganisationalUnit
from accord.reference.models import IscedField
from accord.reference.vocab import CEFR_CHOICES, language_choices

ANY = [("", "Any")]


def _zones() -> list[tuple[str, str]]:
    from zoneinfo import available_timezones

    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return [("", "—"), *((z, z.replace("_", " ")) for z in zones)]


class OfferForm(forms.Form):
    title = forms.CharField(max_length=300)
    owner = forms.ChoiceField(
        label="Offered by", help_text="Our unit, or the partner institution the course is at."
    )
    teacher_name = forms.CharField(label="Teacher", max_length=200)
    teacher_email = forms.EmailField(label="Teacher's e-mail", required=False)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    goals = forms.CharField(label="Learning goals", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    isced = forms.ChoiceField(label="Field of education (ISCED-F)")
    eqf_level = forms.TypedChoiceField(label="EQF level", coerce=int, choices=COIL_EQF_CHOICES)
    language = forms.ChoiceField(label="Language of collaboration")
    cefr = forms.ChoiceField(label="CEFR level", required=False, choices=[("", "—"), *CEFR_CHOICES])
    second_language = forms.ChoiceField(label="Second language (optional)", required=False)
    second_cefr = forms.ChoiceField(
        label="Its CEFR level", required=False, choices=[("", "—"), *CEFR_CHOICES]
    )
    start_date = forms.DateField(label="Teaching starts", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="Teaching ends", widget=forms.DateInput(attrs={"type": "date"}))
    timezone = forms.ChoiceField(label="Time zone of the course")
    slots = forms.CharField(
        label="Weekly live sessions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Tuesday 14:00-15:30"}),
        help_text="One per line, in the course's time zone: weekday, start, end (Tuesday 14:00-15:30).",
    )
    class_size = forms.IntegerField(label="Class size", min_value=1)
    format = forms.ChoiceField(required=False, choices=[("", "Not decided"), *OfferFormat.choices])
    tools = forms.MultipleChoiceField(
        label="Tools the class can use",
        required=False,
        choices=OfferTool.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_partners = forms.TypedMultipleChoiceField(
        label="Preferred partners", required=False, coerce=int, widget=forms.SelectMultiple(attrs={"size": 4})
    )

    def __init__(self, *args: Any, owners: list[tuple[str, str]], partners: list[Institution], **kwargs: Any):
        super().__init__(*args, **kwargs)
        languages = language_choices()
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]
        self.fields["isced"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((f.code, f"{f.code} {f.name}") for f in IscedField.objects.order_by("code")),
        ]
        self.fields["language"].choices = [("", "—"), *languages]  # type: ignore[attr-defined]
        self.fields["second_language"].choices = [("", "—"), *languages]  # type: ignore[attr-defined]
        self.fields["timezone"].choices = _zones()  # type: ignore[attr-defined]
        self.fields["preferred_partners"].choices = [(p.pk, p.name) for p in partners]  # type: ignore[attr-defined]

    def clean_slots(self) -> list[dict[str, Any]]:
        slots = []
        for number, line in enumerate(self.cleaned_data["slots"].splitlines(), start=1):
            if not line.strip():
                continue
            slot = parse_slot(line)
            if slot is None:
                raise forms.ValidationError(f"Line {number}: write a weekday and two times, e.g. {EXAMPLE}.")
            slots.append(slot)
        return slots

    def to_input(self) -> OfferInput:
        data = self.cleaned_data
        kind, _, raw_id = data["owner"].partition(":")
        unit = OrganisationalUnit.objects.filter(pk=int(raw_id)).first() if kind == "unit" else None
        institution_id = unit.institution_id if unit is not None else int(raw_id)
        languages = [{"code": data["language"], "cefr": data["cefr"]}]
        if data["second_language"]:
            languages.append({"code": data["second_language"], "cefr": data["second_cefr"]})
        return OfferInput(
            institution_id=institution_id,
            unit_id=unit.pk if unit is not None else None,
            title=data["title"],
            description=data["description"],
            goals=data["goals"],
            teacher_name=data["teacher_name"],
            teacher_email=data["teacher_email"],
            isced=data["isced"],
            eqf_level=data["eqf_level"],
            languages=languages,
            start_date=data["start_date"],
            end_date=data["end_date"],
            timezone=data["timezone"],
            slots=data["slots"],
            class_size=data["class_size"],
            format=data["format"],
            tools=data["tools"],
            preferred_partner_ids=data["preferred_partners"],
        )

    @staticmethod
    def initial_from(offer: VirtualExchangeOffer) -> dict[str, Any]:
        languages = [*offer.languages, {"code": "", "cefr": ""}]
        return {
            "title": offer.title,
            "owner": f"unit:{offer.unit_id}" if offer.unit_id else f"institution:{offer.institution_id}",
            "teacher_name": offer.teacher_name,
            "teacher_email": offer.teacher_email,
            "description": offer.description,
            "goals": offer.goals,
            "isced": offer.isced_id,
            "eqf_level": offer.eqf_level,
            "language": languages[0]["code"],
            "cefr": languages[0]["cefr"],
            "second_language": languages[1]["code"],
            "second_cefr": languages[1]["cefr"],
            "start_date": offer.start_date,
            "end_date": offer.end_date,
            "timezone": offer.timezone,
            "slots": slots_text(offer.slots),
            "class_size": offer.class_size,
            "format": offer.format,
            "tools": offer.tools,
            "preferred_partners": list(offer.preferred_partners.values_list("pk", flat=True)),
        }


# The service's field names, where the form calls them otherwise.
FIELD_MAP = {
    "institution_id": "owner",
    "unit_id": "owner",
    "languages": "language",
    "preferred_partner_ids": "preferred_partners",
}


def owner_choices(units: list[OrganisationalUnit], partners: list[Institution]) -> list[tuple[str, str]]:
    choices = [(f"unit:{u.pk}", f"{u.name} ({u.institution})") for u in units]
    choices += [(f"institution:{p.pk}", p.name) for p in partners]
    return choices


class OfferFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title, teacher"}),
    )
    isced = forms.ChoiceField(label="Field", required=False)
    language = forms.ChoiceField(label="Language", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any"), *OfferStatus.choices])
    ours = forms.BooleanField(label="Our courses only", required=False)
    # From an institution's page ("All its offers"); kept through the other filters.
    institution = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["isced"].choices = ANY + [  # type: ignore[attr-defined]
            (f.code, f"{f.code} {f.name}")
            for f in IscedField.objects.exclude(level="detailed").order_by("code")
        ]
        self.fields["language"].choices = ANY + language_choices()  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {"status": OfferStatus.OPEN}
        if not self.is_valid():
            return {"status": OfferStatus.OPEN}
        return dict(self.cleaned_data)


class AnswerForm(forms.Form):
    message = forms.CharField(
        label="Message", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OfferUploadForm(forms.Form):
    file = forms.FileField(label="CSV or XLSX file")

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload
