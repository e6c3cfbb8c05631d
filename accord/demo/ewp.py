"""Demo: a few partners' IIA copies received through EWP, so that the comparison pages have something to show.

For the busiest partner's exportable exchange agreements it writes what that partner would serve and stores it
as the importer would (without audit events, like the rest of the demo's rows): one copy that matches ours
exactly (both ids mapped), one where the partner has one place fewer, one with an extra staff-training
condition, and one that quotes no id of ours (left for the office to link by hand).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from accord.accounts.models import User
from accord.agreements.ewp import services as ewp_services
from accord.agreements.ewp.adapters import export_problems, iia_from_agreement, with_iia_relations
from accord.agreements.models import EXCHANGE_KINDS, Agreement, AgreementPartner, PartnerIiaCopy
from accord.common.roles import Role
from accord.engines.ewp import (
    Iia,
    LanguageSkill,
    MobilityKind,
    MobilitySpec,
    iia_to_json,
    read_iia_get_response,
    render_iia_get_response,
)
from accord.institutions.models import Institution


def _their_copy(ours: Iia, n: int, *, quote_ours: bool = True) -> Iia:
    home, partner = ours.partners
    return dataclasses.replace(
        ours,
        partners=(
            dataclasses.replace(partner, iia_id=f"{partner.hei_id}-iia-{n:04d}", iia_code=f"IIA/{n:04d}"),
            dataclasses.replace(home, iia_id=home.iia_id if quote_ours else None),
        ),
    )


def _one_place_fewer(iia: Iia) -> Iia:
    first = iia.conditions[0]
    fewer = dataclasses.replace(first, mobilities_per_year=max(1, (first.mobilities_per_year or 2) - 1))
    return dataclasses.replace(iia, conditions=(fewer, *iia.conditions[1:]))


def _extra_training(iia: Iia) -> Iia:
    home, partner = iia.partners[1], iia.partners[0]
    extra = MobilitySpec(
        kind=MobilityKind.STAFF_TRAINING,
        sending_hei_id=partner.hei_id,
        receiving_hei_id=home.hei_id,
        receiving_first_academic_year_id=iia.conditions[0].receiving_first_academic_year_id,
        receiving_last_academic_year_id=iia.conditions[0].receiving_last_academic_year_id,
        mobilities_per_year=2,
        recommended_language_skills=(LanguageSkill("en", "B2"),),
    )
    return dataclasses.replace(iia, conditions=(*iia.conditions, extra))


def build_partner_copies(*, partner_id: int, limit: int = 4) -> int:
    """Import up to ``limit`` partner's copies of our agreements with ``partner_id``; returns how many."""
    partner = Institution.objects.get(pk=partner_id)
    officer = User.objects.filter(role=Role.OFFICER, is_active=True).order_by("id").first()
    if not partner.schac_id or officer is None:
        return 0
    with_partner = AgreementPartner.objects.filter(institution_id=partner_id).values("agreement_id")
    candidates = with_iia_relations(
        Agreement.objects.filter(pk__in=with_partner, kind__in=EXCHANGE_KINDS).order_by("-valid_to", "id")
    )
    chosen: list[Agreement] = []
    for agreement in candidates[:200]:
        if not export_problems(agreement) and agreement.conditions.all():
            chosen.append(agreement)
        if len(chosen) == limit:
            break
    variants: list[Any] = [None, _one_place_fewer, _extra_training, "unquoted"]
    for n, (agreement, variant) in enumerate(zip(chosen, variants, strict=False), start=1):
        theirs = _their_copy(iia_from_agreement(agreement), n, quote_ours=variant != "unquoted")
        if variant is None:
            # Both sides mapped: our row already knows their ids, as after an earlier exchange of CNRs.
            AgreementPartner.objects.filter(agreement=agreement, institution_id=partner_id).update(
                partner_agreement_id=theirs.partners[0].iia_id,
                partner_agreement_code=theirs.partners[0].iia_code,
            )
        elif callable(variant):
            theirs = variant(theirs)
        _store(partner, theirs, agreement if variant != "unquoted" else None, officer)
    return len(chosen)


def _store(partner: Institution, theirs: Iia, agreement: Agreement | None, officer: User) -> None:
    """Store the copy from the document the partner would serve, as the importer does (no audit event)."""
    (received,) = read_iia_get_response(render_iia_get_response([theirs], validate_xsd=True))
    iia = received.iia
    copy = PartnerIiaCopy(
        agreement=agreement,
        partner=partner,
        partner_iia_id=iia.partners[0].iia_id or "",
        partner_iia_code=iia.partners[0].iia_code or "",
        our_iia_id=iia.partners[1].iia_id or "",
        schema_version="v7",
        conditions_hash=iia.computed_iia_hash or "",
        snapshot={"iia": iia_to_json(iia), "match": {"how": "our_iia_id" if agreement else "", "note": ""}},
        xml=received.xml.decode("utf-8"),
        received_by=officer,
    )
    if agreement is not None:
        fresh = Agreement.objects.get(pk=agreement.pk)
        copy.snapshot["comparison"] = ewp_services.comparison_record(
            fresh, ewp_services.compare_with_agreement(copy, fresh)
        )
    copy.save()
