"""The JSON contract behind ``accord coil match --input IN.json [--top K]``: JSON in, offers out, and back.

Every rule about the JSON shape lives here, so that the CLI, a test and a future endpoint agree; the rules
about what a valid offer is live in ``model.py``, and an error raised there is re-raised here naming the
offer (its position from 1, and its id) and the field. Unknown fields are refused: a misspelt "timezome"
would otherwise silently drop a whole calendar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, time
from typing import Any, NoReturn

from .errors import CoilInputError, ErrorCode
from .match import DEFAULT_TOP, match
from .model import FORMATS, LanguageEntry, Offer, Slot
from .score import CoilPolicy

_REQUIRED = (
    "id", "institution", "isced", "eqf", "start", "end", "timezone", "slots", "class_size", "title",
    "description",
)  # fmt: skip
_OFFER_FIELDS = frozenset((*_REQUIRED, "language", "languages", "cefr", "goals", "format", "tools"))
_SLOT_FIELDS = frozenset(("weekday", "start", "end"))
_TOP_FIELDS = frozenset(("offers", "partnerships"))
# Raises the offer's error for (code, field, message); never returns.
_Fail = Callable[[ErrorCode, str, str], NoReturn]
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_HHMM = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def run_contract(
    data: object, *, top: object = DEFAULT_TOP, policy: CoilPolicy | None = None
) -> dict[str, Any]:
    """Match the offers of parsed JSON; the JSON-ready answer has every offer id as a key, in input order."""
    k = parse_top(top)
    offers, partnerships = parse_input(data)
    found = match(offers, partnerships=partnerships, top=k, policy=policy)
    return {
        "matches": {
            offer.id: [
                {
                    "offer": s.offer,
                    "score": s.score,
                    "overlap_weeks": s.overlap_weeks,
                    "live_overlap_hours_per_week": s.live_overlap_hours_per_week,
                    "explanation": s.explanation,
                }
                for s in found[offer.id]
            ]
            for offer in offers
        }
    }


def parse_top(value: object) -> int:
    """K from the command line (text) or a caller (int): a whole number of at least 1."""
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise CoilInputError(
            "bad_top", f"--top must be a whole number of at least 1, not {value!r}", {"field": "top"}
        )
    return value


def parse_input(data: object) -> tuple[list[Offer], list[tuple[str, str]]]:
    """The offers (in input order) and partnerships of the contract's JSON; duplicate ids are refused."""
    if not isinstance(data, dict):
        _fail("invalid_type", "the input must be a JSON object with a list of 'offers'", "offers")
    unknown = sorted(str(key) for key in data if key not in _TOP_FIELDS)
    if unknown:
        _fail(
            "unknown_field",
            f"the input has unknown field {unknown[0]!r}; allowed: offers, partnerships",
            unknown[0],
        )
    if "offers" not in data:
        _fail("missing_field", "the input has no 'offers' list", "offers")
    items = data["offers"]
    if not isinstance(items, list):
        _fail("invalid_type", "'offers' must be a list", "offers")
    offers: list[Offer] = []
    first_of: dict[str, int] = {}
    for n, item in enumerate(items):
        offer = _offer(item, n)
        if offer.id in first_of:
            _fail(
                "duplicate_offer",
                f"offer #{n + 1} (id {offer.id!r}): id: already used by offer #{first_of[offer.id] + 1}",
                "id",
                n,
                offer.id,
            )
        first_of[offer.id] = n
        offers.append(offer)
    return offers, _partnerships(data.get("partnerships"))


def _partnerships(value: object) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(
            "invalid_type",
            "'partnerships' must be a list of [institution, institution] pairs",
            "partnerships",
        )
    found = []
    for n, pair in enumerate(value):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(name, str) and name for name in pair)
            or pair[0] == pair[1]
        ):
            _fail(
                "bad_partnership",
                f"partnerships[{n}]: must be two different institutions, not {pair!r}",
                "partnerships",
            )
        found.append((pair[0], pair[1]))
    return found


