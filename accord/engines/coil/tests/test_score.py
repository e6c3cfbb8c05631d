"""The score of a pair worked out factor by factor, its explanation, and the field tiers."""

from __future__ import annotations

from datetime import date, time

import pytest

from accord.engines.coil import CoilInputError, CoilPolicy, Pool, Slot
from accord.engines.coil.score import BROAD, DETAILED, DIFFERENT, NARROW, field_tier

from .helpers import offer


def test_every_factor_of_a_pair() -> None:
    a = offer(languages=(("en", "C1"),), format="synchronous", tools=frozenset({"Zoom", "miro"}))
    b = offer(
        id="b",
        institution="Uni B",
        languages=(("en", "B2"),),
        eqf=6,
        start=date(2026, 9, 15),
        end=date(2026, 10, 26),
        slots=(Slot(0, time(10), time(12)),),
        class_size=50,
        format="mixed",
        tools=frozenset({"zoom"}),
    )
    pair = Pool([a, b], partnerships=[("Uni A", "Uni B")]).pair("a", "b")
    assert pair is not None
    points = {c.factor: round(c.points, 4) for c in pair.contributions()}
    assert points == {
        "discipline": 40.0,  # same detailed field (30) + the same text, cosine 1 (10)
        "live sessions": 6.6667,  # 1 h on each of the 6 Mondays of 42 days: 1 h a week of 3
        "calendar": 9.0,  # 15 September - 26 October: 42 days, 6 weeks of 8
        "language": 7.5,  # English C1 and B2: one CEFR step costs a quarter
        "level": 4.6667,  # EQF 7 and 6: one step of three
        "class size": 2.0,  # 25 and 50 students
        "format": 1.5,  # synchronous and mixed
        "tools": 2.0,  # zoom is shared, and all the smaller list has (tool names are folded)
        "partnership": 2.0,
    }
    assert pair.score == 75.33
    assert (pair.overlap_weeks, pair.live_hours_per_week) == (6, 1.0)


def test_the_explanation_names_each_factor_in_points_and_words() -> None:
    a = offer()
    b = offer(id="b", institution="Uni B", description="Ethics of software robotics.", format="synchronous")
    pair = Pool([a, b]).pair("b", "a")
    assert pair is not None
    said = pair.explanation(asking=pair.lo)
    assert said.startswith("discipline ") and "(same detailed field 0613; shared words: " in said
    assert "live sessions 13.3 (2 h a week together)" in said  # the same Mondays 09:00-11:00; 3 h is full
    assert "calendar 12.0 (13 weeks in common, 2026-09-01 to 2026-11-30)" in said
    assert "language 10.0 (English)" in said and "level 7.0 (both EQF 7)" in said
    assert (
        "format 1.5 (format not given on one side)" in said and "partnership 0.0 (no partnership yet)" in said
    )
    assert said.count(";") >= 9


def test_scores_are_symmetric() -> None:
    a = offer(languages=(("en", "B1"),))
    b = offer(id="b", institution="Uni B", timezone="Asia/Tokyo", slots=(Slot(0, time(16), time(18)),))
    pool = Pool([a, b])
    first, second = pool.pair("a", "b"), Pool([b, a]).pair("b", "a")
    assert first is pool.pair("b", "a")  # scored once, in one order
    assert first is not None and second is not None
    assert (first.score, first.days, first.live_seconds) == (second.score, second.days, second.live_seconds)
    assert first.explanation() == second.explanation()


def test_field_tiers_follow_the_isced_hierarchy() -> None:
    assert field_tier("0613", "0613") == DETAILED
    assert field_tier("0613", "0612") == field_tier("0613", "061") == field_tier("061", "061") == NARROW
    assert field_tier("0613", "0688") == field_tier("06", "0613") == BROAD
    assert field_tier("0613", "0714") == DIFFERENT


def test_a_wider_field_scores_less() -> None:
    scores = []
    for isced in ("0613", "0612", "0688", "0714"):
        pool = Pool([offer(), offer(id="b", institution="Uni B", isced=isced)])
        pair = pool.pair("a", "b")
        assert pair is not None
        scores.append(pair.score)
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4


def test_a_policy_must_weigh_100_points() -> None:
    with pytest.raises(CoilInputError):
        CoilPolicy(field=50.0)
    assert CoilPolicy(field=40.0, text=0.0).field == 40.0


@pytest.mark.parametrize(
    "changes",
    [{"narrow_share": 0.3}, {"broad_share": -0.1}, {"live_full_hours": 0.0}, {"cefr_step_cost": 2.0}],
)
def test_a_policy_keeps_the_order_the_search_relies_on(changes: dict) -> None:
    with pytest.raises(CoilInputError) as error:
        CoilPolicy(**changes)
    assert error.value.code == "bad_policy"
