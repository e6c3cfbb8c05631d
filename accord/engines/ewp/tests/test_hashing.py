"""The iia-hash reproduces every official v7 example and reacts to exactly what the xsltKit says it should."""

from __future__ import annotations

import hashlib
import re

import pytest
from lxml import etree

from accord.engines.ewp import (
    iia_hash,
    iia_hash_report,
    iia_hashes_in_document,
    parse_xml,
    text_to_hash,
    valid_for_approval,
)

from .conftest import IIAS, reference_bytes

V7_EXAMPLE = "ewp-specs-api-iias/stable-v7/endpoints/get-response-example.xml"
V7_XSLTKIT = "ewp-specs-api-iias/stable-v7/resources/xsltKit/get-response-v7.xml"
V6_XSLTKIT = "ewp-specs-api-iias/stable-v7/resources/xsltKit/get-response-v6.xml"
V6_EXAMPLE = "ewp-specs-api-iias/stable-v6/endpoints/get-response-example.xml"

# The hashes published in the official v7 documents (also asserted against the files themselves below).
OFFICIAL_HASHES = {
    V7_EXAMPLE: "e950faa83a799cf45839e7915db88ed51575babe7845c1219dfde54ce30a61e4",
    V7_XSLTKIT: "87b33170d7a6c6d894215641f39e7b7de36501265479e5ab3922f32d5b225033",
}

V7_NS = (
    "https://github.com/erasmus-without-paper/ewp-specs-api-iias/blob/stable-v7/endpoints/get-response.xsd"
)
FIRST_IIA_ID = "0f7a5682-faf7-49a7-9cc7-ec486c49a281"
CONTACT_NS = "https://github.com/erasmus-without-paper/ewp-specs-types-contact/tree/stable-v1"


def first_iia(document: bytes) -> etree._Element:
    root = parse_xml(document).getroot()
    return next(iter(root.iter("{*}iia")))


def readme_text_to_hash_strings() -> list[str]:
    readme = (IIAS / "stable-v7/resources/xsltKit/README.md").read_text(encoding="utf-8")
    return re.findall(r"<text-to-hash>(.*?)</text-to-hash>", readme)


def test_text_to_hash_matches_the_xsltkit_readme_for_v7_and_v6() -> None:
    v6_output, v7_output = readme_text_to_hash_strings()
    assert text_to_hash(first_iia(reference_bytes(V7_XSLTKIT))) == v7_output
    assert text_to_hash(first_iia(reference_bytes(V6_XSLTKIT))) == v6_output
    assert v6_output == v7_output  # the README's point: migration keeps the hash


@pytest.mark.parametrize("relative", sorted(OFFICIAL_HASHES))
def test_hash_matches_each_official_v7_example(relative: str) -> None:
    iia = first_iia(reference_bytes(relative))
    stated = iia.findtext("{*}iia-hash")
    assert stated == OFFICIAL_HASHES[relative]
    assert iia_hash(iia) == stated


def test_every_official_v7_get_response_with_a_hash_is_reproduced() -> None:
    # Sweep the whole v7 folder so a new official example cannot be forgotten. The example-scenario
    # "*.part.xml" files are excluded: their README says they "are not valid responses" (details omitted),
    # and their hashes match no variant of the documented algorithm, i.e. they are placeholders.
    checked = 0
    for path in sorted((IIAS / "stable-v7").rglob("*.xml")):
        if path.name.endswith(".part.xml") or b"iia-hash" not in path.read_bytes():
            continue
        rows = iia_hashes_in_document(path.read_bytes())
        assert rows and all(row.matches for row in rows), (path, rows)
        checked += 1
    assert checked == 2


def test_scenario_fragments_are_hashed_without_error() -> None:
    for path in sorted((IIAS / "stable-v7/example-scenario").glob("*get-response.part.xml")):
        (row,) = iia_hashes_in_document(path.read_bytes())
        assert re.fullmatch(r"[0-9a-f]{64}", row.computed) and row.stated is not None
        # The namespace-less v6 twin (receiving-academic-year-id list) is recognised and hashes the same.
        (v6_row,) = iia_hashes_in_document((IIAS / "stable-v6/example-scenario" / path.name).read_bytes())
        assert v6_row.computed == row.computed


def test_v6_documents_hash_like_their_v7_migration() -> None:
    # The v6 example and the v7 example describe the same agreement: same text-to-hash, same hash.
    assert iia_hash(first_iia(reference_bytes(V6_EXAMPLE))) == OFFICIAL_HASHES[V7_EXAMPLE]
    assert iia_hash(first_iia(reference_bytes(V6_XSLTKIT))) == OFFICIAL_HASHES[V7_XSLTKIT]


def test_valid_for_approval() -> None:
    assert valid_for_approval(first_iia(reference_bytes(V7_EXAMPLE)))
    assert not valid_for_approval(first_iia(reference_bytes(V7_XSLTKIT)))  # not-yet-defined + v6-value
    rows = iia_hash_report(reference_bytes(V7_XSLTKIT))
    assert [(r.check.iia_id, r.valid_for_approval) for r in rows] == [(FIRST_IIA_ID, False)]
    ((iia_id, computed, stated),) = iia_hashes_in_document(reference_bytes(V7_XSLTKIT))  # a plain triple
    assert (iia_id, computed) == (FIRST_IIA_ID, stated)


