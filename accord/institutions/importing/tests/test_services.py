"""The institutions importer, on the real open lists and on small files made to break it."""

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from accord.common import spreadsheets
from accord.common.audit import snapshot
from accord.common.errors import DomainError
from accord.common.models import AuditEvent
from accord.institutions import services
from accord.institutions.importing.report import format_report
from accord.institutions.importing.services import import_institutions
from accord.institutions.models import Institution, InstitutionDomain
from accord_testing.data import reference_file
from accord_testing.factories import UserFactory

pytestmark = pytest.mark.django_db

# The real open lists, committed as test data (accord_testing/data/ATTRIBUTION.md).
WORLD = reference_file("world_universities_and_domains.json")
ROR = reference_file("ror_education_orgs.csv")
ECHE_CSV = reference_file("eche_accredited_heis_2026-04-08.csv")
ECHE_XLSX = reference_file("eche_accredited_heis_2026-04-08.xlsx")
ECHE_COLUMNS = ["proposal_number", "erasmus_code", "pic", "oid", "legal_name", "street", "postal_code",
                "city", "country_code", "website", "eche_start", "eche_end"]  # fmt: skip

# In both the world list and the charter list: (Erasmus code, web domain, name in the world list).
SHARED = [
    ("A  WIEN01", "univie.ac.at", "Universität Vienna"),
    ("A  GRAZ02", "tugraz.at", "Technische Universität Graz"),
    ("A  INNSBRU01", "uibk.ac.at", "Universität Innsbruck"),
    ("PL WARSZAW01", "uw.edu.pl", "University of Warsaw"),
]


@pytest.fixture
def officer(db: Any) -> Any:
    return UserFactory(username="importer", role="officer")


def state() -> tuple[Any, ...]:
    return (
        [snapshot(i) for i in Institution.objects.order_by("pk")],
        list(InstitutionDomain.objects.order_by("pk").values_list("institution_id", "domain")),
        AuditEvent.objects.count(),
    )


def counts(report: Any) -> tuple[int, int, int, int]:
    return report.created, report.updated, report.unchanged, len(report.rejected)


def eche_csv(tmp_path: Path, rows: list[dict[str, str]], *, name: str = "eche.csv") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ECHE_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in ECHE_COLUMNS})
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def eche_row(code: str, pic: str, name: str, country: str = "AT", **more: str) -> dict[str, str]:
    return {"erasmus_code": code, "pic": pic, "legal_name": name, "country_code": country, **more}


# The real files ---------------------------------------------------------------------------------------------


def test_world_list_imports_once_and_the_second_run_changes_nothing(officer):
    seen: list[tuple[int, int]] = []
    first = import_institutions(WORLD, actor=officer, progress=lambda done, total: seen.append((done, total)))
    assert first.rows == 10251 and not first.rejected
    assert first.created + first.updated + first.unchanged == 10251
    # Rows naming the same university twice merge into one institution.
    assert Institution.objects.count() == first.created > 10000
    assert seen[-1] == (10251, 10251) and len(seen) > 5
    wab = Institution.objects.get(name="Wroclaw Akademia Biznesu")
    assert set(wab.domains.values_list("domain", flat=True)) == {"wab.edu.pl", "student.wab.edu.pl"}
    assert (wab.country, wab.website, wab.timezone) == ("PL", "https://wab.edu.pl/", "Europe/Warsaw")
    # Two different colleges listed with one shared domain stay two institutions.
    assert Institution.objects.filter(domains__domain="jazanu.edu.sa").count() == 2
    before = state()
    second = import_institutions(WORLD, actor=officer)
    assert counts(second) == (0, 0, 10251, 0)
    assert state()[:2] == before[:2]
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["institutions.imported"] * 2
    event = AuditEvent.objects.order_by("id").first()
    assert event.target_id == str(officer.pk)
    assert event.data == {"file": WORLD.name, "format": "hipo", "rows": 10251, "created": first.created,
                          "updated": first.updated, "unchanged": first.unchanged, "rejected": 0}  # fmt: skip


