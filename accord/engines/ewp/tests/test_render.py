"""Rendered IIAs v7 documents are schema-valid and carry the hash of what they contain."""

from __future__ import annotations

import dataclasses

import pytest
from lxml import etree

from accord.engines.ewp import (
    EwpDocumentError,
    MobilityKind,
    SchemaKey,
    SubjectArea,
    compute_iia_hash,
    iia_hash_report,
    iia_hashes_in_document,
    parse_iia_get_response,
    parse_xml,
    render_iia_get_response,
    text_to_hash,
    validate,
    xmlschema_schema,
)

from .conftest import reference_bytes
from .samples import agreement, spec


def assert_valid(document: bytes) -> None:
    tree = parse_xml(document)
    validate(tree, SchemaKey.IIAS_V7_GET)
    xmlschema_schema(SchemaKey.IIAS_V7_GET).validate(tree)  # second opinion; raises with details


def test_rendered_document_is_valid_and_self_consistent() -> None:
    iia = agreement()
    document = render_iia_get_response([iia, agreement(partners=(iia.partners[1], iia.partners[0]))])
    assert document.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert_valid(document)
    reports = iia_hash_report(document)
    assert len(reports) == 2 and all(r.check.matches and r.valid_for_approval for r in reports)
    rows = iia_hashes_in_document(document)
    assert rows[0].computed == compute_iia_hash(iia)
    assert rows[0].computed != rows[1].computed  # partner order is part of the hash


@pytest.mark.parametrize("pretty", [True, False])
def test_pretty_printing_does_not_change_the_hash(pretty: bool) -> None:
    (row,) = iia_hashes_in_document(render_iia_get_response([agreement()], pretty=pretty))
    assert row.matches and row.computed == compute_iia_hash(agreement())


def test_every_kind_and_optional_field_validates() -> None:
    conditions = [spec(kind) for kind in reversed(MobilityKind)] + [
        spec(
            MobilityKind.STUDENT_TRAINEESHIP,
            recommended_language_skills=(),
            total_months_per_year=None,
            eqf_levels=(),
            other_info_terms="Línea\nnueva & <más>",
        ),
        spec(MobilityKind.STAFF_TRAINING, recommended_language_skills=(), total_days_per_year=None),
    ]
    iia = agreement(*conditions, terminated_as_a_whole=True, pdf_file=None)
    document = render_iia_get_response([iia], validate_xsd=True)
    assert_valid(document)
    root = parse_xml(document).getroot()
    kinds = [etree.QName(e).localname for e in root.find("{*}iia/{*}cooperation-conditions")]
    assert kinds == sorted(kinds, key=lambda n: [k.element_name for k in MobilityKind].index(n))
    assert text_to_hash(root[0]).startswith("_@terminated-as-a-whole@_")


def test_empty_response_is_valid() -> None:
    assert_valid(render_iia_get_response([]))


def test_migration_markers_render_and_block_approval() -> None:
    studies = spec(
        MobilityKind.STUDENT_STUDIES,
        mobilities_per_year_not_yet_defined=True,
        subject_areas=(SubjectArea("0314", v6_value="031"),),
    )
    iia = agreement(studies)
    assert not iia.valid_for_approval
    document = render_iia_get_response([iia], validate_xsd=True)
    (report,) = iia_hash_report(document)
    assert report.check.matches and not report.valid_for_approval


def test_values_the_model_cannot_supply_raise() -> None:
    with pytest.raises(ValueError, match="mobilities-per-year"):
        render_iia_get_response([agreement(spec(MobilityKind.STAFF_TEACHER, mobilities_per_year=None))])
    with pytest.raises(ValueError, match="blended"):
        render_iia_get_response([agreement(spec(MobilityKind.STUDENT_STUDIES, blended=None))])


def test_invalid_values_are_caught_by_validate_xsd() -> None:
    bad = agreement(spec(MobilityKind.STAFF_TEACHER, subject_areas=(SubjectArea("031"),)))
    render_iia_get_response([bad])  # rendering alone does not judge values
    with pytest.raises(EwpDocumentError) as caught:
        render_iia_get_response([bad], validate_xsd=True)
    assert caught.value.code == "xsd_invalid" and "isced-f-code" in caught.value.message


@pytest.mark.parametrize(
    ("relative", "official"),
    [
        (
            "ewp-specs-api-iias/stable-v7/endpoints/get-response-example.xml",
            "e950faa83a799cf45839e7915db88ed51575babe7845c1219dfde54ce30a61e4",
        ),
        (
            "ewp-specs-api-iias/stable-v7/resources/xsltKit/get-response-v7.xml",
            "87b33170d7a6c6d894215641f39e7b7de36501265479e5ab3922f32d5b225033",
        ),
    ],
)
def test_re_rendering_an_official_example_gives_the_official_hash(relative: str, official: str) -> None:
    # The model keeps every hashed field: official XML -> model -> our XML -> same hash.
    (iia,) = parse_iia_get_response(reference_bytes(relative))
    document = render_iia_get_response([iia], validate_xsd=True)
    (again,) = parse_iia_get_response(document)
    assert compute_iia_hash(iia) == again.iia_hash == official
    assert dataclasses.replace(again, iia_hash=iia.iia_hash) == iia
