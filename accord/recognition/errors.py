"""The codes recognition refuses with, beyond the shared `accord.common.errors.ErrorCode`."""

from enum import StrEnum


class RecognitionErrorCode(StrEnum):
    # Grading scales and grade tables
    UNKNOWN_SCALE = "unknown_scale"
    INVALID_PERIOD = "invalid_period"
    INVALID_ISCED_CODE = "invalid_isced_code"
    # Transcripts and recognition decisions
    NO_LEARNING_AGREEMENT = "no_learning_agreement"
    NO_TRANSCRIPT = "no_transcript"
    NOT_OUTGOING = "not_outgoing"
    NOT_GRADED = "not_graded"
    INVALID_TRANSCRIPT = "invalid_transcript"
    INVALID_RECOGNITION = "invalid_recognition"


class GradeInputErrorCode(StrEnum):
    """The grade engine's own codes (`accord.engines.grades.errors.ErrorCode`), passed on unchanged."""

    INVALID_TYPE = "invalid_type"
    MISSING_FIELD = "missing_field"
    UNKNOWN_FIELD = "unknown_field"
    EMPTY_SCALE = "empty_scale"
    DUPLICATE_GRADE = "duplicate_grade"
    INVALID_SCALE = "invalid_scale"
    UNKNOWN_SCALE = "unknown_scale"
    UNKNOWN_GRADE = "unknown_grade"
    GRADE_OUT_OF_RANGE = "grade_out_of_range"
    NEGATIVE_PERCENTAGE = "negative_percentage"
    DISTRIBUTION_LENGTH = "distribution_length"
    DISTRIBUTION_SUM = "distribution_sum"
    DISTRIBUTION_SCALE_MISMATCH = "distribution_scale_mismatch"
    INVALID_ISCED_CODE = "invalid_isced_code"
    PASS_FAIL_TO_GRADED = "pass_fail_to_graded"  # noqa: S105 (an error code, not a password)
    NO_FAILING_GRADE = "no_failing_grade"
