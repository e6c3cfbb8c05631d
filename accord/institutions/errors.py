"""The codes the register of institutions refuses with, beyond the shared `accord.common.errors.ErrorCode`."""

from enum import StrEnum


class InstitutionErrorCode(StrEnum):
    INVALID_COUNTRY = "invalid_country"
    INVALID_TIMEZONE = "invalid_timezone"
    INVALID_NAME = "invalid_name"
    INVALID_PARENT = "invalid_parent"
    INVALID_UNIT = "invalid_unit"
