"""partner_learning_metrics: recognition rate over signed decisions, median LA turnaround, counts."""

from __future__ import annotations

from decimal import Decimal

from accord.mobility.models import Mobility
from accord.recognition import services
from accord.recognition.metrics import PartnerLearningMetrics, partner_learning_metrics
from accord.recognition.tests.factories import components, make_learning_agreement
from accord_testing.factories import make_mobility
from accord_testing.world import World


def _recognise(world: World, mobility: Mobility, *, second: bool, sign: bool) -> None:
    la = mobility.learning_agreement
    hosts, homes = components(la, "A"), components(la, "B")
    services.transcript_save(
        mobility=mobility,
        scale="pl-2-5",
        issued_on=None,
        entries=[services.EntryInput(h.pk, "4", h.ects) for h in hosts],
        actor=world.users["officer"],
    )
    rows = [
        services.RowInput(homes[0].pk, True, [hosts[0].pk]),
        services.RowInput(
            homes[1].pk, second, [hosts[1].pk] if second else [], reason="" if second else "no"
        ),
    ]
    decision = services.recognition_save(
        mobility=mobility, home_scale="ects", rows=rows, comment="", actor=world.users["officer"]
    )
    if sign:
        services.recognition_sign(decision=decision, actor=world.users["admin"])


def test_metrics_per_partner(world: World) -> None:
    make_learning_agreement(world.mobility, approved_after_days=4)
    second = make_mobility(agreement=world.agreement)
    make_learning_agreement(second, approved_after_days=20)
    third = make_mobility(agreement=world.agreement, direction="incoming")
    make_learning_agreement(third, approved_after_days=30)
    make_learning_agreement(
        make_mobility(agreement=world.agreement), approved_after_days=None
    )  # not approved
    _recognise(world, world.mobility, second=True, sign=True)  # 15 of 15
    _recognise(world, second, second=False, sign=True)  # 6 of 15
    metrics = partner_learning_metrics()
    partner = metrics[world.partner.pk]
    assert partner.learning_agreements == 4
    assert partner.la_turnaround_days == 20.0  # median of 4, 20 and 30
    assert partner.recognition_rate == float(Decimal(21) / Decimal(30))
    assert world.other_partner.pk not in metrics


def test_unsigned_decisions_do_not_count_and_ids_filter(world: World) -> None:
    make_learning_agreement(world.mobility)
    make_learning_agreement(world.other_mobility, approved_after_days=None)
    _recognise(world, world.mobility, second=True, sign=False)
    metrics = partner_learning_metrics([world.partner.pk])
    assert set(metrics) == {world.partner.pk}
    assert metrics[world.partner.pk] == PartnerLearningMetrics(
        recognition_rate=None, la_turnaround_days=10.0, learning_agreements=1
    )
    other = partner_learning_metrics([world.other_partner.pk])[world.other_partner.pk]
    assert (other.learning_agreements, other.la_turnaround_days) == (1, None)
