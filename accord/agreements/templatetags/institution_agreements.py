"""The agreements an institution's pages show: a count per row of the list, the latest on its own page.

The register of institutions sits below agreements and may not import them; its pages load this library.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.db.models import Count, Exists, OuterRef

from accord.agreements.models import AgreementPartner
from accord.agreements.selectors import agreements_visible_to, with_partner_institutions
from accord.common.pagination import latest
from accord.institutions.models import Institution

register = template.Library()


@register.simple_tag(takes_context=True)
def count_visible_agreements(context: dict[str, Any], institutions: Sequence[Institution]) -> str:
    """Set `agreement_count` on each institution of a page: the agreements the user may see with it.

    One query for the page, not one per row (and not one over the whole list).
    """
    rows = (
        AgreementPartner.objects.filter(
            institution_id__in=[i.pk for i in institutions],
            agreement__in=agreements_visible_to(context["request"].user),
        )
        .values("institution_id")
        .annotate(n=Count("agreement", distinct=True))
    )
    counts = {row["institution_id"]: row["n"] for row in rows}
    for institution in institutions:
        institution.agreement_count = counts.get(institution.pk, 0)  # type: ignore[attr-defined]
    return ""


@register.inclusion_tag("agreements/_institution_agreements.html", takes_context=True)
def institution_agreements(
    context: dict[str, Any], institution: Institution, *, shown: int, cap: int, can_edit: bool
) -> dict[str, Any]:
    """The `shown` agreements the user may see with the institution that end last, and their capped total."""
    # EXISTS rather than a join with DISTINCT, so that the latest agreements come straight from the
    # agreement_valid_to_desc index instead of sorting every agreement first.
    involved = AgreementPartner.objects.filter(agreement=OuterRef("pk"), institution=institution)
    agreements = (
        agreements_visible_to(context["request"].user).filter(Exists(involved)).order_by("-valid_to", "-id")
    )
    items, total = latest(with_partner_institutions(agreements), shown=shown, cap=cap)
    return {"institution": institution, "agreements": items, "agreement_total": total, "can_edit": can_edit}
