"""What the home page counts and lists, scoped to the actor and cheap with a million mobilities.

Every count has a selective, indexed filter: mobilities by academic year and direction (answered from the
(academic_year, direction) index alone) or by a start-date window ((status, planned_start)); agreements by
status or end date.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from accord.accounts.models import User
from accord.agreements.models import Agreement, AgreementPartner, AgreementStatus
from accord.agreements.selectors import agreements_expiring, agreements_visible_to, with_partner_institutions
from accord.dashboard.permissions import sees_agreements, sees_partner_count
from accord.institutions.selectors import home_institutions
from accord.mobility.models import Direction, Mobility
from accord.mobility.selectors import (
    MobilityFilters,
    mobilities_visible_to,
    mobility_list,
    with_row_relations,
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


def overview(*, actor: User, today: dt.date) -> Overview:
    year = academic_year_for_date(today.year, today.month)
    this_year = mobilities_visible_to(actor).filter(academic_year_id=year)
    # One COUNT(*) per direction: an aggregate with Count("pk", filter=...) reads every row of the year from
    # the table (170 ms at a million mobilities); these two read only the index (about 10 ms each).
    outgoing = this_year.filter(direction=Direction.OUTGOING).count()
    incoming = this_year.filter(direction=Direction.INCOMING).count()
    if not sees_agreements(actor):
        return Overview(year, outgoing, incoming)
    # In force: active, or active and within the notice period before expiry.
    active = agreements_visible_to(actor).filter(
        status__in=(AgreementStatus.ACTIVE, AgreementStatus.EXPIRING)
    )
    partners = None
    if sees_partner_count(actor):
        # Leaving out our own institution by id (NOT IN a one-row subquery) spares joining every partner
        # row to the institutions table.
        partners = (
            AgreementPartner.objects.filter(agreement__in=active)
            .exclude(institution__in=home_institutions())
            .values("institution_id")
            .distinct()
            .count()
        )
    return Overview(year, outgoing, incoming, active.count(), partners)


def expiring_agreements(*, actor: User, today: dt.date, within_days: int) -> Shortlist:
    if not sees_agreements(actor):
        return Shortlist([], 0)
    return _shortlist(
        with_partner_institutions(agreements_expiring(actor=actor, within_days=within_days, today=today))
    )


def mobilities_starting(*, actor: User, today: dt.date, within_days: int) -> Shortlist:
    soon = mobility_list(actor=actor, filters=MobilityFilters(starting_within_days=within_days), today=today)
    return _shortlist(with_row_relations(soon).order_by("planned_start", "id"))


def own_mobilities(*, actor: User) -> Shortlist:
    """A student's own mobilities, latest first."""
    qs: QuerySet[Mobility] = mobilities_visible_to(actor).order_by("-planned_start", "-id")
    return _shortlist(with_row_relations(qs))


def expiry_days(agreement: Agreement, today: dt.date) -> int | None:
    return (agreement.valid_to - today).days if agreement.valid_to else None
