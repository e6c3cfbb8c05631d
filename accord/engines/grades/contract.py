"""The JSON contract behind ``accord grades convert --input IN.json``.

The CLI only reads the file, calls `convert_contract` and prints the answer; on `GradeConversionError` it
prints ``error.message`` and exits 2. Every rule about the shape of the data is here, so the CLI, tests and a
future HTTP endpoint agree. Unknown fields are refused rather than ignored: a misspelt "distribuiton" would
otherwise silently switch the conversion to the linear fallback.

Input::

    {"from": {"grades": ["A", "B", ...], "distribution": [10, 25, ...], "failing": ["F"]},
     "to": {"scale": "it-18-30", "distribution": [...]},
     "grade": "B"}

Each side gives either ``grades`` (passing grades, best first; one grade means pass/fail) or ``scale`` (the
slug of a shipped scale, which also knows numeric ranges, so a 13.5 on "fr-0-20" is understood).
``distribution`` and ``failing`` are optional. Without a distribution on both sides the linear fallback is
used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .catalogue import load_scale
from .convert import convert
from .distribution import GradeDistribution
from .errors import GradeConversionError
from .scale import GradeScale, check_grade

_TOP_FIELDS = frozenset({"from", "to", "grade"})
_SIDE_FIELDS = frozenset({"grades", "scale", "distribution", "failing"})


def convert_contract(data: dict[str, Any]) -> dict[str, Any]:
    """Convert the grade described by parsed JSON; returns ``{"grade", "method", "explanation", "overlaps"}``.

    ``grade`` is the target grade in the form it was given (string or number); ``overlaps`` lists, for the
    percentile method, every target grade sharing part of the source grade's range, as ``{"grade", "points",
    "share"}`` (empty for the linear fallback). Raises `GradeConversionError` for anything invalid.
    """
    top = _object(data, "the input", _TOP_FIELDS)
    if "grade" not in top:
        raise GradeConversionError("missing_field", "the input needs a 'grade' to convert")
    source, source_table = _side(top, "from")
    target, target_table = _side(top, "to")
    result = convert(
        check_grade(top["grade"]),
        source=source,
        target=target,
        source_table=source_table,
        target_table=target_table,
    )
    return {
        "grade": result.grade,
        "method": result.method,
        "explanation": result.explanation,
        "overlaps": [
            {"grade": o.grade, "points": round(o.points, 3), "share": round(o.share, 4)}
            for o in result.overlaps
        ],
    }


def _side(top: Mapping[str, object], key: str) -> tuple[GradeScale, GradeDistribution | None]:
    if key not in top:
        raise GradeConversionError("missing_field", f"the input needs a {key!r} scale")
    side = _object(top[key], f"{key!r}", _SIDE_FIELDS)
    if "scale" in side:
        if "grades" in side or "failing" in side:
            raise GradeConversionError(
                "invalid_scale", f"{key!r} gives a shipped 'scale'; it cannot also list 'grades' or 'failing'"
            )
        slug = side["scale"]
        if not isinstance(slug, str):
            raise GradeConversionError(
                "invalid_type", f"{key!r}: 'scale' must be the slug of a shipped scale"
            )
        scale = load_scale(slug)
    else:
        if "grades" not in side:
            raise GradeConversionError(
                "missing_field", f"{key!r} needs 'grades' (passing grades, best first) or a shipped 'scale'"
            )
        passing = _list(side["grades"], f"{key!r}: 'grades'")
        scale = GradeScale(
            slug=key,
            name=f"the {key!r} scale",
            kind="pass_fail" if len(passing) == 1 else "symbolic",
            passing=tuple(check_grade(g) for g in passing),
            failing=tuple(check_grade(g) for g in _list(side.get("failing", []), f"{key!r}: 'failing'")),
        )
    distribution = side.get("distribution")
    if distribution is None:
        return scale, None
    # GradeDistribution then checks sign, count and sum, with the codes the CLI reports.
    return scale, GradeDistribution(scale, _percentages(distribution, f"{key!r}: 'distribution'"))


def _object(value: object, where: str, allowed: frozenset[str]) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise GradeConversionError("invalid_type", f"{where} must be a JSON object")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise GradeConversionError(
            "unknown_field",
            f"{where} has unknown field {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}",
        )
    return value


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise GradeConversionError("invalid_type", f"{where} must be a JSON list")
    return value


def _percentages(value: object, where: str) -> tuple[float, ...]:
    numbers: list[float] = []
    for item in _list(value, where):
        if isinstance(item, bool) or not isinstance(item, int | float):
            raise GradeConversionError("invalid_type", f"{where} must hold numbers, not {item!r}")
        numbers.append(item)
    return tuple(numbers)
