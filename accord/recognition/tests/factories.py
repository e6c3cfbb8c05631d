"""Test data of this app: an approved learning agreement with Tables A and B, grade tables, transcripts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

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
from accord.mobility.models import Mobility
from accord.recognition.models import GradeTable

HOST_COURSES = (("INF-101", "Algorithms", "6"), ("INF-202", "Databases", "6"), ("MAT-110", "Statistics", "3"))
HOME_COURSES = (("CS-ALG", "Algorithms and data structures", "6"), ("CS-DB", "Database systems", "9"))


def make_learning_agreement(
    mobility: Mobility,
    *,
    host: Sequence[tuple[str, str, str]] = HOST_COURSES,
    home: Sequence[tuple[str, str, str]] = HOME_COURSES,
    isced: str | None = "0613",
    submitted_at: dt.datetime | None = None,
    approved_after_days: float | None = 10,
) -> LearningAgreement:
    """A learning agreement whose first version all three parties approved (unless the delay is None)."""
    submitted_at = submitted_at or timezone.now() - dt.timedelta(days=60)
    approved_at = (
        submitted_at + dt.timedelta(days=approved_after_days) if approved_after_days is not None else None
    )
    agreement = LearningAgreement.objects.create(
        mobility=mobility,
        status=LearningAgreementStatus.APPROVED if approved_at else LearningAgreementStatus.DRAFT,
        isced_id=isced,
        first_approved_at=approved_at,
    )
    proposal = ChangeProposal.objects.create(
        learning_agreement=agreement,
        number=1,
        kind=ProposalKind.FIRST_VERSION,
        status=ProposalStatus.APPROVED if approved_at else ProposalStatus.OPEN,
        decided_at=approved_at,
    )
    ChangeProposal.objects.filter(pk=proposal.pk).update(created_at=submitted_at)
    for table, rows in (("A", host), ("B", home)):
        for position, (code, title, ects) in enumerate(rows):
            Component.objects.create(
                proposal=proposal,
                table=table,
                code=code,
                title=title,
                ects=Decimal(ects),
                position=position,
                term_number=1,
                total_terms=2,
            )
    if approved_at:
        for role in SignerRole:
            Signature.objects.create(
                proposal=proposal, role=role, signer_name=f"{role.label} signer", signed_at=approved_at
            )
    return agreement


def components(agreement: LearningAgreement, table: str) -> list[Component]:
    return list(
        Component.objects.filter(proposal__learning_agreement=agreement, table=table).order_by("position")
    )


def make_grade_table(institution: Any, scale: str, percentages: Sequence[float], **extra: Any) -> GradeTable:
    return GradeTable.objects.create(
        institution=institution,
        scale=scale,
        percentages=list(percentages),
        period=extra.pop("period", "2021/2022-2023/2024"),
        **extra,
    )


# Made-up but plausible tables: Poland 5 ... 3 and France 20 ... 10.
POLISH_TABLE = (12, 18, 30, 22, 18)
FRENCH_TABLE = (1, 1, 2, 4, 6, 9, 12, 15, 17, 17, 16)
