"""The mobilities an institution's page shows: the latest that leave from or go to it, with a capped total.

The register of institutions sits below mobility and may not import it; its page loads this library.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from accord.common.pagination import latest
from accord.institutions.models import Institution
from accord.mobility.selectors import mobilities_visible_to, with_row_relations

register = template.Library()


@register.inclusion_tag("mobility/_institution_mobilities.html", takes_context=True)
def institution_mobilities(
    context: dict[str, Any], institution: Institution, *, shown: int, cap: int, can_edit: bool
) -> dict[str, Any]:
    """The `shown` mobilities the user may see that start last, and how many there are (up to `cap`)."""
    mobilities = with_row_relations(
        mobilities_visible_to(context["request"].user).filter(
            Q(home_institution=institution) | Q(host_institution=institution)
        )
    ).order_by("-planned_start", "-id")
    items, total = latest(mobilities, shown=shown, cap=cap)
    return {"institution": institution, "mobilities": items, "mobility_total": total, "can_edit": can_edit}
