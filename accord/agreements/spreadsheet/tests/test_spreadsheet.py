"""Spreadsheet export and import of agreements: round trips, what offices really send, all or nothing."""

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from accord.agreements.models import Agreement, ConditionLanguage, CooperationCondition
from accord.agreements.services import agreement_snapshot
from accord.agreements.spreadsheet.columns import columns
from accord.agreements.spreadsheet.services import agreements_import
from accord.common.errors import DomainError
from accord.common.models import AuditEvent
from accord_testing.factories import ContactFactory, InstitutionFactory

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in columns()]


def state() -> Any:
    agreements = Agreement.objects.order_by("pk").prefetch_related(
        "partners", "conditions__subject_areas", "conditions__languages"
    )
    return (
        [(a.pk, a.version, agreement_snapshot(a)) for a in agreements],
        sorted(CooperationCondition.objects.values_list("pk", flat=True)),
        AuditEvent.objects.count(),
    )


def export(world, persona="officer", fmt="csv", query="") -> bytes:
    response = world.client_for(persona).get(f"/agreements/export/?format={fmt}{query}")
    assert response.status_code == 200, response.content[:300]
    return response.content


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def to_csv(rows: list[dict[str, Any]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def new_row(world, **cells: Any) -> dict[str, Any]:
    """One condition row of a new agreement between us and the partner, filed under faculty A."""
    row = dict.fromkeys(HEADERS, "")
    row.update(
        {
            "Reference code": "NEW-1",
            "Kind": "erasmus_iia",
            "Title": "New exchange",
            "Owning unit": "SCI",
            "Partner 1": "accord.example.edu",
            "Partner 2": "partner.example.org",
            "Mobility type": "student_studies",
            "Sending institution": "accord.example.edu",
            "Receiving institution": "partner.example.org",
            "First academic year": "2026/2027",
            "Last academic year": "2027/2028",
            "Places per year": "2",
        }
    )
    row.update(cells)
    return row


def run(world, content: bytes, filename: str = "agreements.csv", *, persona="officer", dry_run=False):
    return agreements_import(content=content, filename=filename, actor=world.users[persona], dry_run=dry_run)


def problems(result) -> list[tuple[Any, str, str]]:
    return [(p.row, p.column, p.message) for p in result.problems]


# Round trips ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(world, fmt):
    condition = world.agreement.conditions.first()
    condition.subject_areas.create(isced_id="0613", clarification="Software; web")
    condition.subject_areas.create(isced_id="0011")
    ConditionLanguage.objects.create(condition=condition, language="pl", cefr_level="B2", isced_id="0613")
    condition.other_terms = "=1+1 is text here, not a formula"
    condition.save()
    world.agreement.notes = "- line one\n@line two"
    world.agreement.save()
    partner_row = world.agreement.partners.get(institution=world.partner)
    partner_row.signing_contact = ContactFactory(institution=world.partner, email="dean@partner.example.org")
    partner_row.signing_date = dt.date(2025, 6, 30)
    partner_row.partner_agreement_id = "P-77"
    partner_row.save()
    before = state()
    content = export(world, fmt=fmt)
    result = run(world, content, f"export.{fmt}")
    assert result.ok, problems(result)
    assert {p.action for p in result.plans} == {"unchanged"}
    assert len(result.plans) == Agreement.objects.count() == 2
    assert result.written
    assert state()[:2] == before[:2]
    # Only the import's own summary event: no agreement was written.
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("-id")[:1]) == [
        "agreements.imported"
    ]


def test_export_takes_the_list_filters(world):
    rows = csv_rows(export(world, query=f"&partner={world.other_partner.pk}"))
    assert {r["Reference code"] for r in rows} == {world.other_agreement.reference_code}
    # One row per condition, the agreement's columns repeated.
    assert len(rows) == 2 and rows[0]["Title"] == rows[1]["Title"]
    assert [r["Sending institution"] for r in rows] == ["accord.example.edu", "other.example.org"]


def test_export_is_scoped_to_what_the_user_sees(world):
    partner_rows = csv_rows(export(world, "partner_contact"))
    assert {r["Reference code"] for r in partner_rows} == {world.agreement.reference_code}
    assert world.client_for("student").get("/agreements/export/?format=csv").status_code == 404
    assert world.client_for("officer").get("/agreements/export/?format=pdf").status_code == 404


def test_export_xlsx_has_typed_cells(world):
    book = openpyxl.load_workbook(io.BytesIO(export(world, fmt="xlsx")))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert isinstance(row["Places per year"], int) and isinstance(row["Valid to"], dt.datetime)


def test_template_downloads_and_its_example_imports(world):
    client = world.client_for("officer")
    xlsx = client.get("/agreements/import/template/?format=xlsx")
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Agreements", "Columns"]
    explained = [row[0].value for row in book["Columns"].iter_rows(min_row=2)]
    assert explained == HEADERS
    csv_template = client.get("/agreements/import/template/?format=csv")
    assert csv_rows(csv_template.content)[0]["Reference code"] == "IIA-2026-017"
    InstitutionFactory(name="Uniwersytet Warszawski", schac_id="uw.edu.pl", country="PL")
    result = run(world, xlsx.content, "template.xlsx")
    assert result.ok, problems(result)
    created = Agreement.objects.get(reference_code="IIA-2026-017")
    condition = created.conditions.get()
    assert condition.total_months_per_year == Decimal(10) and condition.eqf_levels == [6, 7]
    assert [a.isced_id for a in condition.subject_areas.all()] == ["0613", "0541"]


# What offices send ----------------------------------------------------------------------------------------


def test_semicolons_bom_decimal_commas_locale_dates_and_stray_spaces(world):
    row = new_row(
        world,
        **{
            "Reference code": "  NEW-1 ",
            "Valid from": "01.09.2026",
            "Valid to": " 31/08/2030 ",
            "Months per year": "10,5",
            "Partner 2 signed on": "2026-05-04",
            "EQF levels": "7;6",
            "Subject areas": "0613 (Software engineering); 0541",
            "Languages": "en  b2; pl B1 for 0613",
            "Blended": "Yes",
            "Kind": "Erasmus+ inter-institutional agreement",
        },
    )
    result = run(world, to_csv([row], delimiter=";"))
    assert result.ok, problems(result)
    agreement = Agreement.objects.get(reference_code="NEW-1")
    assert (agreement.valid_from, agreement.valid_to) == (dt.date(2026, 9, 1), dt.date(2030, 8, 31))
    assert agreement.partners.get(institution=world.partner).signing_date == dt.date(2026, 5, 4)
    condition = agreement.conditions.get()
    assert condition.total_months_per_year == Decimal("10.5")
    assert condition.eqf_levels == [6, 7] and condition.blended
    assert [(a.isced_id, a.clarification) for a in condition.subject_areas.all()] == [
        ("0613", "Software engineering"),
        ("0541", ""),
    ]
    assert [(lang.language, lang.cefr_level, lang.isced_id) for lang in condition.languages.all()] == [
        ("en", "B2", None),
        ("pl", "B1", "0613"),
    ]


def test_xlsx_with_excel_date_serials_numbers_and_lost_leading_zeros(world):
    book = openpyxl.Workbook()
    sheet = book.active
    row = new_row(world, **{"Valid from": 46266, "Valid to": 47726.0, "Places per year": 3.0})
    row.update({"Subject areas": 613, "Months per year": 12.5, "EQF levels": 7})
    sheet.append(list(row))
    sheet.append(list(row.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(world, buffer.getvalue(), "from-excel.xlsx")
    assert result.ok, problems(result)
    agreement = Agreement.objects.get(reference_code="NEW-1")
    assert (agreement.valid_from, agreement.valid_to) == (dt.date(2026, 9, 1), dt.date(2030, 8, 31))
    condition = agreement.conditions.get()
    assert condition.places_per_year == 3 and condition.total_months_per_year == Decimal("12.5")
    assert [a.isced_id for a in condition.subject_areas.all()] == ["0613"] and condition.eqf_levels == [7]


def test_institutions_by_erasmus_code_or_pic_and_headers_in_any_case(world):
    world.partner.erasmus_code = "PL WARSZAW01"
    world.partner.pic = "999888777"
    world.partner.save()
    row = new_row(world, **{"Partner 2": "pl warszaw01", "Receiving institution": "999888777"})
    renamed = {key.upper().replace(" ", "-"): value for key, value in row.items()}
    result = run(world, to_csv([renamed]))
    assert result.ok, problems(result)
    assert set(Agreement.objects.get(reference_code="NEW-1").institutions.all()) == {
        world.home,
        world.partner,
    }


# All or nothing, and the report --------------------------------------------------------------------------


def test_one_bad_row_writes_nothing_and_the_report_names_row_and_column(world):
    good = new_row(world, **{"Reference code": "GOOD-1"})
    bad = new_row(world, **{"Reference code": "BAD-1", "Places per year": "many"})
    before = state()
    result = run(world, to_csv([good, bad]))
    assert not result.written
    assert problems(result) == [(3, "Places per year", "'many' is not a number")]
    assert state() == before


def test_problems_found_by_the_services_point_at_their_cells(world):
    rows = [
        new_row(world, **{"Reference code": "A-1", "Subject areas": "0777"}),
        new_row(world, **{"Reference code": "A-2", "Sending institution": "other.example.org"}),
        new_row(world, **{"Reference code": "A-3", "Valid from": "2030-01-01", "Valid to": "2029-01-01"}),
        new_row(world, **{"Reference code": "A-4", "Days per year": "10"}),
    ]
    before = state()
    result = run(world, to_csv(rows))
    assert problems(result) == [
        (2, "Subject areas", "Unknown ISCED-F code '0777'."),
        (3, "Sending institution", "The sending institution must be a partner of the agreement."),
        (4, "Valid to", "The end date cannot come before the start date."),
        (5, "Days per year", "Days per year apply to staff mobility; use months for students."),
    ]
    assert state() == before


def test_cell_problems_are_all_reported_at_once(world):
    row = new_row(
        world,
        **{
            "Kind": "treaty",
            "Valid from": "31.02.2026",
            "Partner 2": "nowhere.example.com",
            "First academic year": "2026/2028",
            "EQF levels": "9",
            "Languages": "English",
        },
    )
    row.pop("Title")
    row["Colour"] = "blue"
    result = run(world, to_csv([row]))
    assert {(p.row, p.column) for p in result.problems} == {(1, "colour"), (1, "Title")}
    del row["Colour"]
    row["Title"] = ""
    result = run(world, to_csv([row]))
    assert {(p.row, p.column) for p in result.problems} == {
        (2, "Kind"),
        (2, "Title"),
        (2, "Valid from"),
        (2, "Partner 2"),
        (2, "First academic year"),
        (2, "EQF levels"),
        (2, "Languages"),
    }
    assert not Agreement.objects.filter(reference_code="NEW-1").exists()


def test_rows_of_one_agreement_must_agree(world):
    first = new_row(world)
    second = new_row(
        world, **{"Title": "Another title", "Mobility type": "staff_teaching", "Months per year": ""}
    )
    result = run(world, to_csv([first, second]))
    assert problems(result) == [(3, "Title", "differs from row 2 of the same agreement")]


def test_continuation_rows_may_leave_agreement_columns_empty(world):
    first = new_row(world)
    second = {key: "" for key in first} | {
        "Reference code": "NEW-1",
        "Mobility type": "staff_teaching",
        "Sending institution": "partner.example.org",
        "Receiving institution": "accord.example.edu",
        "First academic year": "2026",
        "Last academic year": "2026-27",
        "Places per year": "1",
        "Days per year": "5",
    }
    result = run(world, to_csv([first, second]))
    assert result.ok, problems(result)
    agreement = Agreement.objects.get(reference_code="NEW-1")
    assert [(c.mobility_type, c.first_year_id, c.last_year_id) for c in agreement.conditions.all()] == [
        ("student_studies", 2026, 2027),
        ("staff_teaching", 2026, 2026),
    ]


def test_unreadable_file_is_refused_with_a_clear_error(world):
    with pytest.raises(DomainError) as error:
        run(world, b"\x00\x01 not a spreadsheet", "agreements.pdf")
    assert error.value.code == "invalid_file"
    result = run(world, b"Reference code,Kind,Title,Partner 1,Partner 2\n")
    assert problems(result) == [(None, "", "the file has no rows below its header")]


# Updates and the preview ----------------------------------------------------------------------------------


def _edited_export(world, **changes: str) -> bytes:
    """The partner's agreement exported; agreement columns changed on every row, conditions on the first."""
    rows = csv_rows(export(world, query=f"&partner={world.partner.pk}"))
    condition_headers = {c.header for c in columns() if c.level == "condition"}
    for index, row in enumerate(rows):
        row.update({k: v for k, v in changes.items() if index == 0 or k not in condition_headers})
    return to_csv(rows)


def test_dry_run_previews_field_changes_and_writes_nothing(world):
    before = state()
    result = run(world, _edited_export(world, **{"Places per year": "5", "Title": "Renamed"}), dry_run=True)
    assert result.ok and not result.written
    [plan] = result.of("update")
    assert plan.agreement_id == world.agreement.pk
    assert [(c.field, c.before, c.after) for c in plan.changes] == [
        ("Title", world.agreement.title, "Renamed"),
        ("Condition 1: Places per year", "2", "5"),
    ]
    assert state() == before


def test_update_through_the_service_bumps_version_and_audits(world):
    version = world.agreement.version
    result = run(world, _edited_export(world, **{"Places per year": "5"}))
    assert result.written
    world.agreement.refresh_from_db()
    assert world.agreement.version == version + 1
    assert world.agreement.conditions.first().places_per_year == 5
    assert AuditEvent.objects.filter(action="agreement.updated", target_id=str(world.agreement.pk)).exists()


def test_status_changes_through_the_lifecycle_not_the_import(world):
    result = run(world, _edited_export(world, Status="draft"))
    assert [(p.column, p.message[:30]) for p in result.problems] == [
        ("Status", "The status changes through the")
    ]


def test_coordinator_imports_only_for_own_units(world):
    own = new_row(world, **{"Reference code": "SCI-1"})
    other = new_row(world, **{"Reference code": "ART-1", "Owning unit": "ART"})
    result = run(world, to_csv([own, other]), persona="coordinator")
    assert problems(result) == [(3, "Owning unit", "You may only file agreements under your own units.")]
    result = run(world, to_csv([own]), persona="coordinator")
    assert result.written and Agreement.objects.filter(reference_code="SCI-1").exists()


def test_coordinator_may_reimport_untouched_rows_of_agreements_they_only_read(world):
    # The coordinator sees faculty B's agreement through a partner row in faculty A, but may not edit it.
    world.other_agreement.partners.filter(institution=world.home).update(unit=world.faculty_a)
    content = export(world, "coordinator")
    assert len({r["Reference code"] for r in csv_rows(content)}) == 2
    assert run(world, content, persona="coordinator").ok
    rows = csv_rows(content)
    for row in rows:
        if row["Reference code"] == world.other_agreement.reference_code:
            row["Title"] = "Taken over"
    result = run(world, to_csv(rows), persona="coordinator")
    assert [(p.column, p.message) for p in result.problems] == [("Id", "is an agreement you may not change")]


def test_hidden_agreements_are_not_reachable_by_id(world):
    rows = csv_rows(export(world))
    with pytest.raises(DomainError) as error:
        run(world, to_csv(rows), persona="partner_contact")
    assert error.value.code == "permission_denied"
    hidden = [r for r in rows if r["Reference code"] == world.other_agreement.reference_code]
    result = run(world, to_csv(hidden), persona="coordinator")
    assert [(p.column, p.message) for p in result.problems] == [
        ("Id", f"no agreement has the id {world.other_agreement.pk}")
    ]


# Pages and API -------------------------------------------------------------------------------------------


def test_upload_preview_confirm_through_the_pages(world):
    client = world.client_for("officer")
    upload = io.BytesIO(to_csv([new_row(world)]))
    upload.name = "new.csv"
    preview = client.post("/agreements/import/", {"file": upload})
    assert preview.status_code == 200
    assert b"What the import will do" in preview.content and b"NEW-1" in preview.content
    assert not Agreement.objects.filter(reference_code="NEW-1").exists()
    context = preview.context
    response = client.post(
        "/agreements/import/confirm/", {"key": context["key"], "fingerprint": context["fingerprint"]}
    )
    assert response.status_code == 302
    assert Agreement.objects.filter(reference_code="NEW-1").exists()
    # The staged file is used once.
    again = client.post(
        "/agreements/import/confirm/", {"key": context["key"], "fingerprint": context["fingerprint"]}
    )
    assert again.status_code == 302 and again["Location"].endswith("/agreements/import/")
    assert Agreement.objects.filter(reference_code="NEW-1").count() == 1


def test_confirm_refuses_when_data_changed_since_the_preview(world):
    client = world.client_for("officer")
    upload = io.BytesIO(_edited_export(world, **{"Places per year": "5"}))
    upload.name = "edit.csv"
    preview = client.post("/agreements/import/", {"file": upload})
    condition = world.agreement.conditions.first()
    condition.places_per_year = 4
    condition.save()
    before = state()
    response = client.post(
        "/agreements/import/confirm/",
        {"key": preview.context["key"], "fingerprint": preview.context["fingerprint"]},
    )
    assert response.status_code == 409 and b"changed since this preview" in response.content
    assert state() == before


def test_preview_page_lists_problems(world):
    upload = io.BytesIO(to_csv([new_row(world, **{"Places per year": "-"})]))
    upload.name = "bad.csv"
    response = world.client_for("officer").post("/agreements/import/", {"file": upload})
    assert response.status_code == 422
    assert b"nothing was imported" in response.content and b"Places per year" in response.content
    assert b'name="fingerprint"' not in response.content


def test_upload_page_refuses_other_files_beside_the_field(world):
    upload = io.BytesIO(b"%PDF-1.4")
    upload.name = "agreement.pdf"
    response = world.client_for("officer").post("/agreements/import/", {"file": upload})
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == ["Upload a .csv or .xlsx file."]


def test_api_import_dry_run_then_write(world):
    client = world.client_for("officer")
    content = to_csv([new_row(world)])
    upload = io.BytesIO(content)
    upload.name = "new.csv"
    dry = client.post("/api/v1/agreements/import", {"file": upload, "dry_run": "true"})
    assert dry.status_code == 200, dry.content
    assert dry.json()["dry_run"] and not dry.json()["written"]
    assert [p["key"] for p in dry.json()["created"]] == ["NEW-1"]
    assert not Agreement.objects.filter(reference_code="NEW-1").exists()
    upload = io.BytesIO(content)
    upload.name = "new.csv"
    done = client.post("/api/v1/agreements/import", {"file": upload})
    assert done.status_code == 200 and done.json()["written"]
    assert Agreement.objects.filter(reference_code="NEW-1").exists()


def test_api_import_reports_problems_with_422(world):
    upload = io.BytesIO(to_csv([new_row(world, **{"Places per year": "x"})]))
    upload.name = "bad.csv"
    response = world.client_for("officer").post("/api/v1/agreements/import", {"file": upload})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_rows"
    assert body["details"]["problems"] == [
        {"row": 2, "column": "Places per year", "message": "'x' is not a number"}
    ]


def test_api_export_and_template(world):
    client = world.client_for("auditor")
    response = client.get(f"/api/v1/agreements/export?format=csv&partner={world.partner.pk}")
    assert response.status_code == 200
    assert {r["Reference code"] for r in csv_rows(response.content)} == {world.agreement.reference_code}
    assert client.get("/api/v1/agreements/import-template").status_code == 403
    template = world.client_for("officer").get("/api/v1/agreements/import-template?format=xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_cli_export_then_import_dry_run_and_refusal(world, tmp_path):
    from click.testing import CliRunner

    from accord.cli import cli

    out = tmp_path / "all.xlsx"
    runner = CliRunner()
    exported = runner.invoke(cli, ["agreements", "export", str(out), "--user", "officer"])
    assert exported.exit_code == 0, exported.output
    result = runner.invoke(cli, ["agreements", "import", str(out), "--dry-run", "--user", "officer"])
    assert result.exit_code == 0 and "0 created, 0 updated, 2 unchanged" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(to_csv([new_row(world, **{"Places per year": "x"})]))
    before = state()
    refused = runner.invoke(cli, ["agreements", "import", str(bad), "--user", "officer"])
    assert refused.exit_code == 1 and "row 2, Places per year: 'x' is not a number" in refused.output
    assert state() == before


def test_continuation_rows_may_give_only_the_reference_code(world):
    rows = csv_rows(export(world, query=f"&partner={world.partner.pk}"))
    rows[1]["Id"] = ""
    result = run(world, to_csv(rows))
    assert result.ok, problems(result)
    assert [p.action for p in result.plans] == ["unchanged"]


def test_the_preview_names_stored_agreements_by_reference_code(world):
    upload = io.BytesIO(export(world, query=f"&q={world.agreement.reference_code}"))
    upload.name = "export.csv"
    preview = world.client_for("officer").post("/agreements/import/", {"file": upload})
    page = preview.content.decode()
    assert "1 agreement already matches the file" in page
    assert f"<li>{world.agreement.reference_code} · " in page
    assert "<li>id " not in page
