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
