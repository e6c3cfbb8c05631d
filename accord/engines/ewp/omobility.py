"""EWP Outgoing Mobilities v2: the ``omobilities-get-response`` document, rendered and parsed.

The sending institution serves one ``<student-mobility>`` per nomination. This module maps those elements to a
plain, immutable :class:`OMobility` and back; the Django adapter
(``accord.mobility.nominations.adapters``) maps rows to these objects. Field names follow the element names,
so the renderer, the parser and the XSD read alike.

What the product does not keep is dropped on parsing, not invented on rendering: names in other scripts
(only the first ``given-names``/``family-name`` without ``xml:lang``, or the first one, is kept), photos,
addresses, phone numbers and additional requirements. Rendering never writes them.

Parsing validates against the official XSD *before* mapping, so the mapping relies on the structure. The v2
schema covers student mobility only: staff mobilities have no place in this document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lxml import etree

from .errors import UNSUPPORTED_DOCUMENT, EwpDocumentError
from .safe_xml import DEFAULT_MAX_BYTES, parse_xml
from .xsd import OMOBILITIES_V2_NS, SchemaKey, schema_key_for_root, validate

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ESI_PREFIX = "urn:schac:personalUniqueCode:int:esi:"


class OMobilityStatus(StrEnum):
    NOMINATION = "nomination"
    LIVE = "live"
    RECOGNIZED = "recognized"
    CANCELLED = "cancelled"


class ActivityType(StrEnum):
    STUDENT_STUDIES = "student-studies"
    STUDENT_TRAINEESHIPS = "student-traineeships"


class ActivityAttributes(StrEnum):
    LONG_TERM = "long-term"
    SHORT_TERM_BLENDED = "short-term-blended"
    SHORT_TERM_DOCTORAL = "short-term-doctoral"


@dataclass(frozen=True)
class HeiRef:
    """``<sending-hei>``/``<receiving-hei>``: the SCHAC id, and unit and IIA ids as that side knows them."""

    hei_id: str
    ounit_id: str | None = None
    iia_id: str | None = None


@dataclass(frozen=True)
class Student:
    given_names: str
    family_name: str
    global_id: str
    birth_date: date | None = None
    citizenship: str | None = None
    gender: int | None = None  # ISO/IEC 5218: 0 unknown, 1 male, 2 female, 9 not applicable
    email: str | None = None


@dataclass(frozen=True)
class LanguageSkill:
    language: str
    cefr_level: str | None = None


@dataclass(frozen=True)
class OMobility:
    """One ``<student-mobility>``. ``sending_academic_term_ewp_id`` None means a non-standard period."""

    omobility_id: str
    sending_hei: HeiRef
    receiving_hei: HeiRef
    receiving_academic_year_id: str
    student: Student
    status: OMobilityStatus
    activity_type: ActivityType
    activity_attributes: ActivityAttributes = ActivityAttributes.LONG_TERM
    sending_academic_term_ewp_id: str | None = None
    planned_arrival_date: date | None = None
    planned_departure_date: date | None = None
    eqf_level_studied_at_nomination: int | None = None
    eqf_level_studied_at_departure: int | None = None
    nominee_isced_f_code: str | None = None
    nominee_language_skills: tuple[LanguageSkill, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "nominee_language_skills", tuple(self.nominee_language_skills))


def european_student_identifier(schac_id: str, personal_code: str) -> str:
    """The ESI the ``global-id`` element carries: ``urn:schac:personalUniqueCode:int:esi:<schac>:<code>``."""
    return f"{ESI_PREFIX}{schac_id}:{personal_code}"


def academic_term_id(academic_year_id: str, start: date, end: date) -> str:
    """The smallest EWP term of a northern-hemisphere year (semester, else the year) holding start..end.

    The first semester runs September to January, the second February to August.
    """
    first_year = int(academic_year_id[:4])
    semesters = (
        (date(first_year, 8, 1), date(first_year + 1, 1, 31), "1/2"),
        (date(first_year + 1, 2, 1), date(first_year + 1, 8, 31), "2/2"),
    )
    for term_start, term_end, part in semesters:
        if term_start <= start and end <= term_end:
            return f"{academic_year_id}-{part}"
    return f"{academic_year_id}-1/1"


# Rendering --------------------------------------------------------------------------------------------------


def _q(name: str) -> str:
    return f"{{{OMOBILITIES_V2_NS}}}{name}"


def _text(parent: etree._Element, name: str, value: str) -> etree._Element:
    element = etree.SubElement(parent, _q(name))
    element.text = value
    return element


def _opt(parent: etree._Element, name: str, value: object | None) -> None:
    if value is None:
        return
    _text(parent, name, value.isoformat() if isinstance(value, date) else str(value))


def _hei(parent: etree._Element, name: str, hei: HeiRef) -> None:
    element = etree.SubElement(parent, _q(name))
    _text(element, "hei-id", hei.hei_id)
    _opt(element, "ounit-id", hei.ounit_id)
    _opt(element, "iia-id", hei.iia_id)


def _student(parent: etree._Element, student: Student) -> None:
    element = etree.SubElement(parent, _q("student"))
    _text(element, "given-names", student.given_names)
    _text(element, "family-name", student.family_name)
    _text(element, "global-id", student.global_id)
    _opt(element, "birth-date", student.birth_date)
    _opt(element, "citizenship", student.citizenship)
    _opt(element, "gender", student.gender)
    _opt(element, "email", student.email)


def render_omobility(parent: etree._Element, mobility: OMobility) -> etree._Element:
    """Append one ``<student-mobility>`` to ``parent``, in the XSD's element order."""
    element = etree.SubElement(parent, _q("student-mobility"))
    _text(element, "omobility-id", mobility.omobility_id)
    _hei(element, "sending-hei", mobility.sending_hei)
    _hei(element, "receiving-hei", mobility.receiving_hei)
    if mobility.sending_academic_term_ewp_id is None:
        etree.SubElement(element, _q("non-standard-mobility-period"))
    else:
        _text(element, "sending-academic-term-ewp-id", mobility.sending_academic_term_ewp_id)
    _text(element, "receiving-academic-year-id", mobility.receiving_academic_year_id)
    _student(element, mobility.student)
    _text(element, "status", mobility.status.value)
    _text(element, "activity-type", mobility.activity_type.value)
    _text(element, "activity-attributes", mobility.activity_attributes.value)
    _opt(element, "planned-arrival-date", mobility.planned_arrival_date)
    _opt(element, "planned-departure-date", mobility.planned_departure_date)
    _opt(element, "eqf-level-studied-at-nomination", mobility.eqf_level_studied_at_nomination)
    _opt(element, "eqf-level-studied-at-departure", mobility.eqf_level_studied_at_departure)
    _opt(element, "nominee-isced-f-code", mobility.nominee_isced_f_code)
    for skill in mobility.nominee_language_skills:
        skill_element = etree.SubElement(element, _q("nominee-language-skill"))
        _text(skill_element, "language", skill.language)
        _opt(skill_element, "cefr-level", skill.cefr_level)
    return element


