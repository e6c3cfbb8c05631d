"""Parse untrusted XML (partner responses, uploaded files) without the classic XML attacks.

EWP documents never need a DTD, so any DOCTYPE is refused rather than "defused": that closes billion-laughs,
external entities (``file:///etc/passwd``), external DTD fetches and parameter-entity tricks in one rule.
The parser is also configured so that, even if a DOCTYPE slipped past the prolog check, nothing would be
resolved or fetched: entities are not substituted, DTDs are not loaded, the network is off and libxml2's
``huge_tree`` safety limits (depth, text node size) stay on. The size limit is checked before parsing.
"""

from __future__ import annotations

from lxml import etree

from .errors import XML_FORBIDDEN_DTD, XML_MALFORMED, XML_TOO_LARGE, EwpDocumentError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _new_parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers are not safe to share between threads.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        collect_ids=False,
    )


def _prolog_text(data: bytes) -> str:
    """Decode enough of ``data`` to read the prolog; only ASCII keywords matter, so errors are ignored."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="ignore")
    # BOM-less UTF-16 starts with "<" next to a NUL byte (XML 1.0 appendix F).
    if data[:2] == b"\x00<":
        return data.decode("utf-16-be", errors="ignore")
    if data[:2] == b"<\x00":
        return data.decode("utf-16-le", errors="ignore")
    # Every other encoding libxml2 accepts here is ASCII-compatible for "<!DOCTYPE".
    return data.decode("latin-1")


def _has_doctype(data: bytes) -> bool:
    """True when a DOCTYPE declaration appears in the prolog (before the root element).

    Only the prolog is inspected (XML declaration, comments, processing instructions, whitespace) so that a
    literal "<!DOCTYPE" inside a CDATA section or comment of the body is not a false positive.
    """
    text = _prolog_text(data)
    pos, end = 0, len(text)
    while pos < end:
        if text[pos].isspace():
            pos += 1
        elif text.startswith("<?", pos):
            close = text.find("?>", pos + 2)
            if close < 0:
                return False
            pos = close + 2
        elif text.startswith("<!--", pos):
            close = text.find("-->", pos + 4)
            if close < 0:
                return False
            pos = close + 3
        else:
            return text.startswith("<!DOCTYPE", pos)
    return False


def parse_xml(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._ElementTree:
    """Parse untrusted XML bytes into an element tree, or raise :class:`EwpDocumentError`.

    Codes: ``xml_too_large`` (over ``max_bytes``), ``xml_forbidden_dtd`` (any DOCTYPE), ``xml_malformed``.
    Only ``bytes`` are accepted: the XML declaration, not the caller, decides the encoding.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"parse_xml() expects bytes, not {type(data).__name__}")
    data = bytes(data)
    if len(data) > max_bytes:
        raise EwpDocumentError(
            XML_TOO_LARGE,
            f"document is {len(data)} bytes, the limit is {max_bytes}",
            {"size": len(data), "max_bytes": max_bytes},
        )
    if _has_doctype(data):
        raise EwpDocumentError(XML_FORBIDDEN_DTD, "DOCTYPE declarations are not allowed in EWP documents")
    try:
        root = etree.fromstring(data, _new_parser())
    except etree.XMLSyntaxError as exc:
        raise EwpDocumentError(XML_MALFORMED, str(exc), {"line": exc.lineno}) from None
    if root is None:  # lxml returns None for some recover-mode inputs; never trust it.
        raise EwpDocumentError(XML_MALFORMED, "no root element")
    tree: etree._ElementTree = root.getroottree()
    # Second line of defence, e.g. for an encoding the prolog check could not read.
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise EwpDocumentError(XML_FORBIDDEN_DTD, "DOCTYPE declarations are not allowed in EWP documents")
    return tree
