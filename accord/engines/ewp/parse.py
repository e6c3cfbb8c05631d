"""Read IIAs get-responses (v7, and v6 from partners not migrated yet) into :mod:`.model` objects.

Every document is parsed safely and validated against the official XSD of its namespace *before* mapping, so
the mapping code can rely on the structure (required elements present, order, value patterns). Identifiers,
codes, years and numbers are whitespace-stripped; free text (names, clarifications, other-info-terms) is kept
as sent. The hash is computed from the partner's own ``<iia>`` element (``Iia.computed_iia_hash``), never from
the model, because approval must confirm exactly what the partner serves.

v6 -> model: the ``receiving-academic-year-id`` list becomes first/last (first and last occurrence, as the v6
XSLT does), short ISCED codes are kept (``SubjectArea.is_v7_isced`` is False), ``mobilities-per-year`` may be
missing, ``conditions-hash`` is kept; the inline ``pdf`` (base64) is not carried over.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from lxml import etree

from .errors import UNSUPPORTED_DOCUMENT, EwpDocumentError
from .hashing import iia_hash
from .model import Contact, Iia, IiaPartner, LanguageSkill, MobilityKind, MobilitySpec, SubjectArea
from .safe_xml import DEFAULT_MAX_BYTES, parse_xml
from .xsd import SchemaKey, schema_key_for_root, validate

_KINDS = {kind.element_name: kind for kind in MobilityKind}
_CONTACT_FIELDS = ("contact-name", "person-given-names", "person-family-name", "email", "role-description")
_TRUE = ("true", "1")


def _local(element: etree._Element) -> str:
    return str(element.tag).rpartition("}")[2]


def _elements(parent: etree._Element) -> list[tuple[str, etree._Element]]:
    return [(_local(child), child) for child in parent if isinstance(child.tag, str)]


def _raw(element: etree._Element) -> str:
    return "".join(element.itertext())


def _token(element: etree._Element) -> str:
    return _raw(element).strip()


def _bool(element: etree._Element) -> bool:
    return _token(element) in _TRUE


def _date(element: etree._Element) -> date:
    # xs:date may carry a time zone ("2024-05-01Z", "2024-05-01+02:00"); the calendar date is what matters.
    return date.fromisoformat(_token(element)[:10])


def _contact(element: etree._Element) -> Contact:
    values: dict[str, str] = {}
    for name, child in _elements(element):
        if name == "phone-number":
            e164 = next((c for n, c in _elements(child) if n == "e164"), None)
            if e164 is not None:
                values.setdefault("phone_e164", _token(e164))
        elif name in _CONTACT_FIELDS:
            values.setdefault(name.replace("-", "_"), _token(child) if name == "email" else _raw(child))
    return Contact(
        contact_name=values.get("contact_name", ""),
        person_given_names=values.get("person_given_names"),
        person_family_name=values.get("person_family_name"),
        email=values.get("email"),
        phone_e164=values.get("phone_e164"),
        role_description=values.get("role_description"),
    )


def _partner(element: etree._Element) -> IiaPartner:
    fields: dict[str, object] = {}
    contacts: list[Contact] = []
    for name, child in _elements(element):
        if name in ("hei-id", "ounit-id", "iia-id"):
            fields[name.replace("-", "_")] = _token(child)
        elif name == "iia-code":
            fields["iia_code"] = _raw(child)
        elif name == "signing-contact":
            fields["signing_contact"] = _contact(child)
        elif name == "signing-date":
            fields["signing_date"] = _date(child)
        elif name == "contact":
            contacts.append(_contact(child))
    return IiaPartner(contacts=tuple(contacts), **fields)  # type: ignore[arg-type]


def _subject_area(element: etree._Element) -> SubjectArea:
    code, clarification, v6_value = "", None, None
    for name, child in _elements(element):
        if name == "isced-f-code":
            code = _token(child)
            v6_value = child.get("v6-value")
        elif name == "isced-clarification":
            clarification = _raw(child)
    return SubjectArea(isced_f_code=code, isced_clarification=clarification, v6_value=v6_value)


def _language_skill(element: etree._Element) -> LanguageSkill:
    language, cefr, area = "", None, None
    for name, child in _elements(element):
        if name == "language":
            language = _token(child)
        elif name == "cefr-level":
            cefr = _token(child)
        elif name == "subject-area":
            area = _subject_area(child)
    return LanguageSkill(
        language=language,
        cefr_level=cefr,
        subject_area=area,
        not_yet_defined=element.get("not-yet-defined") in _TRUE,
    )


def _spec(kind: MobilityKind, element: etree._Element) -> MobilitySpec:
    fields: dict[str, object] = {}
    lists: dict[str, list[object]] = {
        "sending_contacts": [],
        "receiving_contacts": [],
        "years": [],
        "recommended_language_skills": [],
        "subject_areas": [],
        "eqf_levels": [],
    }
    for name, child in _elements(element):
        if name in (
            "sending-hei-id",
            "sending-ounit-id",
            "receiving-hei-id",
            "receiving-ounit-id",
            "receiving-first-academic-year-id",
            "receiving-last-academic-year-id",
        ):
            fields[name.replace("-", "_")] = _token(child)
        elif name in ("sending-contact", "receiving-contact"):
            lists[name.replace("-", "_") + "s"].append(_contact(child))
        elif name == "receiving-academic-year-id":  # v6
            lists["years"].append(_token(child))
        elif name == "mobilities-per-year":
            fields["mobilities_per_year"] = int(_token(child))
            fields["mobilities_per_year_not_yet_defined"] = child.get("not-yet-defined") in _TRUE
        elif name == "recommended-language-skill":
            lists["recommended_language_skills"].append(_language_skill(child))
        elif name == "subject-area":
            lists["subject_areas"].append(_subject_area(child))
        elif name == "other-info-terms":
            fields["other_info_terms"] = _raw(child)
        elif name in ("total-months-per-year", "total-days-per-year"):
            fields[name.replace("-", "_")] = Decimal(_token(child))
        elif name == "blended":
            fields["blended"] = _bool(child)
        elif name == "eqf-level":
            lists["eqf_levels"].append(int(_token(child)))
    years = lists.pop("years")
    if years:
        fields["receiving_first_academic_year_id"] = years[0]
        fields["receiving_last_academic_year_id"] = years[-1]
    return MobilitySpec(kind=kind, **fields, **{k: tuple(v) for k, v in lists.items()})  # type: ignore[arg-type]


def _iia(element: etree._Element, version: int) -> Iia:
    partners: list[IiaPartner] = []
    conditions: list[MobilitySpec] = []
    fields: dict[str, object] = {}
    for name, child in _elements(element):
        if name == "partner":
            partners.append(_partner(child))
        elif name == "in-effect":
            fields["in_effect"] = _bool(child)
        elif name == "cooperation-conditions":
            fields["terminated_as_a_whole"] = child.get("terminated-as-a-whole") in _TRUE
            conditions.extend(_spec(_KINDS[n], spec) for n, spec in _elements(child) if n in _KINDS)
        elif name in ("iia-hash", "conditions-hash", "pdf-file"):
            fields[name.replace("-", "_")] = _token(child)
    return Iia(
        partners=(partners[0], partners[1]),
        conditions=tuple(conditions),
        source_version=version,
        computed_iia_hash=iia_hash(element, version=version),
        **fields,  # type: ignore[arg-type]
    )


class ReceivedIia(NamedTuple):
    """One ``<iia>`` of a received document: the mapped agreement and the element's own XML (UTF-8)."""

    iia: Iia
    xml: bytes


