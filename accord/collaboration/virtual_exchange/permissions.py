"""Who posts, edits and answers virtual exchange offers.

The office posts for any unit and any partner; a coordinator posts our offers for the units in their scope;
a partner contact posts their own institution's offers (that is how a partner's courses arrive). Whoever may
edit an offer proposes from it and answers the proposals it receives. An offer one may not see is missing.
"""

from typing import Any

from accord.accounts.models import User
from accord.accounts.scope import partner_institution_id, unit_ids_in_scope
from accord.collaboration.models import VirtualExchangeOffer, VirtualExchangeProposal
from accord.collaboration.virtual_exchange.selectors import offers_visible_to, proposals_visible_to
from accord.common.access import get_visible_or_404, require, role_of, writes_everything
from accord.common.roles import Role
from accord.institutions.models import Institution


def can_post_offers(actor: User) -> bool:
    """Someone who may post at least one kind of offer (which one is checked against institution and unit)."""
    return writes_everything(actor) or role_of(actor) in {Role.COORDINATOR, Role.PARTNER}


def can_post_offer_for(actor: User, institution: Institution, unit_id: int | None) -> bool:
    if writes_everything(actor):
        return True
    if role_of(actor) == Role.COORDINATOR:
        return institution.is_home and unit_id is not None and unit_id in unit_ids_in_scope(actor)
    return (
        role_of(actor) == Role.PARTNER and partner_institution_id(actor) == institution.pk and unit_id is None
    )


def can_edit_offer(actor: User, offer: VirtualExchangeOffer) -> bool:
    return can_post_offer_for(actor, offer.institution, offer.unit_id)


def get_offer_for_user(actor: User, offer_id: Any, *, write: bool = False) -> VirtualExchangeOffer:
    offer = get_visible_or_404(
        offers_visible_to(actor).select_related("institution", "unit", "isced"), offer_id
    )
    if write:
        require(can_edit_offer(actor, offer))
    return offer


def can_answer(actor: User, proposal: VirtualExchangeProposal) -> bool:
    return can_edit_offer(actor, proposal.to_offer)


def can_withdraw_proposal(actor: User, proposal: VirtualExchangeProposal) -> bool:
    return can_edit_offer(actor, proposal.from_offer)


def get_proposal_for_user(actor: User, proposal_id: Any) -> VirtualExchangeProposal:
    related = ("from_offer__institution", "to_offer__institution", "from_offer__unit", "to_offer__unit")
    return get_visible_or_404(proposals_visible_to(actor).select_related(*related), proposal_id)
