"""Demo transcripts, recognition decisions and grade distribution tables.

Last year's completed outgoing students of the Faculty of Science and a few other faculties get an approved
learning agreement (when they have none), a transcript of records from their host, and a recognition decision,
most signed, so that the queue, the decision pages and the outcomes per partner have something to show. Three
Science students are left at each earlier stage for the demo coordinator: no transcript yet, a transcript
without a decision, and a draft waiting for a signature.

Grade tables are made up (no real ones are public) and say so in their note: our own tables on the Belgian
0-20 scale, and institution-wide tables for some partners, leaving others without one so that the linear
fallback shows too. Rows are written directly, like the other demo builders (no audit events, no e-mails),
but every grade is converted by the same conversion code the recognition service uses, so the demo's grades
and explanations are exactly what the product computes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accord.accounts.models import User
from accord.common.roles import Role
from accord.demo.agreements import academic_year_of
from accord.engines.grades import shipped_scales
from accord.learning.models import (
    ChangeProposal,
    Component,
    LearningAgreement,
    LearningAgreementStatus,
    ProposalKind,
    ProposalStatus,
    Signature,
    SignerRole,
)
from accord.mobility.models import Direction, Mobility, MobilityStatus
from accord.recognition.adapters import default_scale_for
from accord.recognition.conversion import HostGrade, convert_host_grades, tables_for
from accord.recognition.models import (
    DecisionStatus,
    GradeTable,
    RecognisedComponent,
    RecognitionDecision,
    Transcript,
    TranscriptEntry,
)
from accord.recognition.services import credits_recognised

MAX_STUDENTS = 16
NOTE = "Demo data: invented figures, not the results of real students."
HOME_SCALE = "fr-0-20"
# Invented shares of passing students per grade, best first, shaped like typical results on each scale.
TABLES = {
    "fr-0-20": (1, 2, 3, 5, 8, 11, 14, 16, 16, 13, 11),
    "it-18-30": (4, 7, 6, 8, 9, 10, 10, 9, 8, 8, 7, 6, 4, 4),
    "es-0-10": (2, 4, 12, 22, 27, 21, 12),
    "de-1-5": (6, 9, 11, 13, 13, 12, 11, 10, 8, 7),
    "nl-1-10": (1, 6, 22, 38, 33),
    "pl-2-5": (14, 19, 27, 21, 19),
}
HOST_COURSES = (
    ("Advanced algorithms", "6"),
    ("Machine learning", "6"),
    ("Statistical inference", "5"),
    ("Distributed systems", "6"),
    ("Academic writing in English", "3"),
    ("Environmental chemistry", "5"),
    ("Cell biology laboratory", "4"),
)
HOME_COURSES = (
    ("Algorithms and complexity", "6"),
    ("Data science", "9"),
    ("Elective in the major", "6"),
    ("Free elective", "3"),
)


def build_recognition(ctx: Any, *, home_id: int, science_id: int) -> None:
    coordinator = User.objects.filter(role=Role.COORDINATOR, units=science_id).order_by("pk").first()
    _tables(ctx, home_id)
    last_year = academic_year_of(ctx.today) - 1
    candidates = list(
        Mobility.objects.filter(
            direction=Direction.OUTGOING,
            status=MobilityStatus.COMPLETED,
            academic_year_id=last_year,
            mobility_type="student_studies",
            learning_agreement__isnull=True,
        )
        .select_related("host_institution")
        .order_by("-unit_id", "pk")[:400]
    )
    science = [m for m in candidates if m.unit_id == science_id][:8]
    others = [m for m in candidates if m.unit_id != science_id]
    ctx.rng.shuffle(others)
    chosen = science + others[: MAX_STUDENTS - len(science)]
    stages = Counter[str]()
    for index, mobility in enumerate(chosen):
        # The first three Science students wait at each stage; everyone else is recognised.
        stage = (
            ("agreement", "transcript", "draft")[index]
            if index < 3 and mobility.unit_id == science_id
            else "signed"
        )
        _learning_agreement(ctx, mobility)
        if stage != "agreement":
            _transcript(ctx, mobility)
        if stage in ("draft", "signed"):
            decision = _decision(mobility)
            if stage == "signed":
                _sign(ctx, decision, coordinator if mobility.unit_id == science_id else None, mobility)
        stages[stage] += 1
    ctx.count("transcripts", len(chosen) - stages["agreement"])
    ctx.count("recognition decisions", stages["draft"] + stages["signed"])


def _tables(ctx: Any, home_id: int) -> None:
    GradeTable.objects.create(
        institution_id=home_id,
        scale=HOME_SCALE,
        period="2021/2022-2023/2024",
        percentages=list(TABLES[HOME_SCALE]),
        students=5120,
        note=NOTE,
    )
    GradeTable.objects.create(
        institution_id=home_id,
        scale=HOME_SCALE,
        isced_id="0613",
        period="2021/2022-2023/2024",
        percentages=[2, 3, 5, 7, 9, 11, 13, 15, 14, 11, 10],
        students=640,
        note=NOTE,
    )
    by_country = {
        scale.country: slug for slug, scale in shipped_scales().items() if scale.country and slug in TABLES
    }
    hosts = (
        Mobility.objects.filter(direction=Direction.OUTGOING, host_institution__country__in=list(by_country))
        .values_list("host_institution_id", "host_institution__country")
        .distinct()
        .order_by("host_institution_id")
    )
    seen: set[int] = set()
    for institution_id, country in hosts[:200]:
        # Two partners in three publish a table: the others show the labelled linear fallback.
        if institution_id in seen or ctx.rng.random() > 0.66:
            continue
        seen.add(institution_id)
        GradeTable.objects.create(
            institution_id=institution_id,
            scale=by_country[country],
            period="2021/2022-2023/2024",
            percentages=list(TABLES[by_country[country]]),
            students=ctx.rng.randint(300, 4000),
            note=NOTE,
        )
    ctx.count("grade tables", GradeTable.objects.count())


def _learning_agreement(ctx: Any, mobility: Mobility) -> None:
    submitted = timezone.make_aware(
        dt.datetime.combine(mobility.planned_start, dt.time(10)) - dt.timedelta(days=100)
    )
    approved = submitted + dt.timedelta(days=ctx.rng.choice((2, 4, 6, 9, 12, 15, 21, 30, 44)), hours=5)
    agreement = LearningAgreement.objects.create(
        mobility=mobility,
        status=LearningAgreementStatus.APPROVED,
        isced_id="0613",
        language="en",
        cefr_level="B2",
        eqf_level=6,
        first_approved_at=approved,
    )
    proposal = ChangeProposal.objects.create(
        learning_agreement=agreement,
        number=1,
        kind=ProposalKind.FIRST_VERSION,
        status=ProposalStatus.APPROVED,
        decided_at=approved,
    )
    ChangeProposal.objects.filter(pk=proposal.pk).update(created_at=submitted)
    LearningAgreement.objects.filter(pk=agreement.pk).update(created_at=submitted)
    hosts = ctx.rng.sample(HOST_COURSES, 4)
    homes = ctx.rng.sample(HOME_COURSES, 2)
    for table, rows, prefix in (("A", hosts, "H"), ("B", homes, "S")):
        for position, (title, ects) in enumerate(rows):
            Component.objects.create(
                proposal=proposal,
                table=table,
                code=f"{prefix}{ctx.rng.randint(100, 899)}",
                title=title,
                ects=Decimal(ects),
                term_number=1,
                total_terms=2,
                position=position,
            )
    person = mobility.person
    for role, name in (
        (SignerRole.STUDENT, str(person)),
        (SignerRole.SENDING, "Carlos Dubois"),
        (SignerRole.RECEIVING, f"Erasmus coordinator, {mobility.host_institution.name}"[:200]),
    ):
        Signature.objects.create(proposal=proposal, role=role, signer_name=name, signed_at=approved)


def _transcript(ctx: Any, mobility: Mobility) -> None:
    scale = shipped_scales()[default_scale_for(mobility.host_institution)]
    transcript = Transcript.objects.create(
        mobility=mobility, scale=scale.slug, issued_on=mobility.planned_end + dt.timedelta(days=20)
    )
    hosts = Component.objects.filter(proposal__learning_agreement__mobility=mobility, table="A").order_by(
        "position"
    )
    for component in hosts:
        # Mostly middle grades; now and then a fail, which the decision then leaves unrecognised.
        if scale.failing and ctx.rng.random() < 0.06:
            grade = scale.failing[0]
        else:
            top = len(scale.passing)
            grade = scale.passing[min(top - 1, int(ctx.rng.triangular(0, top, top / 3)))]
        TranscriptEntry.objects.create(
            transcript=transcript,
            component=component,
            grade=str(grade),
            credits=component.ects or Decimal(0),
            passed=scale.place(str(grade)).passed,
        )


def _decision(mobility: Mobility) -> RecognitionDecision:
    """The draft the recognition service would save: the same conversion, written without audit events."""
    transcript = mobility.transcript
    entries = list(transcript.entries.select_related("component").order_by("component__position"))
    passed = [e for e in entries if e.passed]
    homes = list(
        Component.objects.filter(proposal__learning_agreement__mobility=mobility, table="B").order_by(
            "position"
        )
    )
    tables = tables_for(mobility, host_scale=transcript.scale, home_scale=HOME_SCALE, isced_code="0613")
    decision = RecognitionDecision.objects.create(mobility=mobility, home_scale=HOME_SCALE)
    for index, home in enumerate(homes):
        share = passed[index :: len(homes)]
        row = RecognisedComponent(decision=decision, component=home, planned_credits=home.ects or Decimal(0))
        if not share or (len(passed) < len(entries) and index == len(homes) - 1):
            row.reason = "The host course was not passed; to be retaken at home."
            row.save()
            continue
        parts = [HostGrade(e.component.title, e.grade, e.credits) for e in share]
        result = convert_host_grades(parts, host_scale=transcript.scale, home_scale=HOME_SCALE, tables=tables)
        row.recognised, row.credits = True, home.ects or Decimal(0)
        row.grade, row.method, row.explanation, row.host_grades = (
            result.grade,
            result.method,
            result.explanation,
            result.host_grades,
        )
        row.save()
        row.sources.set([e.component_id for e in share])
    return decision


def _sign(ctx: Any, decision: RecognitionDecision, coordinator: User | None, mobility: Mobility) -> None:
    signed_at = timezone.make_aware(
        dt.datetime.combine(mobility.planned_end + dt.timedelta(days=ctx.rng.randint(25, 60)), dt.time(11))
    )
    decision.status = DecisionStatus.SIGNED
    decision.signed_by = coordinator
    decision.signer_name = coordinator.get_full_name() if coordinator else "Faculty coordinator"
    decision.signer_position = "Erasmus+ coordinator"
    decision.signed_at = signed_at
    decision.save()
    # As signing in the product does: the mobility's credits obtained are the credits recognised.
    Mobility.objects.filter(pk=mobility.pk).update(ects_obtained=credits_recognised(decision))
