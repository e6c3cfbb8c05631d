"""Inputs of the COIL matching engine: a course offered for virtual exchange, and its weekly live slots.

Offers are frozen and check themselves when built, so the matcher never meets a teaching period that ends
before it starts or a slot that ends before it begins: every rule about what a valid offer is lives here, and
the JSON contract (``parse.py``) only turns JSON types into these. Each error's ``field`` names the culprit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Final, Literal, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import CoilInputError, ErrorCode

CEFR_LEVELS: Final = ("A1", "A2", "B1", "B2", "C1", "C2")
_CEFR_RANK: Final = {level: rank for rank, level in enumerate(CEFR_LEVELS)}
EQF_LEVELS: Final = (5, 6, 7, 8)

Format = Literal["synchronous", "asynchronous", "mixed"]
FORMATS: Final[tuple[Format, ...]] = ("synchronous", "asynchronous", "mixed")

# A language alone ("en"), or with the CEFR level the course works at (("en", "B2")).
LanguageEntry = str | tuple[str, str | None]

_ISCED = re.compile(r"[0-9]{2,4}")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


@dataclass(frozen=True, slots=True)
class Slot:
    """A weekly live session in the offer's time zone: ``weekday`` 0 = Monday, ``end`` later the same day."""

    weekday: int
    start: time
    end: time

    def __post_init__(self) -> None:
        if isinstance(self.weekday, bool) or not isinstance(self.weekday, int) or not 0 <= self.weekday <= 6:
            _fail("bad_slot", "slots", f"weekday must be 0 (Monday) to 6 (Sunday), not {self.weekday!r}")
        for moment in (self.start, self.end):
            if not isinstance(moment, time) or moment.tzinfo is not None or moment.microsecond:
                _fail("bad_slot", "slots", f"start and end must be local times of day, not {moment!r}")
        if self.end <= self.start:
            _fail(
                "bad_slot",
                "slots",
                f"a slot must end after it starts on the same day ({_hhmm(self.start)}-{_hhmm(self.end)})",
            )


@dataclass(frozen=True, slots=True)
class Offer:
    """A course that looks for a partner course to be taught together online for some weeks.

    ``isced`` is an ISCED-F 2013 field ("06" broad, "061" narrow, "0613" detailed); ``start`` and ``end``
    bound the teaching period, both days included; ``timezone`` is an IANA name in which the ``slots`` are
    given. ``format`` and ``tools`` may be unknown (None, empty), which the score treats as neutral.
    """

    id: str
    institution: str
    isced: str
    languages: tuple[LanguageEntry, ...]
    eqf: int
    start: date
    end: date
    timezone: str
    slots: tuple[Slot, ...]
    class_size: int
    title: str
    description: str
    goals: str = ""
    format: Format | None = None
    tools: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for name in ("id", "institution"):
            value = getattr(self, name)
            if not isinstance(value, str):
                _fail("invalid_type", name, f"must be a string, not {value!r}")
            if not value.strip():
                _fail("empty_field", name, "must not be empty")
        if not isinstance(self.isced, str) or not _ISCED.fullmatch(self.isced):
            _fail("bad_isced", "isced", f"must be an ISCED-F code of 2 to 4 digits, not {self.isced!r}")
        language_levels(self.languages)  # raises for a bad entry
        if isinstance(self.eqf, bool) or self.eqf not in EQF_LEVELS:
            _fail("bad_eqf", "eqf", f"must be an EQF level 5 to 8, not {self.eqf!r}")
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, date) or isinstance(value, datetime):
                _fail("invalid_type", name, f"must be a date, not {value!r}")
        if self.end < self.start:
            _fail("bad_period", "end", f"the period ends ({self.end}) before it starts ({self.start})")
        zone(self.timezone)
        if not isinstance(self.slots, tuple) or not all(isinstance(s, Slot) for s in self.slots):
            _fail("invalid_type", "slots", "must be a tuple of Slot")
        if isinstance(self.class_size, bool) or not isinstance(self.class_size, int):
            _fail("invalid_type", "class_size", f"must be an integer, not {self.class_size!r}")
        if self.class_size < 1:
            _fail("bad_class_size", "class_size", f"must be at least 1, not {self.class_size}")
        for name in ("title", "description", "goals"):
            if not isinstance(getattr(self, name), str):
                _fail("invalid_type", name, "must be a string")
        if self.format is not None and self.format not in FORMATS:
            _fail("bad_format", "format", f"must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if not isinstance(self.tools, frozenset) or not all(isinstance(t, str) for t in self.tools):
            _fail("invalid_type", "tools", "must be a frozenset of strings")


def language_levels(entries: Iterable[LanguageEntry]) -> dict[str, int | None]:
    """Primary language subtag (lower case) -> CEFR rank (A1 = 0 ... C2 = 5), or None when no level is given.

    Regional variants are one language for working together ("en-GB" and "en-US" are "en"). A language
    listed twice keeps its highest known level. At least one language is required.
    """
    if isinstance(entries, str) or not isinstance(entries, tuple | list):
        _fail("invalid_type", "languages", "must be a tuple of language codes or (code, CEFR level) pairs")
    levels: dict[str, int | None] = {}
    for entry in entries:
        code, level = (entry, None) if isinstance(entry, str) else _pair(entry)
        key = language_key(code)
        rank = None if level is None else cefr_rank(level)
        if level is not None and rank is None:
            _fail("bad_cefr", "cefr", f"{level!r} is not a CEFR level ({', '.join(CEFR_LEVELS)})")
        known = levels.get(key)
        levels[key] = rank if known is None else known if rank is None else max(known, rank)
    if not levels:
        _fail("bad_language", "languages", "at least one language of collaboration is required")
    return levels


def _pair(entry: object) -> tuple[str, str | None]:
    if (
        isinstance(entry, tuple)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and (entry[1] is None or isinstance(entry[1], str))
    ):
        return entry[0], entry[1]
    _fail("bad_language", "languages", f"{entry!r} is neither a language code nor (code, level)")


@functools.lru_cache(maxsize=1024)
def language_key(code: str) -> str:
    if not _LANGUAGE_TAG.fullmatch(code.strip()):
        _fail("bad_language", "languages", f"{code!r} is not a language code such as 'en' or 'pt-BR'")
    return code.strip().replace("_", "-").split("-", 1)[0].lower()


def cefr_rank(level: str) -> int | None:
    """A1 = 0 ... C2 = 5; lower case is accepted ("b2"), anything else is None."""
    return _CEFR_RANK.get(level.strip().upper()) if isinstance(level, str) else None


@functools.lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """The IANA time zone, or an error naming the field; cached, since offers share a few dozen zones."""
    if not isinstance(name, str):
        _fail("invalid_type", "timezone", f"must be an IANA time zone name, not {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        _fail(
            "unknown_timezone", "timezone", f"unknown time zone {name!r} (an IANA name like 'Europe/Berlin')"
        )


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def _fail(code: ErrorCode, name: str, message: str) -> NoReturn:
    raise CoilInputError(code, f"{name}: {message}", {"field": name})
