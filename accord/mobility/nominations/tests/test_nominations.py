"""Nominations: sending, the host's answer, EWP XML export/import and the spreadsheet import."""

import dataclasses
import json
from typing import Any

import pytest
from django.core import mail

from accord.common.models import AuditEvent
from accord.common.spreadsheets import xlsx_bytes
from accord.engines.ewp.omobility import parse_omobilities_get_response
from accord.mobility.models import Mobility, MobilityStatus
from accord.mobility.nominations.services import nomination_accept, nomination_reject, nomination_send
from accord.mobility.nominations.sheet import EXAMPLE_ROW, HEADERS
from accord_testing.data import EWP_REFERENCE as REFERENCE
from accord_testing.factories import ContactFactory, make_mobility, send_api
from accord_testing.world import World

pytestmark = pytest.mark.django_db
EXAMPLE = REFERENCE / "ewp-specs-api-omobilities/stable-v2/endpoints/get-response-example.xml"


def _sent(world: World) -> Mobility:
    world.mobility.person.student_number = "s1"
    world.mobility.person.save()
    return nomination_send(mobility=world.mobility, actor=world.users["officer"])


def test_sending_tells_the_partner_and_records_it(world: World) -> None:
    ContactFactory(institution=world.partner, email="io@partner.example.org")
    mobility = _sent(world)
    assert (
        mobility.status == MobilityStatus.NOMINATED and mobility.nomination_sent_at and mobility.omobility_id
    )
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"io@partner.example.org", world.users["partner_contact"].email} <= recipients
    assert AuditEvent.objects.filter(action="nomination.sent", target_id=str(mobility.pk)).exists()
    assert world.users["partner_contact"].notifications.count() == 1


def test_a_partner_without_any_contact_cannot_be_sent_to(world: World) -> None:
    mobility = make_mobility(agreement=world.other_agreement)
    with pytest.raises(Exception) as info:
        nomination_send(mobility=mobility, actor=world.users["officer"])
    assert getattr(info.value, "code", "") == "no_partner_contact"
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.PLANNED and mobility.nomination_sent_at is None


def test_the_partner_accepts_and_the_office_hears_of_it(world: World) -> None:
    mobility = _sent(world)
    mail.outbox.clear()
    nomination_accept(mobility=mobility, actor=world.users["partner_contact"])
    mobility.refresh_from_db()
    assert (
        mobility.status == MobilityStatus.ACCEPTED and mobility.decided_by == world.users["partner_contact"]
    )
    assert world.users["officer"].notifications.filter(subject__contains="accepted").exists()
    assert world.users["coordinator"].notifications.exists()


def test_a_rejection_needs_a_reason_and_keeps_it(world: World) -> None:
    mobility = _sent(world)
    with pytest.raises(Exception) as info:
        nomination_reject(mobility=mobility, actor=world.users["partner_contact"], reason="  ")
    assert getattr(info.value, "field", "") == "reason"
    nomination_reject(mobility=mobility, actor=world.users["partner_contact"], reason="No places left")
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.REJECTED and mobility.decision_reason == "No places left"
    with pytest.raises(Exception) as info:
        nomination_accept(mobility=mobility, actor=world.users["partner_contact"])
    assert getattr(info.value, "code", "") == "invalid_state"


def test_the_partner_answers_through_the_pages(world: World) -> None:
    mobility = _sent(world)
    client = world.client_for("partner_contact")
    page = client.get(f"/mobilities/{mobility.pk}/")
    assert b"/nomination/reject/" in page.content
    response = client.post(f"/mobilities/{mobility.pk}/nomination/reject/", {"reason": ""})
    assert response.status_code == 200 and b"errorlist" in response.content
    client.post(f"/mobilities/{mobility.pk}/nomination/reject/", {"reason": "Full"})
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.REJECTED


