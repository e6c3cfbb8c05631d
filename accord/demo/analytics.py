"""Demo data of the analytics area: mobilities flagged with fewer opportunities, research with partners,
surveys, reach goals; then the summary tables and scores are computed so that the dashboards have figures
from the first page view."""

import random
from decimal import Decimal

from accord.analytics.models import ActivityKind, GoalKind, PartnerActivity, ReachGoal
from accord.analytics.refresh import refresh_all
from accord.institutions.models import Institution
from accord.mobility.models import Mobility
from accord.reference.models import IscedField
from accord.reference.services import academic_year_ensure

# Erasmus+ reports about one participant in eight with fewer opportunities.
FEWER_OPPORTUNITIES_SHARE = 0.12
BATCH = 5000


def build_analytics(*, seed: int, this_year: int) -> dict[str, int]:
    rng = random.Random(seed + 6)
    flagged = 0
    batch: list[int] = []
    for mobility_id in Mobility.objects.values_list("id", flat=True).iterator(chunk_size=BATCH):
        if rng.random() < FEWER_OPPORTUNITIES_SHARE:
            batch.append(mobility_id)
            flagged += 1
        if len(batch) >= BATCH:
            Mobility.objects.filter(pk__in=batch).update(fewer_opportunities=True)
            batch.clear()
    Mobility.objects.filter(pk__in=batch).update(fewer_opportunities=True)
    partners = list(
        Institution.objects.filter(is_home=False, agreement_partners__isnull=False)
        .distinct()
        .order_by("id")
        .values_list("id", flat=True)[:60]
    )
    activities = []
    for partner_id in partners:
        for _ in range(rng.randint(0, 3)):
            kind = rng.choice(
                [ActivityKind.JOINT_PROJECT, ActivityKind.CO_PUBLICATION, ActivityKind.SATISFACTION]
            )
            year = academic_year_ensure(this_year - rng.randint(0, 4))
            activities.append(
                PartnerActivity(
                    institution_id=partner_id,
                    kind=kind,
                    academic_year=year,
                    title={"joint_project": "Joint project", "co_publication": "Co-authored articles"}.get(
                        kind, "Exchange students' survey"
                    ),
                    count=rng.randint(1, 6) if kind == ActivityKind.CO_PUBLICATION else 1,
                    rating=Decimal(rng.randint(25, 50)) / 10 if kind == ActivityKind.SATISFACTION else None,
                )
            )
    PartnerActivity.objects.bulk_create(activities)
    engineering = IscedField.objects.filter(code="07").first()
    goals = [
        ReachGoal(kind=GoalKind.REGION, code="Sub-Saharan Africa", isced=engineering, min_partners=2),
        ReachGoal(kind=GoalKind.REGION, code="Western Africa", isced=engineering, min_partners=25),
        ReachGoal(kind=GoalKind.REGION, code="Latin America and the Caribbean", min_partners=5),
        ReachGoal(kind=GoalKind.LANGUAGE, code="es", min_partners=10),
        ReachGoal(kind=GoalKind.COUNTRY, code="JP", min_partners=2),
    ]
    ReachGoal.objects.bulk_create(goals)
    summary = refresh_all(record=False)
    return {
        "inclusion flags": flagged,
        "partner activities": len(activities),
        "reach goals": len(goals),
        **{"analytics facts": summary["facts"]},
    }
