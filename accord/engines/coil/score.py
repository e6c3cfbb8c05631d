"""The score of a pair of offers on 0-100: ten factors, their weights, and the sentence that explains them.

Every factor is symmetric, and every pair is computed in one canonical order (the offer with the smaller id
first), so ``score(A, B)`` and ``score(B, A)`` are the same float whichever side asks. The total is summed in
a fixed shape, ``((field + text) + live) + rest``, with ``rest`` the seven cheap factors summed left to right:
replacing the text or live points by their maximum can only raise it (float addition is monotone), which is
what makes the search's upper bounds safe (``search.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Final

from .calendar import Occurrences, hours_per_week
from .errors import CoilInputError
from .model import CEFR_LEVELS, FORMATS, Offer
from .text import cosine, shared_words

MIN_OVERLAP_WEEKS: Final = 4  # a pair with fewer whole weeks in common is never suggested (the contract)
MIN_OVERLAP_DAYS: Final = 7 * MIN_OVERLAP_WEEKS

DETAILED, NARROW, BROAD, DIFFERENT = 4, 3, 2, 0
TIERS: Final = (DETAILED, NARROW, BROAD, DIFFERENT)
_TIER_WORDS: Final = {DETAILED: "detailed", NARROW: "narrow", BROAD: "broad"}

LANGUAGE_NAMES: Final = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fr": "French", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ru": "Russian",
    "sv": "Swedish", "tr": "Turkish", "zh": "Chinese",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class CoilPolicy:
    """Weights (points out of 100, summing to 100) and where each factor saturates.

    Discipline comes first (the field counts most, the shared vocabulary refines it), then whether the
    classes can meet live and for how many weeks, then the rest. A pair gets full live points at
    ``live_full_hours`` a week together and full calendar points at ``calendar_full_weeks`` weeks (COIL
    projects typically run 5-8 weeks); a TF-IDF cosine of ``text_full_at`` already counts as fully similar.
    """

    field: float = 30.0
    text: float = 10.0
    live: float = 20.0
    calendar: float = 12.0
    language: float = 10.0
    level: float = 7.0
    class_size: float = 4.0
    format: float = 3.0
    tools: float = 2.0
    partnership: float = 2.0
    # Share of the field points for the same narrow / broad field (the same detailed field gets all).
    narrow_share: float = 0.7
    broad_share: float = 0.4
    text_full_at: float = 0.5
    live_full_hours: float = 3.0
    calendar_full_weeks: int = 8
    # Each CEFR step between the two classes' levels in a shared language costs this share of its points.
    cefr_step_cost: float = 0.25
    # EQF levels this far apart (or more) get no level points.
    eqf_zero_at: int = 3

    def __post_init__(self) -> None:
        # The search relies on these: tiers in decreasing field points, tables whose first entry is best.
        weights = [getattr(self, f.name) for f in fields(self)[:10]]
        if any(w < 0 for w in weights) or abs(sum(weights) - 100.0) > 1e-9:
            raise CoilInputError("bad_policy", "policy: the ten weights must be >= 0 and sum to 100")
        if not 0.0 <= self.broad_share <= self.narrow_share <= 1.0:
            raise CoilInputError("bad_policy", "policy: 0 <= broad_share <= narrow_share <= 1")
        if min(self.text_full_at, self.live_full_hours, self.calendar_full_weeks, self.eqf_zero_at) <= 0:
            raise CoilInputError("bad_policy", "policy: the saturation points must be positive")
        if not 0.0 <= self.cefr_step_cost <= 1.0:
            raise CoilInputError("bad_policy", "policy: cefr_step_cost must be between 0 and 1")

    def tier_points(self, tier: int) -> float:
        share = {DETAILED: 1.0, NARROW: self.narrow_share, BROAD: self.broad_share}.get(tier, 0.0)
        return self.field * share


@dataclass(frozen=True, slots=True, eq=False)
class Prepared:
    """An offer with what every pair needs computed once: normalised languages, occurrences, TF-IDF vector."""

    rank: int  # position in id order: the canonical order of a pair, and the tie-break
    offer: Offer
    levels: dict[str, int | None]  # language -> CEFR rank or None (see model.language_levels)
    start: int  # ordinals of the first and last day
    end: int
    occurrences: Occurrences
    vector: dict[str, float]
    tools: frozenset[str]  # folded names
    partners: frozenset[str]  # institutions this offer's institution already works with
    # (half hour of the UTC week, how many of its envelope's slots touch it), for those it touches (index.py)
    bins: tuple[tuple[int, int], ...]
    # Copies of the offer's fields the hot loop reads, one attribute away instead of two.
    institution: str
    eqf: int
    size: int
    format: str | None
    solo: str | None  # the one language, when the offer has one and no level for it


@dataclass(frozen=True, slots=True)
class Contribution:
    """One factor's share of a score, for a UI: ``factor`` name, ``points`` and ``detail`` in words."""

    factor: str
    points: float
    detail: str


