"""Imports of grade tables: spreadsheet quirks understood, bad files write nothing."""

from __future__ import annotations

import pytest

from accord.common.spreadsheets import xlsx_bytes
from accord.recognition.grade_tables.importing import read_grade_tables
from accord.recognition.models import GradeTable
from accord_testing.world import World

POLISH = ("5", "4.5", "4", "3.5", "3")


def _table_csv(rows: list[str], *, sep: str = ";", bom: bool = False) -> bytes:
    header = sep.join(["institution", "scale", "isced", "period", "grade", "percent", "students"])
    text = "\r\n".join([header, *(r.replace(";", sep) for r in rows)]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def _polish_rows(percents: tuple[str, ...] = ("12", "18", "30", "22", "18")) -> list[str]:
    return [
        f"partner.example.org;pl-2-5;0613;2021/2022-2023/2024;{grade};{percent};420"
        for grade, percent in zip(POLISH, percents, strict=True)
    ]


@pytest.mark.parametrize(("sep", "bom"), [(";", True), (",", False), ("\t", True)])
def test_grade_tables_from_csv_with_any_separator_and_bom(world: World, sep: str, bom: bool) -> None:
    rows = _polish_rows(("12", "18", "30", "22", "18"))
    if sep == ";":
        rows = _polish_rows(("12,5", "17,5", "30", "22", "18"))  # decimal commas where ; separates
    inputs, previews, report = read_grade_tables(_table_csv(rows, sep=sep, bom=bom), "tables.csv")
    assert report.ok, report.problems
    assert len(inputs) == 1 and inputs[0].institution_id == world.partner.pk
    assert sum(inputs[0].percentages) == 100
    assert inputs[0].students == 420 and previews[0].replaces is False


def test_grade_tables_from_xlsx_with_numbers_excel_made(world: World) -> None:
    headers = ["Institution", "Scale", "ISCED", "Period", "Grade", "Percent"]
    # Excel keeps 0613 as the number 613 and Polish grades as numbers.
    rows = [
        ["partner.example.org", "pl-2-5", 613, "2023/2024", g, p]
        for g, p in zip((5, 4.5, 4, 3.5, 3), (10, 20, 40, 20, 10), strict=True)
    ]
    inputs, _, report = read_grade_tables(xlsx_bytes(headers, rows), "tables.xlsx")
    assert report.ok, report.problems
    assert inputs[0].isced_code == "0613"


def test_a_table_not_adding_up_is_refused_with_its_row(world: World) -> None:
    inputs, _, report = read_grade_tables(_table_csv(_polish_rows(("10", "18", "30", "22", "18"))), "t.csv")
    assert not inputs
    assert [(p.row, p.column) for p in report.problems] == [(2, "percent")]
    assert "add up to 98" in report.problems[0].message


def test_every_bad_cell_is_named(world: World) -> None:
    rows = [
        "nowhere.example;pl-2-5;0613;2023/2024;5;10;",
        "partner.example.org;xx-1-2;0613;2023/2024;5;10;",
        "partner.example.org;pl-2-5;5555;2023/2024;5;10;",
        "partner.example.org;pl-2-5;0613;2023-2024;5;10;",
        "partner.example.org;pl-2-5;0613;2023/2024;6;10;",
        "partner.example.org;pl-2-5;0613;2023/2024;5;ten;",
    ]
    _, _, report = read_grade_tables(_table_csv(rows), "t.csv")
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "institution"),
        (3, "scale"),
        (4, "isced"),
        (5, "period"),
        (6, "grade"),
        (7, "percent"),
    ]


def test_missing_grades_and_columns_are_reported(world: World) -> None:
    _, _, report = read_grade_tables(_table_csv(_polish_rows()[:3]), "t.csv")
    assert "no row for the grades 3.5, 3" in report.problems[0].message
    _, _, report = read_grade_tables(b"institution;scale\nx;y\n", "t.csv")
    assert {p.column for p in report.problems} == {"period", "grade", "percent"}


def test_grade_table_import_page_previews_then_writes_all(world: World) -> None:
    client = world.client_for("officer")
    content = _table_csv(_polish_rows())
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = client.post(
        "/recognition/grade-tables/import/", {"file": SimpleUploadedFile("t.csv", content, "text/csv")}
    )
    assert preview.status_code == 200 and not GradeTable.objects.exists()
    key = preview.context["key"]
    done = client.post("/recognition/grade-tables/import/", {"key": key, "confirm": "1"})
    assert done.status_code == 302 and GradeTable.objects.count() == 1


def test_grade_table_import_page_refuses_a_bad_file_and_writes_nothing(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = [*_polish_rows(), "partner.example.org;pl-2-5;0613;2019/2020;5;100;"]
    rows += ["partner.example.org;pl-2-5;0613;2019/2020;4.5;1;"]
    response = world.client_for("officer").post(
        "/recognition/grade-tables/import/",
        {"file": SimpleUploadedFile("t.csv", _table_csv(rows), "text/csv")},
    )
    assert response.status_code == 422
    assert "Row 7" in response.content.decode() and "nothing was imported" in response.content.decode()
    assert not GradeTable.objects.exists()
