"""Reads for transcripts and recognition, scoped to the actor through the mobilities they may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accord.accounts.models import User
from accord.learning.models import Component, ComponentTable, LearningAgreement
from accord.learning.selectors import components_in_force
from accord.mobility.models import Mobility
from accord.mobility.selectors import mobilities_visible_to, person_matches
from accord.recognition.models import DecisionStatus, RecognitionDecision, Transcript
from accord.recognition.permissions import can_read_recognition


def recognition_visible_to(actor: User | None) -> QuerySet[Mobility]:
    """Mobilities whose recognition the actor may read: partner contacts never see our internal decisions."""
    if not can_read_recognition(actor):
        return Mobility.objects.none()
    return mobilities_visible_to(actor)


def table_components(mobility: Mobility, table: str) -> list[Component]:
    """The components of one table (A, B or C) in force in the mobility's learning agreement."""
    agreement = LearningAgreement.objects.filter(mobility=mobility).first()
    if agreement is None:
        return []
    return [c for c in components_in_force(agreement) if c.table == table]


def host_components(mobility: Mobility) -> list[Component]:
    return table_components(mobility, ComponentTable.A)


def home_components(mobility: Mobility) -> list[Component]:
    return table_components(mobility, ComponentTable.B)


def transcript_of(mobility: Mobility) -> Transcript | None:
    return Transcript.objects.filter(mobility=mobility).prefetch_related("entries").first()


def decision_of(mobility: Mobility) -> RecognitionDecision | None:
    return (
        RecognitionDecision.objects.filter(mobility=mobility)
        .select_related("signed_by")
        .prefetch_related("components__sources")
        .first()
    )


# The work queue ---------------------------------------------------------------------------------------------

STAGES = (
    ("no_transcript", "Awaiting transcript"),
    ("transcript", "Transcript in, no decision"),
    ("draft", "Decision in draft"),
    ("signed", "Recognised"),
)


@dataclass(frozen=True)
class QueueFilters:
    q: str = ""
    stage: str = ""
    partner: int | None = None
    academic_year: int | None = None


def recognition_queue(*, actor: User, filters: QueueFilters | None = None) -> QuerySet[Mobility]:
    """Outgoing mobilities with a learning agreement, annotated with where their recognition stands."""
    f = filters or QueueFilters()
    qs = recognition_visible_to(actor).filter(direction="outgoing", learning_agreement__isnull=False)
    has_transcript = Exists(Transcript.objects.filter(mobility=OuterRef("pk")))
    decided = RecognitionDecision.objects.filter(mobility=OuterRef("pk"))
    qs = qs.annotate(
        has_transcript=has_transcript,
        has_decision=Exists(decided),
        is_signed=Exists(decided.filter(status=DecisionStatus.SIGNED)),
    )
    if f.q:
        qs = qs.filter(person_matches(f.q, via="person") | Q(host_institution__name__icontains=f.q.strip()))
    if f.partner:
        qs = qs.filter(host_institution_id=f.partner)
    if f.academic_year:
        qs = qs.filter(academic_year_id=f.academic_year)
    if f.stage == "no_transcript":
        qs = qs.filter(has_transcript=False)
    elif f.stage == "transcript":
        qs = qs.filter(has_transcript=True, has_decision=False)
    elif f.stage == "draft":
        qs = qs.filter(has_decision=True, is_signed=False)
    elif f.stage == "signed":
        qs = qs.filter(is_signed=True)
    return qs.select_related("person", "host_institution", "academic_year")


def stage_of(mobility: Any) -> str:
    if getattr(mobility, "is_signed", False):
        return "signed"
    if getattr(mobility, "has_decision", False):
        return "draft"
    if getattr(mobility, "has_transcript", False):
        return "transcript"
    return "no_transcript"
