"""Uploaded files: checked by content, stored outside the web root, served only after an access check.

The private storage lives under `ACCORD_PRIVATE_ROOT`, which no URL maps to; a file leaves it only through
`private_file_response`, which a view calls after `get_<thing>_for_user` has said the user may see it.
"""

import hashlib
import os
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse

from accord.common.errors import DomainError, ErrorCode

PDF_MAGIC = b"%PDF-"
# A PDF ends with %%EOF, possibly followed by whitespace or a few bytes of padding some writers add.
PDF_TAIL_WINDOW = 2048


class PrivateStorage(FileSystemStorage):
    """Reads its root from the settings on every use, so that tests can point it at a temporary directory."""

    @property
    def base_location(self) -> str:
        return str(settings.ACCORD_PRIVATE_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> str:
        # No URL serves these files; asking for one is a programming error.
        raise NotImplementedError("private files are served by a view after an access check")


private_storage = PrivateStorage()


def _read_all(upload: IO[bytes] | Any) -> bytes:
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    return content if isinstance(content, bytes) else bytes(content)


def check_size(upload: Any, *, field: str = "file", max_bytes: int | None = None) -> None:
    limit = max_bytes if max_bytes is not None else settings.ACCORD_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is None:
        size = len(_read_all(upload))
    if size == 0:
        raise DomainError(ErrorCode.INVALID_FILE, "The file is empty.", field=field)
    if size > limit:
        raise DomainError(
            ErrorCode.FILE_TOO_LARGE,
            f"The file is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.1f} MB.",
            field=field,
            extra={"size": size, "limit": limit},
        )


def check_pdf(upload: Any, *, field: str = "file", max_bytes: int | None = None) -> None:
    """Refuse anything that is not a PDF by its bytes, whatever its name or declared content type says."""
    check_size(upload, field=field, max_bytes=max_bytes)
    content = _read_all(upload)
    if not content.startswith(PDF_MAGIC) or b"%%EOF" not in content[-PDF_TAIL_WINDOW:]:
        raise DomainError(ErrorCode.INVALID_FILE, "The file is not a PDF document.", field=field)


def sha256_of(upload: Any) -> str:
    return hashlib.sha256(_read_all(upload)).hexdigest()


def private_file_response(field_file: Any, download_name: str, *, inline: bool = False) -> FileResponse:
    """Stream a stored file; the caller has already checked that the user may see it."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=not inline,
        filename=download_name,
        content_type="application/pdf" if download_name.lower().endswith(".pdf") else None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
