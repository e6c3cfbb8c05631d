"""The official EWP XML Schemas, loaded offline and compiled once per process.

The schemas import each other through absolute ``https://raw.githubusercontent.com/erasmus-without-paper/...``
URLs. The copies shipped in ``schemas/`` keep the ``<repo>/<branch>/<path>`` layout of those URLs, so both
validators get a resolver that rewrites the prefix to the local folder and refuses everything else: validation
never touches the network. ``xml.xsd`` (for ``xml:lang``) comes from the copy bundled with ``xmlschema``.

Two validators, on purpose:

* ``lxml`` (libxml2) is fast enough for bulk work (exports of thousands of agreements, incoming responses);
* ``xmlschema`` is slower but gives better messages (XPath of the culprit, expected elements); it is used to
  explain a rejection, not to decide it.
"""

from __future__ import annotations

import functools
import threading
from enum import StrEnum
from pathlib import Path
from typing import Any

import xmlschema
from lxml import etree

from .errors import XSD_INVALID, EwpDocumentError

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
RAW_PREFIX = "https://raw.githubusercontent.com/erasmus-without-paper/"
W3C_XML_XSD_URL = "http://www.w3.org/2001/03/xml.xsd"
_XML_XSD = Path(xmlschema.__file__).resolve().parent / "schemas" / "XML" / "xml.xsd"


class SchemaKey(StrEnum):
    """The response documents this engine can validate (the root element each one describes)."""

    IIAS_V7_GET = "iias-v7-get"
    IIAS_V6_GET = "iias-v6-get"
    IIAS_APPROVAL_V2 = "iias-approval-v2"
    OMOBILITIES_V2_GET = "omobilities-v2-get"
    OMOBILITY_LAS_V1_GET = "omobility-las-v1-get"


_GH = "https://github.com/erasmus-without-paper/"

# Target namespace and root element name of each document type; the namespace carries the major version.
IIAS_V7_NS = _GH + "ewp-specs-api-iias/blob/stable-v7/endpoints/get-response.xsd"
IIAS_V6_NS = _GH + "ewp-specs-api-iias/blob/stable-v6/endpoints/get-response.xsd"
IIAS_APPROVAL_V2_NS = _GH + "ewp-specs-api-iias-approval/tree/stable-v2"
OMOBILITIES_V2_NS = _GH + "ewp-specs-api-omobilities/blob/stable-v2/endpoints/get-response.xsd"
OMOBILITY_LAS_V1_NS = _GH + "ewp-specs-api-omobility-las/blob/stable-v1/endpoints/get-response.xsd"
CONTACT_NS = _GH + "ewp-specs-types-contact/tree/stable-v1"
PHONE_NS = _GH + "ewp-specs-types-phonenumber/tree/stable-v1"

_SCHEMAS: dict[SchemaKey, tuple[str, str, str]] = {
    # key: (path under SCHEMA_DIR, target namespace, root element local name)
    SchemaKey.IIAS_V7_GET: (
        "ewp-specs-api-iias/stable-v7/endpoints/get-response.xsd",
        IIAS_V7_NS,
        "iias-get-response",
    ),
    SchemaKey.IIAS_V6_GET: (
        "ewp-specs-api-iias/stable-v6/endpoints/get-response.xsd",
        IIAS_V6_NS,
        "iias-get-response",
    ),
    SchemaKey.IIAS_APPROVAL_V2: (
        "ewp-specs-api-iias-approval/stable-v2/response.xsd",
        IIAS_APPROVAL_V2_NS,
        "iias-approval-response",
    ),
    SchemaKey.OMOBILITIES_V2_GET: (
        "ewp-specs-api-omobilities/stable-v2/endpoints/get-response.xsd",
        OMOBILITIES_V2_NS,
        "omobilities-get-response",
    ),
    SchemaKey.OMOBILITY_LAS_V1_GET: (
        "ewp-specs-api-omobility-las/stable-v1/endpoints/get-response.xsd",
        OMOBILITY_LAS_V1_NS,
        "omobility-las-get-response",
    ),
}


