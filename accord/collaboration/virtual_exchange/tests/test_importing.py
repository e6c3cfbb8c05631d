"""Importing offers from CSV/XLSX: checked row by row, written all or nothing; problems by row and column."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.collaboration.models import VirtualExchangeOffer
from accord.collaboration.virtual_exchange.importing import read_offers
from accord_testing.world import World

COLUMNS = (
    "institution unit title description teacher_name isced eqf languages start end timezone slots class_size "
    "tools"
)
HEADER = "|".join(COLUMNS.split())


def _csv(*rows: str) -> bytes:
    """Rows written with | between cells (the cells use ; themselves), as a comma-separated file."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(line.split("|") for line in [HEADER, *rows])
    return buffer.getvalue().encode()


def _good(world: World) -> list[str]:
    return [
        f"{world.partner.schac_id}||Social robots|Robots for care homes|A. Kowalska|0613|6|en B2|2027-03-01|"
        "2027-06-15|Europe/Warsaw|Tuesday 14:30-16:00; Thu 9:00-10:30|30|video; lms",
        f"{world.home.schac_id}|{world.faculty_a.code}|Robotics|Robots and ethics|Ada|0613|7|en C1; fr|"
        "2027-02-15|2027-06-15|Europe/Brussels||25|",
    ]


def test_a_clean_file_gives_every_offer(world: World) -> None:
    offers, previews, report = read_offers(_csv(*_good(world)), "offers.csv", actor=world.users["officer"])
    assert report.ok, report.as_dicts()
    assert [p.title for p in previews] == ["Social robots", "Robotics"]
    first, second = offers
    assert first.slots == [
        {"weekday": 1, "start": "14:30", "end": "16:00"},
        {"weekday": 3, "start": "09:00", "end": "10:30"},
    ]
    assert first.tools == ["video", "lms"] and first.unit_id is None
    assert second.languages == [{"code": "en", "cefr": "C1"}, {"code": "fr", "cefr": ""}]
    assert second.unit_id == world.faculty_a.pk


def test_every_problem_is_named_by_row_and_column(world: World) -> None:
    rows = [
        *_good(world),
        "nowhere.example||X|Y|Z|0613|6|en|2027-03-01|2027-06-15|Europe/Warsaw||30|",
        f"{world.partner.schac_id}||X|Y|Z|0613|6|en|2027-03-01|2027-06-15|Mars/Base|Someday 10:00|thirty|",
        f"{world.partner.schac_id}||X|Y|Z|0613|6|en|2027-06-01|2027-03-15|Europe/Warsaw||30|",
    ]
    _offers, _previews, report = read_offers(_csv(*rows), "offers.csv", actor=world.users["officer"])
    found = {(p["row"], p["column"]) for p in report.as_dicts()}
    assert (4, "institution") in found
    assert {(5, "slots"), (5, "class_size")} <= found
    assert (6, "end") in found


def test_rows_the_user_may_not_post_are_refused(world: World) -> None:
    _offers, _previews, report = read_offers(
        _csv(*_good(world)), "offers.csv", actor=world.users["coordinator"]
    )
    assert [(p["row"], p["column"]) for p in report.as_dicts()] == [(2, "institution")]


def test_a_missing_column_is_one_problem_on_the_header(world: World) -> None:
    _offers, _previews, report = read_offers(
        b"institution;title\nx;y\n", "offers.csv", actor=world.users["officer"]
    )
    assert {p["column"] for p in report.as_dicts()} >= {"description", "timezone"}
    assert {p["row"] for p in report.as_dicts()} == {1}


def test_upload_preview_confirm_writes_all_or_nothing(world: World) -> None:
    client = world.client_for("officer")
    bad = _csv(*_good(world), "nowhere.example||X|Y|Z|0613|6|en|2027-03-01|2027-06-15|Europe/Warsaw||30|")
    response = client.post(
        "/collaboration/virtual-exchange/import/", {"file": SimpleUploadedFile("o.csv", bad)}
    )
    assert (
        response.status_code == 422 and "Row 4, column <code>institution</code>" in response.content.decode()
    )
    assert not VirtualExchangeOffer.objects.exists()

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in [HEADER, *_good(world)]:
        sheet.append(line.split("|"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        "/collaboration/virtual-exchange/import/", {"file": SimpleUploadedFile("o.xlsx", buffer.getvalue())}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Import 2 offers" in page, page
    key = response.context["key"]
    assert not VirtualExchangeOffer.objects.exists()
    response = client.post("/collaboration/virtual-exchange/import/", {"key": key, "confirm": "1"})
    assert response.status_code == 302
    assert sorted(VirtualExchangeOffer.objects.values_list("title", flat=True)) == [
        "Robotics",
        "Social robots",
    ]