def read_iia_get_response(
    xml_bytes: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, detailed_errors: bool = False
) -> list[ReceivedIia]:
    """Like :func:`parse_iia_get_response`, keeping each ``<iia>`` element's XML beside its model.

    The element is serialised on its own (namespace declarations included), so a stored copy can be hashed
    again or shown as received without keeping the whole response.
    """
    tree = parse_xml(xml_bytes, max_bytes=max_bytes)
    root = tree.getroot()
    key = schema_key_for_root(root)
    versions = {SchemaKey.IIAS_V7_GET: 7, SchemaKey.IIAS_V6_GET: 6}
    if key not in versions:
        raise EwpDocumentError(
            UNSUPPORTED_DOCUMENT,
            f"expected an IIAs v7 or v6 iias-get-response, got {root.tag}",
            {"root": str(root.tag)},
        )
    assert key is not None  # narrowed by the membership test above
    validate(tree, key, detailed=detailed_errors)
    try:
        return [
            ReceivedIia(_iia(child, versions[key]), etree.tostring(child, encoding="UTF-8"))
            for name, child in _elements(root)
            if name == "iia"
        ]
    except (ValueError, ArithmeticError) as exc:
        # Schema-valid values Python cannot represent, e.g. an xs:date in year 10000.
        raise EwpDocumentError(UNSUPPORTED_DOCUMENT, f"value out of range: {exc}") from None


def parse_iia_get_response(
    xml_bytes: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, detailed_errors: bool = False
) -> list[Iia]:
    """Parse, validate and map an IIAs get-response (v7 or v6, told apart by namespace).

    Raises ``EwpDocumentError``: the safe-parsing codes, ``unsupported_document`` for any other root element,
    ``xsd_invalid`` with the validator's message and line (``detailed_errors=True``: xmlschema's message).
    """
    received = read_iia_get_response(xml_bytes, max_bytes=max_bytes, detailed_errors=detailed_errors)
    return [item.iia for item in received]
