"""The codes collaboration refuses with, beyond the shared `accord.common.errors.ErrorCode`."""

from enum import StrEnum


class CollaborationErrorCode(StrEnum):
    # Virtual exchange offers and proposals (virtual_exchange/)
    UNKNOWN_TIMEZONE = "unknown_timezone"
    INVALID_SLOT = "invalid_slot"
    INVALID_LANGUAGE = "invalid_language"
    SAME_INSTITUTION = "same_institution"
    NOT_OPEN = "not_open"
    TOO_LITTLE_OVERLAP = "too_little_overlap"
    ALREADY_PROPOSED = "already_proposed"
