"""Build Outgoing Mobility Learning Agreements v1.2 ``omobility-las-get-response`` documents.

Pure: frozen dataclasses in, XML bytes out. Element order follows the XSD sequences exactly (libxml2 rejects
any other order). A ``ListOf_Components`` snapshot must carry the student's and the sending HEI's signatures
(the XSD requires both, even in a changes proposal), so a snapshot without them cannot be described in EWP;
:func:`describable` tells the adapter which snapshots it may pass.

Values are written as given; the XSD is the judge of their validity (``render_la_get_response(...,
validate_xsd=True)``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from lxml import etree

from .xsd import OMOBILITY_LAS_V1_NS, SchemaKey, validate

SIGNER_APP = "Accord"
TERM_NS = "https://github.com/erasmus-without-paper/ewp-specs-types-academic-term/tree/stable-v2"


class ChangeStatus(StrEnum):
    INSERTED = "inserted"
    DELETED = "deleted"


@dataclass(frozen=True)
class Term:
    """EWP TermId: the component's term at its owner institution (e.g. 1 of 2 semesters)."""

    number: int
    total: int


@dataclass(frozen=True)
class LaComponent:
    title: str
    los_code: str | None = None
    term: Term | None = None
    ects: Decimal | None = None
    recognition_conditions: str | None = None
    short_description: str | None = None
    status: ChangeStatus | None = None
    reason_code: str | None = None
    reason_text: str | None = None


@dataclass(frozen=True)
class LaSignature:
    timestamp: dt.datetime
    signer_name: str | None = None
    signer_position: str | None = None
    signer_email: str | None = None
    signer_app: str | None = SIGNER_APP


@dataclass(frozen=True)
class LaSnapshot:
    """One ``ListOf_Components``: Tables A, B, C and the signatures given to exactly this content."""

    student_signature: LaSignature
    sending_signature: LaSignature
    receiving_signature: LaSignature | None = None
    studied: tuple[LaComponent, ...] = ()
    recognized: tuple[LaComponent, ...] = ()
    virtual: tuple[LaComponent, ...] = ()


@dataclass(frozen=True)
class LaChangesProposal:
    id: str
    snapshot: LaSnapshot


@dataclass(frozen=True)
class LaInstitution:
    hei_id: str
    contact_given_names: str
    contact_family_name: str
    contact_email: str
    ounit_name: str | None = None
    ounit_id: str | None = None


@dataclass(frozen=True)
class LaStudent:
    given_names: str | None = None
    family_name: str | None = None
    global_id: str | None = None
    birth_date: dt.date | None = None
    citizenship: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class LearningAgreementDocument:
    omobility_id: str
    sending: LaInstitution
    receiving: LaInstitution
    receiving_academic_year_id: str
    student: LaStudent
    start_date: dt.date
    end_date: dt.date
    eqf_level: int
    isced_f_code: str
    language: str
    cefr_level: str
    isced_clarification: str | None = None
    first_version: LaSnapshot | None = None
    approved_changes: LaSnapshot | None = None
    changes_proposal: LaChangesProposal | None = None
    learning_outcomes_url: str | None = None
    provisions_url: str | None = None


def describable(student: LaSignature | None, sending: LaSignature | None) -> bool:
    """Whether a snapshot with these signatures can appear in EWP (both are required by the XSD)."""
    return student is not None and sending is not None


_SubElement = etree.SubElement


def _q(name: str) -> str:
    return f"{{{OMOBILITY_LAS_V1_NS}}}{name}"


def _text(parent: etree._Element, name: str, value: str) -> etree._Element:
    element = _SubElement(parent, _q(name))
    element.text = value
    return element


def _opt(parent: etree._Element, name: str, value: str | None) -> None:
    if value:
        _text(parent, name, value)


def _decimal(value: Decimal) -> str:
    # Never scientific notation ("5E+1" is not an xs:decimal).
    return format(value, "f")


