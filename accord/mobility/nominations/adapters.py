"""Adapter between mobilities and EWP Outgoing Mobilities v2 documents (the pure engine does the XML).

Export: our outgoing student nominations -> ``omobilities-get-response``. Import: a partner's document ->
:class:`~accord.mobility.nominations.importing.IncomingNomination` items, saved by the same all-or-nothing
writer as the spreadsheet import, mapped by the partner's omobility id so that a second import updates the
same rows.
"""

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from accord.agreements.models import MobilityType
from accord.common.errors import DomainError, ErrorCode
from accord.engines.ewp.errors import EwpDocumentError
from accord.engines.ewp.omobility import (
    ActivityType,
    HeiRef,
    LanguageSkill,
    OMobility,
    OMobilityStatus,
    Student,
    academic_term_id,
    european_student_identifier,
    parse_omobilities_get_response,
    render_omobilities_get_response,
)
from accord.engines.identifiers import format_academic_year
from accord.institutions.models import Institution
from accord.mobility.errors import MobilityErrorCode
from accord.mobility.models import Direction, Mobility, MobilityStatus
from accord.mobility.nominations.importing import IncomingNomination

EXPORT_LIMIT = 5000

_ACTIVITY = {
    MobilityType.STUDENT_STUDIES: ActivityType.STUDENT_STUDIES,
    MobilityType.STUDENT_TRAINEESHIP: ActivityType.STUDENT_TRAINEESHIPS,
}
_STATUS_OUT = {
    MobilityStatus.PLANNED: OMobilityStatus.NOMINATION,
    MobilityStatus.NOMINATED: OMobilityStatus.NOMINATION,
    MobilityStatus.ACCEPTED: OMobilityStatus.LIVE,
    MobilityStatus.IN_PROGRESS: OMobilityStatus.LIVE,
    MobilityStatus.COMPLETED: OMobilityStatus.RECOGNIZED,
    MobilityStatus.CANCELLED: OMobilityStatus.CANCELLED,
    MobilityStatus.REJECTED: OMobilityStatus.CANCELLED,
}
STATUS_IN = {
    OMobilityStatus.NOMINATION: MobilityStatus.NOMINATED,
    OMobilityStatus.LIVE: MobilityStatus.ACCEPTED,
    OMobilityStatus.RECOGNIZED: MobilityStatus.COMPLETED,
    OMobilityStatus.CANCELLED: MobilityStatus.CANCELLED,
}
_TYPE_IN = {activity: mobility_type for mobility_type, activity in _ACTIVITY.items()}


def export_problem(mobility: Mobility) -> str:
    """Why this mobility cannot be written as an Outgoing Mobilities v2 entry ("" when it can)."""
    if mobility.direction != Direction.OUTGOING:
        return "only outgoing mobilities are served by the sending institution"
    if mobility.mobility_type not in _ACTIVITY:
        return "Outgoing Mobilities v2 describes student mobility only"
    if not mobility.home_institution.schac_id or not mobility.host_institution.schac_id:
        return "both institutions need a SCHAC id"
    if not mobility.person.global_id and not mobility.person.student_number:
        return "the student needs a student number or a European Student Identifier"
    return ""


def to_omobility(mobility: Mobility) -> OMobility:
    """The EWP view of one of our outgoing student mobilities (relations already loaded)."""
    problem = export_problem(mobility)
    if problem:
        raise DomainError(
            MobilityErrorCode.NOT_EXPORTABLE,
            f"{mobility.person}: {problem}.",
            extra={"mobility": mobility.pk},
        )
    person, home, host = mobility.person, mobility.home_institution, mobility.host_institution
    year = format_academic_year(mobility.academic_year_id)
    rows = mobility.agreement.partners.all() if mobility.agreement else []  # prefetched for bulk exports
    partner_row = next((row for row in rows if row.institution_id == host.pk), None)
    return OMobility(
        # Not yet sent: the row id stands in, so a draft export is still valid (sending fixes a UUID).
        omobility_id=mobility.omobility_id or f"accord-{mobility.pk}",
        sending_hei=HeiRef(
            str(home.schac_id),
            ounit_id=(mobility.unit.code or None) if mobility.unit else None,
            iia_id=mobility.agreement.reference_code or None if mobility.agreement else None,
        ),
        receiving_hei=HeiRef(
            str(host.schac_id),
            iia_id=(partner_row.partner_agreement_id or None) if partner_row else None,
        ),
        receiving_academic_year_id=year,
        sending_academic_term_ewp_id=academic_term_id(year, mobility.planned_start, mobility.planned_end),
        student=Student(
            given_names=person.given_names or person.family_name,
            family_name=person.family_name or person.given_names,
            global_id=person.global_id
            or european_student_identifier(str(home.schac_id), person.student_number),
            birth_date=person.birth_date,
            citizenship=person.nationality or None,
            email=person.email or None,
        ),
        status=_STATUS_OUT[MobilityStatus(mobility.status)],
        activity_type=_ACTIVITY[MobilityType(mobility.mobility_type)],
        planned_arrival_date=mobility.planned_start,
        planned_departure_date=mobility.planned_end,
        eqf_level_studied_at_nomination=mobility.eqf_level,
        nominee_isced_f_code=mobility.isced_code or None,
        nominee_language_skills=tuple(
            LanguageSkill(skill["language"], skill.get("cefr") or None) for skill in mobility.language_skills
        ),
    )


