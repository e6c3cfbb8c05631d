"""The codes staff application services raise beyond the shared and the mobility ones."""

from enum import StrEnum


class StaffErrorCode(StrEnum):
    INVALID_DAYS = "invalid_days"