def _timestamp(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("signature timestamps must be timezone-aware")
    return value.isoformat(timespec="seconds")


def _institution(parent: etree._Element, name: str, hei: LaInstitution) -> None:
    element = _SubElement(parent, _q(name))
    _text(element, "hei-id", hei.hei_id)
    _opt(element, "ounit-name", hei.ounit_name)
    _opt(element, "ounit-id", hei.ounit_id)
    contact = _SubElement(element, _q("contact-person"))
    _text(contact, "given-names", hei.contact_given_names)
    _text(contact, "family-name", hei.contact_family_name)
    _text(contact, "email", hei.contact_email)


def _student(parent: etree._Element, student: LaStudent) -> None:
    element = _SubElement(parent, _q("student"))
    _opt(element, "given-names", student.given_names)
    _opt(element, "family-name", student.family_name)
    _opt(element, "global-id", student.global_id)
    if student.birth_date is not None:
        _text(element, "birth-date", student.birth_date.isoformat())
    _opt(element, "citizenship", student.citizenship)
    _opt(element, "email", student.email)


def _component(parent: etree._Element, component: LaComponent) -> None:
    element = _SubElement(parent, _q("component"))
    _opt(element, "los-code", component.los_code)
    _text(element, "title", component.title)
    if component.term is not None:
        term = _SubElement(element, _q("term-id"))
        _SubElement(term, f"{{{TERM_NS}}}term-number").text = str(component.term.number)
        _SubElement(term, f"{{{TERM_NS}}}total-terms").text = str(component.term.total)
    if component.ects is not None:
        credit = _SubElement(element, _q("credit"))
        _text(credit, "scheme", "ects")
        _text(credit, "value", _decimal(component.ects))
    _opt(element, "recognition-conditions", component.recognition_conditions)
    _opt(element, "short-description", component.short_description)
    if component.status is not None:
        element.set("status", str(component.status))
        if component.reason_code:
            element.set("reason-code", component.reason_code)
        if component.reason_text:
            element.set("reason-text", component.reason_text)


def _components(parent: etree._Element, name: str, components: Sequence[LaComponent]) -> None:
    if not components:
        return
    element = _SubElement(parent, _q(name))
    for component in components:
        _component(element, component)


def _signature(parent: etree._Element, name: str, signature: LaSignature, *, student: bool = False) -> None:
    element = _SubElement(parent, _q(name))
    if not student:  # the XSD: SHOULD NOT be set for the student, MUST be set otherwise
        _opt(element, "signer-name", signature.signer_name)
        _opt(element, "signer-position", signature.signer_position)
        _opt(element, "signer-email", signature.signer_email)
    _text(element, "timestamp", _timestamp(signature.timestamp))
    _opt(element, "signer-app", signature.signer_app)


def _snapshot(element: etree._Element, snapshot: LaSnapshot) -> None:
    _components(element, "components-studied", snapshot.studied)
    _components(element, "components-recognized", snapshot.recognized)
    _components(element, "virtual-components", snapshot.virtual)
    _signature(element, "student-signature", snapshot.student_signature, student=True)
    _signature(element, "sending-hei-signature", snapshot.sending_signature)
    if snapshot.receiving_signature is not None:
        _signature(element, "receiving-hei-signature", snapshot.receiving_signature)


def render_la(parent: etree._Element, la: LearningAgreementDocument) -> etree._Element:
    """Append one ``<la>`` to ``parent`` and return it."""
    element = _SubElement(parent, _q("la"))
    _text(element, "omobility-id", la.omobility_id)
    _institution(element, "sending-hei", la.sending)
    _institution(element, "receiving-hei", la.receiving)
    _text(element, "receiving-academic-year-id", la.receiving_academic_year_id)
    _student(element, la.student)
    _text(element, "start-date", la.start_date.isoformat())
    _text(element, "end-date", la.end_date.isoformat())
    _text(element, "eqf-level-studied-at-departure", str(la.eqf_level))
    _text(element, "isced-f-code", la.isced_f_code)
    _opt(element, "isced-clarification", la.isced_clarification)
    skill = _SubElement(element, _q("student-language-skill"))
    _text(skill, "language", la.language)
    _text(skill, "cefr-level", la.cefr_level)
    if la.first_version is not None:
        for_first = _SubElement(element, _q("first-version"))
        _snapshot(for_first, la.first_version)
    if la.approved_changes is not None:
        approved = _SubElement(element, _q("approved-changes"))
        _snapshot(approved, la.approved_changes)
    if la.changes_proposal is not None:
        proposal = _SubElement(element, _q("changes-proposal"))
        proposal.set("id", la.changes_proposal.id)
        _snapshot(proposal, la.changes_proposal.snapshot)
    _opt(element, "learning-outcomes-url", la.learning_outcomes_url)
    _opt(element, "provisions-url", la.provisions_url)
    return element


def build_la_get_response(las: Sequence[LearningAgreementDocument]) -> etree._Element:
    root = etree.Element(_q("omobility-las-get-response"), nsmap={None: OMOBILITY_LAS_V1_NS, "trm": TERM_NS})
    for la in las:
        render_la(root, la)
    return root


def render_la_get_response(
    las: Sequence[LearningAgreementDocument], *, pretty: bool = True, validate_xsd: bool = False
) -> bytes:
    """The UTF-8 document; with ``validate_xsd`` an invalid one raises ``EwpDocumentError("xsd_invalid")``."""
    root = build_la_get_response(las)
    if validate_xsd:
        validate(root, SchemaKey.OMOBILITY_LAS_V1_GET)
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=pretty)
    return document
