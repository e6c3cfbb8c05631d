"""What the home page counts and lists, scoped to the actor and cheap with a million mobilities.

Every count has a selective, indexed filter: mobilities by academic year (the (academic_year, direction)
index) or by a start-date window ((status, planned_start)); agreements by status or end date.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from accord.agreements.models import Agreement, AgreementPartner, AgreementStatus
from accord.agreements.selectors import agreements_expiring, agreements_visible_to, with_partner_institutions
from accord.common.access import role_of
from accord.mobility.models import Direction, Mobility
from accord.mobility.selectors import (
    MobilityFilters,
    mobilities_visible_to,
    mobility_list,
    with_display_relations,
)
from accord.reference.services import academic_year_for_date

SHOWN = 8


@dataclass(frozen=True)
class Shortlist:
    """The first few items of a list and how many there are in all."""

    items: list[Any]
    total: int


@dataclass(frozen=True)
class Overview:
    academic_year: int
    outgoing: int
    incoming: int
    # None where the role has no agreements in scope (students) or the number means nothing to them.
    active_agreements: int | None = None
    partners: int | None = None


def _shortlist(qs: QuerySet[Any]) -> Shortlist:
    items = list(qs[:SHOWN])
    return Shortlist(items, qs.count() if len(items) == SHOWN else len(items))


def sees_agreements(actor: Any) -> bool:
    return role_of(actor) != "student"


def overview(*, actor: Any, today: dt.date) -> Overview:
    year = academic_year_for_date(today.year, today.month)
    counts = (
        mobilities_visible_to(actor)
        .filter(academic_year_id=year)
        .aggregate(
            outgoing=Count("pk", filter=Q(direction=Direction.OUTGOING)),
            incoming=Count("pk", filter=Q(direction=Direction.INCOMING)),
        )
    )
    if not sees_agreements(actor):
        return Overview(year, counts["outgoing"], counts["incoming"])
    active = agreements_visible_to(actor).filter(status=AgreementStatus.ACTIVE)
    partners = None
    if role_of(actor) != "partner":
        partners = (
            AgreementPartner.objects.filter(agreement__in=active, institution__is_home=False)
            .values("institution_id")
            .distinct()
            .count()
        )
    return Overview(year, counts["outgoing"], counts["incoming"], active.count(), partners)


def expiring_agreements(*, actor: Any, today: dt.date, within_days: int) -> Shortlist:
    if not sees_agreements(actor):
        return Shortlist([], 0)
    return _shortlist(
        with_partner_institutions(agreements_expiring(actor=actor, within_days=within_days, today=today))
    )


def mobilities_starting(*, actor: Any, today: dt.date, within_days: int) -> Shortlist:
    soon = mobility_list(actor=actor, filters=MobilityFilters(starting_within_days=within_days), today=today)
    return _shortlist(with_display_relations(soon).order_by("planned_start", "id"))


def own_mobilities(*, actor: Any) -> Shortlist:
    """A student's own mobilities, latest first."""
    qs: QuerySet[Mobility] = mobilities_visible_to(actor).order_by("-planned_start", "-id")
    return _shortlist(with_display_relations(qs))


def expiry_days(agreement: Agreement, today: dt.date) -> int | None:
    return (agreement.valid_to - today).days if agreement.valid_to else None