def test_charter_list_after_the_world_list_adds_codes_without_duplicates(officer):
    world = import_institutions(WORLD, actor=officer)
    # The Commission's own spreadsheet first, then the same list as CSV.
    charter = import_institutions(ECHE_XLSX, actor=officer)
    assert charter.rows == 6142 and not charter.rejected
    assert charter.updated > 1000  # the universities both lists contain were matched, not created again
    assert Institution.objects.count() == world.created + charter.created
    assert Institution.objects.exclude(erasmus_code=None).count() == 6142
    for code, domain, name in SHARED:
        holders = Institution.objects.filter(domains__domain=domain)
        assert holders.count() == 1, domain
        institution = holders.get()
        assert (institution.erasmus_code, institution.name) == (code, name)
        assert institution.pic and institution.address
    assert Institution.objects.get(erasmus_code="B  BRUGGE11").erasmus_code_published == "BE BRUGGE11"
    nbsp = Institution.objects.get(erasmus_code="D  AUGSBUR02")
    assert nbsp.erasmus_code_published == "D\u00a0 AUGSBUR02"
    greek = Institution.objects.filter(erasmus_code__startswith="G  ")
    assert greek.count() == 32 and set(greek.values_list("country", flat=True)) == {"GR"}
    assert Institution.objects.filter(erasmus_code__startswith="XK ", country="XK").count() == 11
    # The sheet's header is on its second row, so rows are numbered as the spreadsheet shows them.
    assert "row 839: website '03014851@edu.gva.es' left out" in format_report(charter)
    before = state()[:2]
    again = import_institutions(ECHE_CSV, actor=officer)
    assert counts(again) == (0, 0, 6142, 0)
    assert "row 838: website '03014851@edu.gva.es' left out" in format_report(again)
    assert state()[:2] == before


def test_ror_list_imports_once_and_the_second_run_changes_nothing(officer):
    first = import_institutions(ROR, actor=officer)
    assert first.rows == 13229 and not first.rejected
    assert Institution.objects.exclude(ror_id=None).count() == 13229
    andorra = Institution.objects.get(ror_id="00w7mf142")
    assert (andorra.name, andorra.country, andorra.city, andorra.timezone) == (
        "University of Andorra",
        "AD",
        "Sant Julià de Lòria",
        "Europe/Andorra",
    )
    assert (andorra.latitude, andorra.longitude) == (42.46372, 1.49129)
    assert "uda.ad" in andorra.domains.values_list("domain", flat=True)
    # In a country of several zones, the coordinates choose one.
    assert Institution.objects.filter(country="US", timezone="").count() == 0
    before = state()[:2]
    assert counts(import_institutions(ROR, actor=officer)) == (0, 0, 13229, 0)
    assert state()[:2] == before


# Matching and the update rules ------------------------------------------------------------------------------


def test_fills_only_empty_fields_and_keeps_what_the_office_entered(officer, tmp_path):
    office = services.institution_create(
        data=services.InstitutionInput(
            name="Universität Wien (our spelling)",
            country="AT",
            website="https://office.example",
            pic="999999999",
        ),
        actor=officer,
    )
    matched_by_name = services.institution_create(
        data=services.InstitutionInput(name="Technische Universitaet Graz", country="AT"), actor=officer
    )
    path = eche_csv(
        tmp_path,
        [
            eche_row("A  WIEN01", "999999999", "UNIVERSITAET WIEN", street="Universitätsring 1",
                     postal_code="1010", city="Wien", website="www.univie.ac.at"),
            eche_row("A  GRAZ02", "999877346", "TECHNISCHE UNIVERSITAET GRAZ", city="Graz"),
        ],
    )  # fmt: skip
    report = import_institutions(path, actor=officer)
    assert counts(report) == (0, 2, 0, 0)
    office.refresh_from_db()
    assert (office.name, office.website, office.erasmus_code, office.city) == (
        "Universität Wien (our spelling)",
        "https://office.example",
        "A  WIEN01",
        "Wien",
    )
    assert office.address == "Universitätsring 1\n1010 Wien"
    assert "univie.ac.at" in office.domains.values_list("domain", flat=True)
    matched_by_name.refresh_from_db()
    assert (matched_by_name.erasmus_code, matched_by_name.pic) == ("A  GRAZ02", "999877346")
    assert counts(import_institutions(path, actor=officer)) == (0, 0, 2, 0)


def test_a_different_identifier_is_kept_and_noted(officer, tmp_path):
    services.institution_create(
        data=services.InstitutionInput(
            name="Uni Wien", country="AT", erasmus_code="A  WIEN01", pic="999999999"
        ),
        actor=officer,
    )
    path = eche_csv(tmp_path, [eche_row("A  WIEN01", "999888777", "UNIVERSITAET WIEN")])
    report = import_institutions(path, actor=officer)
    assert Institution.objects.get(erasmus_code="A  WIEN01").pic == "999999999"
    assert [(n.row, n.message) for n in report.notes] == [
        (2, "kept PIC 999999999 of Uni Wien; file: 999888777")
    ]


