"""The IIA v7 ``iia-hash``: SHA-256 of the ``text-to-hash`` string the official XSLT kit defines.

The official transformation (``resources/xsltKit/transform_version_7.xsl``) is XSLT 2.0, which lxml cannot
run, so the string is rebuilt here from the rules documented in ``resources/xsltKit/README.md`` and checked
against every official example that states a hash (see ``tests/test_hashing.py``):

* ``_@terminated-as-a-whole@_`` first, when ``cooperation-conditions/@terminated-as-a-whole`` is true;
* ``_iia-id_<n>=<id>_`` for each partner that has an ``iia-id``, ``n`` = the partner's position (1 or 2), so
  the hash changes when the id mapping changes;
* then for every child of ``cooperation-conditions`` (each mobility spec), in document order, every descendant
  leaf element as ``_<grandparent>.<parent>.<name>=<string value>_``, preceded by its other attributes as
  ``_@<grandparent>.<parent>.<name>.<attribute>=<value>@_``; skipped: ``sending-contact`` and
  ``receiving-contact`` subtrees, elements with ``not-yet-defined="true"`` (and their subtrees), the
  academic-year elements;
  ``isced-f-code`` is replaced by its ``v6-value`` attribute when there is one;
* at the end of every spec ``_receiving-first-academic-year-id=<y>__receiving-last-academic-year-id=<y>_``
  (for v6 documents: the first and the last ``receiving-academic-year-id``).

``valid-for-approval`` is false when any ``not-yet-defined="true"`` or ``v6-value`` attribute is present.
Element names are matched by local name, as the XSLT does, so namespace prefixes do not matter.

No official example exercises three of these rules, so they are not verified by a published hash: the
``terminated-as-a-whole`` marker and its place (taken from the behaviour described in the documentation of
the EWP reference connector's hash calculation), the attribute form (no other attribute is allowed by the v7
XSD inside the conditions, so it cannot occur in a valid document), and a partner without ``iia-id`` (nothing
is emitted for it; the official README says the string holds "both IIA IDs", i.e. the ones present).
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from lxml import etree

from .safe_xml import DEFAULT_MAX_BYTES, parse_xml
from .xsd import IIAS_V6_NS

_TRUE = ("true", "1")
_CONTACTS = frozenset({"sending-contact", "receiving-contact"})
_V7_YEARS = frozenset({"receiving-first-academic-year-id", "receiving-last-academic-year-id"})
_V6_YEARS = frozenset({"receiving-academic-year-id"})


def _local(tag: str) -> str:
    # Faster than etree.QName(tag).localname in the hot loop; tags are "{ns}name" or "name".
    return tag.rpartition("}")[2]


def _children(element: etree._Element) -> list[etree._Element]:
    """Element children only (comments and processing instructions have a non-string tag)."""
    return [child for child in element if isinstance(child.tag, str)]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if isinstance(child.tag, str) and _local(child.tag) == name:
            return child
    return None


def _string_value(element: etree._Element) -> str:
    """XPath string value of a leaf: its text nodes concatenated (comments/PIs excluded)."""
    if len(element) == 0:
        return element.text or ""
    return "".join(element.itertext())


def _version_of(iia: etree._Element) -> int:
    """6 or 7 from the namespace; for namespace-less fragments, from the shape of the academic years."""
    namespace = etree.QName(iia).namespace
    if namespace:
        return 6 if namespace == IIAS_V6_NS else 7
    return 6 if next(iia.iter("receiving-academic-year-id"), None) is not None else 7


def _dump_spec(spec: etree._Element, version: int, out: list[str]) -> None:
    """Append the pieces of one mobility spec: its leaves in document order, then the academic years."""
    years = _V6_YEARS if version == 6 else _V7_YEARS
    skipped = _CONTACTS | years
    markers_apply = version == 7

    def walk(element: etree._Element, grandparent: str, parent: str) -> None:
        # Hot loop of exports (every rendered agreement is hashed): attributes are read once with items(),
        # which is much cheaper than the attrib proxy, and leaves are detected by len() before any scan.
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            name = tag.rpartition("}")[2]
            if name in skipped:
                continue
            path = f"{grandparent}.{parent}.{name}"
            attributes = child.items()
            v6_value = None
            if attributes:
                if markers_apply and any(k == "not-yet-defined" and v in _TRUE for k, v in attributes):
                    continue
                for attr_name, attr_value in attributes:
                    attr = _local(attr_name)
                    if attr == "v6-value":
                        v6_value = attr_value
                    elif attr != "not-yet-defined":
                        out.append(f"_@{path}.{attr}={attr_value}@_")
            if len(child) and any(isinstance(sub.tag, str) for sub in child):
                walk(child, parent, name)
                continue
            value = _string_value(child)
            if markers_apply and v6_value and name == "isced-f-code":
                value = v6_value
            out.append(f"_{path}={value}_")

    walk(spec, "cooperation-conditions", _local(spec.tag))
    if version == 6:
        found = [_string_value(c) for c in spec if isinstance(c.tag, str) and _local(c.tag) in years]
        first, last = (found[0], found[-1]) if found else ("", "")
    else:
        first_el = _child(spec, "receiving-first-academic-year-id")
        last_el = _child(spec, "receiving-last-academic-year-id")
        first = _string_value(first_el) if first_el is not None else ""
        last = _string_value(last_el) if last_el is not None else ""
    out.append(f"_receiving-first-academic-year-id={first}__receiving-last-academic-year-id={last}_")


def text_to_hash(iia: etree._Element, *, version: int | None = None) -> str:
    """The ``text-to-hash`` string of one ``<iia>`` element (v7 rules; v6 rules for a v6-namespaced element).

    ``version`` forces the rule set (e.g. for namespace-less fragments); by default the namespace decides.
    """
    version = version or _version_of(iia)
    out: list[str] = []
    conditions = _child(iia, "cooperation-conditions")
    if version == 7 and conditions is not None and conditions.get("terminated-as-a-whole") in _TRUE:
        out.append("_@terminated-as-a-whole@_")
    position = 0
    for child in iia:
        if isinstance(child.tag, str) and _local(child.tag) == "partner":
            position += 1
            iia_id = _child(child, "iia-id")
            if iia_id is not None:
                out.append(f"_iia-id_{position}={_string_value(iia_id)}_")
    if conditions is not None:
        for spec in _children(conditions):
            _dump_spec(spec, version, out)
    return "".join(out)


def hash_text(text: str) -> str:
    """SHA-256 hex (lower case) of the UTF-8 bytes of a ``text-to-hash`` string."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iia_hash(iia: etree._Element, *, version: int | None = None) -> str:
    """The ``iia-hash`` of one ``<iia>`` element."""
    return hash_text(text_to_hash(iia, version=version))


