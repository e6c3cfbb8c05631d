"""Our copy of an IIA beside the partner's copy: what differs, and whether the hashes agree.

Each partner serves its own copy with itself as the first partner, so the two documents never have the same
``iia-hash`` even when they describe the same agreement: the hash covers the iia-ids by position. What
matters before approving is whether the partner's document states exactly our agreement. So the comparison
builds *our agreement as the partner's document would have to state it* (partners swapped, conditions and
their lists in the partner's order wherever the content is the same) and hashes that: when it equals the
hash of the partner's document, approving their hash approves exactly what we hold.

The side-by-side rows compare meaning, not text: numbers are normalised (``5`` = ``5.00``), short ISCED
codes are read as their 4-digit "not further defined" form (``061`` = ``0610``), lists are compared as
sets. A document can therefore have no differing row and still a different hash (another order, ``5.0``
instead of ``5``); the comparison says so rather than hiding it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from .model import Iia, IiaPartner, LanguageSkill, MobilityKind, MobilitySpec, SubjectArea
from .render import compute_iia_hash

T = TypeVar("T")

NONE = "—"

KIND_LABELS = {
    MobilityKind.STUDENT_STUDIES: "Student mobility for studies",
    MobilityKind.STUDENT_TRAINEESHIP: "Student traineeship",
    MobilityKind.STAFF_TEACHER: "Staff mobility for teaching",
    MobilityKind.STAFF_TRAINING: "Staff mobility for training",
}


def v7_isced_code(code: str) -> str:
    """A 2- or 3-digit ISCED-F code as the 4-digit code IIAs v7 requires ("061" -> "0610", "06" -> "0600").

    ISCED-F 2013 gives each broad and narrow field a detailed "not further defined" code ending in zeros,
    which is what a shorter code means. Anything else is returned unchanged (the XSD will judge it).
    """
    stripped = code.strip()
    if stripped.isdigit() and 2 <= len(stripped) < 4:
        return stripped.ljust(4, "0")
    return stripped


class Presence(StrEnum):
    BOTH = "both"
    OURS_ONLY = "ours_only"
    THEIRS_ONLY = "theirs_only"


@dataclass(frozen=True)
class Row:
    """One compared value, already written as text for both copies (``—`` when absent)."""

    label: str
    ours: str
    theirs: str

    @property
    def differs(self) -> bool:
        return self.ours != self.theirs


@dataclass(frozen=True)
class Section:
    """A block of rows: the agreement as a whole, one partner (``key`` = hei-id) or one condition."""

    kind: str  # "agreement", "partner" or "condition"
    key: str
    title: str
    rows: tuple[Row, ...]
    presence: Presence = Presence.BOTH

    @property
    def differs(self) -> bool:
        return self.presence is not Presence.BOTH or any(row.differs for row in self.rows)

    @property
    def difference_count(self) -> int:
        if self.presence is not Presence.BOTH:
            return 1
        return sum(row.differs for row in self.rows)


@dataclass(frozen=True)
class IiaComparison:
    """The result of :func:`compare_iias`.

    * ``our_hash_for_partner``: the hash the partner's document must state if it holds exactly our
      agreement (``None`` when our agreement cannot be rendered as IIA v7);
    * ``their_hash``: the hash computed from the partner's own XML;
    * ``their_stated_hash``: the ``iia-hash`` their document states (``None`` for v6 documents).
    """

    general: Section
    partners: tuple[Section, ...]
    conditions: tuple[Section, ...]
    our_hash_for_partner: str | None
    their_hash: str | None
    their_stated_hash: str | None
    their_valid_for_approval: bool

    @property
    def sections(self) -> tuple[Section, ...]:
        return (self.general, *self.partners, *self.conditions)

    @property
    def difference_count(self) -> int:
        return sum(section.difference_count for section in self.sections)

    @property
    def hashes_match(self) -> bool:
        return self.our_hash_for_partner is not None and self.our_hash_for_partner == self.their_hash

    @property
    def their_hash_verified(self) -> bool | None:
        """Whether their stated hash is the hash of their document; ``None`` when they state none."""
        if self.their_stated_hash is None:
            return None
        return self.their_stated_hash == self.their_hash


# Text of the compared values -------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    stripped = (value or "").strip()
    return stripped or NONE


def _number(value: Decimal | int | None) -> str:
    if value is None:
        return NONE
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _bool(value: bool | None) -> str:
    return NONE if value is None else ("yes" if value else "no")


def _area_text(area: SubjectArea) -> str:
    clarification = (area.isced_clarification or "").strip()
    code = v7_isced_code(area.isced_f_code)
    return f"{code} ({clarification})" if clarification else code


def _skill_text(skill: LanguageSkill) -> str:
    parts = [skill.language.strip(), (skill.cefr_level or "").strip()]
    text = " ".join(p for p in parts if p)
    if skill.subject_area is not None:
        text += f" for {_area_text(skill.subject_area)}"
    if skill.not_yet_defined:
        text += " (not yet defined)"
    return text


def _joined(items: Sequence[str]) -> str:
    return "; ".join(sorted(items)) if items else NONE


def _per_year(spec: MobilitySpec) -> str:
    text = _number(spec.mobilities_per_year)
    return f"{text} (not yet defined)" if spec.mobilities_per_year_not_yet_defined else text


def _condition_values(spec: MobilitySpec) -> list[tuple[str, str]]:
    values = [
        ("Sending unit (ounit-id)", _text(spec.sending_ounit_id)),
        ("Receiving unit (ounit-id)", _text(spec.receiving_ounit_id)),
        (
            "Academic years",
            f"{spec.receiving_first_academic_year_id} – {spec.receiving_last_academic_year_id}",
        ),
        ("Mobilities per year", _per_year(spec)),
    ]
    if spec.kind.is_student:
        values += [
            ("Total months per year", _number(spec.total_months_per_year)),
            ("Blended", _bool(spec.blended)),
            ("EQF levels", ", ".join(str(level) for level in sorted(set(spec.eqf_levels))) or NONE),
        ]
    else:
        values.append(("Total days per year", _number(spec.total_days_per_year)))
    values += [
        ("Subject areas", _joined([_area_text(a) for a in spec.subject_areas])),
        ("Recommended languages", _joined([_skill_text(s) for s in spec.recommended_language_skills])),
        ("Other terms", _text(spec.other_info_terms)),
    ]
    return values


def _partner_values(partner: IiaPartner) -> list[tuple[str, str]]:
    return [
        ("iia-id", _text(partner.iia_id)),
        ("iia-code", _text(partner.iia_code)),
        ("Unit (ounit-id)", _text(partner.ounit_id)),
        ("Signing date", partner.signing_date.isoformat() if partner.signing_date else NONE),
    ]


def _general_values(iia: Iia) -> list[tuple[str, str]]:
    return [("In effect", _bool(iia.in_effect)), ("Terminated as a whole", _bool(iia.terminated_as_a_whole))]


def _rows(ours: list[tuple[str, str]] | None, theirs: list[tuple[str, str]] | None) -> tuple[Row, ...]:
    labels = [label for label, _ in (ours or theirs or [])]
    mine, other = dict(ours or []), dict(theirs or [])
    return tuple(Row(label, mine.get(label, NONE), other.get(label, NONE)) for label in labels)


def _presence(ours: object | None, theirs: object | None) -> Presence:
    if ours is None:
        return Presence.THEIRS_ONLY
    return Presence.OURS_ONLY if theirs is None else Presence.BOTH


# Pairing conditions -----------------------------------------------------------------------------------------


def _condition_key(spec: MobilitySpec) -> tuple[str, str, str]:
    return (spec.kind.value, spec.sending_hei_id.strip().lower(), spec.receiving_hei_id.strip().lower())


def _similarity(a: MobilitySpec, b: MobilitySpec) -> int:
    return sum(x == y for x, y in zip(_condition_values(a), _condition_values(b), strict=True))


def pair_conditions(
    ours: Sequence[MobilitySpec], theirs: Sequence[MobilitySpec]
) -> list[tuple[MobilitySpec | None, MobilitySpec | None]]:
    """Pairs of one-direction specs describing the same mobility, in our order, then the partner's extras.

    Specs pair only with the same kind and direction; among several candidates (e.g. two teaching
    specs for two units) the most similar pairs first.
    """
    candidates = [
        (-_similarity(a, b), i, j)
        for i, a in enumerate(ours)
        for j, b in enumerate(theirs)
        if _condition_key(a) == _condition_key(b)
    ]
    partner_of: dict[int, int] = {}
    taken: set[int] = set()
    for _score, i, j in sorted(candidates):
        if i not in partner_of and j not in taken:
            partner_of[i] = j
            taken.add(j)
    pairs: list[tuple[MobilitySpec | None, MobilitySpec | None]] = [
        (spec, theirs[partner_of[i]] if i in partner_of else None) for i, spec in enumerate(ours)
    ]
    pairs += [(None, spec) for j, spec in enumerate(theirs) if j not in taken]
    return pairs


# Our agreement as the partner's document states it --------------------------------------------------------


def _follow(ours: Sequence[T], theirs: Sequence[T], key: Callable[[T], object]) -> tuple[T, ...]:
    """``ours`` reordered to follow ``theirs`` where items match; the rest keep their order at the end."""
    remaining = list(ours)
    ordered: list[T] = []
    for item in theirs:
        match = next((o for o in remaining if key(o) == key(item)), None)
        if match is not None:
            remaining.remove(match)
            ordered.append(match)
    return (*ordered, *remaining)


def _aligned(ours: MobilitySpec, theirs: MobilitySpec) -> MobilitySpec:
    return dataclasses.replace(
        ours,
        recommended_language_skills=_follow(
            ours.recommended_language_skills, theirs.recommended_language_skills, _skill_text
        ),
        subject_areas=_follow(ours.subject_areas, theirs.subject_areas, _area_text),
        eqf_levels=_follow(ours.eqf_levels, theirs.eqf_levels, lambda level: level),
    )


def as_partner_states_it(ours: Iia, theirs: Iia) -> Iia:
    """Our agreement written as the partner's copy must be: their HEI first, lists in their order."""
    pairs = pair_conditions(ours.conditions, theirs.conditions)
    paired = {id(t): o for o, t in pairs if o is not None and t is not None}
    conditions = [_aligned(paired[id(t)], t) for t in theirs.conditions if id(t) in paired]
    conditions += [o for o, t in pairs if o is not None and t is None]
    return dataclasses.replace(
        ours,
        partners=(ours.partners[1], ours.partners[0]),
        conditions=tuple(conditions),
        iia_hash=None,
        computed_iia_hash=None,
    )


