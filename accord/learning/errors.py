"""The codes learning agreements, catalogues and signing links refuse with, beyond `accord.common.errors`."""

from enum import StrEnum


class LearningErrorCode(StrEnum):
    # Details of an agreement
    NOT_STUDENT_MOBILITY = "not_student_mobility"
    INVALID_LANGUAGE = "invalid_language"
    INVALID_CEFR = "invalid_cefr"
    INVALID_EQF = "invalid_eqf"
    INVALID_ISCED = "invalid_isced"
    # Components and proposals
    INVALID_CREDITS = "invalid_credits"
    INVALID_TERM = "invalid_term"
    INVALID_REASON = "invalid_reason"
    REASON_REQUIRED = "reason_required"
    NOT_ALLOWED = "not_allowed"
    NOT_IN_FORCE = "not_in_force"
    UNKNOWN_COURSE = "unknown_course"
    RULES_NOT_MET = "rules_not_met"
    # Catalogues and the equivalence memory
    UNKNOWN_INSTITUTION = "unknown_institution"
    MIXED_INSTITUTIONS = "mixed_institutions"
    NOT_APPLICABLE = "not_applicable"
    # Signing links
    LINK_INVALID = "link_invalid"
    # The EWP document
    NOT_EXPORTABLE = "not_exportable"
    INVALID_EXPORT = "invalid_export"
