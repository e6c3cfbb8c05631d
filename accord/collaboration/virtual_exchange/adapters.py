"""Stored offers to the matching engine (`accord.engines.coil`) and its answers back to rows.

The engine's offer id is the row's primary key as text and its institution the institution's key. Existing
partnerships are the institution pairs of active or expiring agreements. Suggestions are computed when a
page asks, from a pool narrowed in the database first: open offers of other institutions that the user sees,
sharing a language and at least four weeks of teaching (the same blocking the engine applies).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q

from accord.accounts.models import User
from accord.agreements.models import AgreementPartner, AgreementStatus
from accord.collaboration.errors import CollaborationErrorCode
from accord.collaboration.models import OfferStatus, VirtualExchangeOffer
from accord.collaboration.virtual_exchange.selectors import offers_visible_to
from accord.common.errors import DomainError
from accord.engines import coil
from accord.engines.coil.score import MIN_OVERLAP_DAYS

MAX_POOL = 5000  # candidates read for one offer's suggestions (the engine handles 10,000 in seconds)


def engine_offer(offer: VirtualExchangeOffer) -> coil.Offer:
    return coil.Offer(
        id=str(offer.pk),
        institution=str(offer.institution_id),
        isced=offer.isced_id,
        languages=tuple((entry["code"], entry.get("cefr") or None) for entry in offer.languages),
        eqf=offer.eqf_level,
        start=offer.start_date,
        end=offer.end_date,
        timezone=offer.timezone,
        slots=tuple(
            coil.Slot(s["weekday"], dt.time.fromisoformat(s["start"]), dt.time.fromisoformat(s["end"]))
            for s in offer.slots
        ),
        class_size=offer.class_size,
        title=offer.title,
        description=offer.description,
        goals=offer.goals,
        format=offer.format or None,  # type: ignore[arg-type]
        tools=frozenset(offer.tools),
    )


def partnerships(institution_ids: set[int]) -> set[frozenset[str]]:
    """Pairs of the given institutions that share an active (or expiring) agreement."""
    # Only the rows of these institutions: a pair needs both of its members among them anyway.
    rows = AgreementPartner.objects.filter(
        institution_id__in=institution_ids,
        agreement__status__in=[AgreementStatus.ACTIVE, AgreementStatus.EXPIRING],
    ).values_list("agreement_id", "institution_id")
    by_agreement: dict[int, set[int]] = {}
    for agreement_id, institution_id in rows:
        by_agreement.setdefault(agreement_id, set()).add(institution_id)
    pairs: set[frozenset[str]] = set()
    for members in by_agreement.values():
        inside = sorted(members & institution_ids)
        pairs.update(frozenset((str(a), str(b))) for a in inside for b in inside if a < b)
    return pairs


@dataclass(frozen=True)
class PairMatch:
    score: Decimal
    overlap_weeks: int
    live_overlap_hours_per_week: Decimal
    explanation: str


def pair_match(first: VirtualExchangeOffer, second: VirtualExchangeOffer, *, actor: User | None) -> PairMatch:
    """The engine's score of two offers from the first's side; refused where it would never suggest them.

    Scored in the pool the actor's suggestions come from (the text similarity weighs words by how rare they
    are in the pool), so that a proposal carries the figure its proposer was shown.
    """
    overlap = (min(first.end_date, second.end_date) - max(first.start_date, second.start_date)).days + 1
    if overlap < MIN_OVERLAP_DAYS:
        raise DomainError(
            CollaborationErrorCode.TOO_LITTLE_OVERLAP,
            f"The two teaching periods share {max(overlap, 0) // 7} whole week(s); at least 4 are needed.",
        )
    candidates = {str(c.pk): c for c in candidates_for(first, actor=actor)} | {str(second.pk): second}
    pool = _pool(first, candidates)
    pair = pool.pair(str(first.pk), str(second.pk))
    if pair is None:
        raise DomainError(
            CollaborationErrorCode.INVALID_LANGUAGE, "The two courses share no language of collaboration."
        )
    asking = pair.lo if pair.lo.offer.id == str(first.pk) else pair.hi
    suggestion = pool.suggestion(pair, asking)
    return PairMatch(
        score=Decimal(f"{suggestion.score:.2f}"),
        overlap_weeks=suggestion.overlap_weeks,
        live_overlap_hours_per_week=Decimal(f"{suggestion.live_overlap_hours_per_week:.2f}"),
        explanation=suggestion.explanation,
    )


@dataclass(frozen=True)
class SuggestedOffer:
    offer: VirtualExchangeOffer
    score: float
    overlap_weeks: int
    live_overlap_hours_per_week: float
    contributions: tuple[coil.Contribution, ...]


def _pool(offer: VirtualExchangeOffer, candidates: dict[str, VirtualExchangeOffer]) -> coil.Pool:
    institutions = {offer.institution_id, *(c.institution_id for c in candidates.values())}
    return coil.Pool(
        [engine_offer(offer), *(engine_offer(c) for c in candidates.values() if c.pk != offer.pk)],
        partnerships=partnerships(institutions),
    )


def candidates_for(offer: VirtualExchangeOffer, *, actor: User | None) -> list[VirtualExchangeOffer]:
    """The open offers `actor` sees that could be suggested for `offer` (the engine's blocking, in SQL)."""
    codes = [entry["code"] for entry in offer.languages]
    if not codes:
        return []
    shares_language = reduce(or_, (Q(language_codes__contains=f",{code},") for code in codes))
    days = dt.timedelta(days=MIN_OVERLAP_DAYS - 1)
    return list(
        offers_visible_to(actor)
        .filter(shares_language, status=OfferStatus.OPEN)
        .exclude(institution_id=offer.institution_id)
        .filter(start_date__lte=offer.end_date - days, end_date__gte=offer.start_date + days)
        .select_related("institution", "isced")
        .order_by("pk")[:MAX_POOL]
    )


def suggestions_for(
    offer: VirtualExchangeOffer, *, actor: User | None, top: int = coil.DEFAULT_TOP
) -> list[SuggestedOffer]:
    candidates = {str(c.pk): c for c in candidates_for(offer, actor=actor)}
    if not candidates:
        return []
    pool = _pool(offer, candidates)
    return [
        SuggestedOffer(
            offer=candidates[s.offer],
            score=s.score,
            overlap_weeks=s.overlap_weeks,
            live_overlap_hours_per_week=s.live_overlap_hours_per_week,
            contributions=s.contributions,
        )
        for s in pool.suggestions(str(offer.pk), top)
    ]
