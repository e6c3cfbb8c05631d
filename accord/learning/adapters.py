"""Learning agreements -> EWP Outgoing Mobility Learning Agreements v1.2 documents (the engine writes XML).

Snapshots, as EWP defines them: ``first-version`` is the approved first version; ``approved-changes`` is every
approved insertion and deletion so far (Tables A2/B2/C2) with the signatures of the latest approved change;
``changes-proposal`` is the open proposal, once the student and the sending institution have signed it (the
XSD requires both signatures in every snapshot, so an earlier proposal is not yet visible to the partner).
"""

from collections.abc import Sequence

from accord.common.errors import DomainError, ErrorCode
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
    render_la_get_response,
)
from accord.engines.ewp.omobility import european_student_identifier
from accord.engines.identifiers import format_academic_year
from accord.institutions.models import Contact, Institution, OrganisationalUnit
from accord.learning.errors import LearningErrorCode
from accord.learning.models import (
    ChangeProposal,
    Component,
    ComponentStatus,
    ComponentTable,
    LearningAgreement,
    ProposalKind,
    ProposalStatus,
    Signature,
    SignerRole,
    SigningInvitation,
)

EXPORT_LIMIT = 1000


def _component(component: Component, *, as_change: bool) -> LaComponent:
    term = (
        Term(component.term_number, component.total_terms)
        if component.term_number and component.total_terms
        else None
    )
    return LaComponent(
        title=component.title,
        los_code=component.code or None,
        term=term,
        ects=component.ects,
        recognition_conditions=component.recognition_conditions or None
        if component.table == ComponentTable.B
        else None,
        short_description=component.short_description or None
        if component.table == ComponentTable.C
        else None,
        status=ChangeStatus(component.status)
        if as_change and component.status != ComponentStatus.PLANNED
        else None,
        reason_code=component.reason_code or None,
        reason_text=component.reason_text or None,
    )


def _signature(signature: Signature | None) -> LaSignature | None:
    if signature is None:
        return None
    return LaSignature(
        timestamp=signature.signed_at,
        signer_name=signature.signer_name,
        signer_position=signature.signer_position or None,
        signer_email=signature.signer_email or None,
    )


def _snapshot(
    components: Sequence[Component], signatures: Sequence[Signature], *, as_change: bool
) -> LaSnapshot | None:
    by_role = {s.role: s for s in signatures}
    student, sending = (
        _signature(by_role.get(SignerRole.STUDENT)),
        _signature(by_role.get(SignerRole.SENDING)),
    )
    if student is None or sending is None:
        return None

    def table(kind: str) -> tuple[LaComponent, ...]:
        return tuple(_component(c, as_change=as_change) for c in components if c.table == kind)

    return LaSnapshot(
        student_signature=student,
        sending_signature=sending,
        receiving_signature=_signature(by_role.get(SignerRole.RECEIVING)),
        studied=table(ComponentTable.A),
        recognized=table(ComponentTable.B),
        virtual=table(ComponentTable.C),
    )


def _split(name: str) -> tuple[str, str]:
    given, _, family = name.strip().rpartition(" ")
    return (given or family, family)


def _contact(
    institution: Institution,
    unit: OrganisationalUnit | None,
    signature: Signature | None,
    invitation: SigningInvitation | None,
) -> LaInstitution | None:
    """The contact person of one side: who signed for it, else a contact of the unit or institution."""
    name, email = "", ""
    signed_email = signature.signer_email or getattr(signature.signer, "email", "") if signature else ""
    if signature is not None and signed_email:
        name, email = signature.signer_name, signed_email
    elif invitation is not None:
        name, email = invitation.name, invitation.email
    else:
        contacts = Contact.objects.filter(institution=institution).exclude(email="")
        contact = (contacts.filter(unit=unit).first() if unit else None) or contacts.first()
        if contact is not None:
            name, email = contact.name, contact.email
    if not email or not institution.schac_id:
        return None
    given, family = _split(name)
    return LaInstitution(
        hei_id=institution.schac_id,
        contact_given_names=given,
        contact_family_name=family,
        contact_email=email,
        ounit_name=unit.name if unit else None,
        ounit_id=(unit.code or None) if unit else None,
    )


def _latest(proposals: Sequence[ChangeProposal], role: str) -> Signature | None:
    found = [s for p in proposals for s in p.signatures.all() if s.role == role]
    return max(found, key=lambda s: s.signed_at) if found else None


