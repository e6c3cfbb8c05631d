"""Inputs of the allocation engine, and the few rules that define them.

The inputs are frozen so that one instance can be allocated under several policies or seeds and compared:
nothing the engine does can leak into the next run. The normalisation helpers live here rather than in the
algorithm because the checker must apply the same *definitions* (what "English B2" means) without sharing
the algorithm's machinery.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

CEFR_LEVELS: Final = ("A1", "A2", "B1", "B2", "C1", "C2")
_CEFR_RANK: Final = {level: rank for rank, level in enumerate(CEFR_LEVELS)}

Policy = Literal["deferred-acceptance", "serial-dictatorship"]
POLICIES: Final[tuple[Policy, ...]] = ("deferred-acceptance", "serial-dictatorship")

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def cefr_rank(level: str) -> int | None:
    """Position of a CEFR level (A1 = 0 ... C2 = 5), or None when it is not one.

    Lower case is accepted because spreadsheets and forms write "b2" as often as "B2".
    """
    return _cefr_rank(level) if isinstance(level, str) else None


def language_key(code: str) -> str | None:
    """The primary language subtag, lower-cased, or None when the code is not a language tag.

    Regional variants are one language for a proficiency requirement: a certificate says "English C1", never
    "British English C1", so "en-GB" satisfies "en" and "pt-BR" satisfies "pt-PT".
    """
    return _language_key(code) if isinstance(code, str) else None


# Cohorts repeat the same few codes and levels endlessly; caching makes the checker's plain loops cheap.
@functools.lru_cache(maxsize=1024)
def _cefr_rank(level: str) -> int | None:
    return _CEFR_RANK.get(level.strip().upper())


@functools.lru_cache(maxsize=4096)
def _language_key(code: str) -> str | None:
    code = code.strip()
    if not _LANGUAGE_TAG.fullmatch(code):
        return None
    return code.replace("_", "-").split("-", 1)[0].lower()


def subject_matches(student_area: str, place_area: str) -> bool:
    """ISCED-F codes nest by prefix, so a place open to "061" (ICT) takes a student in "0613" (software).

    The reverse does not hold: a student recorded only as "061" has not shown the detailed field "0613".
    """
    return student_area.startswith(place_area)


@dataclass(frozen=True, slots=True)
class Student:
    """An applicant; ``score`` is the common ranking every place uses unless it supplies its own priorities.

    ``preferences`` are place ids, most wanted first. ``languages`` maps language codes to CEFR levels.
    """

    id: str
    score: float
    preferences: tuple[str, ...]
    languages: Mapping[str, str] = field(default_factory=dict, hash=False)
    eqf: int | None = None
    subject_areas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    """A destination with seats; every listed requirement must hold for a student to be admissible.

    ``languages`` maps a language code to the minimum CEFR level, all of them required. ``eqf_levels`` and
    ``subject_areas`` are allow-lists where empty means "any". ``priorities``, when given, is this place's
    own complete ranking (student id -> priority, higher first): a student it does not list is not admissible
    here, because a partner who ranks applicants ranks all those it would take. ``partner_id`` ties the place
    to an exchange balance (see ``AllocationOptions.partner_balance``).
    """

    id: str
    capacity: int
    languages: Mapping[str, str] = field(default_factory=dict, hash=False)
    eqf_levels: frozenset[int] = frozenset()
    subject_areas: tuple[str, ...] = ()
    priorities: Mapping[str, float] | None = field(default=None, hash=False)
    partner_id: str | None = None


@dataclass(frozen=True, slots=True)
class AllocationOptions:
    """How to run an allocation; the seed is an argument so that a published result can be reproduced.

    ``partner_balance`` maps a partner id to how many students we may send it this round (students it sends us
    plus the carried-over balance, worked out by the caller). Each place of that partner then offers
    ``max(0, min(capacity, allowance))`` seats. The allowance caps every place of the partner separately,
    not their sum: a shared cap across places would need a different mechanism, so split the allowance over
    the places before calling if that is what the agreement says.
    """

    seed: int = 0
    policy: Policy = "deferred-acceptance"
    partner_balance: Mapping[str, int] = field(default_factory=dict, hash=False)
