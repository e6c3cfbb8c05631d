"""The national scales shipped with Accord, one JSON file each in ``scales/``, and the parser they share.

`scale_from_dict` reads the same shape the files use, so an institution's own scale (stored by the Django app
as JSON) goes through the same checks. Only the legacy ECTS percentages ship as a table, flagged as normative:
no real grade distribution tables are public, and inventing some would mislead.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources

from .distribution import GradeDistribution
from .errors import GradeConversionError
from .scale import BETWEEN_POINTS, SCALE_KINDS, Grade, GradeScale, NumericRange, check_grade

_PACKAGE = __name__.rpartition(".")[0]
_SCALE_FIELDS = frozenset({"slug", "name", "kind", "passing", "failing", "numeric", "country", "note"})
_NUMERIC_FIELDS = frozenset({"minimum", "maximum", "pass_mark", "between_points", "decimals"})
_LEGACY_KEY = "normative_legacy_distribution"


def scale_from_dict(data: Mapping[str, object]) -> GradeScale:
    """Build a scale from its JSON form (see ``scales/*.json``); raises `GradeConversionError`."""
    _only(data, _SCALE_FIELDS, "a scale")
    # Matching against the literals (rather than `in`) gives mypy the narrowed Literal type.
    kind = next((k for k in SCALE_KINDS if k == data.get("kind")), None)
    if kind is None:
        raise GradeConversionError(
            "invalid_scale", f"a scale's kind must be one of {SCALE_KINDS}, not {data.get('kind')!r}"
        )
    numeric = data.get("numeric")
    return GradeScale(
        slug=_text(data, "slug"),
        name=_text(data, "name"),
        kind=kind,
        passing=_grades(data.get("passing"), "passing"),
        failing=_grades(data.get("failing", []), "failing"),
        numeric=None if numeric is None else _numeric(numeric),
        country=_text(data, "country", required=False),
        note=_text(data, "note", required=False),
    )


@cache
def shipped_scales() -> dict[str, GradeScale]:
    """Every shipped scale by slug ('ects', 'fr-0-20', 'it-18-30', ...)."""
    scales = {}
    for entry in sorted((resources.files(_PACKAGE) / "scales").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            data.pop(_LEGACY_KEY, None)
            scale = scale_from_dict(data)
            scales[scale.slug] = scale
    return scales


def load_scale(slug: str) -> GradeScale:
    """One shipped scale; raises ``unknown_scale`` naming the known slugs."""
    scales = shipped_scales()
    if slug not in scales:
        raise GradeConversionError(
            "unknown_scale", f"no shipped scale {slug!r}; known scales: {', '.join(sorted(scales))}"
        )
    return scales[slug]


@cache
def legacy_ects_distribution() -> GradeDistribution:
    """The normative legacy ECTS 10/25/30/25/10, flagged ``normative``: a prescription, not real results."""
    text = (resources.files(_PACKAGE) / "scales" / "ects.json").read_text(encoding="utf-8")
    percentages = json.loads(text)[_LEGACY_KEY]["percentages"]
    return GradeDistribution(load_scale("ects"), tuple(percentages), normative=True)


def _only(data: Mapping[str, object], allowed: frozenset[str], where: str) -> None:
    if not isinstance(data, Mapping):
        raise GradeConversionError("invalid_type", f"{where} must be a JSON object")
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise GradeConversionError(
            "unknown_field",
            f"{where} has unknown field {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}",
        )


def _text(data: Mapping[str, object], key: str, *, required: bool = True) -> str:
    value = data.get(key, None if required else "")
    if not isinstance(value, str):
        raise GradeConversionError("invalid_type", f"a scale's {key!r} must be a string")
    return value


def _grades(value: object, key: str) -> tuple[Grade, ...]:
    if not isinstance(value, list):
        raise GradeConversionError("invalid_type", f"a scale's {key!r} must be a list of grades")
    return tuple(check_grade(grade) for grade in value)


def _numeric(value: object) -> NumericRange:
    if not isinstance(value, Mapping):
        raise GradeConversionError("invalid_type", "a scale's 'numeric' must be a JSON object")
    _only(value, _NUMERIC_FIELDS, "a scale's 'numeric'")
    between = next((b for b in BETWEEN_POINTS if b == value.get("between_points", "down")), None)
    if between is None:
        raise GradeConversionError("invalid_scale", f"'between_points' must be one of {BETWEEN_POINTS}")
    decimals = value.get("decimals", 1)
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise GradeConversionError("invalid_type", "a numeric scale's 'decimals' must be a whole number")
    return NumericRange(
        minimum=_number(value, "minimum"),
        maximum=_number(value, "maximum"),
        pass_mark=_number(value, "pass_mark"),
        between_points=between,
        decimals=decimals,
    )


def _number(data: Mapping[str, object], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GradeConversionError("invalid_type", f"a numeric scale's {key!r} must be a number")
    return value
