import datetime as dt
from decimal import Decimal

import pytest

from accord.common.errors import DomainError
from accord.common.spreadsheets import (
    CellError,
    ImportReport,
    csv_bytes,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
    read_table,
    xlsx_bytes,
)


def test_csv_with_bom_semicolons_and_stray_spaces() -> None:
    content = "\ufeffReference Code ; Places;Valid-to\r\n  AG-1 ;2; 31.12.2027 \r\n;;\r\n".encode()
    table = read_table(content, "agreements.csv")
    assert table.headers == ["reference_code", "places", "valid_to"]
    assert len(table.rows) == 1
    row = table.rows[0]
    assert row.number == 2
    assert row.values == {"reference_code": "AG-1", "places": "2", "valid_to": "31.12.2027"}


def test_tab_separated_and_windows_code_page() -> None:
    content = "name\tcity\nUniversité\tLiège\n".encode("cp1252")
    assert read_table(content, "x.csv").rows[0].values == {"name": "Université", "city": "Liège"}


def test_xlsx_round_trip_keeps_types() -> None:
    content = xlsx_bytes(["Code", "ECTS", "Start"], [["A1", Decimal("7.5"), dt.date(2026, 9, 1)]])
    table = read_table(content, "upload.bin")
    values = table.rows[0].values
    assert values["code"] == "A1"
    assert parse_decimal(values["ects"]) == Decimal("7.5")
    assert parse_date(values["start"]) == dt.date(2026, 9, 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"a,b\n1,2,3\n", "3 values"),
        (b"a,a\n1,2\n", "appear twice"),
        (b"a\n\x01bad\n", "control characters"),
        (b'a,b\n"unclosed,2\n', "cannot be read"),
    ],
)
def test_unreadable_files_are_refused_whole(content: bytes, message: str) -> None:
    with pytest.raises(DomainError) as caught:
        read_table(content, "x.csv")
    assert caught.value.code == "invalid_file"
    assert message in caught.value.message


def test_not_a_workbook_and_unknown_type() -> None:
    with pytest.raises(DomainError, match="not a readable XLSX"):
        read_table(b"PK\x03\x04garbage", "x.xlsx")
    with pytest.raises(DomainError, match=r"csv or \.xlsx"):
        read_table(b"<xml/>", "x.xml")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-09-01", dt.date(2026, 9, 1)),
        ("01.09.2026", dt.date(2026, 9, 1)),
        ("01/09/2026", dt.date(2026, 9, 1)),
        ("2026-09-01T00:00:00", dt.date(2026, 9, 1)),
        (46266, dt.date(2026, 9, 1)),
        ("46266", dt.date(2026, 9, 1)),
        (46266.0, dt.date(2026, 9, 1)),
        (dt.datetime(2026, 9, 1, 12, 0), dt.date(2026, 9, 1)),
    ],
)
def test_dates_in_the_forms_offices_send(raw: object, expected: dt.date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31.02.2026", "tomorrow", 12, 46266.5, "2026-13-01"])
def test_not_dates(raw: object) -> None:
    with pytest.raises(CellError):
        parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12,5", "12.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1 234,5", "1234.5"),
        (7.5, "7.5"),
        (3, "3"),
    ],
)
def test_decimal_commas_and_thousands(raw: object, expected: str) -> None:
    assert parse_decimal(raw) == Decimal(expected)


def test_numbers_refused_and_integers() -> None:
    for raw in ("abc", "NaN", True, "1,2,3"):
        with pytest.raises(CellError):
            parse_decimal(raw)
    assert parse_int("4,0") == 4
    with pytest.raises(CellError, match="whole number"):
        parse_int("4,5")


def test_text_undoes_excel_numbers_and_refuses_dates() -> None:
    assert parse_text(12345.0) == "12345"
    with pytest.raises(CellError, match="date"):
        parse_text(dt.date(2026, 1, 1))
    assert parse_bool("Yes") is True
    assert parse_bool("nein") is False


def test_report_collects_every_problem_with_row_and_column() -> None:
    table = read_table(b"places,start\nmany,soon\n3,\n", "x.csv")
    report = ImportReport()
    for row in table.rows:
        report.cell(row, "places", parse_int)
        report.cell(row, "start", parse_date)
    assert not report.ok
    assert [str(p) for p in report.problems] == [
        "row 2, places: 'many' is not a number",
        "row 2, start: 'soon' is not a date; use YYYY-MM-DD or DD.MM.YYYY",
        "row 3, start: is required",
    ]


def test_exports_neutralise_formulas() -> None:
    text = csv_bytes(["a", "b"], [["=HYPERLINK(1)", "-3"]]).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert ",-3" in text


def test_a_broken_csv_line_is_named_by_its_own_number() -> None:
    with pytest.raises(DomainError) as caught:
        read_table(b'a,b\n1,2\n3,"4"x\n5,6\n', "x.csv")
    assert caught.value.message.startswith("Line 3: the CSV cannot be read")


def test_an_xlsx_past_the_row_limit_is_refused_even_with_blank_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.common import spreadsheets

    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 5)
    rows = [[None, None]] * 4 + [["x", 1]] * 4
    with pytest.raises(DomainError) as caught:
        read_table(xlsx_bytes(["a", "b"], rows), "x.xlsx")
    assert caught.value.message == "The file has more than 5 rows."
    assert len(read_table(xlsx_bytes(["a", "b"], [["x", 1]] * 5), "x.xlsx").rows) == 5
