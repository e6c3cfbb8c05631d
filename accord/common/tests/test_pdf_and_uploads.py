import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.common.errors import DomainError
from accord.common.pdf import PdfDocument
from accord.common.uploads import check_pdf, private_storage
from accord_testing.factories import pdf_text


def _pdf_bytes() -> bytes:
    document = PdfDocument("Agreement with Uniwersytet Łódzki", "2026/2027")
    document.heading("Conditions")
    document.key_values([("Erasmus code", "PL LODZ01")])
    document.table(["Code", "Title", "ECTS"], [["A1", "Ökonometrie", 5]], widths=[0.2, 0.6, 0.2])
    document.signatures([("Student", "Ana Núñez", dt.date(2026, 3, 1)), ("Coordinator", "", None)])
    return document.output()


def test_generated_pdf_holds_unicode_text_tables_and_signatures() -> None:
    text = pdf_text(_pdf_bytes())
    for expected in (
        "Uniwersytet Łódzki",
        "PL LODZ01",
        "Ökonometrie",
        "Ana Núñez",
        "2026-03-01",
        "not signed",
    ):
        assert expected in text


def test_a_real_pdf_passes_the_content_check() -> None:
    check_pdf(SimpleUploadedFile("agreement.pdf", _pdf_bytes()))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("fake.pdf", b"MZ\x90\x00 not a pdf at all", "invalid_file"),
        ("empty.pdf", b"", "invalid_file"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n", "invalid_file"),
    ],
)
def test_content_not_name_decides(name: str, content: bytes, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        check_pdf(SimpleUploadedFile(name, content), field="document")
    assert caught.value.code == code
    assert caught.value.field == "document"


def test_size_limit(settings: object) -> None:
    with pytest.raises(DomainError) as caught:
        check_pdf(SimpleUploadedFile("big.pdf", _pdf_bytes()), max_bytes=1000)
    assert caught.value.code == "file_too_large"


def test_private_storage_is_outside_static_and_follows_settings(settings: object, tmp_path: object) -> None:
    name = private_storage.save("x/test.pdf", io.BytesIO(b"%PDF-1.4 %%EOF"))
    assert private_storage.path(name).startswith(str(tmp_path))
    assert private_storage.exists(name)
