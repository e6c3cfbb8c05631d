"""Grade conversion, transcripts and recognition decisions: the services of the pages.

Grade tables have their own router in `grade_tables/api.py`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from accord.accounts.authentication import actor_of
from accord.common.access import require
from accord.common.api_support import PathId, error_responses, parse
from accord.common.errors import DomainError, ErrorCode
from accord.engines.grades import GradeConversionError, convert_contract
from accord.institutions.models import Institution
from accord.mobility.models import Mobility
from accord.recognition import selectors, services
from accord.recognition.adapters import domain_error
from accord.recognition.metrics import partner_learning_metrics
from accord.recognition.models import RecognitionDecision, Transcript
from accord.recognition.permissions import (
    can_see_partner_outcomes,
    can_sign_recognition,
    get_recognition_mobility_for_user,
    get_transcript_mobility_for_user,
)
from accord.recognition.schemas import (
    ConvertBody,
    ConvertOut,
    DecisionBody,
    DecisionIn,
    DecisionOut,
    PartnerMetricsOut,
    SignBody,
    SignIn,
    TranscriptBody,
    TranscriptIn,
    TranscriptOut,
)

router = Router(tags=["recognition"])


# Grade conversion -------------------------------------------------------------------------------------------


@router.post(
    "/grade-conversions",
    response=error_responses(200, ConvertOut),
    summary="Convert a grade",
    description="The contract of `accord grades convert`: `from` and `to` give `grades` (best first) or a "
    "shipped `scale`, each with an optional `distribution`; without both distributions the linear fallback "
    "is used. Invalid input answers 422 with the engine's error code.",
)
def convert_grade(request: HttpRequest, payload: ConvertBody) -> Any:
    try:
        return convert_contract(payload)
    except GradeConversionError as exc:
        raise domain_error(exc) from exc


# Transcripts and decisions ----------------------------------------------------------------------------------


def _transcript_out(transcript: Transcript) -> dict[str, Any]:
    entries = transcript.entries.select_related("component")
    return {
        "mobility_id": transcript.mobility_id,
        "scale": transcript.scale,
        "issued_on": transcript.issued_on,
        "version": transcript.version,
        "entries": [
            {
                "component_id": e.component_id,
                "code": e.component.code,
                "title": e.component.title,
                "grade": e.grade,
                "credits": e.credits,
                "passed": e.passed,
                "assessed_on": e.assessed_on,
            }
            for e in entries
        ],
    }


@router.get(
    "/recognition/mobilities/{mobility_id}/transcript",
    response=error_responses(200, TranscriptOut),
    summary="Get a mobility's transcript of records",
)
def get_transcript(request: HttpRequest, mobility_id: PathId) -> Any:
    mobility = get_transcript_mobility_for_user(actor_of(request), mobility_id)
    transcript = selectors.transcript_of(mobility)
    if transcript is None:
        raise DomainError(ErrorCode.NOT_FOUND, "This mobility has no transcript yet.")
    return _transcript_out(transcript)


@router.put(
    "/recognition/mobilities/{mobility_id}/transcript",
    response=error_responses(200, TranscriptOut),
    summary="Write a mobility's transcript of records",
    description="The entries replace the graded Table A components (a component left out is ungraded). "
    "Problems answer 422 `invalid_transcript` with `details.errors[]` naming `entries.N.grade` etc.",
)
def put_transcript(request: HttpRequest, mobility_id: PathId, payload: TranscriptBody) -> Any:
    mobility = get_transcript_mobility_for_user(actor_of(request), mobility_id, write=True)
    body = parse(TranscriptIn, payload)
    transcript = services.transcript_save(
        mobility=mobility,
        scale=body.scale,
        issued_on=body.issued_on,
        entries=[
            services.EntryInput(e.component_id, e.grade, e.credits, e.assessed_on) for e in body.entries
        ],
        actor=actor_of(request),
        expected_version=body.version,
    )
    return _transcript_out(transcript)


def _decision_out(decision: RecognitionDecision) -> dict[str, Any]:
    rows = list(decision.components.select_related("component").prefetch_related("sources"))
    return {
        "mobility_id": decision.mobility_id,
        "home_scale": decision.home_scale,
        "status": decision.status,
        "comment": decision.comment,
        "signer_name": decision.signer_name,
        "signer_position": decision.signer_position,
        "signed_at": decision.signed_at,
        "version": decision.version,
        "credits_planned": sum((r.planned_credits for r in rows), Decimal(0)),
        "credits_recognised": sum((r.credits for r in rows), Decimal(0)),
        "rows": [
            {
                "component_id": r.component_id,
                "code": r.component.code,
                "title": r.component.title,
                "planned_credits": r.planned_credits,
                "recognised": r.recognised,
                "credits": r.credits,
                "source_ids": [s.pk for s in r.sources.all()],
                "host_grades": r.host_grades,
                "grade": r.grade,
                "method": r.method,
                "explanation": r.explanation,
                "reason": r.reason,
            }
            for r in rows
        ],
    }


def _decision_of(mobility: Mobility) -> RecognitionDecision:
    decision = selectors.decision_of(mobility)
    if decision is None:
        raise DomainError(ErrorCode.NOT_FOUND, "This mobility has no recognition decision yet.")
    return decision


@router.get(
    "/recognition/mobilities/{mobility_id}/decision",
    response=error_responses(200, DecisionOut),
    summary="Get a mobility's recognition decision",
)
def get_decision(request: HttpRequest, mobility_id: PathId) -> Any:
    mobility = get_recognition_mobility_for_user(actor_of(request), mobility_id)
    return _decision_out(_decision_of(mobility))


@router.put(
    "/recognition/mobilities/{mobility_id}/decision",
    response=error_responses(200, DecisionOut),
    summary="Save the draft recognition decision",
    description="One row per Table B component in force. Recognised rows name the Table A components "
    "(`source_ids`) whose host grades are converted, now, by the grade engine; others give a `reason`.",
)
def put_decision(request: HttpRequest, mobility_id: PathId, payload: DecisionBody) -> Any:
    mobility = get_recognition_mobility_for_user(actor_of(request), mobility_id, write=True)
    body = parse(DecisionIn, payload)
    decision = services.recognition_save(
        mobility=mobility,
        home_scale=body.home_scale,
        rows=[
            services.RowInput(r.component_id, r.recognised, r.source_ids, r.credits, r.reason)
            for r in body.rows
        ],
        comment=body.comment,
        actor=actor_of(request),
        expected_version=body.version,
    )
    return _decision_out(decision)


@router.post(
    "/recognition/mobilities/{mobility_id}/decision/sign",
    response=error_responses(200, DecisionOut),
    summary="Sign the recognition decision",
    description="Only the coordinator of the mobility's unit (or an administrator). The decision is final.",
)
def sign_decision(request: HttpRequest, mobility_id: PathId, payload: SignBody) -> Any:
    actor = actor_of(request)
    mobility = get_recognition_mobility_for_user(actor, mobility_id)
    require(can_sign_recognition(actor, mobility))
    body = parse(SignIn, payload)
    decision = services.recognition_sign(
        decision=_decision_of(mobility), actor=actor, position=body.position, expected_version=body.version
    )
    return _decision_out(decision)


@router.get(
    "/recognition/partners",
    response=error_responses(200, list[PartnerMetricsOut]),
    summary="Recognition rate and learning agreement turnaround per partner",
)
def partner_metrics(request: HttpRequest) -> Any:
    if not can_see_partner_outcomes(actor_of(request)):
        raise Http404("Not found")
    metrics = partner_learning_metrics()
    institutions = Institution.objects.in_bulk(list(metrics))
    return [
        {
            "institution": institutions[pk],
            "recognition_rate": m.recognition_rate,
            "la_turnaround_days": m.la_turnaround_days,
            "learning_agreements": m.learning_agreements,
            "credits_planned": m.credits_planned,
            "credits_recognised": m.credits_recognised,
        }
        for pk, m in sorted(metrics.items())
        if pk in institutions
    ]
