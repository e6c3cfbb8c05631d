"""The one error type services raise, and the codes every domain shares.

Each app names its own codes in `<app>/errors.py` as a `StrEnum`; the values are the stable strings clients
test (the API's `code`), so an enum member compares equal to, and serialises as, its string.
"""

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Codes that mean the same in every domain; the first seven choose the HTTP status (see `STATUS`)."""

    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    CONFLICT = "conflict"
    DUPLICATE = "duplicate"
    EDIT_CONFLICT = "edit_conflict"
    INVALID_STATE = "invalid_state"
    IN_USE = "in_use"
    INVALID = "invalid"
    INVALID_CHOICE = "invalid_choice"
    INVALID_VALUE = "invalid_value"
    INVALID_DATE = "invalid_date"
    INVALID_EMAIL = "invalid_email"
    INVALID_URL = "invalid_url"
    INVALID_IDENTIFIER = "invalid_identifier"
    INVALID_FILE = "invalid_file"
    MALFORMED_FILE = "malformed_file"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    FILE_TOO_LARGE = "file_too_large"
    UPLOAD_EXPIRED = "upload_expired"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    TOO_MANY = "too_many"
    NEGATIVE = "negative"
    OUT_OF_RANGE = "out_of_range"
    DATES_OUT_OF_ORDER = "dates_out_of_order"


# 422 for every other code: the request was understood but its content refused.
STATUS: dict[str, int] = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.CONFLICT: 409,
    ErrorCode.DUPLICATE: 409,
    ErrorCode.EDIT_CONFLICT: 409,
    ErrorCode.INVALID_STATE: 409,
    ErrorCode.IN_USE: 409,
}


class DomainError(Exception):
    """Raised by services; edges turn it into a JSON body or an inline form message.

    `code` is a member of `ErrorCode` or of an app's own code enum; `field` names the form field it belongs
    to, if any.
    """

    def __init__(
        self, code: StrEnum, message: str, *, field: str | None = None, extra: dict[str, Any] | None = None
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.extra = extra or {}

    @property
    def http_status(self) -> int:
        return STATUS.get(self.code, 422)

    def as_dict(self) -> dict[str, Any]:
        details = dict(self.extra)
        if self.field:
            details["field"] = self.field
        return {"code": str(self.code), "message": self.message, "details": details}


def not_found(kind: str = "object") -> DomainError:
    return DomainError(ErrorCode.NOT_FOUND, f"No such {kind}.")
