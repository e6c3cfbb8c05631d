"""The LA renderer produces documents the official XSD accepts, for every shape of snapshot."""

import datetime as dt
from decimal import Decimal

import pytest
from lxml import etree

from accord.engines.ewp.errors import EwpDocumentError
from accord.engines.ewp.learning_agreement import (
    ChangeStatus,
    LaChangesProposal,
    LaComponent,
    LaInstitution,
    LaSignature,
    LaSnapshot,
    LaStudent,
    LearningAgreementDocument,
    Term,
    describable,
    render_la_get_response,
)
from accord.engines.ewp.xsd import SchemaKey, validate

UTC = dt.UTC
SIGNED = dt.datetime(2026, 9, 1, 10, 0, tzinfo=UTC)


def _sig(name: str | None = "Ada Coordinator") -> LaSignature:
    return LaSignature(
        timestamp=SIGNED, signer_name=name, signer_position="Coordinator", signer_email="a@x.org"
    )


def _document(**changes: object) -> LearningAgreementDocument:
    first = LaSnapshot(
        student_signature=LaSignature(timestamp=SIGNED),
        sending_signature=_sig(),
        receiving_signature=_sig("Piotr Partner"),
        studied=(LaComponent(title="Algorithms", los_code="ALG1", term=Term(1, 2), ects=Decimal("6.0")),),
        recognized=(LaComponent(title="Algorithmics", los_code="H-ALG", term=Term(1, 2), ects=Decimal("6")),),
        virtual=(LaComponent(title="Online ethics", ects=Decimal("2.5"), short_description="MOOC"),),
    )
    values: dict[str, object] = {
        "omobility_id": "la-1",
        "sending": LaInstitution(
            "accord.example.edu", "Ann", "Office", "io@accord.example.edu", "Science", "SCI"
        ),
        "receiving": LaInstitution("partner.example.org", "Piotr", "Partner", "p@partner.example.org"),
        "receiving_academic_year_id": "2026/2027",
        "student": LaStudent("Stu", "Dent", "urn:schac:personalUniqueCode:int:esi:accord.example.edu:1"),
        "start_date": dt.date(2026, 9, 1),
        "end_date": dt.date(2027, 1, 31),
        "eqf_level": 6,
        "isced_f_code": "0613",
        "language": "en",
        "cefr_level": "B2",
        "first_version": first,
    }
    values.update(changes)
    return LearningAgreementDocument(**values)  # type: ignore[arg-type]


def _parse(document: bytes) -> etree._Element:
    return etree.fromstring(document)


def test_first_version_validates() -> None:
    xml = render_la_get_response([_document()], validate_xsd=True)
    assert b"<title>Algorithms</title>" in xml
    assert b"<value>6.0</value>" in xml


def test_changes_proposal_with_insertions_and_deletions_validates() -> None:
    proposal = LaChangesProposal(
        id="la-1-2-1",
        snapshot=LaSnapshot(
            student_signature=LaSignature(timestamp=SIGNED),
            sending_signature=_sig(),
            studied=(
                LaComponent(
                    title="Algorithms",
                    term=Term(1, 2),
                    ects=Decimal(6),
                    status=ChangeStatus.DELETED,
                    reason_code="timetable-conflict",
                ),
                LaComponent(
                    title="Data structures",
                    term=Term(1, 2),
                    ects=Decimal(6),
                    status=ChangeStatus.INSERTED,
                    reason_code="substituting-deleted",
                    reason_text="Replaces Algorithms",
                ),
            ),
        ),
    )
    root = _parse(render_la_get_response([_document(changes_proposal=proposal)], validate_xsd=True))
    ns = {"la": root.nsmap[None]}
    statuses = root.xpath("//la:changes-proposal//la:component/@status", namespaces=ns)
    assert statuses == ["deleted", "inserted"]
    assert root.xpath("//la:changes-proposal/@id", namespaces=ns) == ["la-1-2-1"]


def test_student_signature_carries_no_signer_details() -> None:
    root = _parse(render_la_get_response([_document()]))
    ns = {"la": root.nsmap[None]}
    student = root.xpath("//la:first-version/la:student-signature", namespaces=ns)[0]
    assert [etree.QName(child).localname for child in student] == ["timestamp", "signer-app"]


def test_an_empty_response_validates() -> None:
    render_la_get_response([], validate_xsd=True)


def test_invalid_values_are_caught_by_the_schema() -> None:
    with pytest.raises(EwpDocumentError):
        render_la_get_response([_document(cefr_level="Z9")], validate_xsd=True)


def test_naive_timestamps_are_refused() -> None:
    naive = LaSnapshot(
        student_signature=LaSignature(timestamp=dt.datetime(2026, 1, 1)), sending_signature=_sig()
    )
    with pytest.raises(ValueError, match="timezone-aware"):
        render_la_get_response([_document(first_version=naive)])


def test_only_snapshots_signed_by_student_and_sending_are_describable() -> None:
    assert describable(_sig(), _sig())
    assert not describable(None, _sig())
    assert not describable(_sig(), None)


def test_several_agreements_in_one_response() -> None:
    xml = render_la_get_response([_document(), _document(omobility_id="la-2", first_version=None)])
    validate(_parse(xml), SchemaKey.OMOBILITY_LAS_V1_GET)
    assert xml.count(b"<omobility-id>") == 2