def test_partner_contacts_see_only_nominations_sent_to_them(world: World) -> None:
    unsent = make_mobility(agreement=world.agreement, status="nominated")
    sent = _sent(world)
    other = make_mobility(agreement=world.other_agreement, status="nominated")
    listing = world.client_for("partner_contact").get("/mobilities/nominations/").content.decode()
    assert f"/mobilities/{sent.pk}/" in listing
    assert f"/mobilities/{unsent.pk}/" not in listing and f"/mobilities/{other.pk}/" not in listing
    assert world.client_for("partner_contact").get(f"/mobilities/{other.pk}/").status_code == 404
    api = send_api(world, "partner_contact", "get", "/api/v1/nominations").json()
    assert [item["id"] for item in api["items"]] == [sent.pk]
    office = world.client_for("officer").get("/mobilities/nominations/?sent=no").content.decode()
    assert f"/mobilities/{unsent.pk}/" in office and f"/mobilities/{sent.pk}/" not in office


def test_the_api_sends_and_the_partner_answers(world: World) -> None:
    world.mobility.person.student_number = "s1"
    world.mobility.person.save()
    url = f"/api/v1/nominations/{world.mobility.pk}"
    assert send_api(world, "partner_contact", "post", f"{url}/send").status_code == 403
    assert send_api(world, "officer", "post", f"{url}/send").json()["status"] == "nominated"
    refused = send_api(world, "partner_contact", "post", f"{url}/reject", {"reason": ""})
    assert refused.status_code == 422 and refused.json()["details"]["field"] == "reason"
    assert send_api(world, "student", "post", f"{url}/accept", {}).status_code == 403
    answer = send_api(world, "partner_contact", "post", f"{url}/accept", {"reason": "Welcome"})
    assert answer.status_code == 200 and answer.json()["status"] == "accepted"
    again = send_api(world, "partner_contact", "post", f"{url}/accept", {})
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"


def test_export_validates_and_round_trips(world: World) -> None:
    mobility = _sent(world)
    mobility.eqf_level, mobility.isced_code = 7, "0613"
    mobility.language_skills = [{"language": "en", "cefr": "B2"}]
    mobility.save()
    response = world.client_for("officer").get(f"/mobilities/{mobility.pk}/omobility.xml")
    assert response["Content-Type"].startswith("application/xml")
    [parsed] = parse_omobilities_get_response(response.content)
    assert parsed.omobility_id == mobility.omobility_id
    assert (
        parsed.sending_hei.hei_id == "accord.example.edu"
        and parsed.receiving_hei.hei_id == "partner.example.org"
    )
    assert parsed.student.global_id.endswith("accord.example.edu:s1")
    assert (parsed.planned_arrival_date, parsed.planned_departure_date) == (
        mobility.planned_start,
        mobility.planned_end,
    )
    assert parsed.eqf_level_studied_at_nomination == 7 and parsed.nominee_isced_f_code == "0613"
    assert parsed.status.value == "nomination"
    bulk = send_api(world, "officer", "get", "/api/v1/nominations/omobilities.xml")
    assert [m.omobility_id for m in parse_omobilities_get_response(bulk.content)] == [mobility.omobility_id]


def test_export_refuses_what_ewp_cannot_describe(world: World) -> None:
    response = send_api(world, "officer", "get", f"/api/v1/nominations/{world.mobility.pk}/omobility.xml")
    assert response.status_code == 422 and response.json()["code"] == "not_exportable"  # no student number


def _import_xml(world: World, content: bytes, persona: str = "officer") -> Any:
    return world.client_for(persona).post(
        "/api/v1/nominations/import", data=content, content_type="application/xml"
    )


