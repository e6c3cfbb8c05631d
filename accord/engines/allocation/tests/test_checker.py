"""The checker catches bad outcomes that were planted by hand, not just agrees with the engine."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from accord.engines.allocation import CheckReport, Place, Student, allocate, check_allocation

from .helpers import FAST, Case, cases

STUDENTS = [
    Student("ann", 90, ("p", "q")),
    Student("bob", 80, ("p", "q")),
    Student("cid", 70, ("p", "q"), {"en": "A2"}),
]
PLACES = [Place("p", 1), Place("q", 1)]
LOTTERY = {"ann": 1, "bob": 2, "cid": 3}


def check(
    assignments: dict[str, str | None],
    places: list[Place] = PLACES,
    partner_balance: dict[str, int] | None = None,
) -> CheckReport:
    return check_allocation(STUDENTS, places, assignments, lottery=LOTTERY, partner_balance=partner_balance)


def test_the_engine_outcome_passes() -> None:
    assert check({"ann": "p", "bob": "q", "cid": None}) == {
        "stable": True,
        "blocking_pairs": 0,
        "capacity_ok": True,
        "eligibility_ok": True,
    }


def test_a_lower_ranked_student_holding_a_wanted_place_is_a_blocking_pair() -> None:
    report = check({"ann": "q", "bob": "p", "cid": None})
    assert report["blocking_pairs"] == 1  # ann prefers p and outranks bob there
    assert not report["stable"] and report["capacity_ok"] and report["eligibility_ok"]


def test_every_blocking_pair_is_counted() -> None:
    report = check({"ann": None, "bob": None, "cid": "p"})
    # ann: p (cid is lower) and q (free); bob: the same; cid holds its first choice
    assert report["blocking_pairs"] == 4


def test_a_free_seat_an_eligible_student_wants_is_a_blocking_pair() -> None:
    assert check({"ann": "p", "bob": None, "cid": None})["blocking_pairs"] == 2  # bob and cid want q
    with_language = [Place("p", 1), Place("q", 1, {"en": "B2"})]
    assert check({"ann": "p", "bob": None, "cid": None}, with_language)["blocking_pairs"] == 0


def test_ties_are_decided_by_the_lottery() -> None:
    tied = [Student("ann", 80, ("p",)), Student("bob", 80, ("p",))]
    fair = check_allocation(tied, [Place("p", 1)], {"ann": "p", "bob": None}, lottery={"ann": 1, "bob": 2})
    unfair = check_allocation(tied, [Place("p", 1)], {"ann": None, "bob": "p"}, lottery={"ann": 1, "bob": 2})
    assert fair["stable"] and unfair["blocking_pairs"] == 1


def test_capacity_violations() -> None:
    report = check({"ann": "p", "bob": "p", "cid": "q"})
    assert report["capacity_ok"] is False and report["stable"] is False
    capped = [Place("p", 2, partner_id="x"), Place("q", 1)]
    assert check({"ann": "p", "bob": "p", "cid": "q"}, capped)["capacity_ok"] is True
    assert (
        check({"ann": "p", "bob": "p", "cid": "q"}, capped, partner_balance={"x": 1})["capacity_ok"] is False
    )


def test_eligibility_violations() -> None:
    places = [Place("p", 1), Place("q", 1, {"en": "B2"})]
    assert check({"ann": "p", "bob": None, "cid": "q"}, places)["eligibility_ok"] is False
    assert check({"ann": "p", "bob": None, "cid": "nowhere"})["eligibility_ok"] is False
    assert check({"ann": "p", "bob": None, "ghost": "q"})["eligibility_ok"] is False
    not_wanted = [*STUDENTS[:2], Student("cid", 70, ("p",))]
    report = check_allocation(not_wanted, PLACES, {"ann": "p", "bob": None, "cid": "q"}, lottery=LOTTERY)
    assert report["eligibility_ok"] is False


def test_own_rankings_decide_blocking_pairs_at_that_place() -> None:
    places = [Place("p", 1, priorities={"ann": 1, "bob": 5}), Place("q", 1)]
    assert check({"ann": "q", "bob": "p", "cid": None}, places)["stable"] is True
    assert check({"ann": "p", "bob": "q", "cid": None}, places)["blocking_pairs"] == 1


@FAST
@given(cases(), st.integers(0, 2**32), st.data())
def test_moving_a_student_up_into_a_full_place_is_detected(
    case: Case, seed: int, data: st.DataObject
) -> None:
    result = allocate(case.students, case.places, case.options(seed))
    assignments = dict(result.assignments)
    rejected = [
        (s, r.place) for s in case.students for r in result.reasons_for(s.id) if r.code in ("full", "lottery")
    ]
    if not rejected:
        return
    student, place_id = data.draw(st.sampled_from(rejected))
    assignments[student.id] = place_id  # jump the queue: the place is now over capacity
    report = check_allocation(
        case.students, case.places, assignments, lottery=result.lottery, partner_balance=case.partner_balance
    )
    assert report["capacity_ok"] is False and report["stable"] is False
