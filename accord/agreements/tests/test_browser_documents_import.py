"""In a real browser: an agreement's documents (upload, download, removal) and the spreadsheet import."""

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from accord.agreements.models import Agreement, AgreementDocument, CooperationCondition
from accord.common.pdf import PdfDocument
from accord_testing.browser import sign_in, snapshot_on_failure
from accord_testing.world import World

pytestmark = pytest.mark.browser


def _stored_files() -> list[Path]:
    root = Path(settings.ACCORD_PRIVATE_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _pdf() -> bytes:
    document = PdfDocument("Signed agreement")
    document.paragraph("Signed by both institutions.")
    return document.output()


def test_officer_uploads_downloads_and_removes_a_signed_agreement(
    transactional_db: Any,
    world: World,
    page: Any,
) -> None:
    agreement = world.agreement
    pdf = _pdf()
    sign_in(page, "officer")
    try:
        page.goto(f"/agreements/{agreement.pk}/")
        documents = page.get_by_role("region", name="Documents")
        documents.get_by_text("No documents filed yet").wait_for()
        documents.get_by_role("link", name="Add a document").click()

        # A text file renamed to .pdf is refused by its content, with the message beside the field.
        file_input = page.get_by_label("PDF file")
        file_input.set_input_files(
            files=[
                {"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": b"Minutes of the meeting"}
            ]
        )
        page.get_by_role("button", name="Upload").click()
        field = page.locator(".field").filter(has=file_input)
        field.get_by_text("The file is not a PDF document.").wait_for()
        # Screen readers announce it with the field.
        described_by = file_input.get_attribute("aria-describedby")
        assert page.locator(f"#{described_by}").inner_text() == "The file is not a PDF document."
        assert AgreementDocument.objects.count() == 0
        assert _stored_files() == []

        file_input.set_input_files(
            files=[{"name": "signed-iia.pdf", "mimeType": "application/pdf", "buffer": pdf}]
        )
        page.get_by_label("Kind").select_option(label="Signed agreement")
        page.get_by_label("Title").fill("Signed IIA 2026")
        page.get_by_role("button", name="Upload").click()
        page.get_by_text("“Signed IIA 2026” added to the agreement.").wait_for()
        row = documents.get_by_role("row").filter(has_text="Signed IIA 2026")
        assert "signed-iia.pdf" in row.inner_text()
        assert "Signed agreement" in row.inner_text()
        assert len(_stored_files()) == 1

        href = row.get_by_role("link", name="Signed IIA 2026", exact=True).get_attribute("href")
        download = page.request.get(href)
        assert download.status == 200
        assert download.headers["content-type"] == "application/pdf"
        assert download.body() == pdf

        row.get_by_role("link", name="Remove Signed IIA 2026", exact=True).click()
        page.get_by_role("heading", name="Remove this document?").wait_for()
        page.get_by_role("button", name="Remove document").click()
        page.get_by_text("“Signed IIA 2026” removed from the agreement.").wait_for()
        documents.get_by_text("No documents filed yet").wait_for()
        assert AgreementDocument.objects.count() == 0
        assert _stored_files() == []
        assert page.request.get(href).status == 404
    except Exception:
        snapshot_on_failure(page, "agreement_documents")
        raise


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _upload(tab: Any, rows: list[dict[str, str]]) -> None:
    tab.get_by_label("Spreadsheet").set_input_files(
        files=[{"name": "agreements.csv", "mimeType": "text/csv", "buffer": _csv(rows)}]
    )
    tab.get_by_role("button", name="Preview the import").click()
    tab.get_by_role("heading", name="Import preview").wait_for()


def _places(agreement: Agreement) -> list[int]:
    return list(agreement.conditions.order_by("pk").values_list("places_per_year", flat=True))


def test_officer_imports_a_corrected_export(transactional_db: Any, world: World, page: Any) -> None:
    ours, theirs = world.agreement, world.other_agreement
    ours_before, theirs_before = _places(ours), _places(theirs)
    version_before = ours.version
    sign_in(page, "officer")
    try:
        page.goto("/agreements/")
        with page.expect_download() as download_info:
            page.get_by_role("region", name="Agreements found").get_by_role("link", name="CSV").click()
        with open(download_info.value.path(), encoding="utf-8-sig") as exported:
            rows = list(csv.DictReader(exported))
        assert sorted({row["Reference code"] for row in rows}) == sorted(
            [ours.reference_code, theirs.reference_code]
        )

        # One more place on our outgoing condition; and a row of the other agreement that cannot be read.
        changed = next(
            i
            for i, row in enumerate(rows)
            if row["Reference code"] == ours.reference_code
            and row["Sending institution"] == world.home.schac_id
        )
        broken = next(i for i, row in enumerate(rows) if row["Reference code"] == theirs.reference_code)
        assert rows[changed]["Places per year"] == "2"
        rows[changed]["Places per year"] = "3"
        rows[broken]["Places per year"] = "several"

        page.get_by_role("link", name="Import").click()
        page.get_by_role("heading", name="Import agreements").wait_for()
        _upload(page, rows)
        problems = page.get_by_role("region", name=re.compile("problem"))
        problems.get_by_role("heading", name="1 problem: nothing was imported").wait_for()
        cells = problems.locator("tbody tr").first.locator("td").all_inner_texts()
        # The header is row 1 in a spreadsheet program.
        assert cells[:2] == [str(broken + 2), "Places per year"]
        assert page.get_by_role("button", name=re.compile("^Import")).count() == 0
        assert (_places(ours), _places(theirs)) == (ours_before, theirs_before)

        rows[broken]["Places per year"] = "2"
        problems.get_by_role("link", name="Upload a corrected file").click()
        _upload(page, rows)
        updated = page.get_by_role("region", name="To update")
        plan = updated.locator(".card").filter(has=page.get_by_role("link", name=ours.title))
        change = plan.get_by_role("row").filter(has_text="Places per year")
        assert change.locator("td").all_inner_texts()[1:] == ["2", "3"]  # now, after the import
        assert (_places(ours), _places(theirs)) == (ours_before, theirs_before)

        page.get_by_role("button", name="Import: create 0, update 1").click()
        page.wait_for_url(re.compile(r"/agreements/$"))
        page.get_by_text("0 agreements created, 1 updated, 1 unchanged.").wait_for()
        ours.refresh_from_db()
        assert ours.version > version_before
        outgoing = CooperationCondition.objects.get(agreement=ours, sending_institution=world.home)
        assert outgoing.places_per_year == 3
        assert _places(theirs) == theirs_before
    except Exception:
        snapshot_on_failure(page, "agreements_import")
        raise