def _offer(item: object, n: int) -> Offer:
    where = f"offer #{n + 1}"
    if not isinstance(item, dict):
        _fail("invalid_type", f"{where}: must be a JSON object", "offer", n)
    raw_id = item.get("id")
    offer_id = raw_id if isinstance(raw_id, str) and raw_id else None
    if offer_id is not None:
        where = f"{where} (id {offer_id!r})"

    def fail(code: ErrorCode, name: str, message: str) -> NoReturn:
        _fail(code, f"{where}: {name}: {message}", name, n, offer_id)

    unknown = sorted(str(key) for key in item if key not in _OFFER_FIELDS)
    if unknown:
        fail("unknown_field", unknown[0], f"unknown field; allowed: {', '.join(sorted(_OFFER_FIELDS))}")
    for name in _REQUIRED:
        if name not in item:
            fail("missing_field", name, "required")
    if "language" not in item and "languages" not in item:
        fail("missing_field", "language", "required (or a list of 'languages')")
    for name in ("id", "institution", "isced", "timezone", "title", "description", "goals"):
        if name in item and not isinstance(item[name], str):
            fail("invalid_type", name, f"must be a string, not {_json(item[name])}")
    for name in ("eqf", "class_size"):
        if isinstance(item[name], bool) or not isinstance(item[name], int):
            fail("invalid_type", name, f"must be an integer, not {_json(item[name])}")
    fmt = item.get("format")
    if fmt is not None and fmt not in FORMATS:
        fail("bad_format", "format", f"must be one of {', '.join(FORMATS)} or null, not {_json(fmt)}")
    try:
        return Offer(
            id=item["id"],
            institution=item["institution"],
            isced=item["isced"],
            languages=_languages(item, fail),
            eqf=item["eqf"],
            start=_date(item["start"], "start", fail),
            end=_date(item["end"], "end", fail),
            timezone=item["timezone"],
            slots=_slots(item["slots"], fail),
            class_size=item["class_size"],
            title=item["title"],
            description=item["description"],
            goals=item.get("goals") or "",
            format=fmt,
            tools=_tools(item.get("tools"), fail),
        )
    except CoilInputError as error:
        # The model's message starts with the field; name the offer in front of it.
        _fail(error.code, f"{where}: {error.message}", error.field or "offer", n, offer_id)


def _languages(item: Mapping[str, object], fail: _Fail) -> tuple[LanguageEntry, ...]:
    codes: list[str] = []
    if "language" in item:
        if not isinstance(item["language"], str):
            fail("invalid_type", "language", f"must be a language code, not {_json(item['language'])}")
        codes.append(item["language"])
    listed = item.get("languages", [])
    if not isinstance(listed, list) or not all(isinstance(code, str) for code in listed):
        fail("invalid_type", "languages", f"must be a list of language codes, not {_json(listed)}")
    codes += [code for code in listed if code not in codes]
    cefr = item.get("cefr")
    if cefr is None:
        return tuple(codes)
    if isinstance(cefr, str):
        # One level: that of 'language' (or of every listed language when there is no 'language').
        primary = {item["language"]} if "language" in item else set(codes)
        return tuple((code, cefr) if code in primary else code for code in codes)
    if not isinstance(cefr, dict) or not all(isinstance(level, str) for level in cefr.values()):
        fail(
            "invalid_type",
            "cefr",
            f"must be a level such as 'B2' or an object {{language: level}}, not {_json(cefr)}",
        )
    for code in cefr:
        if code not in codes:
            fail("bad_cefr", "cefr", f"gives a level for {code!r}, which is not one of the offer's languages")
    return tuple((code, cefr[code]) if code in cefr else code for code in codes)


def _date(value: object, name: str, fail: _Fail) -> date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        fail("bad_date", name, f"must be a date YYYY-MM-DD, not {_json(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail("bad_date", name, f"{value!r} is not a calendar date")


def _slots(value: object, fail: _Fail) -> tuple[Slot, ...]:
    if not isinstance(value, list):
        fail("invalid_type", "slots", f"must be a list of {{weekday, start, end}}, not {_json(value)}")
    slots = []
    for n, item in enumerate(value):
        name = f"slots[{n}]"
        if not isinstance(item, dict):
            fail("invalid_type", name, "must be an object {weekday, start, end}")
        unknown = sorted(str(key) for key in item if key not in _SLOT_FIELDS)
        if unknown:
            fail("unknown_field", f"{name}.{unknown[0]}", "unknown field; allowed: weekday, start, end")
        for part in ("weekday", "start", "end"):
            if part not in item:
                fail("missing_field", f"{name}.{part}", "required")
        weekday = item["weekday"]
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            fail("bad_slot", f"{name}.weekday", f"must be 0 (Monday) to 6 (Sunday), not {_json(weekday)}")
        times = []
        for part in ("start", "end"):
            text = item[part]
            match_ = _HHMM.fullmatch(text) if isinstance(text, str) else None
            if match_ is None:
                fail("bad_slot", f"{name}.{part}", f"must be a time HH:MM (00:00-23:59), not {_json(text)}")
            times.append(time(int(match_.group(1)), int(match_.group(2))))
        if times[1] <= times[0]:
            fail(
                "bad_slot",
                f"{name}.end",
                f"must be after the start ({item['start']}) on the same day, not {item['end']}",
            )
        slots.append(Slot(weekday, times[0], times[1]))
    return tuple(slots)


def _tools(value: object, fail: _Fail) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(tool, str) for tool in value):
        fail("invalid_type", "tools", f"must be a list of tool names, not {_json(value)}")
    return frozenset(value)


def _json(value: object) -> str:
    """A value as the user wrote it in JSON, shortened."""
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _fail(
    code: ErrorCode, message: str, field: str, index: int | None = None, offer: str | None = None
) -> NoReturn:
    extra: dict[str, object] = {"field": field}
    if index is not None:
        extra["index"] = index
    if offer is not None:
        extra["offer"] = offer
    raise CoilInputError(code, message, extra)
