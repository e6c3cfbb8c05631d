"""The one error the COIL matching engine raises for bad input.

A single type with a stable ``code`` lets the CLI print one line and exit 2, and lets a Django adapter turn it
into a ``DomainError`` once. Engines cannot import ``accord.common``, so the shape mirrors
``DomainError(code, message, extra)`` instead of subclassing it (as the allocation and grade engines do).
``extra`` names the culprit: ``field`` always, ``index`` and ``offer`` when the JSON contract knows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

# Every code the engine can raise; clients may test these strings, so only ever add to the list.
ErrorCode = Literal[
    "invalid_type",  # a value of the wrong type (a class size given as text, a date that is not a date...)
    "missing_field",  # a required field is absent
    "unknown_field",  # a field the contract does not know (a typo would otherwise be ignored)
    "empty_field",  # an id, institution or language that is an empty string
    "duplicate_offer",  # two offers with the same id
    "bad_isced",  # not an ISCED-F 2013 code of 2-4 digits
    "bad_language",  # not a language tag ("en", "pt-BR"), or no language at all
    "bad_cefr",  # not a CEFR level A1..C2
    "bad_eqf",  # not an EQF level 5-8
    "bad_date",  # not an ISO date (YYYY-MM-DD)
    "bad_period",  # a teaching period that ends before it starts
    "unknown_timezone",  # not an IANA time zone known to zoneinfo
    "bad_slot",  # weekday not 0-6, time not HH:MM, or a slot that does not end after it starts
    "bad_class_size",  # fewer than one student
    "bad_format",  # not synchronous, asynchronous or mixed
    "bad_partnership",  # a partnership that is not two different institutions
    "bad_top",  # asking for fewer than one suggestion per offer
    "bad_policy",  # weights that do not add up to 100, or shares and saturation points out of range
]


class CoilInputError(ValueError):
    """Invalid input; ``code`` is a stable string clients can test, ``message`` says what to fix."""

    def __init__(self, code: ErrorCode, message: str, extra: Mapping[str, object] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code: ErrorCode = code
        self.message = message
        self.extra: dict[str, object] = dict(extra or {})

    @property
    def field(self) -> str | None:
        value = self.extra.get("field")
        return value if isinstance(value, str) else None
