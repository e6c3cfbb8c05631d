"""EWP IIA documents through the web pages, the API and the `accord ewp` commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.agreements.models import AgreementPartner, PartnerIiaCopy
from accord.cli import cli
from accord.engines.ewp import parse_iia_get_response
from accord_testing.world import World

from .ewp_support import V7_EXAMPLE, loaded, make_exportable, partner_document
from .test_ewp_documents import XXE

E950 = "e950faa83a799cf45839e7915db88ed51575babe7845c1219dfde54ce30a61e4"


def _post_xml(world: World, persona: str, url: str, content: bytes) -> object:
    return world.client_for(persona).post(url, data=content, content_type="application/xml")


# Web pages ------------------------------------------------------------------------------------------------


def test_agreement_page_shows_the_hash_and_downloads_the_xml(world: World) -> None:
    make_exportable(world.agreement)
    from accord.agreements.ewp.services import agreement_iia_hash

    client = world.client_for("coordinator")
    page = client.get(f"/agreements/{world.agreement.pk}/")
    assert agreement_iia_hash(loaded(world.agreement)).encode() in page.content
    assert b"Download IIA v7 XML" in page.content and b"Import the partner" not in page.content
    download = client.get(f"/agreements/{world.agreement.pk}/iia.xml")
    assert download.status_code == 200 and download["Content-Type"].startswith("application/xml")
    (iia,) = parse_iia_get_response(download.content)
    assert iia.iia_id == str(world.agreement.uuid)


def test_agreement_page_lists_what_blocks_the_export(world: World) -> None:
    page = world.client_for("officer").get(f"/agreements/{world.agreement.pk}/")
    assert b"not exportable yet" in page.content and b"recommended language skill" in page.content
    response = world.client_for("officer").get(f"/agreements/{world.agreement.pk}/iia.xml")
    assert response.status_code == 302  # back to the page, with the reason as a message


def test_upload_shows_the_partner_copy_side_by_side(world: World) -> None:
    make_exportable(world.agreement)
    client = world.client_for("officer")
    upload = SimpleUploadedFile("theirs.xml", partner_document(world.agreement), content_type="text/xml")
    response = client.post("/agreements/ewp/partner-copies/import/", {"file": upload})
    copy = PartnerIiaCopy.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/partner-copies/{copy.pk}/")
    page = client.get(response["Location"])
    assert b"The copies differ: 2 differences" in page.content
    assert page.content.count(b'class="differs"') == 2  # their iia-id and code, which we have not recorded
    assert b"Record their iia-id and code" in page.content
    client.post(f"/agreements/ewp/partner-copies/{copy.pk}/record-ids/")
    assert AgreementPartner.objects.get(
        agreement=world.agreement, institution=world.partner
    ).partner_agreement_id == ("PARTNER-IIA-1")
    page = client.get(f"/agreements/ewp/partner-copies/{copy.pk}/")
    assert b"states exactly our agreement" in page.content and b'class="differs"' not in page.content
    listing = client.get("/agreements/ewp/partner-copies/?hash=match")
    assert b"PARTNER-IIA-1" in listing.content
    assert b"PARTNER-IIA-1" not in client.get("/agreements/ewp/partner-copies/?hash=differ").content
    assert b"PARTNER-IIA-1" not in client.get("/agreements/ewp/partner-copies/?matched=no").content


def test_a_refused_upload_says_why_beside_the_field(world: World) -> None:
    make_exportable(world.agreement)
    client = world.client_for("officer")
    broken = partner_document(world.agreement).replace(
        b"<blended>false</blended>", b"<blended>maybe</blended>"
    )
    response = client.post(
        "/agreements/ewp/partner-copies/import/", {"file": SimpleUploadedFile("x.xml", broken)}
    )
    assert response.status_code == 422 and b"does not follow the official IIAs schema" in response.content
    assert b"line " in response.content and b"blended" in response.content
    response = client.post(
        "/agreements/ewp/partner-copies/import/", {"file": SimpleUploadedFile("x.xml", XXE)}
    )
    assert response.status_code == 422 and b"DTD" in response.content
    assert not PartnerIiaCopy.objects.exists()


def test_unlinked_copy_can_be_linked_from_its_page(world: World) -> None:
    make_exportable(world.agreement)
    client = world.client_for("officer")
    client.post(
        "/agreements/ewp/partner-copies/import/",
        {"file": SimpleUploadedFile("x.xml", partner_document(world.agreement, quote_ours=False))},
    )
    copy = PartnerIiaCopy.objects.get()
    assert copy.agreement_id is None
    page = client.get(f"/agreements/ewp/partner-copies/{copy.pk}/")
    assert b"Not linked to any of our agreements" in page.content
    response = client.post(
        f"/agreements/ewp/partner-copies/{copy.pk}/link/",
        {"agreement": world.agreement.pk, "record_ids": "on"},
    )
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.agreement_id == world.agreement.pk
    # Their iia-id is now recorded on ours; they have not recorded ours yet: the one difference left.
    page = client.get(response["Location"]).content
    assert b"The copies differ: 1 difference<" in page and page.count(b'class="differs"') == 1
    refused = client.post(
        f"/agreements/ewp/partner-copies/{copy.pk}/link/", {"agreement": world.other_agreement.pk}
    )
    assert refused.status_code == 422  # not an agreement with this partner: not among the choices


# API ------------------------------------------------------------------------------------------------------


def test_api_exports_imports_and_compares(world: World) -> None:
    make_exportable(world.agreement)
    client = world.client_for("officer")
    xml = client.get(f"/api/v1/agreements/{world.agreement.pk}/iia.xml")
    assert xml.status_code == 200 and b"iias-get-response" in xml.content
    summary = client.get(f"/api/v1/agreements/{world.agreement.pk}/ewp").json()
    assert (
        summary["exportable"]
        and summary["iia_id"] == str(world.agreement.uuid)
        and not summary["partner_copies"]
    )
    imported = _post_xml(
        world, "officer", "/api/v1/ewp/partner-iia-copies", partner_document(world.agreement)
    )
    assert imported.status_code == 200, imported.content
    (item,) = imported.json()["imported"]
    assert (item["outcome"], item["matched_by"], item["partner_copy"]["agreement_id"]) == (
        "created",
        "our_iia_id",
        world.agreement.pk,
    )
    copy_id = item["partner_copy"]["id"]
    detail = client.get(f"/api/v1/ewp/partner-iia-copies/{copy_id}").json()
    assert detail["comparison"]["difference_count"] == 2 and not detail["comparison"]["hashes_match"]
    assert detail["comparison"]["their_hash_verified"] is True
    mapped = client.post(f"/api/v1/ewp/partner-iia-copies/{copy_id}/record-ids")
    assert mapped.json()["comparison"]["hashes_match"] and mapped.json()["hash_check"] == "match"
    listing = client.get("/api/v1/ewp/partner-iia-copies?hash=match").json()
    assert [c["id"] for c in listing["items"]] == [copy_id]
    assert client.get("/api/v1/ewp/partner-iia-copies?matched=false").json()["count"] == 0


def test_api_refuses_hostile_and_invalid_documents_with_a_code(world: World) -> None:
    response = _post_xml(world, "officer", "/api/v1/ewp/partner-iia-copies", XXE)
    assert response.status_code == 422 and response.json()["code"] == "xml_forbidden_dtd"
    response = _post_xml(world, "officer", "/api/v1/ewp/partner-iia-copies", b"<iias-get-response")
    assert response.status_code == 422 and response.json()["code"] == "xml_malformed"
    assert not PartnerIiaCopy.objects.exists()
    not_exportable = world.client_for("officer").get(f"/api/v1/agreements/{world.agreement.pk}/iia.xml")
    assert not_exportable.status_code == 422 and not_exportable.json()["code"] == "not_exportable"


def test_api_hashes_a_document_without_storing_it(world: World) -> None:
    response = _post_xml(world, "student", "/api/v1/ewp/iia-hash", V7_EXAMPLE.read_bytes())
    assert response.status_code == 200
    assert response.json() == [
        {
            "iia_id": "0f7a5682-faf7-49a7-9cc7-ec486c49a281",
            "computed": E950,
            "stated": E950,
            "matches": True,
            "valid_for_approval": True,
        }
    ]


# CLI ------------------------------------------------------------------------------------------------------


def test_cli_exports_one_file_per_agreement(world: World, tmp_path: Path) -> None:
    make_exportable(world.agreement)
    runner = CliRunner()
    result = runner.invoke(
        cli, ["ewp", "export-iia", "--agreement", str(world.agreement.pk), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    (iia,) = parse_iia_get_response((tmp_path / f"{world.agreement.pk}.xml").read_bytes())
    assert iia.iia_id == str(world.agreement.uuid)
    every = runner.invoke(cli, ["ewp", "export-iia", "--all", "--out", str(tmp_path / "all")])
    # The other agreement has no recommended language: refused with the reason, the rest written.
    assert every.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [f"{world.agreement.pk}.xml"]
    assert f"agreement {world.other_agreement.pk}: " in every.output and "language" in every.output
    usage = runner.invoke(cli, ["ewp", "export-iia", "--out", str(tmp_path)])
    assert usage.exit_code == 2 and "--agreement ID" in usage.output


def test_cli_imports_files_and_reports_refusals(world: World, tmp_path: Path) -> None:
    make_exportable(world.agreement)
    good, hostile = tmp_path / "good.xml", tmp_path / "hostile.xml"
    good.write_bytes(partner_document(world.agreement))
    hostile.write_bytes(XXE)
    result = CliRunner().invoke(
        cli, ["ewp", "import-iia", str(good), str(hostile), "--user", world.users["officer"].username]
    )
    assert result.exit_code == 1
    assert f"created copy {PartnerIiaCopy.objects.get().pk} of partner.example.org" in result.output
    assert "hostile.xml: refused (xml_forbidden_dtd)" in result.output
    refused = CliRunner().invoke(
        cli, ["ewp", "import-iia", str(good), "--user", world.users["auditor"].username]
    )
    assert refused.exit_code == 1 and "permission_denied" in refused.output


def test_cli_prints_the_hash_of_each_iia(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ewp", "iia-hash", str(V7_EXAMPLE)])
    assert result.exit_code == 0
    assert result.output == f"0f7a5682-faf7-49a7-9cc7-ec486c49a281\t{E950}\tmatches\n"
    tampered = tmp_path / "tampered.xml"
    tampered.write_bytes(
        V7_EXAMPLE.read_bytes().replace(b"<mobilities-per-year>2<", b"<mobilities-per-year>3<", 1)
    )
    result = CliRunner().invoke(cli, ["ewp", "iia-hash", str(tampered)])
    assert result.exit_code == 1 and f"differs from stated {E950}" in result.output
    hostile = tmp_path / "hostile.xml"
    hostile.write_bytes(XXE)
    result = CliRunner().invoke(cli, ["ewp", "iia-hash", str(hostile)])
    assert result.exit_code == 1 and "xml_forbidden_dtd" in result.output


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("officer", {"OWN", "OTHER", "LOOSE"}),
        ("auditor", {"OWN", "OTHER", "LOOSE"}),
        ("coordinator", {"OWN"}),
        ("partner_contact", {"OWN"}),
        ("outsider", set()),
    ],
)
def test_lists_show_only_the_copies_of_agreements_one_sees(
    world: World, persona: str, visible: set[str]
) -> None:
    from .ewp_support import make_copy

    make_copy(world.agreement, partner_iia_id="OWN")
    make_copy(world.other_agreement, partner_iia_id="OTHER")
    make_copy(world.agreement, linked=False, partner_iia_id="LOOSE")
    items = world.client_for(persona).get("/api/v1/ewp/partner-iia-copies").json()["items"]
    assert {item["partner_iia_id"] for item in items} == visible
    page = world.client_for(persona).get("/agreements/ewp/partner-copies/").content
    assert {name for name in ("OWN", "OTHER", "LOOSE") if f">{name}<".encode() in page} == visible
