"""Outcome metrics per partner institution, for analytics and the partner page of recognition.

* ``recognition_rate``: credits recognised / credits planned in Table B, over the outgoing mobilities to the
  partner whose recognition decision is signed (0..1; None when there is none yet).
* ``la_turnaround_days``: the median number of days from a learning agreement's first submission (its first
  version was proposed) to its third signature (the first version approved), over the partner's approved
  learning agreements in both directions (None when none is approved yet).
* ``learning_agreements``: learning agreements of mobilities to or from the partner.

Computed with a few grouped queries, not per mobility, so analytics can ask for every partner at once.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Min, Q, Sum, When

from accord.learning.models import LearningAgreement, ProposalKind
from accord.mobility.models import Direction
from accord.recognition.models import DecisionStatus, RecognisedComponent, RecognitionDecision

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class PartnerLearningMetrics:
    recognition_rate: float | None
    la_turnaround_days: float | None
    learning_agreements: int
    credits_planned: Decimal = Decimal(0)
    credits_recognised: Decimal = Decimal(0)
    recognised_mobilities: int = 0


def partner_learning_metrics(
    institution_ids: Iterable[int] | None = None,
) -> dict[int, PartnerLearningMetrics]:
    """Metrics keyed by partner institution id; partners without any learning agreement are left out."""
    wanted = set(institution_ids) if institution_ids is not None else None
    partner = Case(
        When(mobility__direction=Direction.OUTGOING, then=F("mobility__host_institution_id")),
        default=F("mobility__home_institution_id"),
        output_field=IntegerField(),
    )
    agreements = LearningAgreement.objects.annotate(partner=partner)
    if wanted is not None:
        agreements = agreements.filter(partner__in=wanted)
    rows = agreements.annotate(
        submitted_at=Min("proposals__created_at", filter=Q(proposals__kind=ProposalKind.FIRST_VERSION)),
    ).values_list("partner", "submitted_at", "first_approved_at")
    counts: dict[int, int] = defaultdict(int)
    turnaround: dict[int, list[float]] = defaultdict(list)
    for partner_id, submitted_at, approved_at in rows:
        counts[partner_id] += 1
        if submitted_at is not None and approved_at is not None:
            turnaround[partner_id].append(
                max((approved_at - submitted_at).total_seconds(), 0) / SECONDS_PER_DAY
            )
    credits = (
        RecognisedComponent.objects.filter(decision__status=DecisionStatus.SIGNED)
        .values("decision__mobility__host_institution_id")
        .annotate(planned=Sum("planned_credits"), recognised=Sum("credits"))
    )
    recognised: dict[int, tuple[Decimal, Decimal]] = {}
    for row in credits:
        partner_id = row["decision__mobility__host_institution_id"]
        if wanted is None or partner_id in wanted:
            recognised[partner_id] = (_credits(row["planned"]), _credits(row["recognised"]))
    mobilities = _signed_mobilities(wanted)
    result = {}
    for partner_id in set(counts) | set(recognised):
        planned, credited = recognised.get(partner_id, (Decimal(0), Decimal(0)))
        times = turnaround.get(partner_id)
        result[partner_id] = PartnerLearningMetrics(
            recognition_rate=float(credited / planned) if planned else None,
            la_turnaround_days=round(statistics.median(times), 1) if times else None,
            learning_agreements=counts.get(partner_id, 0),
            credits_planned=planned,
            credits_recognised=credited,
            recognised_mobilities=mobilities.get(partner_id, 0),
        )
    return result


def _signed_mobilities(wanted: set[int] | None) -> dict[int, int]:
    rows = (
        RecognitionDecision.objects.filter(status=DecisionStatus.SIGNED)
        .values("mobility__host_institution_id")
        .annotate(n=Count("id"))
    )
    return {
        r["mobility__host_institution_id"]: r["n"]
        for r in rows
        if wanted is None or r["mobility__host_institution_id"] in wanted
    }


def _credits(value: Decimal | None) -> Decimal:
    # SQLite sums decimals as floats or integers; credits are kept with one decimal everywhere else.
    return Decimal(str(value or 0)).quantize(Decimal("0.1"))
