"""The codes accounts and API tokens are refused with, beyond the shared `accord.common.errors.ErrorCode`."""

from enum import StrEnum


class AccountsErrorCode(StrEnum):
    TOO_MANY_TOKENS = "too_many_tokens"
    UNKNOWN_UNIT = "unknown_unit"
    UNKNOWN_INSTITUTION = "unknown_institution"
    WEAK_PASSWORD = "weak_password"  # noqa: S105 - an error code, not a password
