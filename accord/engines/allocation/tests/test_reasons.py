"""What a student reads about each place they ranked above the one they got."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from accord.engines.allocation import AllocationOptions, Place, Reason, Student, allocate

from .helpers import FAST, Case, cases


def texts(student_id: str, students: list[Student], places: list[Place]) -> list[str]:
    result = allocate(students, places)
    return [reason.text for reason in result.reasons_for(student_id)]


def test_a_full_place_names_the_last_admitted_score() -> None:
    students = [Student("ann", 78.2, ("p", "q")), Student("bob", 74.1, ("p", "q"))]
    places = [Place("p", 1), Place("q", 1)]
    assert texts("bob", students, places) == ["full: the last admitted score was 78.2, yours is 74.1"]
    assert texts("ann", students, places) == []


def test_losing_a_tie_says_it_was_the_lottery() -> None:
    students = [Student("ann", 80, ("p",)), Student("bob", 80, ("p",))]
    result = allocate(students, [Place("p", 1)], AllocationOptions(seed=3))
    loser = next(sid for sid, got in result.assignments.items() if got is None)
    winner = "ann" if loser == "bob" else "bob"
    (reason,) = result.reasons_for(loser)
    assert reason.code == "lottery"
    assert reason.text == (
        "full: the last admitted score was 80, the same as yours; the tie was broken by lottery "
        f"(their draw {result.lottery[winner]}, yours {result.lottery[loser]}; lower draws win)"
    )
    assert result.lottery[winner] < result.lottery[loser]


def test_language_requirements_use_language_names_and_fall_back_to_codes() -> None:
    places = [
        Place("p", 1, {"en": "B2"}),
        Place("q", 1, {"EN": "b2", "fr": "B1"}),
        Place("r", 1, {"xh": "A2"}),
        Place("s", 1),
    ]
    student = Student("ann", 50, ("p", "q", "r", "s"), {"en-GB": "B1"})
    assert texts("ann", [student], places) == [
        "requires English B2, you have B1",
        "requires English B2, you have B1; requires French B1, you have none recorded",
        "requires xh A2, you have none recorded",
    ]


def test_regional_variants_satisfy_the_language_and_the_best_level_counts() -> None:
    student = Student("ann", 50, ("p",), {"en-GB": "C1", "en": "A2", "pt_BR": "B2"})
    result = allocate([student], [Place("p", 1, {"en": "B2", "pt-PT": "B2"})])
    assert result.assignments == {"ann": "p"}


def test_eqf_and_subject_requirements() -> None:
    places = [
        Place("master", 1, eqf_levels=frozenset({7})),
        Place("either", 1, eqf_levels=frozenset({6, 7})),
        Place("ict", 1, subject_areas=("061", "0714")),
        Place("ok", 1, subject_areas=("04",)),
    ]
    student = Student("ann", 50, ("master", "either", "ict", "ok"), eqf=5, subject_areas=("0412",))
    assert texts("ann", [student], places) == [
        "requires EQF level 7, yours is 5",
        "requires EQF level 6 or 7, yours is 5",
        "requires subject area 061 or 0714, yours: 0412",
    ]
    nobody = Student("bob", 50, ("master",))
    assert texts("bob", [nobody], places) == ["requires EQF level 7, yours is not recorded"]


def test_places_with_their_own_ranking() -> None:
    places = [Place("p", 1, priorities={"ann": 2.5, "bob": 9}), Place("q", 1, priorities={"ann": 1})]
    students = [Student("ann", 99, ("p", "q")), Student("bob", 1, ("p", "q"))]
    result = allocate(students, places)
    assert result.assignments == {"ann": "q", "bob": "p"}
    assert [r.text for r in result.reasons_for("ann")] == [
        "full: the last admitted priority at this place was 9, yours is 2.5"
    ]
    assert [(r.code, r.text) for r in result.reasons_for("bob")] == []
    assert result.last_admitted == {"p": 9, "q": 1}
    only_ann = allocate([Student("bob", 1, ("q",))], [Place("q", 1, priorities={})])
    assert [r.text for r in only_ann.reasons_for("bob")] == [
        "this place ranks its own applicants and did not rank you"
    ]


def test_serial_dictatorship_explains_with_the_common_score() -> None:
    places = [Place("p", 1, priorities={"ann": 1, "bob": 9})]
    students = [Student("ann", 99, ("p",)), Student("bob", 1, ("p",))]
    result = allocate(students, places, AllocationOptions(policy="serial-dictatorship"))
    assert result.assignments == {"ann": "p", "bob": None}
    assert [r.text for r in result.reasons_for("bob")] == ["full: the last admitted score was 99, yours is 1"]


def test_no_seats_and_the_exchange_balance() -> None:
    places = [
        Place("closed", 0),
        Place("owed", 3, partner_id="uni-x"),
        Place("capped", 3, partner_id="uni-y"),
        Place("last", 1),
    ]
    students = [
        Student("ann", 90, ("capped",)),
        Student("bob", 80, ("closed", "owed", "capped", "last")),
    ]
    result = allocate(students, places, AllocationOptions(partner_balance={"uni-x": -2, "uni-y": 1}))
    assert result.effective_capacity == {"closed": 0, "owed": 0, "capped": 1, "last": 1}
    assert result.assignments == {"ann": "capped", "bob": "last"}
    assert [(r.code, r.text) for r in result.reasons_for("bob")] == [
        ("no_seats", "this place offers no seats this round"),
        ("no_seats", "no seats this round: the exchange balance with partner uni-x is used up"),
        (
            "full",
            "full: the last admitted score was 90, yours is 80 "
            "(seats limited to 1 of 3 by the exchange balance with partner uni-y)",
        ),
    ]


def test_reasons_are_structured_and_cover_every_student() -> None:
    students = [Student("ann", 2, ("p",)), Student("bob", 1, ("p",)), Student("cid", 0, ())]
    result = allocate(students, [Place("p", 1)])
    assert result.reasons == {
        "ann": (),
        "bob": (Reason("p", "full", "full: the last admitted score was 2, yours is 1"),),
        "cid": (),
    }


@FAST
@given(cases(), st.integers(0, 2**32))
def test_one_reason_per_place_ranked_above_the_assignment(case: Case, seed: int) -> None:
    result = allocate(case.students, case.places, case.options(seed))
    for student in case.students:
        got = result.assignments[student.id]
        above = student.preferences[: student.preferences.index(got)] if got else student.preferences
        reasons = result.reasons_for(student.id)
        assert tuple(reason.place for reason in reasons) == above
        assert all(reason.text and reason.code in {"ineligible", "not_ranked", "no_seats", "full", "lottery"}
                   for reason in reasons)  # fmt: skip
