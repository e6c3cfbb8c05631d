"""The codes analytics refuses with, beyond the shared `accord.common.errors.ErrorCode`."""

from enum import StrEnum


class AnalyticsErrorCode(StrEnum):
    INVALID_WEIGHT = "invalid_weight"
    INVALID_CODE = "invalid_code"