def test_matches_an_existing_schac_id_as_a_domain(world, tmp_path):
    path = tmp_path / "hipo.json"
    entry = {"name": "Uniwersytet Partnerski", "alpha_two_code": "PL", "domains": ["partner.example.org"],
             "web_pages": ["https://partner.example.org/"], "country": "Poland"}  # fmt: skip
    path.write_text(json.dumps([entry]))
    report = import_institutions(path, actor=world.users["officer"])
    assert counts(report) == (0, 1, 0, 0)
    world.partner.refresh_from_db()
    assert world.partner.website == "https://partner.example.org/"
    assert world.partner.name == "Partner University"


def test_rows_with_bad_content_are_rejected_and_the_rest_imported(officer, tmp_path):
    services.institution_create(
        data=services.InstitutionInput(name="Holder of the code", country="AT", erasmus_code="A  KREMS03"),
        actor=officer,
    )
    services.institution_create(
        data=services.InstitutionInput(name="Holder of the PIC", country="AT", pic="999111222"), actor=officer
    )
    path = eche_csv(
        tmp_path,
        [
            eche_row("A  LINZ01", "999000111", "JOHANNES KEPLER UNIVERSITAET LINZ", website="www.jku.at"),
            eche_row("A  WIEN99", "12345", "BAD PIC"),
            eche_row("ZZ NOWHERE1", "999000222", "BAD CODE"),
            eche_row("A  WIEN98", "999000333", "", ),
            eche_row("A  WIEN97", "999000444", "NO SUCH COUNTRY", country="QQ"),
            eche_row("A  KREMS03", "999111222", "TWO HOLDERS"),
            eche_row("HR ZAGREB99", "999000555", "KOSOVO-STYLE EU CODE", country="XK"),
            eche_row("G  ATHINE99", "999000666", "GREEK", country="EL",
                     website="info@greek.example / www.greek.example"),
        ],
    )  # fmt: skip
    before = Institution.objects.count()
    report = import_institutions(path, actor=officer)
    assert counts(report) == (3, 0, 0, 5)
    assert [(r.row, r.message) for r in report.rejected] == [
        (3, "PIC '12345': must be exactly 9 digits"),
        (4, "Erasmus code 'ZZ NOWHERE1': does not start with a known country prefix"),
        (5, "the name is empty"),
        (6, "unknown country code 'QQ'"),
        (7, "identifiers of different institutions: its Erasmus code belongs to Holder of the code, "
            "its PIC belongs to Holder of the PIC"),
    ]  # fmt: skip
    assert Institution.objects.count() == before + 3
    assert Institution.objects.get(pic="999000555").country == "XK"
    greek = Institution.objects.get(pic="999000666")
    assert (greek.country, greek.website) == ("GR", "https://www.greek.example")
    text = format_report(report)
    assert "8 rows: 3 created, 0 updated, 0 unchanged, 5 rejected" in text
    assert "  row 3: PIC '12345': must be exactly 9 digits" in text


def test_dry_run_reports_but_writes_nothing(officer, tmp_path):
    path = eche_csv(tmp_path, [eche_row("A  LINZ01", "999000111", "JOHANNES KEPLER UNIVERSITAET LINZ")])
    before = state()
    report = import_institutions(path, actor=officer, dry_run=True)
    assert counts(report) == (1, 0, 0, 0) and report.dry_run
    assert format_report(report).startswith("Dry run: nothing was written.")
    assert state() == before


def test_semicolon_csv_from_excel_is_read(officer, tmp_path):
    path = tmp_path / "eche.csv"
    path.write_text(
        "Erasmus Code;PIC;Legal Name;Country Cd\nA  LINZ01;999000111;JKU LINZ;AT\n", encoding="utf-8-sig"
    )
    assert counts(import_institutions(path, actor=officer)) == (1, 0, 0, 0)


def test_only_writers_import(world, tmp_path):
    path = eche_csv(tmp_path, [eche_row("A  LINZ01", "999000111", "JKU")])
    before = state()
    for persona in ("coordinator", "student", "partner_contact", "auditor", "outsider"):
        with pytest.raises(DomainError) as caught:
            import_institutions(path, actor=world.users[persona])
        assert caught.value.code == "permission_denied", persona
    assert state() == before


# Malformed files write nothing and say where --------------------------------------------------------------


def assert_malformed(path: Path, actor: Any, *, row: int | None, mentions: str) -> None:
    before = state()
    with pytest.raises(DomainError) as caught:
        import_institutions(path, actor=actor)
    error = caught.value
    assert error.code == "malformed_file"
    assert error.extra["row"] == row
    assert mentions in error.message
    assert state() == before


def test_truncated_json(officer, tmp_path):
    text = WORLD.read_text(encoding="utf-8")
    path = tmp_path / "world.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    line = text[: len(text) // 2].count("\n") + 1
    assert_malformed(path, officer, row=line, mentions=f"line {line}: invalid JSON")