def field_tier(first: str, second: str) -> int:
    """DETAILED, NARROW or BROAD for the longest ISCED-F level both codes share, else DIFFERENT."""
    if first[:2] != second[:2]:
        return DIFFERENT
    if len(first) < 3 or len(second) < 3 or first[2] != second[2]:
        return BROAD
    if len(first) < 4 or len(second) < 4 or first[3] != second[3]:
        return NARROW
    return DETAILED


def window_days(lo: Prepared, hi: Prepared) -> int:
    return min(lo.end, hi.end) - max(lo.start, hi.start) + 1


def shared_language(lo: Prepared, hi: Prepared) -> bool:
    return not lo.levels.keys().isdisjoint(hi.levels)


def eligible(lo: Prepared, hi: Prepared) -> bool:
    """The blocking rules: other institution, a language in common, at least four whole weeks together."""
    return (
        lo.offer.institution != hi.offer.institution
        and shared_language(lo, hi)
        and window_days(lo, hi) >= MIN_OVERLAP_DAYS
    )


@dataclass(frozen=True, slots=True)
class Tables:
    """A policy's points as lookup tables for the cheap factors, built once with the same arithmetic."""

    calendar: tuple[float, ...]  # by whole weeks in common, the last entry for that many or more
    language: tuple[float, ...]  # by CEFR steps between the two levels of the best shared language
    level: tuple[float, ...]  # by EQF distance, the last entry for that distance or more
    format: dict[tuple[str | None, str | None], float]
    class_size: float
    tools: float
    partnership: float

    @classmethod
    def of(cls, policy: CoilPolicy) -> Tables:
        calendar = tuple(
            policy.calendar * min(1.0, weeks / policy.calendar_full_weeks)
            for weeks in range(policy.calendar_full_weeks + 1)
        )
        language = tuple(
            policy.language * max(0.0, 1.0 - policy.cefr_step_cost * gap) for gap in range(len(CEFR_LEVELS))
        )
        level = tuple(
            policy.level * max(0.0, 1.0 - gap / policy.eqf_zero_at) for gap in range(policy.eqf_zero_at + 1)
        )
        kinds = (None, *FORMATS)
        fmt: dict[tuple[str | None, str | None], float] = {
            (a, b): policy.format * _format(a, b) for a in kinds for b in kinds
        }
        return cls(calendar, language, level, fmt, policy.class_size, policy.tools, policy.partnership)


def rest_points(lo: Prepared, hi: Prepared, days: int, tables: Tables) -> float:
    """The seven cheap factors (calendar ... partnership), summed left to right; every caller uses this."""
    weeks = days // 7
    calendar = tables.calendar[weeks] if weeks < len(tables.calendar) else tables.calendar[-1]
    if (lo.solo is not None and lo.solo in hi.levels) or (hi.solo is not None and hi.solo in lo.levels):
        language = tables.language[0]  # a shared language with no level on one side: no gap
    else:
        language = tables.language[language_gap(lo, hi)[0]]
    gap = lo.eqf - hi.eqf if lo.eqf > hi.eqf else hi.eqf - lo.eqf
    level = tables.level[gap] if gap < len(tables.level) else tables.level[-1]
    size = tables.class_size * (lo.size / hi.size if lo.size < hi.size else hi.size / lo.size)
    fmt = tables.format[lo.format, hi.format]
    if lo.tools and hi.tools:
        tools = tables.tools * (len(lo.tools & hi.tools) / min(len(lo.tools), len(hi.tools)))
    else:
        tools = tables.tools * 0.5
    partnership = tables.partnership if hi.institution in lo.partners else 0.0
    return calendar + language + level + size + fmt + tools + partnership


def language_gap(lo: Prepared, hi: Prepared) -> tuple[int, str]:
    """CEFR steps between the two levels of the best shared language (0 when a level is not given), and
    that language; ties go to the alphabetically first. Only called for pairs sharing a language."""
    best, best_code = len(CEFR_LEVELS), ""
    for code, level in lo.levels.items():
        if code in hi.levels:
            other = hi.levels[code]
            gap = 0 if level is None or other is None else abs(level - other)
            if gap < best or (gap == best and code < best_code):
                best, best_code = gap, code
    return min(best, len(CEFR_LEVELS) - 1), best_code


def text_points(lo: Prepared, hi: Prepared, policy: CoilPolicy) -> float:
    return policy.text * min(1.0, cosine(lo.vector, hi.vector) / policy.text_full_at)


def live_points(total_seconds: int, days: int, policy: CoilPolicy) -> float:
    return policy.live * min(1.0, hours_per_week(total_seconds, days) / policy.live_full_hours)


