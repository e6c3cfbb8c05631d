"""Transcripts and recognition through the services: conversion, checks, signing, audit and notification."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from accord.common.errors import DomainError
from accord.common.models import AuditEvent
from accord.notifications.models import Notification
from accord.recognition import services
from accord.recognition.models import DecisionStatus, RecognisedComponent, TranscriptEntry
from accord.recognition.tests.factories import (
    POLISH_TABLE,
    components,
    make_grade_table,
    make_learning_agreement,
)
from accord_testing.world import World

ECTS_TABLE = (10, 25, 30, 25, 10)


@pytest.fixture
def tables(world: World) -> Any:
    agreement = make_learning_agreement(world.mobility)
    return components(agreement, "A"), components(agreement, "B")


def _transcript(world: World, hosts: list[Any], grades: tuple[str, ...] = ("5", "4", "3.5")) -> Any:
    entries = [
        services.EntryInput(component.pk, grade, component.ects)
        for component, grade in zip(hosts, grades, strict=True)
    ]
    return services.transcript_save(
        mobility=world.mobility, scale="pl-2-5", issued_on=None, entries=entries, actor=world.users["officer"]
    )


def _rows(hosts: list[Any], homes: list[Any]) -> list[services.RowInput]:
    return [
        services.RowInput(homes[0].pk, True, [hosts[0].pk]),
        services.RowInput(homes[1].pk, True, [hosts[1].pk, hosts[2].pk]),
    ]


def test_transcript_is_written_whole_and_audited(world: World, tables: Any) -> None:
    hosts, _ = tables
    transcript = _transcript(world, hosts)
    assert [(e.grade, e.passed) for e in transcript.entries.order_by("component__position")] == [
        ("5", True),
        ("4", True),
        ("3.5", True),
    ]
    assert AuditEvent.objects.filter(action="transcript.created", target_id=str(transcript.pk)).exists()


def test_transcript_refuses_grades_not_on_the_scale_and_writes_nothing(world: World, tables: Any) -> None:
    hosts, _ = tables
    entries = [
        services.EntryInput(hosts[0].pk, "A", Decimal(6)),
        services.EntryInput(hosts[1].pk, "4", Decimal(99)),
    ]
    with pytest.raises(DomainError) as caught:
        services.transcript_save(
            mobility=world.mobility,
            scale="pl-2-5",
            issued_on=None,
            entries=entries,
            actor=world.users["officer"],
        )
    fields = [e["field"] for e in caught.value.extra["errors"]]
    assert fields == ["entries.0.grade", "entries.1.credits"]
    assert not TranscriptEntry.objects.exists()


def test_linear_fallback_without_tables(world: World, tables: Any) -> None:
    hosts, homes = tables
    _transcript(world, hosts)
    decision = services.recognition_save(
        mobility=world.mobility,
        home_scale="ects",
        rows=_rows(hosts, homes),
        comment="",
        actor=world.users["officer"],
    )
    first, second = decision.components.order_by("component__position")
    assert (first.grade, first.method) == ("A", "linear")
    assert "Linear fallback" in first.explanation
    # 4 (6 credits) -> B and 3.5 (3 credits) -> D: mean rank (1*6 + 3*3) / 9 = 1.67 -> C.
    assert (second.grade, second.credits) == ("C", Decimal(9))
    assert "combine" in second.explanation


def test_percentile_when_both_institutions_have_tables(world: World, tables: Any) -> None:
    hosts, homes = tables
    make_grade_table(world.partner, "pl-2-5", POLISH_TABLE, isced_id="0613")
    make_grade_table(world.home, "ects", ECTS_TABLE)
    _transcript(world, hosts)
    decision = services.recognition_save(
        mobility=world.mobility,
        home_scale="ects",
        rows=_rows(hosts, homes),
        comment="",
        actor=world.users["officer"],
    )
    first = decision.components.order_by("component__position").first()
    assert first is not None
    # Polish 5 covers 0-12 %: ECTS A covers 0-10 %, B 10-35 %: A overlaps 10 points, B 2 -> A.
    assert (first.grade, first.method) == ("A", "percentile")
    assert "Partner University" in first.explanation


def test_every_home_component_needs_a_decision_and_reasons_for_refusals(world: World, tables: Any) -> None:
    hosts, homes = tables
    _transcript(world, hosts)
    with pytest.raises(DomainError) as caught:
        services.recognition_save(
            mobility=world.mobility,
            home_scale="ects",
            rows=[services.RowInput(homes[0].pk, False)],
            comment="",
            actor=world.users["officer"],
        )
    assert {e["field"] for e in caught.value.extra["errors"]} == {"rows", "rows.0.reason"}


def test_a_failed_host_component_cannot_be_recognised(world: World, tables: Any) -> None:
    hosts, homes = tables
    _transcript(world, hosts, grades=("2", "4", "3"))
    with pytest.raises(DomainError) as caught:
        services.recognition_save(
            mobility=world.mobility,
            home_scale="ects",
            rows=_rows(hosts, homes),
            comment="",
            actor=world.users["officer"],
        )
    assert caught.value.extra["errors"][0]["field"] == "rows.0.recognised"


def test_signing_by_the_unit_coordinator_notifies_the_student(world: World, tables: Any) -> None:
    hosts, homes = tables
    _transcript(world, hosts)
    rows = [
        services.RowInput(homes[0].pk, True, [hosts[0].pk]),
        services.RowInput(homes[1].pk, False, reason="x"),
    ]
    decision = services.recognition_save(
        mobility=world.mobility, home_scale="ects", rows=rows, comment="", actor=world.users["officer"]
    )
    with pytest.raises(DomainError) as refused:
        services.recognition_sign(decision=decision, actor=world.users["officer"])
    assert refused.value.code == "permission_denied"
    signed = services.recognition_sign(decision=decision, actor=world.users["coordinator"], position="Dean")
    assert signed.status == DecisionStatus.SIGNED and signed.signer_position == "Dean"
    assert AuditEvent.objects.filter(action="recognition.signed").count() == 1
    assert Notification.objects.filter(recipient=world.users["student"]).count() == 1
    assert mail.outbox and mail.outbox[0].to == [world.users["student"].email]
    # Final: neither the decision nor its transcript changes any more.
    with pytest.raises(DomainError) as again:
        _transcript(world, hosts)
    assert again.value.code == "invalid_state"
    assert RecognisedComponent.objects.filter(decision=decision, recognised=True).count() == 1