def test_the_official_example_imports_once(world: World) -> None:
    from accord_testing.factories import InstitutionFactory

    InstitutionFactory(schac_id="uio.no", name="University of Oslo", country="NO")
    world.home.schac_id = "uw.edu.pl"
    world.home.save()
    content = EXAMPLE.read_bytes()
    first = _import_xml(world, content)
    assert first.status_code == 200, first.content
    [created] = first.json()["created"]
    mobility = Mobility.objects.get(pk=created)
    assert mobility.direction == "incoming" and mobility.status == MobilityStatus.ACCEPTED  # "live"
    assert mobility.omobility_id == "c442c289-5541-4cae-9edb-8ad83e133613"
    assert mobility.person.family_name == "Sidorov" and mobility.person.global_id.endswith("1234567890")
    changed = content.replace(b"2010-06-20", b"2010-06-30")
    second = _import_xml(world, changed)
    assert second.json() == {"created": [], "updated": [created]}
    mobility.refresh_from_db()
    assert mobility.planned_end.isoformat() == "2010-06-30"
    assert Mobility.objects.filter(omobility_id=mobility.omobility_id).count() == 1


@pytest.mark.parametrize(
    "content",
    [
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        b"<not-xml",
        b'<omobilities-get-response xmlns="urn:wrong"/>',
    ],
)
def test_hostile_xml_is_refused_with_nothing_written(world: World, content: bytes) -> None:
    before = Mobility.objects.count()
    response = _import_xml(world, content)
    assert response.status_code == 422 and response.json()["code"] == "import_invalid"
    assert Mobility.objects.count() == before


def test_xml_import_is_denied_to_partners_and_auditors(world: World) -> None:
    assert _import_xml(world, b"<x/>", "partner_contact").status_code == 403
    assert _import_xml(world, b"<x/>", "auditor").status_code == 403


def _sheet(rows: list[list[Any]]) -> bytes:
    return xlsx_bytes(HEADERS, rows)


def _row(**changes: Any) -> list[Any]:
    values = dict(zip(HEADERS, EXAMPLE_ROW, strict=True))
    values.update({"sending_institution": "partner.example.org", "unit": "SCI"})
    values.update(changes)
    return [values[h] for h in HEADERS]


