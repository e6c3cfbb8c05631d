"""The virtual exchange offers an institution's page shows: its courses looking for a partner, and matched.

The register of institutions sits below collaboration and may not import it; its page loads this library.
"""

from __future__ import annotations

from typing import Any

from django import template

from accord.collaboration.models import OfferStatus
from accord.collaboration.virtual_exchange.selectors import offers_visible_to
from accord.common.pagination import latest
from accord.institutions.models import Institution

register = template.Library()


@register.inclusion_tag("collaboration/_institution_offers.html", takes_context=True)
def institution_offers(
    context: dict[str, Any], institution: Institution, *, shown: int, cap: int
) -> dict[str, Any]:
    """The `shown` open or matched offers of the institution the user may see, and how many (up to `cap`)."""
    offers = (
        offers_visible_to(context["request"].user)
        .filter(institution=institution, status__in=[OfferStatus.OPEN, OfferStatus.MATCHED])
        .select_related("isced")
        .order_by("-start_date", "-id")
    )
    items, total = latest(offers, shown=shown, cap=cap)
    return {"institution": institution, "offers": items, "offer_total": total}