def build_omobilities_get_response(mobilities: Sequence[OMobility]) -> etree._Element:
    root = etree.Element(_q("omobilities-get-response"), nsmap={None: OMOBILITIES_V2_NS})
    for mobility in mobilities:
        render_omobility(root, mobility)
    return root


def render_omobilities_get_response(
    mobilities: Sequence[OMobility], *, pretty: bool = True, validate_xsd: bool = True
) -> bytes:
    """Serialise an Outgoing Mobilities v2 get-response (UTF-8, with XML declaration).

    Validated against the official XSD by default: a document a partner would reject raises
    ``EwpDocumentError("xsd_invalid")`` here instead of leaving the building.
    """
    root = build_omobilities_get_response(mobilities)
    if validate_xsd:
        validate(root, SchemaKey.OMOBILITIES_V2_GET)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=pretty)
    return result


# Parsing ----------------------------------------------------------------------------------------------------


def _local(element: etree._Element) -> str:
    return str(element.tag).rpartition("}")[2]


def _children(parent: etree._Element) -> list[tuple[str, etree._Element]]:
    return [(_local(child), child) for child in parent if isinstance(child.tag, str)]


def _token(element: etree._Element) -> str:
    return "".join(element.itertext()).strip()


def _date(element: etree._Element) -> date:
    return date.fromisoformat(_token(element)[:10])