def total(field_points: float, text: float, live: float, rest: float) -> float:
    """The one shape every score and every bound is summed in (see the module docstring)."""
    return ((field_points + text) + live) + rest


@dataclass(frozen=True, slots=True, eq=False)
class Pair:
    """A scored pair in canonical order, with what the explanation needs; built for every candidate kept."""

    lo: Prepared
    hi: Prepared
    score: float
    days: int
    live_seconds: int
    text: float  # the text points, kept for the explanation
    policy: CoilPolicy = field(repr=False)
    tables: Tables = field(repr=False)

    @property
    def overlap_weeks(self) -> int:
        return self.days // 7

    @property
    def live_hours_per_week(self) -> float:
        return hours_per_week(self.live_seconds, self.days)

    def contributions(self, asking: Prepared | None = None) -> tuple[Contribution, ...]:
        """Each factor's points and what earned them, the asking offer's side named first."""
        mine, theirs = (self.hi, self.lo) if asking is self.hi else (self.lo, self.hi)
        policy, a, b = self.policy, mine.offer, theirs.offer
        tier = field_tier(a.isced, b.isced)
        words = shared_words(self.lo.vector, self.hi.vector)
        fields_said = (f"same {_TIER_WORDS[tier]} field {a.isced[:tier]}" if tier else "different fields") + (
            "" if a.isced == b.isced else f" ({a.isced} and {b.isced})"
        )
        discipline = policy.tier_points(tier) + self.text
        said_words = f"shared words: {', '.join(words)}" if words else "no shared words"
        hours = self.live_hours_per_week
        live = live_points(self.live_seconds, self.days, policy)
        live_said = f"{hours:g} h a week together" if self.live_seconds else "no live time together"
        if not a.slots or not b.slots:
            live_said = "no live sessions planned on one side"
        gap, code = language_gap(mine, theirs)
        tables = self.tables
        first, last = max(a.start, b.start), min(a.end, b.end)
        weeks = self.overlap_weeks
        if mine.tools and theirs.tools:
            tools = tables.tools * (len(mine.tools & theirs.tools) / min(len(mine.tools), len(theirs.tools)))
        else:
            tools = tables.tools * 0.5
        partnered = b.institution in mine.partners
        return (
            Contribution("discipline", discipline, f"{fields_said}; {said_words}"),
            Contribution("live sessions", live, live_said),
            Contribution(
                "calendar",
                tables.calendar[min(weeks, len(tables.calendar) - 1)],
                f"{weeks} weeks in common, {first} to {last}",
            ),
            Contribution("language", tables.language[gap], _language_said(code, mine, theirs)),
            Contribution(
                "level",
                tables.level[min(abs(a.eqf - b.eqf), len(tables.level) - 1)],
                f"both EQF {a.eqf}" if a.eqf == b.eqf else f"EQF {a.eqf} and {b.eqf}",
            ),
            Contribution(
                "class size",
                tables.class_size * (min(a.class_size, b.class_size) / max(a.class_size, b.class_size)),
                f"{a.class_size} and {b.class_size} students",
            ),
            Contribution("format", tables.format[a.format, b.format], _format_said(a, b)),
            Contribution("tools", tools, _tools_said(mine, theirs)),
            Contribution(
                "partnership",
                tables.partnership if partnered else 0.0,
                "existing partners" if partnered else "no partnership yet",
            ),
        )

    def explanation(self, asking: Prepared | None = None) -> str:
        return "; ".join(f"{c.factor} {c.points:.1f} ({c.detail})" for c in self.contributions(asking))


def _language_said(code: str, mine: Prepared, theirs: Prepared) -> str:
    name = LANGUAGE_NAMES.get(code, code)
    levels = [mine.levels.get(code), theirs.levels.get(code)]
    if levels[0] is None and levels[1] is None:
        return name
    said = ["level not given" if rank is None else CEFR_LEVELS[rank] for rank in levels]
    return f"{name}, both {said[0]}" if said[0] == said[1] else f"{name}, {said[0]} and {said[1]}"


def _format(a: str | None, b: str | None) -> float:
    """Unknown on either side is neutral; mixed works half with either; synchronous with asynchronous not."""
    if a is None or b is None:
        return 0.5
    if a == b:
        return 1.0
    return 0.5 if "mixed" in (a, b) else 0.0


def _format_said(a: Offer, b: Offer) -> str:
    if a.format is None or b.format is None:
        return "format not given on one side"
    return f"both {a.format}" if a.format == b.format else f"{a.format} and {b.format}"


def _tools_said(mine: Prepared, theirs: Prepared) -> str:
    if not mine.tools or not theirs.tools:
        return "tools not given on one side"
    shared = sorted(mine.tools & theirs.tools)
    return f"shared: {', '.join(shared)}" if shared else "no shared tools"