def valid_for_approval(iia: etree._Element) -> bool:
    """False when the IIA carries ``not-yet-defined="true"`` or any ``v6-value`` attribute (v7 rule)."""
    for element in iia.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("not-yet-defined") in _TRUE or element.get("v6-value") is not None:
            return False
    return True


class IiaHashCheck(NamedTuple):
    """``(iia_id, computed, stated)``: iia-id of the first partner, our hash, the hash the document states.

    ``stated`` is ``None`` when the document has no ``iia-hash`` (v6 documents carry ``conditions-hash``, a
    different algorithm, which is not compared).
    """

    iia_id: str | None
    computed: str
    stated: str | None

    @property
    def matches(self) -> bool:
        return self.stated is not None and self.stated == self.computed


class IiaHashReport(NamedTuple):
    """:class:`IiaHashCheck` plus the ``valid-for-approval`` flag, for callers that show both."""

    check: IiaHashCheck
    valid_for_approval: bool


def iia_hash_report(xml_bytes: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[IiaHashReport]:
    """Hash every ``<iia>`` of an IIAs get-response (v7 or v6) and say whether each one is approvable.

    The document is parsed safely but not validated, so fragments and slightly broken files can be checked.
    """
    root = parse_xml(xml_bytes, max_bytes=max_bytes).getroot()
    rows: list[IiaHashReport] = []
    for iia in root.iter("{*}iia"):
        partner = _child(iia, "partner")
        iia_id_el = _child(partner, "iia-id") if partner is not None else None
        stated_el = _child(iia, "iia-hash")
        check = IiaHashCheck(
            iia_id=_string_value(iia_id_el).strip() if iia_id_el is not None else None,
            computed=iia_hash(iia),
            stated=_string_value(stated_el).strip() if stated_el is not None else None,
        )
        rows.append(IiaHashReport(check, valid_for_approval(iia)))
    return rows


def iia_hashes_in_document(xml_bytes: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[IiaHashCheck]:
    """``[(iia_id, computed, stated), ...]``, one per ``<iia>``, for ``accord ewp iia-hash FILE``.

    Raises ``EwpDocumentError`` for hostile, oversized or malformed input (see :func:`.safe_xml.parse_xml`).
    """
    return [row.check for row in iia_hash_report(xml_bytes, max_bytes=max_bytes)]
