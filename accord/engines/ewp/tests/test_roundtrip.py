"""Property: render -> parse -> render is the identity on conditions, contacts and hash."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.engines.ewp import (
    Contact,
    Iia,
    IiaPartner,
    LanguageSkill,
    MobilityKind,
    MobilitySpec,
    SubjectArea,
    compute_iia_hash,
    iia_hashes_in_document,
    parse_iia_get_response,
    render_iia_get_response,
)

SCHAC = st.sampled_from(
    ["uw.edu.pl", "hibo.no", "uni-heidelberg.de", "unibo.it", "ucl.ac.uk", "upm.es", "uc.pt", "kuleuven.be"]
)
ISCED = st.sampled_from(["0011", "0314", "0413", "0533", "0613", "0714", "0913", "1014"])
CEFR = st.sampled_from(["A1", "A2", "B1", "B2", "C1", "C2"])
LANGUAGE = st.sampled_from(["en", "pl", "de", "fr", "no", "es", "it", "pt-BR", "sr-Latn"])
# AsciiPrintableIdentifier: 1-64 printable ASCII characters, no space.
IDENTIFIER = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=64)
# Free text: any character XML 1.0 can carry (no controls, surrogates, private use or non-characters).
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")), min_size=1, max_size=40
)
EMAIL = st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.[a-z]{2,3}", fullmatch=True)
PHONE = st.from_regex(r"\+[0-9]{1,15}", fullmatch=True)
POSITIVE_DECIMAL = st.integers(1, 99_999).flatmap(
    lambda n: st.sampled_from([Decimal(n), Decimal(n).scaleb(-1), Decimal(n).scaleb(-2)])
)

contacts = st.builds(
    Contact,
    contact_name=TEXT,
    person_given_names=st.none() | TEXT,
    person_family_name=st.none() | TEXT,
    email=st.none() | EMAIL,
    phone_e164=st.none() | PHONE,
    role_description=st.none() | TEXT,
)
subject_areas = st.builds(
    SubjectArea,
    isced_f_code=ISCED,
    isced_clarification=st.none() | TEXT,
    v6_value=st.none() | st.from_regex(r"[0-9]{1,3}", fullmatch=True),
)
language_skills = st.builds(
    LanguageSkill,
    language=LANGUAGE,
    cefr_level=st.none() | CEFR,
    subject_area=st.none() | subject_areas,
    not_yet_defined=st.booleans(),
)


@st.composite
def mobility_specs(draw: st.DrawFn) -> MobilitySpec:
    kind = draw(st.sampled_from(list(MobilityKind)))
    first = draw(st.integers(2014, 2035))
    last = first + draw(st.integers(0, 7))
    # Studies and teaching require at least one recommended language skill in v7.
    needs_skill = kind in (MobilityKind.STUDENT_STUDIES, MobilityKind.STAFF_TEACHER)
    student = kind.is_student
    return MobilitySpec(
        kind=kind,
        sending_hei_id=draw(SCHAC),
        sending_ounit_id=draw(st.none() | IDENTIFIER),
        sending_contacts=tuple(draw(st.lists(contacts, max_size=2))),
        receiving_hei_id=draw(SCHAC),
        receiving_ounit_id=draw(st.none() | IDENTIFIER),
        receiving_contacts=tuple(draw(st.lists(contacts, max_size=1))),
        receiving_first_academic_year_id=f"{first}/{first + 1}",
        receiving_last_academic_year_id=f"{last}/{last + 1}",
        mobilities_per_year=draw(st.integers(1, 50)),
        mobilities_per_year_not_yet_defined=draw(st.booleans()),
        recommended_language_skills=tuple(
            draw(st.lists(language_skills, min_size=int(needs_skill), max_size=3))
        ),
        subject_areas=tuple(draw(st.lists(subject_areas, max_size=3))),
        other_info_terms=draw(st.none() | TEXT),
        total_months_per_year=draw(st.none() | POSITIVE_DECIMAL) if student else None,
        blended=draw(st.booleans()) if student else None,
        eqf_levels=tuple(draw(st.lists(st.integers(1, 8), max_size=3))) if student else (),
        total_days_per_year=None if student else draw(st.none() | POSITIVE_DECIMAL),
    )


partners = st.builds(
    IiaPartner,
    hei_id=SCHAC,
    ounit_id=st.none() | IDENTIFIER,
    iia_id=st.none() | IDENTIFIER,
    iia_code=st.none() | TEXT,
    signing_contact=st.none() | contacts,
    signing_date=st.none() | st.dates(),
    contacts=st.lists(contacts, max_size=2).map(tuple),
)
iias = st.builds(
    Iia,
    partners=st.tuples(partners, partners),
    in_effect=st.booleans(),
    conditions=st.lists(mobility_specs(), min_size=0, max_size=6).map(tuple),
    terminated_as_a_whole=st.booleans(),
    pdf_file=st.none() | IDENTIFIER,
)


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(iias, min_size=1, max_size=3))
def test_render_parse_render(agreements: list[Iia]) -> None:
    document = render_iia_get_response(agreements, validate_xsd=True)
    parsed = parse_iia_get_response(document)
    assert len(parsed) == len(agreements)
    for original, back in zip(agreements, parsed, strict=True):
        assert back.conditions == original.conditions
        assert back.partners == original.partners
        assert back.iia_hash == back.computed_iia_hash == compute_iia_hash(original)
        assert dataclasses.replace(back, iia_hash=None) == original
        assert back.valid_for_approval == original.valid_for_approval
    again = render_iia_get_response(parsed)
    assert again == document
    assert all(row.matches for row in iia_hashes_in_document(again))
