"""Build IIAs v7 ``iias-get-response`` documents from :mod:`.model` objects.

Element order follows the XSD sequences exactly (libxml2 rejects any other order). The ``iia-hash`` of each
``<iia>`` is computed from the element just built, with the same code that verifies partners' hashes, so what
we serve and what we would check can never disagree. The model's own ``iia_hash`` field is ignored.

Values are written as given; the XSD, not this module, is the judge of their validity
(``render_iia_get_response(..., validate=True)`` or :func:`.schemas.validate`). Only what the XSD requires and
the model cannot supply (``mobilities-per-year``, ``blended`` for students) raises ``ValueError`` here.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from lxml import etree

from .hashing import iia_hash
from .model import Contact, Iia, IiaPartner, LanguageSkill, MobilitySpec, SubjectArea
from .xsd import CONTACT_NS, IIAS_V7_NS, PHONE_NS, SchemaKey, validate

NSMAP = {None: IIAS_V7_NS, "c": CONTACT_NS, "p": PHONE_NS}

_SubElement = etree.SubElement


def _q(name: str) -> str:
    return f"{{{IIAS_V7_NS}}}{name}"


def _c(name: str) -> str:
    return f"{{{CONTACT_NS}}}{name}"


def _text(parent: etree._Element, tag: str, value: str) -> etree._Element:
    element = _SubElement(parent, tag)
    element.text = value
    return element


def _opt(parent: etree._Element, tag: str, value: str | None) -> None:
    if value is not None:
        _text(parent, tag, value)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _decimal(value: Decimal) -> str:
    # Never scientific notation ("5E+1" is not an xs:decimal); trailing zeros are kept as given.
    return format(value, "f")


def _contact(parent: etree._Element, tag: str, contact: Contact) -> None:
    element = _SubElement(parent, tag)
    _text(element, _c("contact-name"), contact.contact_name)
    _opt(element, _c("person-given-names"), contact.person_given_names)
    _opt(element, _c("person-family-name"), contact.person_family_name)
    if contact.phone_e164 is not None:
        phone = _SubElement(element, f"{{{PHONE_NS}}}phone-number")
        _text(phone, f"{{{PHONE_NS}}}e164", contact.phone_e164)
    _opt(element, _c("email"), contact.email)
    _opt(element, _c("role-description"), contact.role_description)


def _partner(parent: etree._Element, partner: IiaPartner) -> None:
    element = _SubElement(parent, _q("partner"))
    _text(element, _q("hei-id"), partner.hei_id)
    _opt(element, _q("ounit-id"), partner.ounit_id)
    _opt(element, _q("iia-id"), partner.iia_id)
    _opt(element, _q("iia-code"), partner.iia_code)
    if partner.signing_contact is not None:
        _contact(element, _q("signing-contact"), partner.signing_contact)
    if partner.signing_date is not None:
        _text(element, _q("signing-date"), partner.signing_date.isoformat())
    for contact in partner.contacts:
        _contact(element, _c("contact"), contact)


def _subject_area(parent: etree._Element, area: SubjectArea) -> None:
    element = _SubElement(parent, _q("subject-area"))
    code = _text(element, _q("isced-f-code"), area.isced_f_code)
    if area.v6_value is not None:
        code.set("v6-value", area.v6_value)
    _opt(element, _q("isced-clarification"), area.isced_clarification)


def _language_skill(parent: etree._Element, skill: LanguageSkill) -> None:
    element = _SubElement(parent, _q("recommended-language-skill"))
    if skill.not_yet_defined:
        element.set("not-yet-defined", "true")
    _text(element, _q("language"), skill.language)
    _opt(element, _q("cefr-level"), skill.cefr_level)
    if skill.subject_area is not None:
        _subject_area(element, skill.subject_area)


def _spec(parent: etree._Element, spec: MobilitySpec) -> None:
    if spec.mobilities_per_year is None:
        raise ValueError(f"{spec.kind.element_name}: mobilities-per-year is required in IIAs v7")
    element = _SubElement(parent, _q(spec.kind.element_name))
    _text(element, _q("sending-hei-id"), spec.sending_hei_id)
    _opt(element, _q("sending-ounit-id"), spec.sending_ounit_id)
    for contact in spec.sending_contacts:
        _contact(element, _q("sending-contact"), contact)
    _text(element, _q("receiving-hei-id"), spec.receiving_hei_id)
    _opt(element, _q("receiving-ounit-id"), spec.receiving_ounit_id)
    for contact in spec.receiving_contacts:
        _contact(element, _q("receiving-contact"), contact)
    _text(element, _q("receiving-first-academic-year-id"), spec.receiving_first_academic_year_id)
    _text(element, _q("receiving-last-academic-year-id"), spec.receiving_last_academic_year_id)
    per_year = _text(element, _q("mobilities-per-year"), str(spec.mobilities_per_year))
    if spec.mobilities_per_year_not_yet_defined:
        per_year.set("not-yet-defined", "true")
    for skill in spec.recommended_language_skills:
        _language_skill(element, skill)
    for area in spec.subject_areas:
        _subject_area(element, area)
    _opt(element, _q("other-info-terms"), spec.other_info_terms)
    if spec.kind.is_student:
        if spec.total_months_per_year is not None:
            _text(element, _q("total-months-per-year"), _decimal(spec.total_months_per_year))
        if spec.blended is None:
            raise ValueError(f"{spec.kind.element_name}: blended is required for student mobility")
        _text(element, _q("blended"), _bool(spec.blended))
        for level in spec.eqf_levels:
            _text(element, _q("eqf-level"), str(level))
    elif spec.total_days_per_year is not None:
        _text(element, _q("total-days-per-year"), _decimal(spec.total_days_per_year))


def render_iia(parent: etree._Element, iia: Iia) -> etree._Element:
    """Append one ``<iia>`` to ``parent`` (an ``iias-get-response``), with its computed ``iia-hash``."""
    element = _SubElement(parent, _q("iia"))
    for partner in iia.partners:
        _partner(element, partner)
    _text(element, _q("in-effect"), _bool(iia.in_effect))
    conditions = _SubElement(element, _q("cooperation-conditions"))
    if iia.terminated_as_a_whole:
        conditions.set("terminated-as-a-whole", "true")
    for spec in iia.conditions:  # already in XSD order (see Iia.__post_init__)
        _spec(conditions, spec)
    hash_element = _SubElement(element, _q("iia-hash"))
    hash_element.text = iia_hash(element, version=7)
    _opt(element, _q("pdf-file"), iia.pdf_file)
    return element


def build_iia_get_response(iias: Sequence[Iia]) -> etree._Element:
    """The ``iias-get-response`` root element (for callers that validate before serialising)."""
    root = etree.Element(_q("iias-get-response"), nsmap=NSMAP)
    for iia in iias:
        render_iia(root, iia)
    return root


def render_iia_get_response(iias: Sequence[Iia], *, pretty: bool = True, validate_xsd: bool = False) -> bytes:
    """Serialise an IIAs v7 get-response (UTF-8, with XML declaration) for the given agreements.

    ``validate_xsd=True`` checks the result against the official XSD and raises ``EwpDocumentError``
    (``xsd_invalid``) rather than returning a document a partner would reject.
    """
    root = build_iia_get_response(iias)
    if validate_xsd:
        validate(root, SchemaKey.IIAS_V7_GET)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=pretty)
    return result


def compute_iia_hash(iia: Iia) -> str:
    """The ``iia-hash`` our v7 rendering of ``iia`` carries (what a partner must approve)."""
    root = etree.Element(_q("iias-get-response"), nsmap=NSMAP)
    element = render_iia(root, iia)
    return str(element.findtext(_q("iia-hash")))
