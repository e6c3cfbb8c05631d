"""The one error the allocation engine raises for bad input.

A single type with a stable ``code`` lets the CLI print the message and exit 2, and lets the Django adapter
turn it into a ``DomainError`` once, without string matching. The engine cannot import ``accord.common``
(engines stay free of app code), so the shape mirrors ``DomainError(code, message, extra)`` instead of
subclassing it.
"""

from __future__ import annotations

from collections.abc import Mapping


class AllocationInputError(ValueError):
    """Invalid input; ``code`` is a stable string clients can test, ``message`` names the culprit."""

    def __init__(self, code: str, message: str, extra: Mapping[str, object] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.extra: dict[str, object] = dict(extra or {})