def _hash_or_none(iia: Iia) -> str | None:
    try:
        return compute_iia_hash(iia)
    except ValueError:  # something v7 requires is missing (e.g. mobilities per year)
        return None


# The comparison --------------------------------------------------------------------------------------------


def compare_iias(ours: Iia, theirs: Iia) -> IiaComparison:
    """Compare our copy (our HEI first) with the partner's copy (their HEI first)."""
    general = Section("agreement", "", "Agreement", _rows(_general_values(ours), _general_values(theirs)))
    by_hei_ours = {p.hei_id.strip().lower(): p for p in ours.partners}
    by_hei_theirs = {p.hei_id.strip().lower(): p for p in theirs.partners}
    heis = list(by_hei_ours) + [h for h in by_hei_theirs if h not in by_hei_ours]
    partners = tuple(
        Section(
            "partner",
            hei,
            hei,
            _rows(
                _partner_values(by_hei_ours[hei]) if hei in by_hei_ours else None,
                _partner_values(by_hei_theirs[hei]) if hei in by_hei_theirs else None,
            ),
            _presence(by_hei_ours.get(hei), by_hei_theirs.get(hei)),
        )
        for hei in heis
    )
    conditions = []
    for mine, other in pair_conditions(ours.conditions, theirs.conditions):
        sample = mine or other
        assert sample is not None  # a pair always has at least one side
        title = f"{KIND_LABELS[sample.kind]}: {sample.sending_hei_id} → {sample.receiving_hei_id}"
        rows = _rows(_condition_values(mine) if mine else None, _condition_values(other) if other else None)
        conditions.append(
            Section("condition", "/".join(_condition_key(sample)), title, rows, _presence(mine, other))
        )
    return IiaComparison(
        general=general,
        partners=partners,
        conditions=tuple(conditions),
        our_hash_for_partner=_hash_or_none(as_partner_states_it(ours, theirs)),
        their_hash=theirs.computed_iia_hash,
        their_stated_hash=theirs.iia_hash,
        their_valid_for_approval=theirs.valid_for_approval,
    )


def describe_iia(iia: Iia) -> tuple[Section, ...]:
    """One copy alone, in the sections of a comparison (both columns hold its values), for unlinked copies."""
    comparison = compare_iias(iia, iia)
    return comparison.sections
