"""Which virtual exchange offers and proposals a user sees, and the lists' filters.

Offers are a market place: the office, the auditor and every coordinator see all of them (a teacher looks
for a partner course anywhere); a partner contact sees their own institution's and ours. Students see none.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accord.accounts.models import User
from accord.accounts.scope import partner_institution_id
from accord.collaboration.models import OfferStatus, VirtualExchangeOffer, VirtualExchangeProposal
from accord.common.access import is_active_user, role_of
from accord.common.roles import Role

READERS = frozenset({Role.ADMIN, Role.OFFICER, Role.AUDITOR, Role.COORDINATOR, Role.PARTNER})


def offers_visible_to(actor: User | None) -> QuerySet[VirtualExchangeOffer]:
    offers = VirtualExchangeOffer.objects.all()
    if actor is None or not is_active_user(actor) or role_of(actor) not in READERS:
        return offers.none()
    partner = partner_institution_id(actor)
    if role_of(actor) == Role.PARTNER:
        return offers.filter(Q(institution_id=partner) | Q(institution__is_home=True))
    return offers


def proposals_visible_to(actor: User | None) -> QuerySet[VirtualExchangeProposal]:
    """A proposal is seen by whoever sees both of its offers."""
    visible = offers_visible_to(actor).values("pk")
    return VirtualExchangeProposal.objects.filter(from_offer__in=visible, to_offer__in=visible)


@dataclass(frozen=True)
class OfferFilters:
    q: str = ""
    isced: str = ""  # a field and everything below it ("06" finds "0613")
    language: str = ""
    institution: int | None = None
    status: str = OfferStatus.OPEN
    ours: bool = False


def offer_list(*, actor: User | None, filters: OfferFilters | None = None) -> QuerySet[VirtualExchangeOffer]:
    f = filters or OfferFilters()
    qs = offers_visible_to(actor)
    if f.q:
        term = f.q.strip()
        qs = qs.filter(
            Q(title__icontains=term) | Q(description__icontains=term) | Q(teacher_name__icontains=term)
        )
    if f.isced:
        qs = qs.filter(isced__code__startswith=f.isced)
    if f.language:
        qs = qs.filter(language_codes__contains=f",{f.language.lower()},")
    if f.institution:
        qs = qs.filter(institution_id=f.institution)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.ours:
        qs = qs.filter(institution__is_home=True)
    return qs.select_related("institution", "unit", "isced").order_by("start_date", "title", "pk")
