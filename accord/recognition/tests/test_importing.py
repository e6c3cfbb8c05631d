"""Imports of transcripts: spreadsheet quirks understood, bad files write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from accord.common.spreadsheets import xlsx_bytes
from accord.engines.grades import load_scale
from accord.recognition.importing import read_transcript
from accord.recognition.models import Transcript
from accord.recognition.tests.factories import components, make_learning_agreement
from accord_testing.world import World


@pytest.fixture
def hosts(world: World) -> list[Any]:
    return components(make_learning_agreement(world.mobility), "A")


def test_transcript_rows_match_codes_and_read_excel_dates_and_commas(world: World, hosts: list[Any]) -> None:
    headers = ["Code", "Grade", "Credits", "Assessed on"]
    rows = [["inf 101", 4.5, "6,0", 46030], ["INF-202", "3,5", 6, "31.01.2026"], ["MAT-110", 2, 3, None]]
    entries, report = read_transcript(
        xlsx_bytes(headers, rows), "tor.xlsx", components=hosts, scale=load_scale("pl-2-5")
    )
    assert report.ok, report.problems
    assert [(e.component.code, e.grade, e.credits, e.passed) for e in entries] == [
        ("INF-101", "4.5", Decimal("6.0"), True),
        ("INF-202", "3,5", Decimal(6), True),
        ("MAT-110", "2", Decimal(3), False),
    ]
    assert entries[0].assessed_on == dt.date(2026, 1, 8) and entries[1].assessed_on == dt.date(2026, 1, 31)


def test_transcript_problems_name_row_and_column(world: World, hosts: list[Any]) -> None:
    content = "\ufeffcode;grade;credits\nINF-101;A;6\nNOPE;4;6\nINF-202;4;-1\nINF-101;5;6\n".encode()
    _, report = read_transcript(content, "tor.csv", components=hosts, scale=load_scale("pl-2-5"))
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "grade"),
        (3, "code"),
        (4, "credits"),
        (5, "code"),
    ]


def test_transcript_import_page_confirms_or_writes_nothing(world: World, hosts: list[Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world.client_for("coordinator")
    url = f"/recognition/mobilities/{world.mobility.pk}/transcript/import/"
    bad = SimpleUploadedFile("tor.csv", b"code,grade,credits\nINF-101,9,6\n", "text/csv")
    response = client.post(url, {"file": bad, "scale": "pl-2-5"})
    assert response.status_code == 422 and not Transcript.objects.exists()
    assert "Row 2, column <code>grade</code>" in response.content.decode()
    good = SimpleUploadedFile("tor.csv", b"code,grade,credits\nINF-101,4.5,6\nINF-202,4,6\n", "text/csv")
    preview = client.post(url, {"file": good, "scale": "pl-2-5"})
    assert preview.status_code == 200 and not Transcript.objects.exists()
    done = client.post(url, {"key": preview.context["key"], "scale": "pl-2-5", "confirm": "1"})
    assert done.status_code == 302
    transcript = Transcript.objects.get()
    assert transcript.entries.count() == 2 and transcript.scale == "pl-2-5"
