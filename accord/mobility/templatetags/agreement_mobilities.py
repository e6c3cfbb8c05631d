"""The mobilities an agreement's page shows: the latest under it that the user may see, and how many.

Agreements sit below mobility and may not import it; the agreement page loads this library.
"""

from __future__ import annotations

from typing import Any

from django import template

from accord.agreements.models import Agreement
from accord.mobility.selectors import mobilities_visible_to, with_display_relations

register = template.Library()


@register.inclusion_tag("mobility/_agreement_mobilities.html", takes_context=True)
def agreement_mobilities(context: dict[str, Any], agreement: Agreement, *, shown: int) -> dict[str, Any]:
    mobilities = mobilities_visible_to(context["request"].user).filter(agreement=agreement)
    latest = list(with_display_relations(mobilities).order_by("-planned_start", "-id")[:shown])
    return {
        "agreement": agreement,
        "mobilities": latest,
        "mobility_count": mobilities.count() if len(latest) == shown else len(latest),
    }
