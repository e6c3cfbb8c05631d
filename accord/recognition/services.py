"""The only writers of transcripts and recognition decisions.

A transcript is written whole (its scale and every graded Table A component); a recognition decision is
saved as a draft as often as needed, with every grade converted by the engine at save time, then signed once
by the coordinator of the mobility's unit. A signed decision is final, and so is the transcript it rests on;
there is no withdrawing or reopening one, so the credits signing writes to the mobility are written once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.engines.grades import GradeConversionError
from accord.learning.models import CourseEquivalence, LearningAgreement
from accord.mobility.models import Direction, Mobility
from accord.mobility.services import mobility_record_credits
from accord.notifications.services import notify
from accord.recognition.adapters import get_scale
from accord.recognition.conversion import HostGrade, convert_host_grades, tables_for
from accord.recognition.errors import RecognitionErrorCode
from accord.recognition.models import (
    DecisionStatus,
    RecognisedComponent,
    RecognitionDecision,
    Transcript,
    TranscriptEntry,
)
from accord.recognition.permissions import can_keep_records, can_prepare_recognition, can_sign_recognition
from accord.recognition.selectors import home_components, host_components

MAX_CREDITS = Decimal(60)


@dataclass(frozen=True)
class EntryInput:
    component_id: int
    grade: str
    credits: Decimal
    assessed_on: dt.date | None = None


@dataclass(frozen=True)
class RowInput:
    component_id: int
    recognised: bool
    source_ids: Sequence[int] = ()
    credits: Decimal | None = None
    reason: str = ""


@dataclass
class Problems:
    """Every fault of one submission, each with the field it belongs to, raised together."""

    errors: list[dict[str, str]] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.errors.append({"field": where, "message": message})

    def raise_if_any(self, code: RecognitionErrorCode, what: str) -> None:
        if self.errors:
            first = self.errors[0]["message"]
            more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
            raise DomainError(
                code, f"{what}: {first}{more}", field=self.errors[0]["field"], extra={"errors": self.errors}
            )


def _check_version(current: int, expected: int | None) -> None:
    if expected is not None and expected != current:
        raise DomainError(
            ErrorCode.EDIT_CONFLICT, "Someone else changed this in the meantime; reload and try again."
        )


def _require_unsigned(mobility: Mobility) -> None:
    if RecognitionDecision.objects.filter(mobility=mobility, status=DecisionStatus.SIGNED).exists():
        raise DomainError(
            ErrorCode.INVALID_STATE, "The recognition of this mobility is signed; it can no longer change."
        )


# Transcripts ------------------------------------------------------------------------------------------------


@transaction.atomic
def transcript_save(
    *,
    mobility: Mobility,
    scale: str,
    issued_on: dt.date | None,
    entries: Sequence[EntryInput],
    actor: User,
    expected_version: int | None = None,
) -> Transcript:
    """Write the transcript: ``entries`` replace the graded components (a component left out is ungraded)."""
    if not can_keep_records(actor, mobility):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not keep this mobility's records.")
    mobility = Mobility.objects.select_for_update().get(pk=mobility.pk)
    _require_unsigned(mobility)
    grading = get_scale(scale)
    components = {c.pk: c for c in host_components(mobility)}
    if not components:
        raise DomainError(
            RecognitionErrorCode.NO_LEARNING_AGREEMENT,
            "The learning agreement has no approved Table A component to grade yet.",
        )
    problems = Problems()
    rows: list[TranscriptEntry] = []
    seen: set[int] = set()
    for index, entry in enumerate(entries):
        where = f"entries.{index}"
        component = components.get(entry.component_id)
        if component is None:
            problems.add(f"{where}.component_id", "not a component of Table A in force")
            continue
        if component.pk in seen:
            problems.add(f"{where}.component_id", f"{component.title} is graded twice")
            continue
        seen.add(component.pk)
        grade = entry.grade.strip()
        passed = None
        try:
            passed = grading.place(grade).passed
        except GradeConversionError as exc:
            problems.add(f"{where}.grade", exc.message)
        if not Decimal(0) <= entry.credits <= MAX_CREDITS or entry.credits != entry.credits.quantize(
            Decimal("0.1")
        ):
            problems.add(f"{where}.credits", "credits must lie between 0 and 60, with at most one decimal")
        elif passed is not None:
            rows.append(
                TranscriptEntry(
                    component=component,
                    grade=grade,
                    credits=entry.credits,
                    passed=passed,
                    assessed_on=entry.assessed_on,
                )
            )
    problems.raise_if_any(RecognitionErrorCode.INVALID_TRANSCRIPT, "The transcript has problems")
    transcript = Transcript.objects.filter(mobility=mobility).first()
    if transcript is None:
        transcript = Transcript(mobility=mobility, scale=scale, issued_on=issued_on)
        _write_entries(transcript, rows)
        audit.record_created(
            actor=actor, action="transcript.created", target=transcript, snapshot_of=_transcript_state
        )
        return transcript
    _check_version(transcript.version, expected_version)
    # Recorded even when nothing changed: saving the same transcript again is a step of its history too.
    with audit.record_changed(
        actor=actor,
        action="transcript.updated",
        target=transcript,
        snapshot_of=_transcript_state,
        always=True,
    ):
        transcript.scale, transcript.issued_on = scale, issued_on
        transcript.version += 1
        _write_entries(transcript, rows)
    return transcript


def _write_entries(transcript: Transcript, rows: list[TranscriptEntry]) -> None:
    transcript.save()
    transcript.entries.all().delete()
    for row in rows:
        row.transcript = transcript
    TranscriptEntry.objects.bulk_create(rows)


def _transcript_state(transcript: Transcript) -> dict[str, Any]:
    """Scale, date and every grade, keyed by component, so the audit diff names what changed."""
    state = audit.snapshot(transcript, ["scale", "issued_on"])
    for entry in transcript.entries.select_related("component"):
        state[entry.component.code or entry.component.title] = f"{entry.grade} / {entry.credits} ECTS"
    return state


# Recognition ------------------------------------------------------------------------------------------------


def proposed_sources(mobility: Mobility) -> dict[int, list[int]]:
    """For each home component, the host components its grade most likely comes from.

    An approved course equivalence linking the courses of both components is the evidence; a learning
    agreement with a single home component takes every host component.
    """
    homes, hosts = home_components(mobility), host_components(mobility)
    if len(homes) == 1:
        return {homes[0].pk: [c.pk for c in hosts]}
    proposal: dict[int, list[int]] = {}
    host_by_course: dict[int, list[int]] = {}
    for host in hosts:
        if host.course_id:
            host_by_course.setdefault(host.course_id, []).append(host.pk)
    for home in homes:
        if not home.course_id:
            proposal[home.pk] = []
            continue
        linked = CourseEquivalence.objects.filter(
            home_courses=home.course_id, host_courses__in=list(host_by_course), withdrawn_at__isnull=True
        ).values_list("host_courses", flat=True)
        proposal[home.pk] = sorted(
            {pk for course in linked if course in host_by_course for pk in host_by_course[course]}
        )
    return proposal


def isced_of(mobility: Mobility) -> str | None:
    agreement = LearningAgreement.objects.filter(mobility=mobility).only("isced_id").first()
    return agreement.isced_id if agreement is not None else None


@transaction.atomic
def recognition_save(
    *,
    mobility: Mobility,
    home_scale: str,
    rows: Sequence[RowInput],
    comment: str,
    actor: User,
    expected_version: int | None = None,
) -> RecognitionDecision:
    """Save the draft decision, converting every recognised component's host grades with the engine."""
    if not can_prepare_recognition(actor, mobility):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not prepare this recognition.")
    mobility = Mobility.objects.select_for_update().get(pk=mobility.pk)
    if mobility.direction != Direction.OUTGOING:
        raise DomainError(
            RecognitionErrorCode.NOT_OUTGOING,
            "Credits of incoming students are recognised at their home institution, not here.",
        )
    _require_unsigned(mobility)
    get_scale(home_scale, field="home_scale")
    transcript = Transcript.objects.filter(mobility=mobility).first()
    if transcript is None:
        raise DomainError(
            RecognitionErrorCode.NO_TRANSCRIPT, "Enter or import the transcript of records first."
        )
    entries = {e.component_id: e for e in transcript.entries.all()}
    hosts = {c.pk: c for c in host_components(mobility)}
    homes = {c.pk: c for c in home_components(mobility)}
    if not homes:
        raise DomainError(
            RecognitionErrorCode.NO_LEARNING_AGREEMENT,
            "The learning agreement has no approved Table B component to recognise.",
        )
    tables = tables_for(
        mobility, host_scale=transcript.scale, home_scale=home_scale, isced_code=isced_of(mobility)
    )
    problems = Problems()
    given = {row.component_id for row in rows}
    for missing in [c for pk, c in homes.items() if pk not in given]:
        problems.add("rows", f"{missing.title} has no decision: recognise it or give a reason")
    built: list[tuple[RecognisedComponent, list[int]]] = []
    for index, row in enumerate(rows):
        home = homes.get(row.component_id)
        if home is None:
            problems.add(f"rows.{index}.component_id", "not a component of Table B in force")
            continue
        planned = home.ects or Decimal(0)
        item = RecognisedComponent(component=home, planned_credits=planned, recognised=row.recognised)
        sources = list(dict.fromkeys(row.source_ids))
        if [pk for pk in sources if pk not in hosts]:
            problems.add(f"rows.{index}.source_ids", "only components of Table A in force can be chosen")
            continue
        if not row.recognised:
            if not row.reason.strip():
                problems.add(f"rows.{index}.reason", f"say why {home.title} is not recognised")
            item.reason = row.reason.strip()[:300]
            built.append((item, sources))
            continue
        ungraded = [hosts[pk].title for pk in sources if pk not in entries]
        if not sources:
            problems.add(
                f"rows.{index}.source_ids", f"choose the host components {home.title} is recognised for"
            )
            continue
        if ungraded:
            problems.add(f"rows.{index}.source_ids", f"{', '.join(ungraded)} has no grade on the transcript")
            continue
        if failed := [hosts[pk].title for pk in sources if not entries[pk].passed]:
            problems.add(f"rows.{index}.recognised", f"{', '.join(failed)} was not passed at the host")
            continue
        credits = row.credits if row.credits is not None else planned
        if not Decimal(0) <= credits <= MAX_CREDITS:
            problems.add(f"rows.{index}.credits", "credits must lie between 0 and 60")
            continue
        parts = [HostGrade(hosts[pk].title, entries[pk].grade, entries[pk].credits) for pk in sources]
        try:
            result = convert_host_grades(
                parts, host_scale=transcript.scale, home_scale=home_scale, tables=tables
            )
        except DomainError as exc:
            problems.add(f"rows.{index}.source_ids", exc.message)
            continue
        item.credits, item.grade, item.method = credits, result.grade, result.method
        item.explanation, item.host_grades = result.explanation, result.host_grades
        built.append((item, sources))
    problems.raise_if_any(RecognitionErrorCode.INVALID_RECOGNITION, "The recognition has problems")
    decision = RecognitionDecision.objects.filter(mobility=mobility).first()
    created = decision is None
    if decision is None:
        decision = RecognitionDecision(mobility=mobility)
    else:
        _check_version(decision.version, expected_version)
        decision.version += 1
    decision.home_scale, decision.comment = home_scale, comment.strip()
    decision.save()
    decision.components.all().delete()
    for item, sources in built:
        item.decision = decision
        item.save()
        item.sources.set(sources)
    audit.record(
        actor=actor,
        action="recognition.created" if created else "recognition.updated",
        target=decision,
        data={"home_scale": home_scale, "rows": [_row_summary(item) for item, _ in built]},
    )
    return decision


