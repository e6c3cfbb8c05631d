"""The one error the EWP engine raises for a document it cannot accept.

A single type with a stable ``code`` lets the CLI print the message and exit non-zero, and lets the Django
adapter turn it into a ``DomainError`` once, without string matching. The engine cannot import
``accord.common`` (engines stay free of app code), so the shape mirrors ``DomainError(code, message, extra)``.

Codes (stable, tested):

* ``xml_too_large``      the byte string is over the size limit; nothing was parsed.
* ``xml_forbidden_dtd``  any DOCTYPE (internal subset, external DTD, entities): refused outright.
* ``xml_malformed``      not well-formed XML (``extra["line"]`` when known).
* ``unsupported_document`` well-formed, but not a document type/version this engine handles.
* ``xsd_invalid``        rejected by the official XML Schema (``extra["line"]``, the validator's message).
"""

from __future__ import annotations

from collections.abc import Mapping

XML_TOO_LARGE = "xml_too_large"
XML_FORBIDDEN_DTD = "xml_forbidden_dtd"
XML_MALFORMED = "xml_malformed"
UNSUPPORTED_DOCUMENT = "unsupported_document"
XSD_INVALID = "xsd_invalid"


class EwpDocumentError(ValueError):
    """An EWP document was refused; ``code`` is one of the constants above, ``message`` says why."""

    def __init__(self, code: str, message: str, extra: Mapping[str, object] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.extra: dict[str, object] = dict(extra or {})
