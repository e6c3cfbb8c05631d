"""The codes the exchange programme refuses with, beyond the shared `accord.common.errors.ErrorCode`."""

from enum import StrEnum


class ExchangeErrorCode(StrEnum):
    # Calls and places
    INVALID_LANGUAGE = "invalid_language"
    INVALID_CEFR = "invalid_cefr"
    INVALID_EQF = "invalid_eqf"
    INVALID_WEIGHTS = "invalid_weights"
    INVALID_YEAR = "invalid_year"
    INVALID_UNIT = "invalid_unit"
    SAME_UNIT = "same_unit"
    NO_PLACES = "no_places"
    # Applications and their documents
    CALL_NOT_OPEN = "call_not_open"
    DEADLINE_PASSED = "deadline_passed"
    NOT_ELIGIBLE = "not_eligible"
    TOO_MANY_PREFERENCES = "too_many_preferences"
    DUPLICATE_PREFERENCE = "duplicate_preference"
    UNKNOWN_PLACE = "unknown_place"
    NO_STUDENT_RECORD = "no_student_record"
    TOO_MANY_DOCUMENTS = "too_many_documents"
    # Allocation runs and offers
    CALL_STILL_OPEN = "call_still_open"
    OFFERS_PENDING = "offers_pending"
    NO_APPLICANTS = "no_applicants"
    DIFFERENT_CALLS = "different_calls"