def _upload(world: World, content: bytes, name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world.client_for("officer")
    response = client.post("/mobilities/nominations/import/", {"file": SimpleUploadedFile(name, content)})
    return client, response


def test_a_spreadsheet_imports_after_preview(world: World) -> None:
    client, preview = _upload(
        world, _sheet([_row(), _row(omobility_id="uw-2", family_name="Nowak")]), "n.xlsx"
    )
    assert preview.status_code == 200 and b"all valid" in preview.content
    assert not Mobility.objects.filter(direction="incoming").exists()  # nothing before confirming
    key = preview.context["key"]
    done = client.post("/mobilities/nominations/import/", {"key": key})
    assert done.status_code == 302
    incoming = Mobility.objects.filter(direction="incoming", home_institution=world.partner)
    assert incoming.count() == 2
    first = incoming.get(omobility_id="uw-2026-0001")
    assert first.language_skills == [{"language": "en", "cefr": "B2"}, {"language": "pl", "cefr": "C2"}]
    assert first.isced_code == "0613" and first.eqf_level == 6 and first.unit == world.faculty_a


def test_a_spreadsheet_with_one_bad_row_writes_nothing_and_names_it(world: World) -> None:
    rows = [_row(), _row(omobility_id="x2", planned_start="31.13.2026", eqf_level="9", languages="english")]
    _client, response = _upload(world, _sheet(rows), "n.xlsx")
    problems = response.context["problems"]
    columns = {(where, column) for where, column, _message in problems}
    assert {("row 3", "planned_start"), ("row 3", "eqf_level"), ("row 3", "languages")} <= columns
    assert not Mobility.objects.filter(direction="incoming").exists()


def test_csv_with_semicolons_and_excel_dates_is_read(world: World) -> None:
    header = ";".join(HEADERS)
    row = _row(planned_start="15.09.2026", planned_end="46418", unit="", languages="en B2")
    csv = ("\ufeff" + header + "\n" + ";".join(str(v) for v in row) + "\n").encode()
    client, preview = _upload(world, csv, "n.csv")
    assert "key" in preview.context, preview.context.get("problems")
    client.post("/mobilities/nominations/import/", {"key": preview.context["key"]})
    mobility = Mobility.objects.get(direction="incoming")
    assert (
        mobility.planned_start.isoformat() == "2026-09-15"
        and mobility.planned_end.isoformat() == "2027-01-31"
    )


def test_missing_columns_and_unknown_partner_are_reported(world: World) -> None:
    _c, response = _upload(world, b"given_names,family_name\nA,B\n", "n.csv")
    assert "column missing" in response.context["problems"][0][2]
    _c, response = _upload(world, _sheet([_row(sending_institution="nowhere.example")]), "n.xlsx")
    assert response.context["problems"][0][1] == "sending_institution"


def test_the_office_answers_incoming_nominations(world: World) -> None:
    ContactFactory(institution=world.partner, email="io@partner.example.org")
    incoming = make_mobility(agreement=world.agreement, direction="incoming", status="nominated")
    assert (
        send_api(
            world, "partner_contact", "post", f"/api/v1/nominations/{incoming.pk}/accept", {}
        ).status_code
        == 403
    )
    response = send_api(world, "coordinator", "post", f"/api/v1/nominations/{incoming.pk}/accept", {})
    assert response.status_code == 200
    assert any("io@partner.example.org" in m.to for m in mail.outbox)


def test_templates_download(world: World) -> None:
    client = world.client_for("officer")
    csv = client.get("/mobilities/nominations/import/template/")
    assert csv.content.decode("utf-8-sig").splitlines()[0].startswith("sending_institution,")
    xlsx = client.get("/mobilities/nominations/import/template/?format=xlsx")
    assert xlsx.content[:2] == b"PK"
    assert json.loads(json.dumps(HEADERS))


def test_answering_before_sending_and_reminders(world: World) -> None:
    world.mobility.status = MobilityStatus.NOMINATED
    world.mobility.save()
    with pytest.raises(Exception) as info:
        nomination_accept(mobility=world.mobility, actor=world.users["partner_contact"])
    assert getattr(info.value, "code", "") == "invalid_state"
    first = _sent(world)
    reminder = nomination_send(mobility=first, actor=world.users["officer"])
    assert reminder.omobility_id == first.omobility_id  # the id never changes
    assert AuditEvent.objects.filter(action="nomination.resent").count() == 1
    assert "Reminder: nomination of Stu Dent" in mail.outbox[-1].subject


def test_a_later_partner_document_cancels_but_never_overwrites_our_answer(world: World) -> None:
    from accord.engines.ewp.omobility import OMobilityStatus, render_omobilities_get_response
    from accord.mobility.nominations.adapters import to_omobility

    outgoing = _sent(world)
    # Pretend the partner sent us this nomination: swap the sides and use it as an incoming document.
    doc = to_omobility(
        Mobility.objects.select_related("person", "home_institution", "host_institution").get(pk=outgoing.pk)
    )
    incoming_doc = dataclasses.replace(doc, sending_hei=doc.receiving_hei, receiving_hei=doc.sending_hei)
    assert _import_xml(world, render_omobilities_get_response([incoming_doc])).status_code == 200
    mobility = Mobility.objects.get(direction="incoming")
    nomination_accept(mobility=mobility, actor=world.users["officer"])
    again = _import_xml(world, render_omobilities_get_response([incoming_doc]))
    assert again.json() == {"created": [], "updated": []}
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.ACCEPTED
    cancelled = dataclasses.replace(incoming_doc, status=OMobilityStatus.CANCELLED)
    _import_xml(world, render_omobilities_get_response([cancelled]))
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.CANCELLED


def test_staff_mobility_is_left_out_of_the_xml(world: World) -> None:
    _sent(world)
    staff = make_mobility(agreement=world.agreement, status="nominated")
    Mobility.objects.filter(pk=staff.pk).update(mobility_type="staff_teaching")
    single = send_api(world, "officer", "get", f"/api/v1/nominations/{staff.pk}/omobility.xml")
    assert single.status_code == 422 and "student mobility only" in single.json()["message"]
    bulk = send_api(world, "officer", "get", "/api/v1/nominations/omobilities.xml")
    assert len(parse_omobilities_get_response(bulk.content)) == 1


def test_a_coordinator_importing_without_a_unit_is_told_which_column(world: World) -> None:
    from accord.mobility.nominations.importing import ImportRefused, incoming_nominations_save
    from accord.mobility.nominations.sheet import parse_sheet

    items, report = parse_sheet(_sheet([_row(unit="")]), "n.xlsx")
    assert report.ok
    with pytest.raises(ImportRefused) as info:
        incoming_nominations_save(items=items, actor=world.users["coordinator"])
    assert info.value.problems[0][:2] == ("row 2", "unit")
    assert not Mobility.objects.filter(direction="incoming").exists()


def test_real_excel_cells_and_decimal_commas(world: World) -> None:
    import datetime as dt

    from accord.mobility.nominations.sheet import parse_sheet

    row = _row(planned_start=dt.date(2026, 9, 15), planned_end=dt.datetime(2027, 1, 31), ects_planned="27,5")
    row[HEADERS.index("isced_code")] = 613  # Excel dropped the leading zero
    items, report = parse_sheet(_sheet([row]), "n.xlsx")
    assert report.ok, report.problems
    [item] = items
    assert str(item.ects_planned) == "27.5" and item.isced_code == "0613"
    assert item.planned_end.isoformat() == "2027-01-31"


def test_duplicate_ids_in_one_file_are_refused(world: World) -> None:
    _c, response = _upload(world, _sheet([_row(), _row(family_name="Other")]), "n.xlsx")
    from accord.mobility.nominations.sheet import parse_sheet

    items, _report = parse_sheet(_sheet([_row(), _row(family_name="Other")]), "n.xlsx")
    from accord.mobility.nominations.importing import ImportRefused, incoming_nominations_save

    with pytest.raises(ImportRefused) as info:
        incoming_nominations_save(items=items, actor=world.users["officer"])
    assert info.value.problems == [("row 3", "omobility_id", "the same id as row 2")]
    assert response.status_code == 200


def test_list_filters_are_checked(world: World) -> None:
    assert send_api(world, "officer", "get", "/api/v1/nominations?status=bogus").status_code == 400
    sent = _sent(world)
    found = send_api(world, "officer", "get", f"/api/v1/nominations?q={sent.omobility_id}").json()
    assert [item["id"] for item in found["items"]] == [sent.pk]
    assert found["items"][0]["nomination_sent_at"] is not None


def test_xml_naming_unknown_partners_or_no_dates_is_refused_whole(world: World) -> None:
    from accord.engines.ewp.omobility import render_omobilities_get_response
    from accord.engines.ewp.tests.test_omobility import nomination

    known = nomination(
        sending_hei=dataclasses.replace(nomination().sending_hei, hei_id="partner.example.org"),
        receiving_hei=dataclasses.replace(nomination().receiving_hei, hei_id="accord.example.edu"),
    )
    undated = dataclasses.replace(known, omobility_id="undated", planned_departure_date=None)
    stranger = dataclasses.replace(known, omobility_id="stranger", sending_hei=nomination().receiving_hei)
    response = _import_xml(world, render_omobilities_get_response([known, undated, stranger]))
    problems = response.json()["details"]["problems"]
    assert {(p["where"].split(" ")[1], p["field"]) for p in problems} == {
        ("2", "planned-arrival-date"),
        ("3", "sending-hei"),
    }
    assert not Mobility.objects.filter(direction="incoming").exists()
    assert _import_xml(world, render_omobilities_get_response([known])).status_code == 200
