"""`{% ewp_panel agreement %}`: the EWP section of an agreement's page (iia-id, hash, partners' copies)."""

from __future__ import annotations

from typing import Any

from django import template

from accord.agreements.ewp import services as ewp_services
from accord.agreements.ewp.adapters import export_problems, our_iia_id, with_iia_relations
from accord.agreements.ewp.permissions import can_manage_partner_copies
from accord.agreements.ewp.selectors import partner_copies_visible_to
from accord.agreements.models import EXCHANGE_KINDS, Agreement

register = template.Library()


@register.inclusion_tag("agreements/ewp/_panel.html", takes_context=True)
def ewp_panel(context: dict[str, Any], agreement: Agreement) -> dict[str, Any]:
    if agreement.kind not in EXCHANGE_KINDS:
        return {"show": False}
    user = context["request"].user
    loaded = with_iia_relations(Agreement.objects.filter(pk=agreement.pk)).get()
    problems = export_problems(loaded)
    copies = (
        partner_copies_visible_to(user).filter(agreement=agreement).select_related("partner", "agreement")
    )
    return {
        "show": True,
        "agreement": agreement,
        "iia_id": our_iia_id(loaded),
        "iia_hash": None if problems else ewp_services.agreement_iia_hash(loaded),
        "problems": problems,
        "copies": [(copy, ewp_services.compare_with_agreement(copy, loaded)) for copy in copies],
        "can_manage": can_manage_partner_copies(user),
    }
