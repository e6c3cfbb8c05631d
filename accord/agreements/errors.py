"""The codes agreements raise beyond the shared ones (`accord.common.errors.ErrorCode`).

Clients test these strings: a member's value never changes. The sub-domains (lifecycle, EWP, documents,
spreadsheets) use the same enum: one list answers "what can an agreement refuse with?".
"""

from enum import StrEnum


class AgreementErrorCode(StrEnum):
    # An agreement's data (services.py)
    TOO_FEW_PARTNERS = "too_few_partners"
    ERASMUS_TWO_PARTNERS = "erasmus_two_partners"
    DUPLICATE_PARTNER = "duplicate_partner"
    UNKNOWN_INSTITUTION = "unknown_institution"
    INVALID_UNIT = "invalid_unit"
    INVALID_CONTACT = "invalid_contact"
    NO_HOME_PARTNER = "no_home_partner"
    NOT_A_PARTNER = "not_a_partner"
    SAME_SIDES = "same_sides"
    INVALID_YEAR = "invalid_year"
    YEARS_OUT_OF_ORDER = "years_out_of_order"
    NOT_FOR_STAFF = "not_for_staff"
    NOT_FOR_STUDENTS = "not_for_students"
    INVALID_EQF = "invalid_eqf"
    INVALID_ISCED = "invalid_isced"
    INVALID_LANGUAGE = "invalid_language"
    INVALID_CEFR = "invalid_cefr"
    DEADLINE_AFTER_END = "deadline_after_end"
    STATUS_BY_TRANSITION = "status_by_transition"

    # Lifecycle: the text a transition asks for, and its guards (lifecycle/services.py)
    COMMENT_REQUIRED = "comment_required"
    REASON_REQUIRED = "reason_required"
    NO_CONDITIONS = "no_conditions"
    SIGNATURES_MISSING = "signatures_missing"
    NOT_STARTED = "not_started"
    ALREADY_ENDED = "already_ended"
    NOT_IN_NOTICE_PERIOD = "not_in_notice_period"
    NOT_ENDED = "not_ended"
    ALREADY_RENEWED = "already_renewed"
    UNKNOWN_USER = "unknown_user"
    INVALID_APPROVER = "invalid_approver"
    UNKNOWN_REVISION = "unknown_revision"
    NOT_PARTNER_APPROVED = "not_partner_approved"

    # EWP IIA documents (ewp/)
    NOT_EXPORTABLE = "not_exportable"
    # The engine's own code for an oversized document, used when the size is refused before it reads a byte.
    XML_TOO_LARGE = "xml_too_large"
    EMPTY_DOCUMENT = "empty_document"
    UNKNOWN_PARTNER = "unknown_partner"
    OWN_COPY = "own_copy"
    NOT_OUR_AGREEMENT = "not_our_agreement"
    MISSING_IIA_ID = "missing_iia_id"
    VALUE_TOO_LONG = "value_too_long"

    # Spreadsheet import (spreadsheet/)
    INVALID_ROWS = "invalid_rows"


class EwpDocumentErrorCode(StrEnum):
    """The EWP engine's codes for a document it refuses (`accord.engines.ewp.errors`), passed on unchanged."""

    XML_TOO_LARGE = "xml_too_large"
    XML_FORBIDDEN_DTD = "xml_forbidden_dtd"
    XML_MALFORMED = "xml_malformed"
    UNSUPPORTED_DOCUMENT = "unsupported_document"
    XSD_INVALID = "xsd_invalid"
