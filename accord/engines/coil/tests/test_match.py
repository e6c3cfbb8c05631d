"""Which offers are suggested, in which order, and the errors of the top-k search."""

from __future__ import annotations

from datetime import date

import pytest

from accord.engines.coil import CoilInputError, match, match_brute_force

from .helpers import offer


def ids(found: tuple) -> list[str]:
    return [s.offer for s in found]


def test_same_institution_and_the_offer_itself_are_never_suggested() -> None:
    offers = [offer(), offer(id="b"), offer(id="c", institution="Uni C")]
    found = match(offers)
    assert ids(found["a"]) == ["c"] and ids(found["b"]) == ["c"] and ids(found["c"]) == ["a", "b"]


def test_exactly_four_weeks_together_is_enough_and_27_days_are_not() -> None:
    a = offer(start=date(2026, 9, 1), end=date(2026, 12, 31))
    four_weeks = offer(id="b", institution="Uni B", start=date(2026, 12, 4), end=date(2027, 2, 1))
    short = offer(id="c", institution="Uni C", start=date(2026, 12, 5), end=date(2027, 2, 1))
    found = match([a, four_weeks, short])
    assert ids(found["a"]) == ["b"]
    assert found["a"][0].overlap_weeks == 4
    assert ids(found["c"]) == ["b"]  # their periods meet for 8 weeks


def test_without_a_shared_language_nothing_is_suggested() -> None:
    found = match([offer(languages=("en", "de")), offer(id="b", institution="Uni B", languages=("fr",))])
    assert found == {"a": (), "b": ()}
    found = match(
        [offer(languages=("en-GB",)), offer(id="b", institution="Uni B", languages=(("EN", "b2"),))]
    )
    assert ids(found["a"]) == ["b"]  # a regional variant and upper case are the same language


def test_best_first_ties_by_id_and_at_most_k() -> None:
    twins = [offer(id=name, institution=f"Uni {name}") for name in ("d", "b", "c", "e")]
    other_field = offer(id="a", institution="Uni A", isced="0714")
    found = match([*twins, other_field], top=3)
    assert ids(found["e"]) == ["b", "c", "d"]  # equal scores: by id
    assert ids(found["b"]) == ["c", "d", "e"]
    assert ids(found["a"]) == ["b", "c", "d"]  # another field, but the same scores among themselves
    assert all(len(suggestions) <= 3 for suggestions in found.values())
    scores = [s.score for s in match([*twins, other_field])["a"]]
    assert scores == sorted(scores, reverse=True)


def test_an_existing_partnership_adds_its_points() -> None:
    offers = [offer(), offer(id="b", institution="Uni B"), offer(id="c", institution="Uni C")]
    found = match(offers, partnerships=[("Uni C", "Uni A")])
    assert ids(found["a"]) == ["c", "b"]
    assert round(found["a"][0].score - found["a"][1].score, 2) == 2.0
    assert "partnership 2.0 (existing partners)" in found["a"][0].explanation


def test_the_result_has_every_offer_and_the_brute_force_agrees() -> None:
    offers = [offer(id=f"o{n}", institution=f"U{n % 3}", eqf=5 + n % 4, class_size=10 + n) for n in range(9)]
    found, reference = match(offers, top=2), match_brute_force(offers, top=2)
    assert set(found) == {o.id for o in offers}
    assert {key: [(s.offer, s.score) for s in value] for key, value in found.items()} == {
        key: [(s.offer, s.score) for s in value] for key, value in reference.items()
    }


def test_bad_calls_are_refused() -> None:
    with pytest.raises(CoilInputError) as error:
        match([offer(), offer()])
    assert error.value.code == "duplicate_offer"
    with pytest.raises(CoilInputError) as error:
        match([offer()], top=0)
    assert error.value.code == "bad_top"
    with pytest.raises(CoilInputError) as error:
        match([offer()], partnerships=[("Uni A", "Uni A")])
    assert error.value.code == "bad_partnership"


def test_one_offers_suggestions_are_those_of_the_whole_run() -> None:
    from accord.engines.coil import Pool

    offers = [
        offer(id=f"o{n}", institution=f"U{n % 4}", class_size=10 + 3 * n, eqf=5 + n % 4) for n in range(12)
    ]
    everyone = Pool(offers).top(3)
    for item in offers:
        alone = Pool(offers).suggestions(item.id, 3)
        assert [(s.offer, s.score) for s in alone] == [(s.offer, s.score) for s in everyone[item.id]]
    pool = Pool(offers)
    searched = pool.top(3)
    assert {k: [s.score for s in v] for k, v in pool.brute_force(3).items()} == {
        k: [s.score for s in v] for k, v in searched.items()
    }