def test_hashes_in_a_v6_document_have_no_stated_value() -> None:
    (row,) = iia_hashes_in_document(reference_bytes(V6_EXAMPLE))
    assert row.stated is None and not row.matches and row.computed == OFFICIAL_HASHES[V7_EXAMPLE]


# --- Rules, on small hand-written documents -------------------------------------------------------------


def iia_xml(partners: str, conditions: str, attrs: str = "") -> bytes:
    return f"""<iias-get-response xmlns="{V7_NS}" xmlns:c="{CONTACT_NS}">
<iia>{partners}<in-effect>true</in-effect>
<cooperation-conditions{attrs}>{conditions}</cooperation-conditions>
<iia-hash>0000000000000000000000000000000000000000000000000000000000000000</iia-hash></iia>
</iias-get-response>""".encode()


PARTNERS = (
    "<partner><hei-id>a.example</hei-id><iia-id>A1</iia-id></partner>"
    "<partner><hei-id>b.example</hei-id><iia-id>B1</iia-id></partner>"
)
SPEC = """<staff-training-mobility-spec>
<sending-hei-id>a.example</sending-hei-id>{sending_contact}
<receiving-hei-id>b.example</receiving-hei-id>
<receiving-first-academic-year-id>2026/2027</receiving-first-academic-year-id>
<receiving-last-academic-year-id>2027/2028</receiving-last-academic-year-id>
<mobilities-per-year{nyd}>2</mobilities-per-year>
<subject-area><isced-f-code{v6}>0613</isced-f-code></subject-area>
</staff-training-mobility-spec>"""


def text_of(
    partners: str = PARTNERS, attrs: str = "", sending_contact: str = "", nyd: str = "", v6: str = ""
) -> str:
    spec = SPEC.format(sending_contact=sending_contact, nyd=nyd, v6=v6)
    return text_to_hash(first_iia(iia_xml(partners, spec, attrs)))


def test_rule_layout() -> None:
    assert text_of() == (
        "_iia-id_1=A1__iia-id_2=B1_"
        "_cooperation-conditions.staff-training-mobility-spec.sending-hei-id=a.example_"
        "_cooperation-conditions.staff-training-mobility-spec.receiving-hei-id=b.example_"
        "_cooperation-conditions.staff-training-mobility-spec.mobilities-per-year=2_"
        "_staff-training-mobility-spec.subject-area.isced-f-code=0613_"
        "_receiving-first-academic-year-id=2026/2027__receiving-last-academic-year-id=2027/2028_"
    )


def test_rule_contacts_are_excluded() -> None:
    contact = "<sending-contact><c:contact-name>Anna</c:contact-name></sending-contact>"
    assert text_of(sending_contact=contact) == text_of()


def test_rule_partner_order_and_mapping_change_the_text() -> None:
    swapped = (
        "<partner><hei-id>b.example</hei-id><iia-id>B1</iia-id></partner>"
        "<partner><hei-id>a.example</hei-id><iia-id>A1</iia-id></partner>"
    )
    unmapped = (
        "<partner><hei-id>a.example</hei-id><iia-id>A1</iia-id></partner>"
        "<partner><hei-id>b.example</hei-id></partner>"
    )
    assert text_of(swapped).startswith("_iia-id_1=B1__iia-id_2=A1_")
    assert text_of(unmapped).startswith("_iia-id_1=A1__cooperation-conditions.")


def test_rule_not_yet_defined_elements_are_skipped_and_v6_value_replaces_the_code() -> None:
    assert "mobilities-per-year" not in text_of(nyd=' not-yet-defined="true"')
    assert "mobilities-per-year=2" in text_of(nyd=' not-yet-defined="false"')
    assert "isced-f-code=061_" in text_of(v6=' v6-value="061"')
    assert "@" not in text_of(nyd=' not-yet-defined="true"', v6=' v6-value="061"')  # markers never printed


def test_rule_terminated_as_a_whole_comes_first() -> None:
    assert text_of(attrs=' terminated-as-a-whole="true"').startswith("_@terminated-as-a-whole@__iia-id_1=A1_")
    assert text_of(attrs=' terminated-as-a-whole="false"') == text_of()


def test_rule_formatting_and_comments_do_not_matter() -> None:
    plain = first_iia(iia_xml(PARTNERS, SPEC.format(sending_contact="", nyd="", v6="")))
    noisy = SPEC.format(sending_contact="<!-- note -->", nyd="", v6="").replace(
        "<sending-hei-id>a.example</sending-hei-id>", "<sending-hei-id>a.ex<!-- c -->ample</sending-hei-id>"
    )
    prefixed = iia_xml(PARTNERS, noisy).replace(f'xmlns="{V7_NS}"'.encode(), f'xmlns:i="{V7_NS}"'.encode())
    prefixed = re.sub(rb"<(/?)([a-z][a-z-]*)([\s>/])", rb"<\1i:\2\3", prefixed)  # every unprefixed tag
    assert b"<i:iia>" in prefixed and b"<i:sending-hei-id>" in prefixed
    assert text_to_hash(first_iia(prefixed)) == text_to_hash(plain)


def test_hash_is_sha256_hex_of_the_text() -> None:
    iia = first_iia(iia_xml(PARTNERS, SPEC.format(sending_contact="", nyd="", v6="")))
    assert iia_hash(iia) == hashlib.sha256(text_to_hash(iia).encode("utf-8")).hexdigest()