def test_json_entry_of_the_wrong_shape(officer, tmp_path):
    entries = json.loads(WORLD.read_text(encoding="utf-8"))[:100]
    entries[41]["domains"] = "uni.example"
    path = tmp_path / "world.json"
    path.write_text(json.dumps(entries))
    assert_malformed(path, officer, row=42, mentions="entry 42: 'domains' is missing or not a list")


def test_csv_missing_a_column(officer, tmp_path):
    rows = list(csv.reader(ECHE_CSV.read_text(encoding="utf-8").splitlines()))
    pic = rows[0].index("pic")
    path = tmp_path / "eche.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([r[:pic] + r[pic + 1 :] for r in rows])
    assert_malformed(path, officer, row=1, mentions="required column(s) missing: pic")


def test_csv_row_with_a_cell_missing(officer, tmp_path):
    lines = ECHE_CSV.read_text(encoding="utf-8").splitlines()
    lines[4999] = lines[4999].rsplit(",", 1)[0]
    path = tmp_path / "eche.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_malformed(
        path, officer, row=5000, mentions="row 5000: has 11 values but the header has 12 columns"
    )


def test_csv_that_is_not_utf8(officer, tmp_path):
    path = tmp_path / "eche.csv"
    path.write_bytes(
        ",".join(ECHE_COLUMNS).encode() + b"\n1,A  WIEN01,999999999,E1,UNIVERSIT\xc4T,,,,AT,,,\n"
    )
    assert_malformed(path, officer, row=2, mentions="not UTF-8")


def test_csv_with_control_characters(officer, tmp_path):
    path = eche_csv(
        tmp_path, [eche_row("A  LINZ01", "999000111", "JKU"), eche_row("A  LINZ02", "999000112", "J\x01K")]
    )
    assert_malformed(path, officer, row=3, mentions="row 3: column 'name' contains control characters")


def test_csv_of_unknown_shape(officer, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("university,country\nSomewhere,PL\n")
    assert_malformed(path, officer, row=1, mentions="the header names neither a ROR list")


def spreadsheet(tmp_path: Path, garbage: Any, *, at_row: int) -> Path:
    """A sheet like the Commission's (a blank first row, then the header) with one bad cell."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([])
    sheet.append(["Proposal number", "Erasmus Code", "PIC", "OID", "Legal Name", "Street", "Post Cd", "City",
                  "Country Cd", "Website Url", "Erasmus Eche Start", "Erasmus Eche End"])  # fmt: skip
    for n in range(3, 60):
        pic = garbage if n == at_row else 999000000 + n  # Excel keeps PICs as numbers: that is fine
        sheet.append([str(n), f"A  TEST{n:02d}", pic, "", f"TEST COLLEGE {n}", "", "", "", "AT", "",
                      dt.datetime(2021, 1, 1), dt.datetime(2029, 12, 31)])  # fmt: skip
    path = tmp_path / "eche.xlsx"
    workbook.save(path)
    return path


def test_spreadsheet_reads_numbers_and_dates(officer, tmp_path):
    report = import_institutions(spreadsheet(tmp_path, 999000040, at_row=40), actor=officer)
    assert counts(report) == (57, 0, 0, 0)
    assert Institution.objects.get(erasmus_code="A  TEST05").pic == "999000005"


def test_lists_longer_than_the_shared_upload_limit_are_read_whole(officer, tmp_path, monkeypatch):
    # The open lists run to tens of thousands of rows; the limit other imports set on uploads is not ours.
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 10)
    report = import_institutions(spreadsheet(tmp_path, 999000040, at_row=40), actor=officer)
    assert counts(report) == (57, 0, 0, 0)


@pytest.mark.parametrize(
    "garbage, mentions",
    [("#REF!", "cell C45 holds the error #REF!"),
     (dt.datetime(2024, 3, 1), "row 45: column 'pic' holds a date"),
     ("#N/A", "cell C45 holds the error #N/A"),
     (True, "row 45: column 'pic' holds TRUE/FALSE")],
)  # fmt: skip
def test_spreadsheet_with_a_garbage_cell(officer, tmp_path, garbage, mentions):
    assert_malformed(spreadsheet(tmp_path, garbage, at_row=45), officer, row=45, mentions=mentions)


def test_a_file_that_is_not_a_spreadsheet(officer, tmp_path):
    path = tmp_path / "eche.xlsx"
    path.write_text("Erasmus Code,PIC\n")
    assert_malformed(path, officer, row=None, mentions="not a readable XLSX workbook")
    other = tmp_path / "eche.pdf"
    other.write_text("%PDF")
    assert_malformed(other, officer, row=None, mentions="unknown file type '.pdf'")
