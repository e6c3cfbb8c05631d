"""Hostile, broken and oversized inputs are refused with a stable error code."""

from __future__ import annotations

import pytest
from lxml import etree

from accord.engines.ewp import DEFAULT_MAX_BYTES, EwpDocumentError, parse_iia_get_response, parse_xml
from accord.engines.ewp.safe_xml import _new_parser

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>"""

XXE_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE iias-get-response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<iias-get-response>&xxe;</iias-get-response>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">
<r>&ent;</r>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>
<r/>"""

DOCTYPE_AFTER_PROLOG = b"""<?xml version="1.0"?>
<!-- a comment first --><?pi data?>
<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>"""


@pytest.mark.parametrize(
    "document",
    [
        BILLION_LAUGHS,
        XXE_FILE,
        EXTERNAL_DTD,
        PARAMETER_ENTITY,
        DOCTYPE_AFTER_PROLOG,
        b"<!DOCTYPE r><r/>",
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>'.encode("utf-16"),
        b"\xef\xbb\xbf<!DOCTYPE r [<!ENTITY x 'y'>]><r>&x;</r>",
    ],
    ids=[
        "billion-laughs",
        "xxe-file",
        "external-dtd",
        "parameter-entity",
        "after-prolog",
        "bare",
        "utf16",
        "utf8-bom",
    ],
)
def test_any_doctype_is_refused(document: bytes) -> None:
    with pytest.raises(EwpDocumentError) as caught:
        parse_xml(document)
    assert caught.value.code == "xml_forbidden_dtd"


def test_hostile_documents_are_refused_by_the_iia_parser_too() -> None:
    for document in (BILLION_LAUGHS, XXE_FILE, EXTERNAL_DTD):
        with pytest.raises(EwpDocumentError) as caught:
            parse_iia_get_response(document)
        assert caught.value.code == "xml_forbidden_dtd"


def test_parser_never_resolves_entities_even_without_the_doctype_check() -> None:
    # Defence in depth: had the prolog check missed a DOCTYPE, nothing would be expanded or read from disk.
    root = etree.fromstring(XXE_FILE, _new_parser())
    assert b"root:" not in etree.tostring(root)
    try:
        root = etree.fromstring(BILLION_LAUGHS, _new_parser())
    except etree.XMLSyntaxError as exc:  # libxml2's amplification guard may stop it first: also safe
        assert "amplification" in str(exc)
    else:
        assert len(etree.tostring(root)) < 100


def test_doctype_text_inside_the_body_is_not_a_false_positive() -> None:
    tree = parse_xml(b"<r><![CDATA[<!DOCTYPE x>]]><!-- <!DOCTYPE y> --></r>")
    assert tree.getroot().text == "<!DOCTYPE x>"


def test_size_limit_is_checked_before_parsing() -> None:
    document = b"<r>" + b"x" * 100 + b"</r>"
    with pytest.raises(EwpDocumentError) as caught:
        parse_xml(document, max_bytes=50)
    assert caught.value.code == "xml_too_large"
    assert caught.value.extra == {"size": len(document), "max_bytes": 50}
    assert parse_xml(document, max_bytes=len(document)).getroot().tag == "r"


def test_default_size_limit_is_5_mb() -> None:
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024
    with pytest.raises(EwpDocumentError) as caught:
        parse_iia_get_response(b"<r>" + b" " * DEFAULT_MAX_BYTES + b"</r>")
    assert caught.value.code == "xml_too_large"


@pytest.mark.parametrize(
    "document",
    [
        b"",
        b"<r>",
        b"<r></s>",
        b"not xml",
        b"<r>&undefined;</r>",
        b"<r a='1' a='2'/>",
        b"<a>" * 300 + b"</a>" * 300,
    ],  # the last one: libxml2's depth limit stays on (huge_tree off)
    ids=["empty", "unclosed", "mismatched", "text", "undefined-entity", "duplicate-attribute", "too-deep"],
)
def test_malformed_documents(document: bytes) -> None:
    with pytest.raises(EwpDocumentError) as caught:
        parse_xml(document)
    assert caught.value.code == "xml_malformed"
    assert "line" in caught.value.extra


def test_only_bytes_are_accepted() -> None:
    with pytest.raises(TypeError):
        parse_xml("<r/>")  # type: ignore[arg-type]


def test_error_shape() -> None:
    error = EwpDocumentError("xml_malformed", "boom", {"line": 3})
    assert isinstance(error, ValueError)
    assert str(error) == "xml_malformed: boom"
    assert (error.code, error.message, error.extra) == ("xml_malformed", "boom", {"line": 3})
