"""Our copy beside the partner's: differences in meaning, and the hash their document must state."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import HealthCheck, given, settings

from accord.engines.ewp import (
    Iia,
    LanguageSkill,
    MobilityKind,
    Presence,
    SubjectArea,
    compare_iias,
    compute_iia_hash,
    describe_iia,
    iia_from_json,
    iia_to_json,
    parse_iia_get_response,
    render_iia_get_response,
    v7_isced_code,
)

from .samples import agreement, spec
from .test_roundtrip import iias


def as_partner_serves(ours: Iia) -> Iia:
    """The partner's copy of the same agreement: their HEI first, parsed back from their document."""
    mirrored = dataclasses.replace(ours, partners=(ours.partners[1], ours.partners[0]))
    (theirs,) = parse_iia_get_response(render_iia_get_response([mirrored]))
    return theirs


def test_the_same_agreement_has_no_difference_and_matching_hashes() -> None:
    ours = agreement()
    theirs = as_partner_serves(ours)
    comparison = compare_iias(ours, theirs)
    assert comparison.difference_count == 0 and comparison.hashes_match
    assert comparison.their_hash_verified is True and comparison.their_hash != compute_iia_hash(ours)
    assert [s.kind for s in comparison.sections] == [
        "agreement",
        "partner",
        "partner",
        "condition",
        "condition",
    ]


def test_a_changed_value_is_one_row() -> None:
    ours = agreement()
    theirs = as_partner_serves(
        dataclasses.replace(
            ours,
            conditions=(dataclasses.replace(ours.conditions[0], mobilities_per_year=3), ours.conditions[1]),
        )
    )
    comparison = compare_iias(ours, theirs)
    assert not comparison.hashes_match and comparison.difference_count == 1
    (row,) = [r for s in comparison.sections for r in s.rows if r.differs]
    assert (row.label, row.ours, row.theirs) == ("Mobilities per year", "2", "3")


def test_conditions_only_on_one_side_are_shown_as_such() -> None:
    ours = agreement()
    extra = spec(MobilityKind.STAFF_TRAINING, sending_hei_id="hibo.no", receiving_hei_id="uw.edu.pl")
    theirs = as_partner_serves(dataclasses.replace(ours, conditions=(*ours.conditions, extra)))
    comparison = compare_iias(ours, theirs)
    assert [s.presence for s in comparison.conditions] == [Presence.BOTH, Presence.BOTH, Presence.THEIRS_ONLY]
    assert comparison.difference_count == 1


def test_order_of_lists_does_not_matter_but_number_format_does() -> None:
    skills = (LanguageSkill("en", "B2"), LanguageSkill("pl", "B1"))
    ours = agreement(
        spec(MobilityKind.STUDENT_STUDIES, recommended_language_skills=skills, eqf_levels=(6, 7))
    )
    reordered = dataclasses.replace(
        ours.conditions[0], recommended_language_skills=skills[::-1], eqf_levels=(7, 6)
    )
    comparison = compare_iias(ours, as_partner_serves(dataclasses.replace(ours, conditions=(reordered,))))
    assert comparison.difference_count == 0 and comparison.hashes_match  # same content, in their order
    five = dataclasses.replace(ours.conditions[0], total_months_per_year=Decimal("5.0"))
    comparison = compare_iias(ours, as_partner_serves(dataclasses.replace(ours, conditions=(five,))))
    assert comparison.difference_count == 0 and not comparison.hashes_match  # "5.0" is not "5" to the hash


def test_short_isced_codes_read_as_not_further_defined() -> None:
    assert [v7_isced_code(c) for c in ("06", "061", "0613", " 0314 ", "x1")] == [
        "0600",
        "0610",
        "0613",
        "0314",
        "x1",
    ]
    ours = agreement(spec(MobilityKind.STUDENT_STUDIES, subject_areas=(SubjectArea("0610"),)))
    theirs = as_partner_serves(ours)
    short = dataclasses.replace(theirs.conditions[0], subject_areas=(SubjectArea("061"),))
    assert compare_iias(ours, dataclasses.replace(theirs, conditions=(short,))).difference_count == 0


def test_a_copy_alone_is_described_in_the_same_sections() -> None:
    sections = describe_iia(agreement())
    assert all(not s.differs for s in sections) and len(sections) == 5


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(iias)
def test_json_snapshot_round_trip_and_self_comparison(iia: Iia) -> None:
    assert iia_from_json(iia_to_json(iia)) == iia
    try:
        theirs = as_partner_serves(iia)
    except ValueError:  # hypothesis may build partners with the same hei-id; not a valid agreement
        return
    comparison = compare_iias(iia, theirs)
    if len({p.hei_id for p in iia.partners}) == 2:
        assert comparison.difference_count == 0
        assert comparison.hashes_match