def schema_path(key: SchemaKey) -> Path:
    """Local file of the top-level XSD for ``key``."""
    return SCHEMA_DIR / _SCHEMAS[key][0]


def schema_key_for_root(root: etree._Element) -> SchemaKey | None:
    """Which schema describes a document with this root element (by namespace + name), if any."""
    tag = root.tag
    if not isinstance(tag, str):
        return None
    qname = etree.QName(tag)
    for key, (_path, namespace, name) in _SCHEMAS.items():
        if qname.namespace == namespace and qname.localname == name:
            return key
    return None


def map_uri(uri: str) -> str:
    """Rewrite an EWP raw.githubusercontent.com URL to its local copy (``file:`` URI); others unchanged."""
    if uri.startswith(RAW_PREFIX):
        return (SCHEMA_DIR / uri[len(RAW_PREFIX) :]).as_uri()
    if uri == W3C_XML_XSD_URL:
        return _XML_XSD.as_uri()
    return uri


class _OfflineResolver(etree.Resolver):  # type: ignore[misc]
    """lxml resolver for schema imports: local copies only; anything else fails instead of going online."""

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        if not system_url:
            return None
        if system_url.startswith(RAW_PREFIX):
            return self.resolve_filename(str(SCHEMA_DIR / system_url[len(RAW_PREFIX) :]), context)
        if system_url == W3C_XML_XSD_URL:
            return self.resolve_filename(str(_XML_XSD), context)
        return None  # local relative paths are loaded by lxml itself; remote ones fail (no_network)


# lxml validators keep their error log on the object, so concurrent calls from two threads would mix up
# messages: each thread compiles its own copy (a few tens of ms, once per thread).
_local = threading.local()


def lxml_schema(key: SchemaKey) -> etree.XMLSchema:
    """The compiled lxml validator for ``key`` (cached per thread)."""
    cache: dict[SchemaKey, etree.XMLSchema] | None = getattr(_local, "schemas", None)
    if cache is None:
        cache = _local.schemas = {}
    schema = cache.get(key)
    if schema is None:
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        parser.resolvers.add(_OfflineResolver())
        schema = etree.XMLSchema(etree.parse(str(schema_path(key)), parser))
        cache[key] = schema
    return schema


@functools.cache
def xmlschema_schema(key: SchemaKey) -> xmlschema.XMLSchema10:
    """The compiled ``xmlschema`` validator for ``key`` (cached per process; used read-only)."""
    return xmlschema.XMLSchema10(str(schema_path(key)), uri_mapper=map_uri, allow="local")


def xsd_errors(tree: etree._ElementTree | etree._Element, key: SchemaKey, *, limit: int = 5) -> list[str]:
    """Up to ``limit`` detailed messages from ``xmlschema`` (reason, XPath, line); empty when valid."""
    messages: list[str] = []
    for error in xmlschema_schema(key).iter_errors(tree):
        line = getattr(error, "sourceline", None)
        reason = error.reason or error.message
        messages.append(f"line {line}: {reason} (at {error.path})" if line else f"{reason} (at {error.path})")
        if len(messages) >= limit:
            break
    return messages


def validate(tree: etree._ElementTree | etree._Element, key: SchemaKey, *, detailed: bool = False) -> None:
    """Raise ``EwpDocumentError("xsd_invalid")`` unless the document is valid against the schema ``key``.

    The decision is libxml2's; the message is the validator's own, prefixed with the line. With
    ``detailed=True`` the message comes from ``xmlschema`` instead (slower, names the XPath).
    """
    schema = lxml_schema(key)
    if schema.validate(tree):
        return
    first = schema.error_log[0] if len(schema.error_log) else None
    line = first.line if first is not None else None
    message = f"line {line}: {first.message}" if first is not None else "document is not valid"
    extra: dict[str, object] = {
        "line": line,
        "schema": str(key),
        "errors": [f"line {e.line}: {e.message}" for e in list(schema.error_log)[:5]],
    }
    if detailed:
        details = xsd_errors(tree, key)
        if details:
            message = details[0]
            extra["errors"] = details
    raise EwpDocumentError(XSD_INVALID, message, extra)
