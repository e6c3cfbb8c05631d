"""Received documents: every official v6 and v7 example imports; broken and hostile ones write nothing."""

from __future__ import annotations

from typing import Any

import pytest

from accord.agreements.ewp import services as ewp_services
from accord.agreements.models import PartnerIiaCopy
from accord.common.errors import DomainError
from accord.common.models import AuditEvent
from accord.common.roles import Role
from accord.engines.ewp import iia_from_json
from accord_testing.factories import InstitutionFactory, UserFactory, make_agreement
from accord_testing.world import World

from .ewp_support import REFERENCE, make_exportable, partner_document

OFFICIAL = [
    "ewp-specs-api-iias/stable-v7/endpoints/get-response-example.xml",
    "ewp-specs-api-iias/stable-v7/resources/xsltKit/get-response-v7.xml",
    "ewp-specs-api-iias/stable-v6/endpoints/get-response-example.xml",
    "ewp-specs-api-iias/stable-v7/resources/xsltKit/get-response-v6.xml",
]
E950 = "e950faa83a799cf45839e7915db88ed51575babe7845c1219dfde54ce30a61e4"


@pytest.fixture
def hibo(db: Any) -> dict[str, Any]:
    """The official examples are served by uw.edu.pl to hibo.no: here we are hibo.no."""
    home = InstitutionFactory(name="Hibo", schac_id="hibo.no", is_home=True, country="NO")
    warsaw = InstitutionFactory(name="University of Warsaw", schac_id="uw.edu.pl", country="PL")
    agreement = make_agreement(home=home, partner=warsaw)
    agreement.partners.filter(institution=home).update(partner_agreement_id="1954991")
    return {"officer": UserFactory(role=Role.OFFICER), "agreement": agreement, "warsaw": warsaw}


@pytest.mark.parametrize("relative", OFFICIAL)
def test_every_official_example_imports_and_links(hibo: dict[str, Any], relative: str) -> None:
    (result,) = ewp_services.partner_copies_import(
        content=(REFERENCE / relative).read_bytes(), actor=hibo["officer"]
    )
    copy = result.copy
    assert (copy.partner, copy.partner_iia_id) == (hibo["warsaw"], "0f7a5682-faf7-49a7-9cc7-ec486c49a281")
    assert copy.schema_version == ("v6" if "v6" in relative else "v7")
    assert (copy.agreement, result.matched_by) == (hibo["agreement"], "our_iia_id")
    assert copy.partner_iia_code == "983/E+/III14&15" and copy.our_iia_id == "1954991"
    iia = iia_from_json(copy.snapshot["iia"])
    assert iia.computed_iia_hash == copy.conditions_hash
    if relative.endswith("get-response-example.xml"):
        assert copy.conditions_hash == E950  # v6 example: its v7 hash is the v7 example's
    comparison = ewp_services.compare_with_agreement(copy)
    assert comparison is not None and comparison.difference_count > 0  # our test agreement is another one


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><iias-get-response>&xxe;</iias-get-response>"""
EXTERNAL_DTD = b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><r/>'


def _refused(world: World, content: bytes) -> DomainError:
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as caught:
        ewp_services.partner_copies_import(content=content, actor=world.users["officer"])
    assert not PartnerIiaCopy.objects.exists() and AuditEvent.objects.count() == events
    return caught.value


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (BILLION_LAUGHS, "xml_forbidden_dtd"),
        (XXE, "xml_forbidden_dtd"),
        (EXTERNAL_DTD, "xml_forbidden_dtd"),
        (b"<iias-get-response><iia>", "xml_malformed"),
        (b"", "xml_malformed"),
        (b"<html/>", "unsupported_document"),
        (b"<r>" + b"x" * (ewp_services.MAX_DOCUMENT_BYTES + 1) + b"</r>", "xml_too_large"),
    ],
    ids=[
        "billion-laughs",
        "external-entity",
        "external-dtd",
        "truncated",
        "empty",
        "not-an-iia",
        "oversized",
    ],
)
def test_hostile_and_broken_documents_write_nothing(world: World, content: bytes, code: str) -> None:
    assert _refused(world, content).code == code


def test_schema_violation_names_the_line(world: World) -> None:
    make_exportable(world.agreement)
    document = partner_document(world.agreement).replace(
        b"<eqf-level>6</eqf-level>", b"<eqf-level>9</eqf-level>"
    )
    error = _refused(world, document)
    assert error.code == "xsd_invalid" and error.field == "file"
    assert isinstance(error.extra["line"], int) and f"line {error.extra['line']}" in error.message
    assert "eqf-level" in error.message


def test_a_document_from_an_unknown_institution_is_refused(world: World) -> None:
    make_exportable(world.agreement)
    document = partner_document(world.agreement).replace(b"partner.example.org", b"unknown.example.net")
    error = _refused(world, document)
    assert error.code == "unknown_partner" and "unknown.example.net" in error.message


def test_our_own_export_is_not_a_partner_copy(world: World) -> None:
    make_exportable(world.agreement)
    from .ewp_support import loaded

    ours = ewp_services.agreement_iia_document(agreement=loaded(world.agreement))
    assert _refused(world, ours).code == "own_copy"


def test_all_or_nothing_across_the_iias_of_one_document(world: World) -> None:
    make_exportable(world.agreement)
    good = partner_document(world.agreement)
    unknown = partner_document(world.agreement, partner_iia_id="P-2").replace(
        b"partner.example.org", b"unknown.example.net"
    )
    # One response with both <iia> elements: the second refuses the whole document.
    body = unknown.split(b"<iia>", 1)[1].rsplit(b"</iias-get-response>", 1)[0]
    combined = good.replace(b"</iias-get-response>", b"<iia>" + body + b"</iias-get-response>")
    assert combined.count(b"<iia>") == 2
    assert _refused(world, combined).code == "unknown_partner"
