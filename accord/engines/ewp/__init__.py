"""Erasmus Without Paper (EWP) engine: pure Python, no Django.

Public API (stable names for the Django adapter and the CLI):

* documents: :func:`parse_xml` (safe parsing), :class:`EwpDocumentError` (``code``, ``message``, ``extra``);
* schemas: :class:`SchemaKey`, :func:`validate`, :func:`xsd_errors`, :func:`lxml_schema`,
  :func:`xmlschema_schema`;
* model: :class:`Iia`, :class:`IiaPartner`, :class:`MobilitySpec`, :class:`MobilityKind`,
  :class:`LanguageSkill`, :class:`SubjectArea`, :class:`Contact`;
* IIAs v7: :func:`render_iia_get_response`, :func:`compute_iia_hash`, :func:`parse_iia_get_response`;
* hash: :func:`text_to_hash`, :func:`iia_hash`, :func:`valid_for_approval`, :func:`iia_hashes_in_document`,
  :func:`iia_hash_report`;
* received copies: :func:`read_iia_get_response` (model + each ``<iia>``'s XML), :func:`iia_to_json` /
  :func:`iia_from_json` (storage), :func:`compare_iias` (our copy beside the partner's),
  :func:`v7_isced_code`.
"""

from .compare import (
    IiaComparison,
    Presence,
    Row,
    Section,
    compare_iias,
    describe_iia,
    v7_isced_code,
)
from .errors import EwpDocumentError
from .hashing import (
    IiaHashCheck,
    IiaHashReport,
    hash_text,
    iia_hash,
    iia_hash_report,
    iia_hashes_in_document,
    text_to_hash,
    valid_for_approval,
)
from .model import Contact, Iia, IiaPartner, LanguageSkill, MobilityKind, MobilitySpec, SubjectArea
from .parse import ReceivedIia, parse_iia_get_response, read_iia_get_response
from .render import build_iia_get_response, compute_iia_hash, render_iia_get_response
from .safe_xml import DEFAULT_MAX_BYTES, parse_xml
from .serialise import iia_from_json, iia_to_json
from .xsd import SchemaKey, lxml_schema, validate, xmlschema_schema, xsd_errors

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Contact",
    "EwpDocumentError",
    "Iia",
    "IiaComparison",
    "IiaHashCheck",
    "IiaHashReport",
    "IiaPartner",
    "LanguageSkill",
    "MobilityKind",
    "MobilitySpec",
    "Presence",
    "ReceivedIia",
    "Row",
    "SchemaKey",
    "Section",
    "SubjectArea",
    "build_iia_get_response",
    "compare_iias",
    "compute_iia_hash",
    "describe_iia",
    "hash_text",
    "iia_from_json",
    "iia_hash",
    "iia_hash_report",
    "iia_hashes_in_document",
    "iia_to_json",
    "lxml_schema",
    "parse_iia_get_response",
    "parse_xml",
    "read_iia_get_response",
    "render_iia_get_response",
    "text_to_hash",
    "v7_isced_code",
    "valid_for_approval",
    "validate",
    "xmlschema_schema",
    "xsd_errors",
]
