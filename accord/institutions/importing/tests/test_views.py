import json

from django.core.files.uploadedfile import SimpleUploadedFile

from accord.common.models import AuditEvent
from accord.institutions.models import Institution
from accord_testing.world import World


def _hipo(*names: str) -> SimpleUploadedFile:
    entries = [
        {"name": name, "alpha_two_code": "PT", "domains": [f"u{i}.example.pt"], "web_pages": []}
        for i, name in enumerate(names)
    ]
    return SimpleUploadedFile("world universities.json", json.dumps(entries).encode())


def test_preview_writes_nothing_then_confirm_imports_that_file(world: World) -> None:
    client = world.client_for("officer")
    before = Institution.objects.count()
    preview = client.post("/institutions/import/", {"file": _hipo("Universidade A", "Universidade B")})
    assert preview.status_code == 200
    assert b"What this import would do" in preview.content
    assert Institution.objects.count() == before
    key = preview.context["key"]
    assert preview.context["report"].created == 2
    done = client.post("/institutions/import/confirm/", {"key": key})
    assert done.status_code == 200
    assert b"What the import did" in done.content
    assert Institution.objects.count() == before + 2
    assert AuditEvent.objects.filter(action="institutions.imported").count() == 1
    # The staged upload is used once: confirming twice does not import twice.
    again = client.post("/institutions/import/confirm/", {"key": key})
    assert again.status_code == 302
    assert Institution.objects.count() == before + 2


def test_a_malformed_file_is_refused_beside_the_field(world: World) -> None:
    client = world.client_for("officer")
    before = Institution.objects.count()
    bad = SimpleUploadedFile("list.csv", b"colour,size\nred,big\n")
    response = client.post("/institutions/import/", {"file": bad})
    assert response.status_code == 422
    assert "header names neither" in response.context["form"].errors["file"][0]
    assert Institution.objects.count() == before


def test_wrong_suffix_and_rejected_rows_are_reported(world: World) -> None:
    client = world.client_for("officer")
    wrong = client.post("/institutions/import/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-")})
    assert wrong.status_code == 422
    assert "Upload a .json, .csv or .xlsx file." in wrong.context["form"].errors["file"]
    entries = [
        {"name": "Universidade C", "alpha_two_code": "PT", "domains": ["c.example.pt"], "web_pages": []},
        {"name": "Nowhere", "alpha_two_code": "XX", "domains": [], "web_pages": []},
    ]
    upload = SimpleUploadedFile("w.json", json.dumps(entries).encode())
    preview = client.post("/institutions/import/", {"file": upload})
    assert preview.status_code == 200
    assert len(preview.context["rejected"]) == 1
    assert preview.context["rejected"][0].row == 2


def test_coordinators_may_not_import(world: World) -> None:
    response = world.client_for("coordinator").post("/institutions/import/", {"file": _hipo("X")})
    assert response.status_code == 403