def export_omobilities(mobilities: Iterable[Mobility]) -> bytes:
    """One validated document for all of them; refused as a whole if any cannot be written."""
    rows = list(mobilities)
    if len(rows) > EXPORT_LIMIT:
        raise DomainError(
            ErrorCode.TOO_MANY, f"Export at most {EXPORT_LIMIT} nominations at once; narrow the filters."
        )
    problems = [f"{m.person}: {export_problem(m)}" for m in rows if export_problem(m)]
    if problems:
        raise DomainError(
            MobilityErrorCode.NOT_EXPORTABLE,
            f"{len(problems)} of these mobilities cannot be exported: " + "; ".join(problems[:5]),
            extra={"problems": problems},
        )
    try:
        return render_omobilities_get_response([to_omobility(m) for m in rows])
    except EwpDocumentError as exc:
        raise DomainError(
            MobilityErrorCode.INVALID_EXPORT, f"The document would not validate: {exc.message}"
        ) from None


def with_export_relations(qs: QuerySet[Mobility]) -> Sequence[Mobility]:
    """The rows of an export with what they print, in a few queries; at most one more than the limit."""
    return list(
        qs.select_related(
            "person", "home_institution", "host_institution", "unit", "agreement"
        ).prefetch_related("agreement__partners")
    )


def parse_incoming(content: bytes) -> tuple[list[IncomingNomination], list[tuple[str, str, str]]]:
    """Items ready for the writer, and problems as (where, field, message); nothing is written here."""
    try:
        documents = parse_omobilities_get_response(content, detailed_errors=True)
    except EwpDocumentError as exc:
        return [], [("document", "", _document_message(exc))]
    schac_ids = {m.sending_hei.hei_id for m in documents} | {m.receiving_hei.hei_id for m in documents}
    institutions = {i.schac_id: i for i in Institution.objects.filter(schac_id__in=schac_ids)}
    items: list[IncomingNomination] = []
    problems: list[tuple[str, str, str]] = []
    for number, doc in enumerate(documents, start=1):
        where = f"mobility {number} ({doc.omobility_id})"
        sender = institutions.get(doc.sending_hei.hei_id)
        receiver = institutions.get(doc.receiving_hei.hei_id)
        if sender is None:
            problems.append((where, "sending-hei", f"unknown institution {doc.sending_hei.hei_id!r}"))
        if receiver is None or not receiver.is_home:
            problems.append((where, "receiving-hei", f"{doc.receiving_hei.hei_id!r} is not our institution"))
        if doc.planned_arrival_date is None or doc.planned_departure_date is None:
            problems.append(
                (where, "planned-arrival-date", "planned arrival and departure dates are required")
            )
        start, end = doc.planned_arrival_date, doc.planned_departure_date
        if sender is None or receiver is None or start is None or end is None:
            continue
        items.append(
            IncomingNomination(
                source=where,
                omobility_id=doc.omobility_id,
                sending_institution_id=sender.pk,
                given_names=doc.student.given_names,
                family_name=doc.student.family_name,
                email=doc.student.email or "",
                global_id=doc.student.global_id,
                birth_date=doc.student.birth_date,
                nationality=doc.student.citizenship or "",
                mobility_type=_TYPE_IN[doc.activity_type],
                academic_year=int(doc.receiving_academic_year_id[:4]),
                planned_start=start,
                planned_end=end,
                eqf_level=doc.eqf_level_studied_at_nomination or doc.eqf_level_studied_at_departure,
                isced_code=doc.nominee_isced_f_code or "",
                language_skills=[
                    {"language": s.language, "cefr": s.cefr_level or ""} for s in doc.nominee_language_skills
                ],
                partner_status=STATUS_IN[doc.status],
            )
        )
    return items, problems


def _document_message(exc: EwpDocumentError) -> str:
    messages = {
        "xml_too_large": "The file is too large.",
        "xml_forbidden_dtd": "The file declares a DOCTYPE, which EWP documents never need; it was refused.",
        "xml_malformed": "The file is not well-formed XML",
        "unsupported_document": "This is not an Outgoing Mobilities v2 get-response",
        "xsd_invalid": "The document does not follow the official schema",
    }
    return f"{messages.get(exc.code, 'The document was refused')}: {exc.message}"