def _first_name_of(elements: list[etree._Element]) -> str:
    """The name without ``xml:lang`` (the Latin form EWP asks for first), else the first one given."""
    plain = [e for e in elements if e.get(XML_LANG) is None]
    return _token((plain or elements)[0])


def _parse_hei(element: etree._Element) -> HeiRef:
    values = {name.replace("-", "_"): _token(child) for name, child in _children(element)}
    return HeiRef(hei_id=values["hei_id"], ounit_id=values.get("ounit_id"), iia_id=values.get("iia_id"))


def _parse_student(element: etree._Element) -> Student:
    given: list[etree._Element] = []
    family: list[etree._Element] = []
    values: dict[str, etree._Element] = {}
    for name, child in _children(element):
        if name == "given-names":
            given.append(child)
        elif name == "family-name":
            family.append(child)
        else:
            values.setdefault(name, child)
    birth = values.get("birth-date")
    gender = values.get("gender")
    return Student(
        given_names=_first_name_of(given),
        family_name=_first_name_of(family),
        global_id=_token(values["global-id"]),
        birth_date=_date(birth) if birth is not None else None,
        citizenship=_token(values["citizenship"]) if "citizenship" in values else None,
        gender=int(_token(gender)) if gender is not None else None,
        email=_token(values["email"]) if "email" in values else None,
    )


def _parse_mobility(element: etree._Element) -> OMobility:
    fields: dict[str, object] = {}
    skills: list[LanguageSkill] = []
    for name, child in _children(element):
        key = name.replace("-", "_")
        if name in ("sending-hei", "receiving-hei"):
            fields[key] = _parse_hei(child)
        elif name == "student":
            fields[key] = _parse_student(child)
        elif (
            name in ("omobility-id", "sending-academic-term-ewp-id", "receiving-academic-year-id")
            or name == "nominee-isced-f-code"
        ):
            fields[key] = _token(child)
        elif name == "status":
            fields[key] = OMobilityStatus(_token(child))
        elif name == "activity-type":
            fields[key] = ActivityType(_token(child))
        elif name == "activity-attributes":
            fields[key] = ActivityAttributes(_token(child))
        elif name in ("planned-arrival-date", "planned-departure-date"):
            fields[key] = _date(child)
        elif name in ("eqf-level-studied-at-nomination", "eqf-level-studied-at-departure"):
            fields[key] = int(_token(child))
        elif name == "nominee-language-skill":
            parts = dict(_children(child))
            cefr = parts.get("cefr-level")
            skills.append(
                LanguageSkill(_token(parts["language"]), _token(cefr) if cefr is not None else None)
            )
    return OMobility(nominee_language_skills=tuple(skills), **fields)  # type: ignore[arg-type]


def parse_omobilities_get_response(
    xml_bytes: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, detailed_errors: bool = False
) -> list[OMobility]:
    """Parse safely, validate against the v2 XSD, and map every ``<student-mobility>``.

    Raises ``EwpDocumentError``: the safe-parsing codes, ``unsupported_document`` for another root element,
    ``xsd_invalid`` with the validator's message and line.
    """
    tree = parse_xml(xml_bytes, max_bytes=max_bytes)
    root = tree.getroot()
    if schema_key_for_root(root) != SchemaKey.OMOBILITIES_V2_GET:
        raise EwpDocumentError(
            UNSUPPORTED_DOCUMENT,
            f"expected an Outgoing Mobilities v2 omobilities-get-response, got {root.tag}",
            {"root": str(root.tag)},
        )
    validate(tree, SchemaKey.OMOBILITIES_V2_GET, detailed=detailed_errors)
    try:
        return [_parse_mobility(child) for name, child in _children(root) if name == "student-mobility"]
    except (ValueError, ArithmeticError) as exc:
        raise EwpDocumentError(UNSUPPORTED_DOCUMENT, f"value out of range: {exc}") from None
