"""The JSON contract behind ``accord allocate --input IN.json --output OUT.json``.

The CLI only reads a file, calls ``run_contract`` and writes the answer; every rule about the shape of the
data is here so the CLI, a test and a future HTTP endpoint agree. Unknown fields are rejected rather than
ignored: a misspelt "langauges" would otherwise silently drop a requirement and change who gets a place.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar, cast

from .checker import check_allocation
from .engine import allocate
from .errors import AllocationInputError
from .gcpause import paused_gc
from .models import POLICIES, AllocationOptions, Place, Policy, Student

_STUDENT_FIELDS = frozenset({"id", "score", "preferences", "languages", "eqf", "subject_areas"})
_PLACE_FIELDS = frozenset({"id", "capacity", "languages", "eqf", "subject_areas", "priorities", "partner_id"})
_TOP_FIELDS = frozenset({"students", "places", "partner_balance"})
_T = TypeVar("_T")


def run_contract(
    data: dict[str, Any], *, policy: str = "deferred-acceptance", seed: int = 0
) -> dict[str, Any]:
    """Allocate from parsed JSON and return the JSON-ready outcome, audited by the independent checker.

    Raises ``AllocationInputError`` for anything invalid; the CLI prints ``error.message`` and exits 2.
    """
    with paused_gc():
        return _run(data, policy, seed)


def _run(data: dict[str, Any], policy: str, seed: int) -> dict[str, Any]:
    if policy not in POLICIES:
        raise AllocationInputError(
            "unknown_policy", f"unknown policy {policy!r}; expected one of {', '.join(POLICIES)}"
        )
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise AllocationInputError("invalid_type", "the seed must be an integer")
    top = _object(data, "the input", _TOP_FIELDS)
    students = [
        _student(item, n) for n, item in enumerate(_list(top, "students", "the input", required=True))
    ]
    places = [_place(item, n) for n, item in enumerate(_list(top, "places", "the input", required=True))]
    balance = _mapping(top, "partner_balance", "the input", _integer)
    chosen: Policy = "serial-dictatorship" if policy == "serial-dictatorship" else "deferred-acceptance"
    result = allocate(students, places, AllocationOptions(seed=seed, policy=chosen, partner_balance=balance))
    report = check_allocation(
        students, places, result.assignments, lottery=result.lottery, partner_balance=balance
    )
    return {
        "assignments": dict(result.assignments),
        "reasons": {
            student_id: [{"place": r.place, "reason": r.text, "code": r.code} for r in reasons]
            for student_id, reasons in result.reasons.items()
        },
        "check": dict(report),
        "policy": result.policy,
        "seed": result.seed,
        "lottery": dict(result.lottery),
        "last_admitted": dict(result.last_admitted),
    }


def _student(item: object, n: int) -> Student:
    where = f"student #{n + 1}"
    obj = _object(item, where, _STUDENT_FIELDS)
    student_id = _string(obj.get("id"), f"{where}: id")
    where = f"student {student_id!r}"
    return Student(
        id=student_id,
        score=_number(obj.get("score"), f"{where}: score"),
        preferences=_strings(_list(obj, "preferences", where, required=True), f"{where}: preference"),
        languages=_mapping(obj, "languages", where, _string),
        eqf=None if obj.get("eqf") is None else _integer(obj["eqf"], f"{where}: eqf"),
        subject_areas=_strings(_list(obj, "subject_areas", where), f"{where}: subject area"),
    )


def _place(item: object, n: int) -> Place:
    where = f"place #{n + 1}"
    obj = _object(item, where, _PLACE_FIELDS)
    place_id = _string(obj.get("id"), f"{where}: id")
    where = f"place {place_id!r}"
    partner = obj.get("partner_id")
    return Place(
        id=place_id,
        capacity=_integer(obj.get("capacity"), f"{where}: capacity"),
        languages=_mapping(obj, "languages", where, _string),
        eqf_levels=frozenset(_integer(level, f"{where}: eqf") for level in _list(obj, "eqf", where)),
        subject_areas=_strings(_list(obj, "subject_areas", where), f"{where}: subject area"),
        priorities=_mapping(obj, "priorities", where, _number) if obj.get("priorities") is not None else None,
        partner_id=None if partner is None else _string(partner, f"{where}: partner_id"),
    )


def _object(value: object, where: str, allowed: frozenset[str]) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise AllocationInputError("invalid_type", f"{where} must be a JSON object")
    unknown = sorted(str(key) for key in value if key not in allowed)
    if unknown:
        if isinstance(value.get("id"), str) and value["id"]:  # name the record the way the user knows it
            where = f"{where.split(' #')[0]} {value['id']!r}"
        raise AllocationInputError(
            "unknown_field",
            f"{where} has unknown field {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}",
        )
    return value


def _list(obj: Mapping[str, object], key: str, where: str, *, required: bool = False) -> list[object]:
    value = obj.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise AllocationInputError("invalid_type", f"{where}: {key} must be a list")
    return value


def _mapping(
    obj: Mapping[str, object], key: str, where: str, convert: Callable[[object, str], _T]
) -> dict[str, _T]:
    value = obj.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise AllocationInputError("invalid_type", f"{where}: {key} must be an object")
    # Fast path for the usual, valid case: checking types in bulk costs far less than a message per item.
    if _only(value, _STR) and _only(value.values(), _KINDS[convert]):
        return dict(value)
    return {_string(k, f"{where}: {key} key"): convert(v, f"{where}: {key}[{k!r}]") for k, v in value.items()}


def _strings(values: list[object], where: str) -> tuple[str, ...]:
    if _only(values, _STR):
        return tuple(cast(list[str], values))
    return tuple(_string(value, where) for value in values)


def _only(values: Collection[object], kinds: frozenset[type]) -> bool:
    """All values are of exactly these types (so never bool for numbers), and no string is empty."""
    return set(map(type, values)) <= kinds and (str not in kinds or "" not in values)


def _string(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise AllocationInputError("invalid_type", f"{where} must be a non-empty string")
    return value


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AllocationInputError("invalid_type", f"{where} must be a number")
    return value


def _integer(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AllocationInputError("invalid_type", f"{where} must be an integer")
    return value


_STR = frozenset({str})
# The exact types each converter accepts, for the fast path of ``_mapping``.
_KINDS: dict[object, frozenset[type]] = {
    _string: _STR,
    _number: frozenset({int, float}),
    _integer: frozenset({int}),
}