def to_document(la: LearningAgreement) -> LearningAgreementDocument:
    mobility = la.mobility
    person, home, host = mobility.person, mobility.home_institution, mobility.host_institution
    proposals = list(la.proposals.prefetch_related("signatures", "components").order_by("number"))
    invitation = None
    open_proposal = next((p for p in proposals if p.status == ProposalStatus.OPEN), None)
    if open_proposal is not None:
        invitation = open_proposal.invitations.order_by("-created_at").first()
    home_unit = mobility.unit if mobility.direction == "outgoing" else None
    host_unit = mobility.unit if mobility.direction == "incoming" else None
    sending = _contact(
        home,
        home_unit,
        _latest(proposals, SignerRole.SENDING),
        invitation if mobility.direction == "incoming" else None,
    )
    receiving = _contact(
        host,
        host_unit,
        _latest(proposals, SignerRole.RECEIVING),
        invitation if mobility.direction == "outgoing" else None,
    )
    language = la.language or next((s.get("language", "") for s in mobility.language_skills), "")
    cefr = la.cefr_level or next((s.get("cefr", "") for s in mobility.language_skills if s.get("cefr")), "")
    problems = [
        message
        for missing, message in (
            (sending is None, "a contact person with e-mail for the sending institution (and its SCHAC id)"),
            (
                receiving is None,
                "a contact person with e-mail for the receiving institution (and its SCHAC id)",
            ),
            (not (la.eqf_level or mobility.eqf_level), "the EQF level"),
            (not (la.isced_id or mobility.isced_code), "the ISCED-F field"),
            (not language or not cefr, "the language of instruction and the student's CEFR level"),
            (
                not person.global_id and not person.student_number,
                "the student's number or European Student Identifier",
            ),
        )
        if missing
    ]
    if problems or sending is None or receiving is None:
        raise DomainError(
            LearningErrorCode.NOT_EXPORTABLE,
            f"{person}: the EWP document needs " + "; ".join(problems) + ".",
            extra={"learning_agreement": la.pk, "missing": problems},
        )
    first = next(
        (
            p
            for p in proposals
            if p.kind == ProposalKind.FIRST_VERSION and p.status == ProposalStatus.APPROVED
        ),
        None,
    )
    changes = [p for p in proposals if p.kind == ProposalKind.CHANGES and p.status == ProposalStatus.APPROVED]
    approved_changes = None
    if changes:
        rows = [c for p in changes for c in p.components.all()]
        approved_changes = _snapshot(rows, list(changes[-1].signatures.all()), as_change=True)
    proposal = None
    if open_proposal is not None:
        snapshot = _snapshot(
            list(open_proposal.components.all()), list(open_proposal.signatures.all()),
            as_change=open_proposal.kind == ProposalKind.CHANGES,
        )  # fmt: skip
        proposal = LaChangesProposal(open_proposal.ewp_id, snapshot) if snapshot is not None else None
    return LearningAgreementDocument(
        omobility_id=mobility.omobility_id or f"accord-{mobility.pk}",
        sending=sending,
        receiving=receiving,
        receiving_academic_year_id=format_academic_year(mobility.academic_year_id),
        student=LaStudent(
            given_names=person.given_names or person.family_name,
            family_name=person.family_name or person.given_names,
            global_id=person.global_id
            or european_student_identifier(str(home.schac_id), person.student_number),
            birth_date=person.birth_date,
            citizenship=person.nationality or None,
            email=person.email or None,
        ),
        start_date=mobility.planned_start,
        end_date=mobility.planned_end,
        eqf_level=int(la.eqf_level or mobility.eqf_level or 0),
        isced_f_code=str(la.isced_id or mobility.isced_code),
        isced_clarification=la.isced_clarification or None,
        language=language,
        cefr_level=cefr,
        first_version=_snapshot(list(first.components.all()), list(first.signatures.all()), as_change=False)
        if first
        else None,
        approved_changes=approved_changes,
        changes_proposal=proposal,
        learning_outcomes_url=la.learning_outcomes_url or None,
        provisions_url=la.provisions_url or None,
    )


def la_document_xml(las: Sequence[LearningAgreement]) -> bytes:
    """One validated ``omobility-las-get-response``; refused whole when one agreement cannot be written."""
    if len(las) > EXPORT_LIMIT:
        raise DomainError(ErrorCode.TOO_MANY, f"Export at most {EXPORT_LIMIT} learning agreements at once.")
    documents = [to_document(la) for la in las]
    try:
        return render_la_get_response(documents, validate_xsd=True)
    except EwpDocumentError as exc:
        raise DomainError(
            LearningErrorCode.INVALID_EXPORT, f"The document would not validate: {exc.message}"
        ) from None
