"""The offers prepared for matching, and the indexes that let the matcher skip most pairs.

``prepare`` computes once per offer what every pair needs: normalised languages, the occurrences of its
slots over its whole period, its TF-IDF vector over the pool. ``Index`` files each offer under its languages,
ISCED-F code, EQF level and format (a "class" of candidates whose cheap factors share a ceiling), and again
under each hour of the UTC week its live envelope touches, so that the matcher can take apart the offers
that may meet ours live from those that cannot. Each bucket is sorted by first day, so the offers with at
least four weeks in common with a given one are a slice found by bisection.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .calendar import Occurrences, occurrences
from .errors import CoilInputError
from .model import EQF_LEVELS, FORMATS, Format, Offer, language_levels
from .score import MIN_OVERLAP_DAYS, TIERS, CoilPolicy, Prepared, Tables, field_tier
from .text import tfidf_vectors

Partnerships = Collection[tuple[str, str] | frozenset[str]]
# The UTC week is cut into bins of an hour for the index of live slots. Half hours cut the live caps closer
# but double the buckets to visit; on the benchmark both took the same time.
BIN_SECONDS = 3600
BINS_A_WEEK = 7 * 86_400 // BIN_SECONDS


def prepare(offers: Sequence[Offer], partnerships: Partnerships) -> list[Prepared]:
    """The offers in id order (their rank), each with what its pairs need; duplicate ids are refused."""
    ordered = sorted(offers, key=lambda offer: offer.id)
    for before, after in itertools.pairwise(ordered):
        if before.id == after.id:
            raise CoilInputError(
                "duplicate_offer", f"id: two offers have the id {after.id!r}", {"field": "id"}
            )
    partners = _partners(partnerships)
    vectors = tfidf_vectors([f"{o.title}\n{o.description}\n{o.goals}" for o in ordered])
    prepared = []
    for rank, (offer, vector) in enumerate(zip(ordered, vectors, strict=True)):
        timetable = occurrences(offer)
        levels = language_levels(offer.languages)
        prepared.append(
            Prepared(
                rank=rank,
                offer=offer,
                levels=levels,
                start=offer.start.toordinal(),
                end=offer.end.toordinal(),
                occurrences=timetable,
                vector=vector,
                tools=frozenset(tool.strip().casefold() for tool in offer.tools if tool.strip()),
                partners=partners.get(offer.institution, frozenset()),
                bins=_bins(timetable),
                institution=offer.institution,
                eqf=offer.eqf,
                size=offer.class_size,
                format=offer.format,
                solo=next(iter(levels)) if len(levels) == 1 and None in levels.values() else None,
            )
        )
    return prepared


def _bins(timetable: Occurrences) -> tuple[tuple[int, int], ...]:
    """(bin, slots) for each bin of the UTC week (bin 0 starts on Monday 00:00 UTC) that the offer's weekly
    envelope touches, with how many of its envelope's slots touch it (1 unless two slots are close)."""
    bins: dict[int, int] = defaultdict(int)
    for _, start, end in timetable.envelope.slots:
        for n in range(start // BIN_SECONDS, (end - 1) // BIN_SECONDS + 1):
            bins[n % BINS_A_WEEK] += 1
    return tuple(sorted(bins.items()))


def _partners(partnerships: Partnerships) -> Mapping[str, frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for pair in partnerships:
        names = sorted(pair)
        if len(names) != 2 or names[0] == names[1] or not all(isinstance(n, str) for n in names):
            raise CoilInputError(
                "bad_partnership",
                f"partnerships: {pair!r} is not two different institutions",
                {"field": "partnerships"},
            )
        found[names[0]].add(names[1])
        found[names[1]].add(names[0])
    return {name: frozenset(others) for name, others in found.items()}


@dataclass(frozen=True, slots=True)
class Bucket:
    """Offers of one key, sorted by first day; ``longest`` is the longest teaching period among them."""

    members: tuple[Prepared, ...]
    starts: tuple[int, ...]
    longest: int

    @classmethod
    def of(cls, members: list[Prepared]) -> Bucket:
        members.sort(key=lambda p: (p.start, p.rank))
        return cls(tuple(members), tuple(p.start for p in members), max(p.end - p.start + 1 for p in members))

    def overlapping(self, mine: Prepared, seen: set[int]) -> Iterator[Prepared]:
        """Members of another institution with at least four weeks in common with ``mine``, not yet seen
        (and now marked seen)."""
        first = bisect.bisect_left(self.starts, mine.start + MIN_OVERLAP_DAYS - self.longest)
        last = bisect.bisect_right(self.starts, mine.end - MIN_OVERLAP_DAYS + 1)
        for other in self.members[first:last]:
            if (
                other.rank not in seen
                and min(mine.end, other.end) - max(mine.start, other.start) >= MIN_OVERLAP_DAYS - 1
                and other.offer.institution != mine.offer.institution
            ):
                seen.add(other.rank)
                yield other


@dataclass(frozen=True, slots=True)
class BinBucket:
    """The ranks of the offers whose envelope touches one bin of the week, sorted by first day; a rank is
    listed once per slot of its envelope touching it (so counting ranks counts pairs of slots)."""

    ranks: tuple[int, ...]
    starts: tuple[int, ...]
    longest: int

    @classmethod
    def of(cls, members: list[tuple[Prepared, int]]) -> BinBucket:
        entries = sorted((p.start, p.rank) for p, count in members for _ in range(count))
        return cls(
            tuple(rank for _, rank in entries),
            tuple(start for start, _ in entries),
            max(p.end - p.start + 1 for p, _ in members),
        )

    def ranks_near(self, mine: Prepared) -> tuple[int, ...]:
        """The ranks of the members that may have four weeks in common with ``mine`` (to be checked)."""
        first = bisect.bisect_left(self.starts, mine.start + MIN_OVERLAP_DAYS - self.longest)
        last = bisect.bisect_right(self.starts, mine.end - MIN_OVERLAP_DAYS + 1)
        return self.ranks[first:last]


@dataclass(frozen=True, slots=True)
class Ceilings:
    """For one kind of asking offer, the most its seven cheap factors can give with a non-partner: in all,
    with a partner, and per class of candidates (EQF level, format), the highest first."""

    rest: float
    rest_with_partnership: float
    classes: list[tuple[float, int, Format | None]]


class Index:
    """Buckets by (language, ISCED-F code, EQF, format), by (language, code, hour of the UTC week), by
    institution; and, per kind of asking offer, the ceilings of its cheap factors."""

    def __init__(self, prepared: Sequence[Prepared], policy: CoilPolicy, tables: Tables) -> None:
        self.policy, self.tables = policy, tables
        by_class: dict[tuple[str, str, int, Format | None], list[Prepared]] = defaultdict(list)
        by_bin: dict[tuple[str, str, int], list[tuple[Prepared, int]]] = defaultdict(list)
        self.by_institution: dict[str, list[Prepared]] = defaultdict(list)
        for p in prepared:
            self.by_institution[p.offer.institution].append(p)
            for language in p.levels:
                by_class[language, p.offer.isced, p.offer.eqf, p.offer.format].append(p)
                for n, count in p.bins:
                    by_bin[language, p.offer.isced, n].append((p, count))
        self.by_class = {key: Bucket.of(members) for key, members in by_class.items()}
        self.by_bin = {key: BinBucket.of(members) for key, members in by_bin.items()}
        self.codes = sorted({p.offer.isced for p in prepared})
        self._tiers: dict[str, dict[int, list[str]]] = {}
        self._ceilings: dict[tuple[int, Format | None, int, bool], Ceilings] = {}

    def tiers(self, isced: str) -> dict[int, list[str]]:
        """The pool's ISCED-F codes by their tier relative to ``isced`` (computed once per code)."""
        known = self._tiers.get(isced)
        if known is None:
            known = {tier: [] for tier in TIERS}
            for code in self.codes:
                known[field_tier(isced, code)].append(code)
            self._tiers[isced] = known
        return known

    def ceilings(self, mine: Prepared) -> Ceilings:
        """What the cheap factors can reach with ``mine`` outside a partnership (partners are searched
        first, see search.py): its own period caps the calendar, having no tools caps the tools."""
        weeks = (mine.end - mine.start + 1) // 7
        key = (mine.offer.eqf, mine.offer.format, weeks, bool(mine.tools))
        known = self._ceilings.get(key)
        if known is None:
            known = self._ceilings[key] = self._ceilings_of(*key)
        return known

    def _ceilings_of(self, eqf: int, fmt: Format | None, weeks: int, tools: bool) -> Ceilings:
        tables = self.tables
        calendar = tables.calendar[min(weeks, len(tables.calendar) - 1)]
        most_tools = tables.tools if tools else tables.tools * 0.5
        kinds = (None, *FORMATS)

        def rest(level: float, fmt_points: float, partnership: float = 0.0) -> float:
            # Summed as rest_points sums (calendar, language, level, size, format, tools, partnership).
            return (
                calendar
                + tables.language[0]
                + level
                + tables.class_size
                + fmt_points
                + most_tools
                + partnership
            )

        best_format = max(tables.format[fmt, other] for other in kinds)
        most = rest(tables.level[0], best_format)
        most_with_partnership = rest(tables.level[0], best_format, tables.partnership)
        classes = [
            (
                rest(
                    tables.level[min(abs(eqf - other_eqf), len(tables.level) - 1)], tables.format[fmt, other]
                ),
                other_eqf,
                other,
            )
            for other_eqf in EQF_LEVELS
            for other in kinds
        ]
        classes.sort(key=lambda c: (c[0], -c[1], c[2] or ""), reverse=True)
        return Ceilings(most, most_with_partnership, classes)
