"""The codes mobility services raise beyond the shared ones (`accord.common.errors.ErrorCode`)."""

from enum import StrEnum


class MobilityErrorCode(StrEnum):
    # People and mobilities
    INVALID_COUNTRY = "invalid_country"
    INVALID_YEAR = "invalid_year"
    UNKNOWN_PERSON = "unknown_person"
    UNKNOWN_INSTITUTION = "unknown_institution"
    UNKNOWN_AGREEMENT = "unknown_agreement"
    SAME_SIDES = "same_sides"
    NOT_HOME = "not_home"
    NO_HOME_INSTITUTION = "no_home_institution"
    INVALID_UNIT = "invalid_unit"
    NOT_IN_AGREEMENT = "not_in_agreement"
    INVALID_CONDITION = "invalid_condition"
    # Nominations
    NO_PARTNER_CONTACT = "no_partner_contact"
    NOT_EXPORTABLE = "not_exportable"
    INVALID_EXPORT = "invalid_export"
    IMPORT_INVALID = "import_invalid"
