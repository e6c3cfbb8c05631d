"""Every official v6 and v7 get-response parses; wrong documents are refused with the right code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accord.engines.ewp import EwpDocumentError, MobilityKind, parse_iia_get_response

from .conftest import IIAS, REFERENCE, reference_bytes

V7_EXAMPLE = "ewp-specs-api-iias/stable-v7/endpoints/get-response-example.xml"
V7_XSLTKIT = "ewp-specs-api-iias/stable-v7/resources/xsltKit/get-response-v7.xml"
V6_EXAMPLE = "ewp-specs-api-iias/stable-v6/endpoints/get-response-example.xml"
V6_XSLTKIT = "ewp-specs-api-iias/stable-v7/resources/xsltKit/get-response-v6.xml"
E950 = "e950faa83a799cf45839e7915db88ed51575babe7845c1219dfde54ce30a61e4"


def official_get_responses() -> list[str]:
    return sorted(
        str(path.relative_to(REFERENCE))
        for path in IIAS.rglob("*.xml")
        if not path.name.endswith(".part.xml") and b"<iias-get-response" in path.read_bytes()
    )


def test_all_official_get_responses_are_found() -> None:
    assert official_get_responses() == sorted([V6_EXAMPLE, V7_EXAMPLE, V6_XSLTKIT, V7_XSLTKIT])


@pytest.mark.parametrize("relative", official_get_responses())
def test_every_official_get_response_parses(relative: str) -> None:
    (iia,) = parse_iia_get_response(reference_bytes(relative))
    assert [p.hei_id for p in iia.partners] == ["uw.edu.pl", "hibo.no"]
    assert iia.iia_id == "0f7a5682-faf7-49a7-9cc7-ec486c49a281"
    assert iia.conditions and iia.in_effect
    assert iia.source_version == (6 if "stable-v6" in relative or "v6.xml" in relative else 7)


def test_v7_example_fields() -> None:
    (iia,) = parse_iia_get_response(reference_bytes(V7_EXAMPLE))
    assert iia.iia_hash == iia.computed_iia_hash == E950
    assert iia.valid_for_approval and not iia.terminated_as_a_whole
    assert iia.pdf_file == "4a483112-d306-4e77-87ff-05b823fb0e0f"
    first, second = iia.partners
    assert (first.iia_code, second.iia_id) == ("983/E+/III14&15", "1954991")
    assert first.signing_contact is not None and first.signing_contact.email == "email@example.com"
    assert [c.contact_name for c in first.contacts] == ["Jadwiga Kowalska"]
    assert [c.kind for c in iia.conditions] == [
        MobilityKind.STUDENT_STUDIES,
        MobilityKind.STUDENT_TRAINEESHIP,
        MobilityKind.STAFF_TEACHER,
        MobilityKind.STAFF_TEACHER,
        MobilityKind.STAFF_TRAINING,
    ]
    studies = iia.conditions[0]
    assert (
        studies.sending_ounit_id,
        studies.receiving_first_academic_year_id,
        studies.receiving_last_academic_year_id,
    ) == ("140", "2014/2015", "2020/2021")
    assert studies.mobilities_per_year == 2
    skills = [(s.language, s.cefr_level) for s in studies.recommended_language_skills]
    assert skills == [("en", "B1"), ("no", "B1")]
    assert [a.isced_f_code for a in studies.subject_areas] == ["0314"]
    assert (studies.total_months_per_year, studies.blended, studies.eqf_levels) == (Decimal(5), False, (7, 8))
    assert iia.conditions[3].receiving_ounit_id == "140" and iia.conditions[3].total_days_per_year == 14


def test_v7_migration_markers_are_kept() -> None:
    (iia,) = parse_iia_get_response(reference_bytes(V7_XSLTKIT))
    studies = iia.conditions[0]
    assert studies.mobilities_per_year_not_yet_defined
    assert studies.recommended_language_skills[0].not_yet_defined
    assert studies.subject_areas[0].v6_value == "031" and studies.subject_areas[0].isced_f_code == "0314"
    assert [c.contact_name for c in studies.sending_contacts] == ["XYZ"]
    assert not iia.valid_for_approval
    assert iia.iia_hash == iia.computed_iia_hash


def test_v6_fields_are_mapped() -> None:
    (iia,) = parse_iia_get_response(reference_bytes(V6_XSLTKIT))
    assert iia.source_version == 6 and iia.iia_hash is None
    assert iia.conditions_hash == "3ecc69b81e73bf215b5b2c8da0f2b1a77dac97105171669c16c0e88a4e6be84c"
    studies, teacher = iia.conditions
    assert (studies.receiving_first_academic_year_id, studies.receiving_last_academic_year_id) == (
        "2014/2015",
        "2020/2021",
    )
    assert studies.mobilities_per_year is None  # optional in v6
    area = studies.subject_areas[0]
    assert area.isced_f_code == "031" and not area.is_v7_isced and area.v6_value is None
    assert teacher.subject_areas[0].is_v7_isced
    (v6_example,) = parse_iia_get_response(reference_bytes(V6_EXAMPLE))
    assert v6_example.computed_iia_hash == E950  # what the v7 hash of this agreement will be


@pytest.mark.parametrize(
    "relative",
    [
        "ewp-specs-api-iias-approval/stable-v2/response-example.xml",
        "ewp-specs-api-iias/stable-v7/endpoints/index-response-example.xml",
        "ewp-specs-api-iias/stable-v7/example-scenario/01-A-get-response.part.xml",
    ],  # no namespace
)
def test_other_documents_are_unsupported(relative: str) -> None:
    with pytest.raises(EwpDocumentError) as caught:
        parse_iia_get_response(reference_bytes(relative))
    assert caught.value.code == "unsupported_document"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (b"<isced-f-code>0314</isced-f-code>", b"<isced-f-code>031</isced-f-code>", "[0-9]{4}"),
        (b"<mobilities-per-year>2</mobilities-per-year>", b"", "mobilities-per-year"),
        (b"<blended>false</blended>", b"<blended>maybe</blended>", "blended"),
        (b"<iia-hash>e950", b"<iia-hash>E950", "iia-hash"),
        (b"<in-effect>true</in-effect>", b"", "in-effect"),
    ],
    ids=["3-digit-isced", "missing-mobilities", "bad-boolean", "upper-case-hash", "missing-in-effect"],
)
def test_schema_violations_are_rejected_with_the_validators_message(
    old: bytes, new: bytes, expected: str
) -> None:
    document = reference_bytes(V7_EXAMPLE).replace(old, new, 1)
    with pytest.raises(EwpDocumentError) as caught:
        parse_iia_get_response(document)
    error = caught.value
    assert error.code == "xsd_invalid"
    assert expected in error.message
    assert isinstance(error.extra["line"], int) and error.message.startswith(f"line {error.extra['line']}:")


def test_detailed_errors_use_xmlschema() -> None:
    document = reference_bytes(V7_EXAMPLE).replace(b"<cefr-level>B1<", b"<cefr-level>B3<", 1)
    with pytest.raises(EwpDocumentError) as caught:
        parse_iia_get_response(document, detailed_errors=True)
    assert caught.value.code == "xsd_invalid"
    assert "cefr-level" in caught.value.message and "line" in caught.value.message


def test_order_matters() -> None:
    from accord.engines.ewp import render_iia_get_response

    from .samples import agreement

    document = render_iia_get_response([agreement()])
    swapped = document.replace(b"<in-effect>true</in-effect>", b"").replace(
        b"<iia-hash>", b"<in-effect>true</in-effect><iia-hash>", 1
    )
    with pytest.raises(EwpDocumentError) as caught:
        parse_iia_get_response(swapped)
    assert caught.value.code == "xsd_invalid"


def test_signing_date_with_time_zone() -> None:
    from accord.engines.ewp import render_iia_get_response

    from .samples import agreement

    document = render_iia_get_response([agreement()]).replace(b"2026-03-01<", b"2026-03-01+02:00<")
    (iia,) = parse_iia_get_response(document)
    assert iia.partners[0].signing_date == date(2026, 3, 1)


def test_schema_valid_but_unrepresentable_date() -> None:
    from accord.engines.ewp import render_iia_get_response

    from .samples import agreement

    document = render_iia_get_response([agreement()]).replace(b"2026-03-01<", b"12026-03-01<")
    with pytest.raises(EwpDocumentError) as caught:
        parse_iia_get_response(document)
    assert caught.value.code == "unsupported_document"
