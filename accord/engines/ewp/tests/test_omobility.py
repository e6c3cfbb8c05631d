"""Outgoing Mobilities v2: the official example, our rendering, the round trip and hostile documents."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engines.ewp.errors import EwpDocumentError
from accord.engines.ewp.omobility import (
    ActivityAttributes,
    ActivityType,
    HeiRef,
    LanguageSkill,
    OMobility,
    OMobilityStatus,
    Student,
    academic_term_id,
    european_student_identifier,
    parse_omobilities_get_response,
    render_omobilities_get_response,
)

from .conftest import reference_bytes

EXAMPLE = "ewp-specs-api-omobilities/stable-v2/endpoints/get-response-example.xml"


def nomination(**overrides: object) -> OMobility:
    values: dict[str, object] = {
        "omobility_id": "0b6c1c0e-6f55-4e1b-9d0a-2f2b1d0c8a11",
        "sending_hei": HeiRef("accord.example.edu", ounit_id="SCI", iia_id="AGR-00001"),
        "receiving_hei": HeiRef("uw.edu.pl"),
        "receiving_academic_year_id": "2026/2027",
        "student": Student(
            given_names="Zoë Anna",
            family_name="Łukasiewicz-Ørsted",
            global_id=european_student_identifier("accord.example.edu", "s123456"),
            birth_date=date(2004, 2, 29),
            citizenship="BE",
            gender=2,
            email="zoe@example.edu",
        ),
        "status": OMobilityStatus.NOMINATION,
        "activity_type": ActivityType.STUDENT_STUDIES,
        "sending_academic_term_ewp_id": "2026/2027-1/2",
        "planned_arrival_date": date(2026, 9, 15),
        "planned_departure_date": date(2027, 1, 31),
        "eqf_level_studied_at_nomination": 6,
        "nominee_isced_f_code": "0613",
        "nominee_language_skills": (LanguageSkill("en", "B2"), LanguageSkill("pl", None)),
    }
    values.update(overrides)
    return OMobility(**values)  # type: ignore[arg-type]


def test_the_official_example_parses() -> None:
    [mobility] = parse_omobilities_get_response(reference_bytes(EXAMPLE))
    assert mobility.omobility_id == "c442c289-5541-4cae-9edb-8ad83e133613"
    assert mobility.sending_hei == HeiRef("uio.no", "140", "dd87538e-49e3-44ae-844e-55ad1b819ce9")
    assert mobility.receiving_hei == HeiRef("uw.edu.pl", None, "549117543")
    assert mobility.student.given_names == "Ivan Petrovich"  # the Latin form, not the Cyrillic one
    assert mobility.student.family_name == "Sidorov"
    assert mobility.student.global_id.endswith(":uio.no:1234567890")
    assert mobility.status is OMobilityStatus.LIVE
    assert mobility.sending_academic_term_ewp_id == "2009/2010-2/2"
    assert mobility.planned_arrival_date == date(2010, 2, 1)
    assert mobility.eqf_level_studied_at_departure == 8
    assert [s.language for s in mobility.nominee_language_skills] == ["no", "en", "pl"]


def test_the_official_example_survives_our_rendering() -> None:
    parsed = parse_omobilities_get_response(reference_bytes(EXAMPLE))
    assert parse_omobilities_get_response(render_omobilities_get_response(parsed)) == parsed


def test_rendering_validates_and_round_trips() -> None:
    mobilities = [nomination(), nomination(omobility_id="second", sending_academic_term_ewp_id=None)]
    document = render_omobilities_get_response(mobilities)
    assert b"<non-standard-mobility-period/>" in document
    assert parse_omobilities_get_response(document) == mobilities


def test_an_empty_response_is_valid() -> None:
    assert parse_omobilities_get_response(render_omobilities_get_response([])) == []


def test_invalid_values_are_refused_before_leaving() -> None:
    with pytest.raises(EwpDocumentError) as info:
        render_omobilities_get_response([nomination(eqf_level_studied_at_nomination=9)])
    assert info.value.code == "xsd_invalid"
    with pytest.raises(EwpDocumentError):
        render_omobilities_get_response([nomination(omobility_id="has space")])


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
_id = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=64)


@settings(max_examples=60, deadline=None)
@given(
    omobility_id=_id,
    given_names=_text.filter(lambda s: s.strip() == s),
    family_name=_text.filter(lambda s: s.strip() == s),
    eqf=st.none() | st.integers(1, 8),
    start=st.dates(date(2000, 1, 1), date(2090, 1, 1)),
    days=st.integers(0, 400),
    status=st.sampled_from(OMobilityStatus),
    activity=st.sampled_from(ActivityType),
    attributes=st.sampled_from(ActivityAttributes),
)
def test_any_nomination_round_trips(
    omobility_id: str,
    given_names: str,
    family_name: str,
    eqf: int | None,
    start: date,
    days: int,
    status: OMobilityStatus,
    activity: ActivityType,
    attributes: ActivityAttributes,
) -> None:
    end = date.fromordinal(start.toordinal() + days)
    year = f"{start.year}/{start.year + 1}"
    mobility = nomination(
        omobility_id=omobility_id,
        student=Student(given_names, family_name, global_id="urn:x"),
        eqf_level_studied_at_nomination=eqf,
        planned_arrival_date=start,
        planned_departure_date=end,
        receiving_academic_year_id=year,
        sending_academic_term_ewp_id=academic_term_id(year, start, end),
        status=status,
        activity_type=activity,
        activity_attributes=attributes,
    )
    assert parse_omobilities_get_response(render_omobilities_get_response([mobility])) == [mobility]


@pytest.mark.parametrize(
    ("start", "end", "term"),
    [
        (date(2026, 9, 15), date(2027, 1, 31), "2026/2027-1/2"),
        (date(2027, 2, 1), date(2027, 6, 30), "2026/2027-2/2"),
        (date(2026, 9, 15), date(2027, 6, 30), "2026/2027-1/1"),
    ],
)
def test_the_smallest_term_holding_the_dates(start: date, end: date, term: str) -> None:
    assert academic_term_id("2026/2027", start, end) == term


HOSTILE = {
    "xml_forbidden_dtd": (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>'
    ),
    "external_entity": b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    "xml_malformed": b"<omobilities-get-response><student-mobility>",
    "unsupported_document": b'<iias-get-response xmlns="urn:other"/>',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_documents_are_refused(name: str) -> None:
    with pytest.raises(EwpDocumentError) as info:
        parse_omobilities_get_response(HOSTILE[name])
    expected = "xml_forbidden_dtd" if name == "external_entity" else name
    assert info.value.code == expected


def test_oversized_and_schema_invalid_documents_are_refused() -> None:
    document = render_omobilities_get_response([nomination()])
    with pytest.raises(EwpDocumentError) as info:
        parse_omobilities_get_response(document, max_bytes=100)
    assert info.value.code == "xml_too_large"
    broken = document.replace(b"<global-id>", b"<global-idx>").replace(b"</global-id>", b"</global-idx>")
    with pytest.raises(EwpDocumentError) as info:
        parse_omobilities_get_response(broken)
    assert info.value.code == "xsd_invalid"
