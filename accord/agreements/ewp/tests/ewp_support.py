"""Helpers for the EWP tests: exportable agreements, the partner's copy of one of ours, stored copies."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from accord.agreements.ewp.adapters import iia_from_agreement, with_iia_relations
from accord.agreements.models import Agreement, ConditionLanguage, PartnerIiaCopy
from accord.engines.ewp import Iia, iia_to_json, render_iia_get_response
from accord_testing.data import EWP_REFERENCE as REFERENCE

V7_EXAMPLE = REFERENCE / "ewp-specs-api-iias/stable-v7/endpoints/get-response-example.xml"


def make_exportable(agreement: Agreement) -> Agreement:
    """Give every condition a recommended language (IIA v7 requires one for studies and teaching)."""
    for condition in agreement.conditions.all():
        if not condition.languages.exists():
            ConditionLanguage.objects.create(condition=condition, language="en", cefr_level="B2")
    return agreement


def loaded(agreement: Agreement) -> Agreement:
    return with_iia_relations(Agreement.objects.filter(pk=agreement.pk)).get()


def partner_iia(
    agreement: Agreement,
    *,
    partner_iia_id: str = "PARTNER-IIA-1",
    quote_ours: bool = True,
    change: Callable[[Iia], Iia] | None = None,
) -> Iia:
    """The IIA as the partner serves it: their HEI first with their iia-id, ours second."""
    ours = iia_from_agreement(loaded(agreement))
    home, partner = ours.partners
    theirs = dataclasses.replace(
        ours,
        partners=(
            dataclasses.replace(partner, iia_id=partner_iia_id, iia_code=f"CODE-{partner_iia_id}"),
            dataclasses.replace(home, iia_id=home.iia_id if quote_ours else None),
        ),
    )
    return change(theirs) if change else theirs


def partner_document(agreement: Agreement, **kwargs: object) -> bytes:
    return render_iia_get_response([partner_iia(agreement, **kwargs)], validate_xsd=True)  # type: ignore[arg-type]


def make_copy(
    agreement: Agreement, *, linked: bool = True, partner_iia_id: str = "PARTNER-IIA-1"
) -> PartnerIiaCopy:
    """A stored copy without going through the importer (for permission tests)."""
    iia = partner_iia(agreement, partner_iia_id=partner_iia_id)
    partner = next(p.institution for p in agreement.partners.all() if not p.institution.is_home)
    return PartnerIiaCopy.objects.create(
        agreement=agreement if linked else None,
        partner=partner,
        partner_iia_id=partner_iia_id,
        partner_iia_code=f"CODE-{partner_iia_id}",
        our_iia_id=str(agreement.uuid),
        schema_version="v7",
        conditions_hash="0" * 64,
        snapshot={"iia": iia_to_json(iia), "match": {"how": "manual", "note": ""}},
        xml="<iia/>",
    )
