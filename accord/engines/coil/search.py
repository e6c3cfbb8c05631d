"""The search for one offer's k best partners: candidates in the order most likely to matter, and bounds.

The offers of institutions already partnered with ours are found first (index by institution) and set
apart, so that every other candidate is known to get no partnership points. Then, field tier by field tier
(same detailed field, same narrow, same broad, other): the offers whose weekly live envelope touches an
hour ours touches (index by hour; partners among them), the partners whose envelopes never meet ours, and
the others, whose live overlap with ours is exactly zero, class by class (EQF level x format), highest
ceiling first. A tier, or a class, whose ceiling (the best score any of its offers could reach) cannot beat
the current k-th suggestion is not opened.

Within a batch every candidate's cheap factors are computed exactly; its bound is the score with the text
at its maximum and the live points at a cap (``live_cap``: at most an hour of overlap per shared hour of the
week and pair of slots, once per week of the window; or zero). Candidates are tried best bound first and
dropped as soon as the bound cannot beat the k-th; the text cosine tightens the bound before the exact live
overlap is merged from the precomputed occurrences. Every bound is summed in the score's own shape
(``score.total``) from parts never below the score's, so it is never below the score, and the answer is
exactly the brute force's. The k-th best so far is the head of a min-heap of (score, -rank, pair); it
starts with the pairs already scored for the offer as the other side of earlier searches.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence

from .calendar import overlap_seconds
from .index import BIN_SECONDS, Ceilings, Index
from .model import Format
from .score import (
    MIN_OVERLAP_DAYS,
    TIERS,
    CoilPolicy,
    Pair,
    Prepared,
    Tables,
    eligible,
    field_tier,
    rest_points,
    text_points,
    total,
)

Heap = list[tuple[float, int, Pair]]


class Search:
    """The top-k search over one pool. Scored pairs are kept in ``pairs`` (key ``lo.rank * n + hi.rank``)
    so that a pair is scored once for both of its offers."""

    def __init__(
        self,
        prepared: Sequence[Prepared],
        index: Index,
        policy: CoilPolicy,
        tables: Tables,
        pairs: dict[int, Pair],
    ) -> None:
        self.prepared, self.index, self.policy, self.tables = prepared, index, policy, tables
        self.pairs = pairs
        # Pairs scored for offers whose own search is still to come: their heaps start with them.
        self.scored_with: dict[int, list[Pair]] = defaultdict(list)
        self.searched = bytearray(len(prepared))

    def top(self, mine: Prepared, k: int) -> list[Pair]:
        """The k best pairs of ``mine``, best first (ties: the other offer's id)."""
        policy, index = self.policy, self.index
        heap: Heap = []
        seen: set[int] = set()
        self.searched[mine.rank] = 1
        for pair in self.scored_with.pop(mine.rank, ()):
            other = pair.hi if pair.lo is mine else pair.lo
            seen.add(other.rank)
            _push(heap, (pair.score, -other.rank, pair), k)
        partners: dict[int, list[Prepared]] = defaultdict(list)
        for institution in sorted(mine.partners):
            for other in index.by_institution.get(institution, ()):
                if other.rank not in seen and eligible(mine, other):
                    seen.add(other.rank)
                    partners[field_tier(mine.offer.isced, other.offer.isced)].append(other)
        ceilings = index.ceilings(mine)
        tiers = index.tiers(mine.offer.isced)
        for tier in TIERS:
            points = policy.tier_points(tier)
            most_rest = ceilings.rest_with_partnership if partners else ceilings.rest
            if len(heap) == k and round(total(points, policy.text, policy.live, most_rest), 2) < heap[0][0]:
                break  # the tiers come in decreasing field points: nothing further can enter
            self._tier(mine, tiers[tier], partners.pop(tier, []), points, ceilings, seen, heap, k)
        heap.sort(reverse=True)
        return [entry[2] for entry in heap]

    def _tier(
        self,
        mine: Prepared,
        codes: list[str],
        partners: list[Prepared],
        points: float,
        ceilings: Ceilings,
        seen: set[int],
        heap: Heap,
        k: int,
    ) -> None:
        """One tier: the offers whose live slots may meet ours (partners among them), then the partners
        whose slots cannot, then the other offers class by class while a class's ceiling can beat the k-th."""
        policy = self.policy
        others: list[Prepared] = []
        caps: list[float] = []
        if mine.bins and codes:
            others, caps = self._live_candidates(mine, codes, points, ceilings.rest, seen, heap, k)
        apart = []
        for partner in partners:
            times = shared_bins(mine, partner)
            if times:
                others.append(partner)
                caps.append(live_cap(self.policy, mine, partner, times))
            else:
                apart.append(partner)
        if others:
            self._consider(mine, others, points, caps, True, heap, k)
        if apart:
            self._consider(mine, apart, points, None, False, heap, k)
        for rest_cap, eqf, fmt in ceilings.classes if codes else ():
            if len(heap) == k and round(total(points, policy.text, 0.0, rest_cap), 2) < heap[0][0]:
                break  # the classes come highest ceiling first
            found = self._class_members(mine, codes, eqf, fmt, seen)
            if found:
                self._consider(mine, found, points, None, False, heap, k)

    def _class_members(
        self, mine: Prepared, codes: list[str], eqf: int, fmt: Format | None, seen: set[int]
    ) -> list[Prepared]:
        """Offers of these fields and one class, not yet seen, sharing a language and four weeks with ours."""
        by_class = self.index.by_class
        found: list[Prepared] = []
        for language in mine.levels:
            for code in codes:
                bucket = by_class.get((language, code, eqf, fmt))
                if bucket is not None:
                    found += bucket.overlapping(mine, seen)
        return found

    def _live_candidates(
        self,
        mine: Prepared,
        codes: list[str],
        points: float,
        most_rest: float,
        seen: set[int],
        heap: Heap,
        k: int,
    ) -> tuple[list[Prepared], list[float]]:
        """Offers of these fields whose envelope touches an hour ours touches, with caps on their live points.

        Each bin (hour) both envelopes touch holds at most a bin of overlap per pair of slots touching it,
        so the weekly overlap is at most that many bins; the window has at most ceil(days / 7) of each
        weekday. Every such offer is marked seen (the fields' other offers have no live overlap with ours);
        those whose bound with that cap and the best cheap factors cannot beat the k-th are left out.
        """
        by_bin = self.index.by_bin
        shared: Counter[int] = Counter()
        for n, language in enumerate(mine.levels):
            # An offer sharing two languages is in both languages' buckets: count its hours once.
            hits: Counter[int] = Counter() if n else shared
            for code in codes:
                for n_bin, count in mine.bins:
                    bucket = by_bin.get((language, code, n_bin))
                    if bucket is not None:
                        ranks = bucket.ranks_near(mine)
                        for _ in range(count):
                            hits.update(ranks)
            if n:
                for rank, times in hits.items():
                    shared.setdefault(rank, times)
        policy, prepared = self.policy, self.prepared
        # live_points(seconds, days) rounds the hours a week to 2 decimals: the cap allows for that.
        per_hour = policy.live / policy.live_full_hours
        bin_hours = BIN_SECONDS / 3600
        base = points + policy.text
        fresh = [rank for rank in shared if rank not in seen]
        seen.update(fresh)  # those of the same institution or too short a window are not candidates anyway
        if len(heap) == k:
            # A window of 29 days has the most weekdays per week (5 in 29/7): no cap exceeds that share. The
            # bound grows with the shared bins, so find the fewest that can still beat the k-th.
            head = heap[0][0]
            most = per_hour * bin_hours * 35 / 29 * (1 + 1e-9)
            fewest = 1
            while round((base + min(policy.live, most * fewest + 0.006 * per_hour)) + most_rest, 2) < head:
                if most * fewest + 0.006 * per_hour >= policy.live:
                    return [], []  # even a full live cap cannot
                fewest += 1
            if fewest > 1:
                fresh = [rank for rank in fresh if shared[rank] >= fewest]
        start, end, institution = mine.start, mine.end, mine.institution
        others: list[Prepared] = []
        caps: list[float] = []
        for rank in fresh:
            other = prepared[rank]
            days = (
                (end if end < other.end else other.end) - (start if start > other.start else other.start) + 1
            )
            if days < MIN_OVERLAP_DAYS or other.institution == institution:
                continue
            others.append(other)
            caps.append(live_cap(policy, mine, other, shared[rank]))
        return others, caps

    def _consider(
        self,
        mine: Prepared,
        others: list[Prepared],
        points: float,
        caps: list[float] | None,
        live: bool,
        heap: Heap,
        k: int,
    ) -> None:
        """Push onto ``heap`` the candidates that beat its head, best bound first.

        ``points`` are the candidates' field points; ``caps`` their live caps (None: the maximum when
        ``live``, else zero, since their live overlap with ours is then exactly zero).
        """
        policy, tables, pairs, n = self.policy, self.tables, self.pairs, len(self.prepared)
        uniform = policy.live if live else 0.0
        base = points + policy.text  # the first sum of total(points, text, live, rest), text at its maximum
        # live_points(seconds, days), written out: its arithmetic, in its order.
        most_live, full_hours = policy.live, policy.live_full_hours
        full = len(heap) == k
        head = heap[0][:2] if full else (0.0, 0)
        mine_rank = mine.rank
        kept = []
        for i, other in enumerate(others):
            cap = uniform if caps is None else caps[i]
            lo, hi = (mine, other) if mine_rank < other.rank else (other, mine)
            first, last = max(lo.start, hi.start), min(lo.end, hi.end)
            rest = rest_points(lo, hi, last - first + 1, tables)
            bound = (round((base + cap) + rest, 2), -other.rank)
            if not full or bound > head:
                kept.append((bound, lo, hi, first, last, rest, cap))
        # (bound, -rank) is unique, so sorting never compares the offers themselves.
        kept.sort(key=_first, reverse=True)
        for bound, lo, hi, first, last, rest, cap in kept:
            full = len(heap) == k
            if full:
                head = heap[0][:2]
                if bound < head:
                    break  # sorted by bound: no later candidate can enter either
            scored = pairs.get(lo.rank * n + hi.rank)
            if scored is None:
                days = last - first + 1
                text = text_points(lo, hi, policy)
                if full and (round(total(points, text, cap, rest), 2), bound[1]) < head:
                    continue
                seconds = 0
                if live:
                    seconds = overlap_seconds(lo.occurrences, hi.occurrences, first, last)
                live_now = most_live * min(1.0, round(seconds * 7 / (3600 * days), 2) / full_hours)
                scored = self._keep(lo, hi, days, seconds, text, total(points, text, live_now, rest))
            entry = (scored.score, bound[1], scored)
            if len(heap) < k:
                heapq.heappush(heap, entry)
            elif entry[:2] > heap[0][:2]:
                heapq.heapreplace(heap, entry)

    def _keep(self, lo: Prepared, hi: Prepared, days: int, seconds: int, text: float, points: float) -> Pair:
        scored = Pair(lo, hi, round(points, 2), days, seconds, text, self.policy, self.tables)
        self.pairs[lo.rank * len(self.prepared) + hi.rank] = scored
        for side in (lo.rank, hi.rank):
            if not self.searched[side]:
                self.scored_with[side].append(scored)
        return scored


def shared_bins(first: Prepared, second: Prepared) -> int:
    """Pairs (a slot of one, a slot of the other) whose envelopes touch the same bin, summed over bins."""
    theirs = dict(second.bins)
    return sum(count * theirs.get(n, 0) for n, count in first.bins)


def live_cap(policy: CoilPolicy, first: Prepared, second: Prepared, times: int) -> float:
    """The most live points two offers can have whose envelopes share ``times`` (``shared_bins``).

    A bin both envelopes touch holds at most a bin of overlap per pair of slots touching it, once a week;
    the window holds at most ceil(days / 7) of each weekday. ``live_points`` rounds the hours a week to 2
    decimals, which the cap allows for.
    """
    days = min(first.end, second.end) - max(first.start, second.start) + 1
    weeks = days // 7 + (1 if days % 7 else 0)
    hours = weeks * times * (BIN_SECONDS / 3600) * 7 / days + 0.006
    return min(policy.live, policy.live / policy.live_full_hours * hours)


def _push(heap: Heap, entry: tuple[float, int, Pair], k: int) -> None:
    """Keep ``entry`` among the k best (by score, then lower rank) that the min-heap holds."""
    if len(heap) < k:
        heapq.heappush(heap, entry)
    elif entry[:2] > heap[0][:2]:
        heapq.heapreplace(heap, entry)


def _first(item: tuple[tuple[float, int], Prepared, Prepared, int, int, float, float]) -> tuple[float, int]:
    return item[0]
