"""The recognition part of the demo: every stage is present and the numbers come from the real conversion."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from types import SimpleNamespace

from accord.common.models import AuditEvent
from accord.demo.agreements import academic_year_of
from accord.demo.recognition import build_recognition
from accord.recognition.metrics import partner_learning_metrics
from accord.recognition.models import DecisionStatus, GradeTable, RecognitionDecision, Transcript
from accord_testing.factories import make_mobility
from accord_testing.world import World

TODAY = dt.date(2026, 11, 28)


def test_demo_builder_covers_every_stage(world: World) -> None:
    year = academic_year_of(TODAY) - 1
    for _ in range(6):
        make_mobility(agreement=world.agreement, year=year, status="completed")
    counts: Counter[str] = Counter()
    ctx = SimpleNamespace(rng=random.Random(1), today=TODAY, count=lambda what, n: counts.update({what: n}))
    build_recognition(ctx, home_id=world.home.pk, science_id=world.faculty_a.pk)
    assert GradeTable.objects.filter(institution=world.home).count() == 2
    assert Transcript.objects.count() == 5  # one Science student still waits for the transcript
    statuses = Counter(RecognitionDecision.objects.values_list("status", flat=True))
    assert statuses == {DecisionStatus.SIGNED: 3, DecisionStatus.DRAFT: 1}
    signed = RecognitionDecision.objects.filter(status=DecisionStatus.SIGNED).first()
    assert signed is not None and signed.signed_by == world.users["coordinator"]
    assert all(row.explanation for row in signed.components.filter(recognised=True))
    assert partner_learning_metrics()[world.partner.pk].learning_agreements == 6
    assert not AuditEvent.objects.exists()  # a bulk loader, not a user
