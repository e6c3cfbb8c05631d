"""/api/v1/virtual-exchange: offers, their suggested partner courses, and proposals."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from accord.accounts.authentication import actor_of
from accord.collaboration.virtual_exchange import selectors, services
from accord.collaboration.virtual_exchange.adapters import suggestions_for
from accord.collaboration.virtual_exchange.permissions import (
    can_answer,
    can_post_offers,
    can_withdraw_proposal,
    get_offer_for_user,
    get_proposal_for_user,
)
from accord.collaboration.virtual_exchange.schemas import (
    AnswerBody,
    AnswerIn,
    OfferBody,
    OfferIn,
    OfferOut,
    OfferQuery,
    ProposalOut,
    ProposalQuery,
    ProposeBody,
    ProposeIn,
    SuggestionOut,
)
from accord.common.access import require, role_of
from accord.common.api_support import Page, PathId, error_responses, paginate, parse

router = Router(tags=["virtual exchange"])


def _require_reader(request: HttpRequest) -> None:
    require(role_of(actor_of(request)) in selectors.READERS)


def _input(data: OfferIn) -> services.OfferInput:
    values = data.model_dump()
    return services.OfferInput(**values)


@router.get("/virtual-exchange/offers", response=error_responses(200, Page[OfferOut]), summary="List offers")
def list_offers(request: HttpRequest, filters: Query[OfferQuery]) -> Any:
    _require_reader(request)
    selector_filters = selectors.OfferFilters(
        q=filters.q,
        isced=filters.isced,
        language=filters.language,
        institution=filters.institution,
        status=filters.status,
    )
    qs = selectors.offer_list(actor=actor_of(request), filters=selector_filters).order_by("id")
    return paginate(request, qs, filters)


@router.post("/virtual-exchange/offers", response=error_responses(201, OfferOut), summary="Offer a course")
def create_offer(request: HttpRequest, payload: OfferBody) -> Any:
    require(can_post_offers(actor_of(request)))
    data = parse(OfferIn, payload)
    return Status(201, services.offer_create(data=_input(data), actor=actor_of(request)))


@router.get(
    "/virtual-exchange/offers/{offer_id}", response=error_responses(200, OfferOut), summary="An offer"
)
def get_offer(request: HttpRequest, offer_id: PathId) -> Any:
    return get_offer_for_user(actor_of(request), offer_id)


@router.put(
    "/virtual-exchange/offers/{offer_id}", response=error_responses(200, OfferOut), summary="Replace an offer"
)
def update_offer(request: HttpRequest, offer_id: PathId, payload: OfferBody) -> Any:
    offer = get_offer_for_user(actor_of(request), offer_id, write=True)
    data = parse(OfferIn, payload)
    return services.offer_update(offer=offer, data=_input(data), actor=actor_of(request))


@router.post(
    "/virtual-exchange/offers/{offer_id}/withdraw",
    response=error_responses(200, OfferOut),
    summary="Withdraw an offer (and its open proposals)",
)
def withdraw_offer(request: HttpRequest, offer_id: PathId) -> Any:
    offer = get_offer_for_user(actor_of(request), offer_id, write=True)
    return services.offer_withdraw(offer=offer, actor=actor_of(request))


@router.get(
    "/virtual-exchange/offers/{offer_id}/suggestions",
    response=error_responses(200, list[SuggestionOut]),
    summary="The partner courses that fit an offer best, with each factor's points",
)
def offer_suggestions(request: HttpRequest, offer_id: PathId) -> Any:
    offer = get_offer_for_user(actor_of(request), offer_id)
    return suggestions_for(offer, actor=actor_of(request))


@router.post(
    "/virtual-exchange/offers/{offer_id}/proposals",
    response=error_responses(201, ProposalOut),
    summary="Propose to another course's teacher to teach together",
)
def propose(request: HttpRequest, offer_id: PathId, payload: ProposeBody) -> Any:
    offer = get_offer_for_user(actor_of(request), offer_id, write=True)
    data = parse(ProposeIn, payload)
    other = get_offer_for_user(actor_of(request), data.to_offer_id)
    proposal = services.proposal_create(
        from_offer=offer, to_offer=other, message=data.message, actor=actor_of(request)
    )
    return Status(201, proposal)


@router.get(
    "/virtual-exchange/proposals",
    response=error_responses(200, Page[ProposalOut]),
    summary="List the proposals one sees",
)
def list_proposals(request: HttpRequest, filters: Query[ProposalQuery]) -> Any:
    _require_reader(request)
    qs = selectors.proposals_visible_to(actor_of(request)).order_by("-id")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(request, qs, filters)


def _answer(request: HttpRequest, proposal_id: int, payload: Any, answer: str) -> Any:
    actor = actor_of(request)
    proposal = get_proposal_for_user(actor, proposal_id)
    if answer == "withdraw":
        require(can_withdraw_proposal(actor, proposal))
        return services.proposal_withdraw(proposal=proposal, actor=actor)
    require(can_answer(actor, proposal))
    data = parse(AnswerIn, payload)
    service = services.proposal_accept if answer == "accept" else services.proposal_decline
    return service(proposal=proposal, actor=actor, message=data.message)


@router.post(
    "/virtual-exchange/proposals/{proposal_id}/accept",
    response=error_responses(200, ProposalOut),
    summary="Accept a proposal: both courses are matched",
)
def accept_proposal(request: HttpRequest, proposal_id: PathId, payload: AnswerBody) -> Any:
    return _answer(request, proposal_id, payload, "accept")


@router.post(
    "/virtual-exchange/proposals/{proposal_id}/decline",
    response=error_responses(200, ProposalOut),
    summary="Decline a proposal",
)
def decline_proposal(request: HttpRequest, proposal_id: PathId, payload: AnswerBody) -> Any:
    return _answer(request, proposal_id, payload, "decline")


@router.post(
    "/virtual-exchange/proposals/{proposal_id}/withdraw",
    response=error_responses(200, ProposalOut),
    summary="Withdraw a proposal one made",
)
def withdraw_proposal(request: HttpRequest, proposal_id: PathId) -> Any:
    return _answer(request, proposal_id, None, "withdraw")
