"""The shipped XSDs are complete, licensed, load offline and accept the official examples."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from accord.engines.ewp import EwpDocumentError, SchemaKey, lxml_schema, parse_xml, validate, xmlschema_schema
from accord.engines.ewp.xsd import RAW_PREFIX, SCHEMA_DIR, W3C_XML_XSD_URL, map_uri, schema_key_for_root

from .conftest import reference_bytes

EXAMPLES = {
    SchemaKey.IIAS_V7_GET: [
        "ewp-specs-api-iias/stable-v7/endpoints/get-response-example.xml",
        "ewp-specs-api-iias/stable-v7/resources/xsltKit/get-response-v7.xml",
    ],
    SchemaKey.IIAS_V6_GET: [
        "ewp-specs-api-iias/stable-v6/endpoints/get-response-example.xml",
        "ewp-specs-api-iias/stable-v7/resources/xsltKit/get-response-v6.xml",
    ],
    SchemaKey.IIAS_APPROVAL_V2: ["ewp-specs-api-iias-approval/stable-v2/response-example.xml"],
    SchemaKey.OMOBILITIES_V2_GET: ["ewp-specs-api-omobilities/stable-v2/endpoints/get-response-example.xml"],
    SchemaKey.OMOBILITY_LAS_V1_GET: [
        "ewp-specs-api-omobility-las/stable-v1/examples/get-response-example.xml"
    ],
}


def test_every_import_resolves_to_a_shipped_file() -> None:
    for xsd in SCHEMA_DIR.rglob("*.xsd"):
        for location in re.findall(r'schemaLocation="([^"]+)"', xsd.read_text(encoding="utf-8")):
            if location == W3C_XML_XSD_URL:
                continue
            assert location.startswith(RAW_PREFIX), (xsd, location)
            assert (SCHEMA_DIR / location[len(RAW_PREFIX) :]).is_file(), (xsd, location)


def test_every_shipped_repository_keeps_its_licence() -> None:
    folders = {xsd.relative_to(SCHEMA_DIR).parts[:2] for xsd in SCHEMA_DIR.rglob("*.xsd")}
    assert len(folders) == 12
    for repo, branch in folders:
        assert "MIT License" in (SCHEMA_DIR / repo / branch / "LICENSE").read_text(encoding="utf-8")
    assert (SCHEMA_DIR / "ATTRIBUTION.md").is_file()


def test_uri_mapping_is_local() -> None:
    mapped = map_uri(RAW_PREFIX + "ewp-specs-architecture/stable-v1/common-types.xsd")
    assert mapped.startswith("file:")
    assert mapped.endswith("/ewp-specs-architecture/stable-v1/common-types.xsd")
    assert map_uri(W3C_XML_XSD_URL).startswith("file:")


@pytest.mark.parametrize("key", list(SchemaKey))
def test_schemas_compile_offline_and_are_cached(key: SchemaKey, no_network: None) -> None:
    assert lxml_schema(key) is lxml_schema(key)
    xmlschema_schema.cache_clear()  # really load again, with the network switched off
    compiled = xmlschema_schema(key)
    assert compiled is xmlschema_schema(key)
    for url in compiled.maps.namespaces:
        assert not url.startswith("http") or "github.com" in url or "w3.org" in url


@pytest.mark.parametrize(("key", "relative"), [(k, f) for k, files in EXAMPLES.items() for f in files])
def test_official_examples_validate(key: SchemaKey, relative: str, no_network: None) -> None:
    tree = parse_xml(reference_bytes(relative))
    assert schema_key_for_root(tree.getroot()) is key
    validate(tree, key)
    assert xmlschema_schema(key).is_valid(tree)


def test_invalid_document_reports_the_validators_message_and_line() -> None:
    text = reference_bytes("ewp-specs-api-iias/stable-v7/endpoints/get-response-example.xml")
    broken = text.replace(b"<isced-f-code>0314</isced-f-code>", b"<isced-f-code>031</isced-f-code>", 1)
    tree = parse_xml(broken)
    with pytest.raises(EwpDocumentError) as caught:
        validate(tree, SchemaKey.IIAS_V7_GET)
    error = caught.value
    assert error.code == "xsd_invalid"
    assert error.extra["line"] == 69
    assert error.message.startswith("line 69")
    assert "isced-f-code" in error.message and "[0-9]{4}" in error.message
    with pytest.raises(EwpDocumentError) as detailed:
        validate(tree, SchemaKey.IIAS_V7_GET, detailed=True)
    assert "doesn't match any pattern" in detailed.value.message and "line 69" in detailed.value.message


def test_unknown_root_has_no_schema() -> None:
    assert schema_key_for_root(etree.fromstring(b"<iias-get-response/>")) is None
