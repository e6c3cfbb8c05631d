from decimal import Decimal
from typing import Any

from django import forms

from accord.accounts.models import User
from accord.accounts.scope import unit_ids_in_scope
from accord.agreements.forms import set_choices
from accord.agreements.models import AgreementKind
from accord.analytics.models import GoalKind, Level
from accord.analytics.selectors import DashboardFilters, ScoreFilters
from accord.common.access import reads_everything
from accord.engines.health import INDICATORS
from accord.engines.identifiers import format_academic_year
from accord.institutions.models import OrganisationalUnit
from accord.reference.models import AcademicYear
from accord.reference.vocab import region_choices


def faculty_choices(actor: User) -> list[tuple[Any, str]]:
    units = OrganisationalUnit.objects.filter(institution__is_home=True)
    if not reads_everything(actor):
        units = units.filter(pk__in=unit_ids_in_scope(actor))
    return [("", "All faculties"), *((u.pk, u.name) for u in units.order_by("name"))]


def year_choices() -> list[tuple[Any, str]]:
    years = AcademicYear.objects.order_by("-start_year").values_list("start_year", flat=True)
    return [(y, format_academic_year(y)) for y in years]


class DashboardFilterForm(forms.Form):
    faculty = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Academic year")
    region = forms.ChoiceField(required=False, choices=[("", "All regions"), *region_choices()])
    kind = forms.ChoiceField(
        required=False, label="Kind of partnership", choices=[("", "All kinds"), *AgreementKind.choices]
    )

    def __init__(self, data: Any, *, actor: User, this_year: int) -> None:
        super().__init__(data)
        self.this_year = this_year
        set_choices(self.fields["faculty"], faculty_choices(actor))
        this = ("", f"This year ({format_academic_year(this_year)})")
        set_choices(self.fields["year"], [this, *year_choices()])

    def filters(self) -> DashboardFilters:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return DashboardFilters(
            faculty=data.get("faculty"),
            year=data.get("year") or self.this_year,
            region=data.get("region") or "",
            kind=data.get("kind") or "",
        )

    def is_filtered(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return any(data.get(k) not in (None, "") for k in ("faculty", "year", "region", "kind"))


class ScoreFilterForm(forms.Form):
    level = forms.ChoiceField(required=False, choices=Level.choices, label="Score of")
    label = forms.ChoiceField(
        required=False,
        label="List",
        choices=[("", "All"), ("at_risk", "At risk"), ("dormant", "Dormant"), ("deepening", "Deepening")],
    )
    q = forms.CharField(required=False, max_length=200, label="Search")
    region = forms.ChoiceField(required=False, choices=[("", "All regions"), *region_choices()])
    kind = forms.ChoiceField(
        required=False, label="Kind (agreements)", choices=[("", "All kinds"), *AgreementKind.choices]
    )
    order = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[
            ("score", "Lowest score first"),
            ("-score", "Highest score first"),
            ("change", "Falling fastest"),
            ("-change", "Rising fastest"),
        ],
    )

    def __init__(self, data: Any, *, partner_level_allowed: bool) -> None:
        super().__init__(data)
        self.partner_level_allowed = partner_level_allowed
        if not partner_level_allowed:
            self.fields["level"].choices = [(Level.AGREEMENT, "Agreement")]  # type: ignore[attr-defined]

    def filters(self) -> ScoreFilters:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        default_level = Level.PARTNER if self.partner_level_allowed else Level.AGREEMENT
        return ScoreFilters(
            level=data.get("level") or default_level,
            label=data.get("label") or "",
            region=data.get("region") or "",
            kind=data.get("kind") or "",
            q=data.get("q") or "",
            order=data.get("order") or "score",
        )


class SettingsForm(forms.Form):
    imbalance_threshold = forms.IntegerField(
        min_value=0, max_value=1000, label="Imbalance warning threshold (mobilities)"
    )
    at_risk_below = forms.IntegerField(min_value=0, max_value=100, label="At risk below score")
    dormant_after_years = forms.IntegerField(min_value=1, max_value=20, label="Dormant after idle years")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in INDICATORS.items():
            self.fields[f"weight_{code}"] = forms.DecimalField(
                min_value=Decimal(0), max_value=Decimal(100), decimal_places=2, label=f"Weight: {label}"
            )

    def weights(self) -> dict[str, float]:
        return {code: float(self.cleaned_data[f"weight_{code}"]) for code in INDICATORS}


class GoalForm(forms.Form):
    kind = forms.ChoiceField(choices=GoalKind.choices)
    code = forms.CharField(
        max_length=60,
        help_text="A UN region (e.g. Sub-Saharan Africa), a country (e.g. BR), a language (e.g. es) "
        "or an ISCED-F code.",
    )
    isced = forms.CharField(
        required=False,
        max_length=4,
        label="Only in ISCED-F field",
        help_text="Optional, e.g. 07 for engineering.",
    )
    min_partners = forms.IntegerField(
        min_value=1, max_value=10000, initial=1, label="At least this many partners"
    )
    note = forms.CharField(required=False, max_length=300)
