"""Top-k partner courses for every offer, and the brute force the search must equal.

``Pool`` prepares a set of offers once (``index.py``) and answers: ``top(k)`` for every offer, ``suggestions``
for one, ``pair`` for two, ``brute_force(k)`` as the reference. The search (``search.py``) never scores all
pairs: it looks only at offers sharing a language and at least four weeks, and stops as soon as upper bounds
show that nothing left can enter the top k. A pair is scored once, in canonical order, for both of its
offers, so ``score(A, B)`` is ``score(B, A)``. ``match_brute_force`` scores every eligible pair with no index
and no bound; the tests and ``bench/coil.py`` check that both give exactly the same answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .calendar import live_overlap_seconds
from .errors import CoilInputError
from .gcpause import paused_gc
from .index import Index, Partnerships, prepare
from .model import Offer
from .score import (
    CoilPolicy,
    Contribution,
    Pair,
    Prepared,
    Tables,
    eligible,
    field_tier,
    live_points,
    rest_points,
    text_points,
    total,
    window_days,
)
from .search import Search

DEFAULT_TOP = 10


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One partner course for an offer: its id, score (0-100, 2 decimals) and the figures behind it."""

    offer: str
    score: float
    overlap_weeks: int
    live_overlap_hours_per_week: float
    pair: Pair = field(repr=False, compare=False)
    asking: Prepared = field(repr=False, compare=False)

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        """Each factor's points and detail (written on demand: a full run has many suggestions)."""
        return self.pair.contributions(self.asking)

    @property
    def explanation(self) -> str:
        return self.pair.explanation(self.asking)


Matches = dict[str, tuple[Suggestion, ...]]


def match(
    offers: Sequence[Offer],
    *,
    partnerships: Partnerships = (),
    top: int = DEFAULT_TOP,
    policy: CoilPolicy | None = None,
) -> Matches:
    """The ``top`` best suggestions for every offer (empty when none qualifies), best first, ties by id."""
    return Pool(offers, partnerships=partnerships, policy=policy).top(top)


def match_brute_force(
    offers: Sequence[Offer],
    *,
    partnerships: Partnerships = (),
    top: int = DEFAULT_TOP,
    policy: CoilPolicy | None = None,
) -> Matches:
    """The same answer as ``match`` by scoring every eligible pair: the reference for tests and benchmarks."""
    return Pool(offers, partnerships=partnerships, policy=policy).brute_force(top)


class Pool:
    """Offers prepared once (occurrences, TF-IDF over the whole pool, indexes) and matched on demand."""

    def __init__(
        self, offers: Sequence[Offer], *, partnerships: Partnerships = (), policy: CoilPolicy | None = None
    ) -> None:
        self.policy = policy or CoilPolicy()
        self.tables = Tables.of(self.policy)
        with paused_gc():
            self.prepared = prepare(offers, partnerships)
            self.index = Index(self.prepared, self.policy, self.tables)
        self._by_id = {p.offer.id: p for p in self.prepared}
        self._pairs: dict[int, Pair] = {}

    @property
    def scored_pairs(self) -> int:
        """How many pairs the searches of this pool have scored so far (for benchmarks)."""
        return len(self._pairs)

    def pair(self, first: str, second: str) -> Pair | None:
        """The scored pair of two offers by id (either order), or None when blocking excludes it."""
        a, b = self._by_id[first], self._by_id[second]
        lo, hi = (a, b) if a.rank < b.rank else (b, a)
        return self._score(lo, hi) if lo is not hi and eligible(lo, hi) else None

    def suggestion(self, pair: Pair, asking: Prepared) -> Suggestion:
        other = pair.hi if asking is pair.lo else pair.lo
        return Suggestion(
            other.offer.id, pair.score, pair.overlap_weeks, pair.live_hours_per_week, pair, asking
        )

    def brute_force(self, top: int) -> Matches:
        """Score every eligible pair (no index, no bound), sort each offer's list, keep the first ``top``."""
        _check_top(top)
        found: list[list[tuple[float, int]]] = [[] for _ in self.prepared]
        prepared = self.prepared
        for i, lo in enumerate(prepared):
            for hi in prepared[i + 1 :]:
                if eligible(lo, hi):
                    score = self._score(lo, hi, memo=False).score
                    found[lo.rank].append((-score, hi.rank))
                    found[hi.rank].append((-score, lo.rank))
        matches: Matches = {}
        for mine, scores in zip(prepared, found, strict=True):
            best = sorted(scores)[:top]
            matches[mine.offer.id] = tuple(
                self.suggestion(self._score(*sorted((mine, prepared[rank]), key=_rank), memo=False), mine)
                for _, rank in best
            )
        return matches

    def top(self, top: int) -> Matches:
        """The ``top`` best suggestions of every offer, searched with the index and the bounds."""
        _check_top(top)
        search = Search(self.prepared, self.index, self.policy, self.tables, self._pairs)
        with paused_gc():
            return {
                p.offer.id: tuple(self.suggestion(pair, p) for pair in search.top(p, top))
                for p in self.prepared
            }

    def suggestions(self, offer_id: str, top: int = DEFAULT_TOP) -> tuple[Suggestion, ...]:
        """The ``top`` best suggestions of one offer (what a page about that offer shows), the same as
        ``top(top)[offer_id]`` without searching for every other offer too."""
        _check_top(top)
        mine = self._by_id[offer_id]
        search = Search(self.prepared, self.index, self.policy, self.tables, self._pairs)
        return tuple(self.suggestion(pair, mine) for pair in search.top(mine, top))

    def _score(self, lo: Prepared, hi: Prepared, *, memo: bool = True) -> Pair:
        """Score a pair from its definition, in canonical order (``lo.rank < hi.rank``); ``memo`` false
        (the brute force) neither reads nor keeps the pairs the search scored."""
        known = self._pairs.get(lo.rank * len(self.prepared) + hi.rank) if memo else None
        if known is not None:
            return known
        policy = self.policy
        days = window_days(lo, hi)
        rest = rest_points(lo, hi, days, self.tables)
        tier_points = policy.tier_points(field_tier(lo.offer.isced, hi.offer.isced))
        first, last = max(lo.offer.start, hi.offer.start), min(lo.offer.end, hi.offer.end)
        seconds = live_overlap_seconds(lo.occurrences, hi.occurrences, first, last)
        text = text_points(lo, hi, policy)
        points = total(tier_points, text, live_points(seconds, days, policy), rest)
        scored = Pair(lo, hi, round(points, 2), days, seconds, text, self.policy, self.tables)
        if memo:
            self._pairs[lo.rank * len(self.prepared) + hi.rank] = scored
        return scored


def _rank(prepared: Prepared) -> int:
    return prepared.rank


def _check_top(top: int) -> None:
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise CoilInputError(
            "bad_top", f"top: must be an integer of at least 1, not {top!r}", {"field": "top"}
        )