def _row_summary(item: RecognisedComponent) -> dict[str, Any]:
    return {
        "component": item.component_id,
        "recognised": item.recognised,
        "credits": item.credits,
        "grade": item.grade,
        "method": item.method,
    }


@transaction.atomic
def recognition_sign(
    *, decision: RecognitionDecision, actor: User, position: str = "", expected_version: int | None = None
) -> RecognitionDecision:
    if not can_sign_recognition(actor, decision.mobility):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "Only the coordinator of the mobility's unit signs its recognition."
        )
    # The mobility before the decision, the order recognition_save locks them in, so that signing while a
    # draft is being saved waits for it instead of deadlocking.
    mobility = Mobility.objects.select_for_update().get(pk=decision.mobility_id)
    decision = RecognitionDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.is_signed:
        raise DomainError(ErrorCode.INVALID_STATE, "This decision is already signed.")
    _check_version(decision.version, expected_version)
    decided = set(decision.components.values_list("component_id", flat=True))
    if decided != {c.pk for c in home_components(mobility)}:
        raise DomainError(
            ErrorCode.CONFLICT,
            "The learning agreement changed since this draft was saved; save the draft again first.",
        )
    decision.status = DecisionStatus.SIGNED
    decision.signed_by = actor
    decision.signer_name = actor.get_full_name() or actor.username
    decision.signer_position = position.strip()[:200]
    decision.signed_at = timezone.now()
    decision.version += 1
    decision.save()
    audit.record(
        actor=actor,
        action="recognition.signed",
        target=decision,
        data={"signer": decision.signer_name, "position": decision.signer_position},
    )
    credited = credits_recognised(decision)
    # The signed decision is the institution's act: it overrides credits typed on the mobility by hand, and
    # goes through the mobility's own writer so that the mobility's history shows old -> new.
    decision.mobility = mobility_record_credits(
        mobility=mobility, ects_obtained=credited, actor=actor, source=f"recognition decision {decision.pk}"
    )
    _tell_student(decision, credited, actor)
    return decision


def credits_recognised(decision: RecognitionDecision) -> Decimal:
    return sum((c.credits for c in decision.components.filter(recognised=True)), Decimal(0))


def _tell_student(decision: RecognitionDecision, credited: Decimal, actor: User) -> None:
    person = decision.mobility.person
    url = reverse("recognition:decision", args=[decision.mobility_id])
    body = (
        f"The recognition of your mobility to {decision.mobility.host_institution} has been signed by "
        f"{decision.signer_name}: {credited} ECTS credits recognised. The decision, with every converted "
        "grade and how it was converted, is on the page linked below, and as a PDF."
    )
    recipients = [person.user] if person.user_id else []
    extra = [person.email] if not person.user_id and person.email else []
    notify(
        actor=actor,
        recipients=recipients,
        subject="Your credits have been recognised",
        body=body,
        url=url,
        extra_emails=extra,
    )
