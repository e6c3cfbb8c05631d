"""Signing a recognition decision writes the credits recognised to the mobility, in its history."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from accord.common.models import AuditEvent
from accord.mobility.models import Mobility
from accord.mobility.services import mobility_input_from, mobility_update
from accord.recognition import services
from accord.recognition.tests.factories import components, make_learning_agreement
from accord_testing.factories import send_api
from accord_testing.world import World


@pytest.fixture
def tables(world: World) -> Any:
    agreement = make_learning_agreement(world.mobility)
    hosts, homes = components(agreement, "A"), components(agreement, "B")
    entries = [
        services.EntryInput(c.pk, grade, c.ects) for c, grade in zip(hosts, ("5", "4", "3.5"), strict=True)
    ]
    services.transcript_save(
        mobility=world.mobility, scale="pl-2-5", issued_on=None, entries=entries, actor=world.users["officer"]
    )
    return hosts, homes


def _sign(world: World, rows: list[services.RowInput]) -> Any:
    decision = services.recognition_save(
        mobility=world.mobility, home_scale="ects", rows=rows, comment="", actor=world.users["officer"]
    )
    return services.recognition_sign(decision=decision, actor=world.users["coordinator"])


def _mobility_changes(world: World) -> list[dict[str, Any]]:
    """The ``mobility.updated`` events signed by the coordinator, oldest first."""
    events = AuditEvent.objects.filter(
        action="mobility.updated", target_id=str(world.mobility.pk), actor=world.users["coordinator"]
    ).order_by("pk")
    return [event.changes for event in events]


def _type_by_hand(world: World, ects: Decimal) -> None:
    data = replace(mobility_input_from(world.mobility), ects_obtained=ects)
    mobility_update(mobility=world.mobility, data=data, actor=world.users["officer"])


def test_signing_writes_the_credits_recognised_with_one_change_in_the_history(
    world: World, tables: Any
) -> None:
    hosts, homes = tables
    rows = [
        services.RowInput(homes[0].pk, True, [hosts[0].pk]),
        services.RowInput(homes[1].pk, True, [hosts[1].pk, hosts[2].pk], credits=Decimal("7.5")),
    ]
    signed = _sign(world, rows)
    assert signed.mobility.ects_obtained == Decimal("13.5")
    assert Mobility.objects.get(pk=world.mobility.pk).ects_obtained == Decimal("13.5")
    assert _mobility_changes(world) == [{"ects_obtained": [None, "13.5"]}]


def test_the_signed_decision_overrides_credits_typed_by_hand(world: World, tables: Any) -> None:
    hosts, homes = tables
    _type_by_hand(world, Decimal(20))
    rows = [
        services.RowInput(homes[0].pk, True, [hosts[0].pk]),
        services.RowInput(homes[1].pk, False, reason="not taught at the host"),
    ]
    _sign(world, rows)
    assert Mobility.objects.get(pk=world.mobility.pk).ects_obtained == Decimal(6)
    assert _mobility_changes(world) == [{"ects_obtained": ["20.0", "6.0"]}]


def test_credits_already_typed_as_recognised_leave_no_empty_change(world: World, tables: Any) -> None:
    hosts, homes = tables
    _type_by_hand(world, Decimal("15.0"))
    _sign(
        world,
        [
            services.RowInput(homes[0].pk, True, [hosts[0].pk]),
            services.RowInput(homes[1].pk, True, [hosts[1].pk]),
        ],
    )
    assert Mobility.objects.get(pk=world.mobility.pk).ects_obtained == Decimal(15)
    assert _mobility_changes(world) == []


def test_a_decision_recognising_nothing_writes_zero(world: World, tables: Any) -> None:
    _, homes = tables
    _sign(world, [services.RowInput(home.pk, False, reason="failed abroad") for home in homes])
    assert Mobility.objects.get(pk=world.mobility.pk).ects_obtained == Decimal(0)
    assert _mobility_changes(world) == [{"ects_obtained": [None, "0.0"]}]


def test_the_mobility_api_shows_the_credits_after_signing(world: World, tables: Any) -> None:
    hosts, homes = tables
    url = f"/api/v1/mobilities/{world.mobility.pk}"
    assert send_api(world, "officer", "get", url).json()["ects_obtained"] is None
    _sign(
        world,
        [
            services.RowInput(homes[0].pk, True, [hosts[0].pk]),
            services.RowInput(homes[1].pk, True, [hosts[1].pk]),
        ],
    )
    for persona in ("officer", "student"):
        assert send_api(world, persona, "get", url).json()["ects_obtained"] == "15.0"
