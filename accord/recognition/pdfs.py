"""The learning agreement and the recognition decision as PDF documents (built with accord.common.pdf)."""

from __future__ import annotations

from decimal import Decimal

from accord.common.pdf import PdfDocument
from accord.learning.models import ChangeProposal, Component, LearningAgreement, ProposalStatus, SignerRole
from accord.learning.selectors import by_table, components_in_force, open_proposal, proposal_result, totals
from accord.mobility.models import Mobility
from accord.recognition.adapters import get_scale
from accord.recognition.models import RecognitionDecision, Transcript


def _mobility_facts(mobility: Mobility) -> list[tuple[str, str]]:
    person = mobility.person
    return [
        ("Student", f"{person}{f' ({person.student_number})' if person.student_number else ''}"),
        ("Sending institution", str(mobility.home_institution)),
        ("Receiving institution", str(mobility.host_institution)),
        ("Academic year", str(mobility.academic_year)),
        ("Planned period", f"{mobility.planned_start:%d %b %Y} – {mobility.planned_end:%d %b %Y}"),
    ]


def _term(component: Component) -> str:
    if component.term_number and component.total_terms:
        return f"{component.term_number} of {component.total_terms}"
    return ""


def learning_agreement_pdf(agreement: LearningAgreement) -> bytes:
    """The tables in force (or, before the first approval, the first version being signed) and signatures."""
    mobility = agreement.mobility
    pending = open_proposal(agreement)
    in_force = components_in_force(agreement)
    shown: list[Component] = in_force
    status_note = "Approved by the three parties." if in_force else ""
    signed_proposal: ChangeProposal | None = (
        agreement.proposals.filter(status=ProposalStatus.APPROVED).order_by("-number").first()
    )
    if not in_force and pending is not None:
        shown, signed_proposal = proposal_result(pending), pending
        status_note = "Draft: the first version is still collecting signatures."
    doc = PdfDocument(
        "Learning Agreement for Studies",
        f"{mobility.person} · {mobility.host_institution} · {mobility.academic_year}",
    )
    doc.key_values(
        [
            *_mobility_facts(mobility),
            ("Field of education (ISCED-F)", agreement.isced_id or ""),
            ("Language of instruction", f"{agreement.language} {agreement.cefr_level}".strip()),
            ("Status", status_note or agreement.get_status_display()),
        ]
    )
    tables = by_table(shown)
    sums = totals(shown)
    for key, title, total in (
        ("A", "Table A – Study programme at the receiving institution", sums.a),
        ("B", "Table B – Recognition at the sending institution", sums.b),
        ("C", "Table C – Virtual components", sums.c),
    ):
        rows = tables.get(key, [])
        if key == "C" and not rows:
            continue
        doc.heading(title)
        if not rows:
            doc.paragraph("No components.")
            continue
        doc.table(
            ["Code", "Title", "Term", "ECTS"],
            [[c.code, c.title, _term(c), c.ects if c.ects is not None else ""] for c in rows]
            + [["", "Total", "", total]],
            widths=[0.16, 0.58, 0.12, 0.14],
        )
    if pending is not None and in_force:
        doc.heading(f"Changes proposed ({pending})")
        changes = list(pending.components.order_by("table", "position"))
        doc.table(
            ["Table", "Change", "Component", "ECTS", "Reason"],
            [
                [c.table, c.get_status_display(), c.title, c.ects or "", c.get_reason_code_display()]
                for c in changes
            ],
            widths=[0.08, 0.14, 0.4, 0.1, 0.28],
        )
    doc.heading("Signatures")
    signatures = {s.role: s for s in signed_proposal.signatures.all()} if signed_proposal else {}
    doc.signatures(
        [
            (
                f"{role.label}"
                + (
                    f" – {signatures[role].signer_position}"
                    if role in signatures and signatures[role].signer_position
                    else ""
                ),
                signatures[role].signer_name if role in signatures else "",
                signatures[role].signed_at if role in signatures else None,
            )
            for role in (SignerRole.STUDENT, SignerRole.SENDING, SignerRole.RECEIVING)
        ]
    )
    return doc.output()


def recognition_pdf(decision: RecognitionDecision, transcript: Transcript | None) -> bytes:
    """The decision: each home component with credits and converted grade, how it was converted, signature."""
    mobility = decision.mobility
    home_scale = get_scale(decision.home_scale).name
    host_scale = get_scale(transcript.scale).name if transcript else ""
    doc = PdfDocument(
        "Recognition of studies abroad",
        f"{mobility.person} · {mobility.host_institution} · {mobility.academic_year}",
    )
    rows = list(
        decision.components.select_related("component").order_by("component__position", "component_id")
    )
    planned = sum((r.planned_credits for r in rows), Decimal(0))
    credited = sum((r.credits for r in rows), Decimal(0))
    doc.key_values(
        [
            *_mobility_facts(mobility),
            ("Host grading scale", host_scale),
            ("Home grading scale", home_scale),
            ("Credits recognised", f"{credited} of {planned} ECTS planned in Table B"),
            ("Status", "Signed" if decision.is_signed else "Draft – not signed"),
        ]
    )
    if transcript is not None:
        doc.heading("Transcript of records (receiving institution)")
        entries = list(transcript.entries.select_related("component").order_by("component__position"))
        doc.table(
            ["Code", "Component", "Grade", "ECTS"],
            [[e.component.code, e.component.title, e.grade, e.credits] for e in entries],
            widths=[0.16, 0.56, 0.14, 0.14],
        )
    doc.heading("Recognition (sending institution)")
    doc.table(
        ["Home component", "Host grades", "Recognised", "ECTS", "Grade", "Method"],
        [
            [
                f"{r.component.code} {r.component.title}".strip(),
                r.host_grades,
                "yes" if r.recognised else f"no: {r.reason}",
                r.credits,
                r.grade,
                r.method,
            ]
            for r in rows
        ],
        widths=[0.28, 0.2, 0.17, 0.09, 0.1, 0.16],
    )
    explained = [r for r in rows if r.recognised and r.explanation]
    if explained:
        doc.heading("How each grade was converted")
        for row in explained:
            doc.paragraph(f"{row.component.title}: {row.explanation}")
    if decision.comment:
        doc.heading("Comment")
        doc.paragraph(decision.comment)
    doc.heading("Signature")
    label = "Coordinator" + (f" – {decision.signer_position}" if decision.signer_position else "")
    doc.signatures([(label, decision.signer_name, decision.signed_at)])
    return doc.output()
