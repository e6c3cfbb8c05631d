"""The catalogue and equivalence API: courses, an equivalence, and its offer to the next student."""

from accord.learning.tests.factories import make_learning_agreement
from accord_testing.factories import send_api

BASE = "/api/v1/learning-agreements"


def test_courses_and_equivalences(world):
    course = send_api(
        world,
        "coordinator",
        "post",
        "/api/v1/courses",
        {"institution_id": world.partner.pk, "code": "P-ALG", "title": "Algorithms", "ects": "6"},
    )
    assert course.status_code == 201
    duplicate = send_api(
        world,
        "coordinator",
        "post",
        "/api/v1/courses",
        {"institution_id": world.partner.pk, "code": "P-ALG", "title": "Again"},
    )
    assert duplicate.status_code == 409
    home = send_api(
        world,
        "coordinator",
        "post",
        "/api/v1/courses",
        {"institution_id": world.home.pk, "code": "H-ALG", "title": "Algorithmics", "ects": "6"},
    )
    created = send_api(
        world,
        "coordinator",
        "post",
        "/api/v1/course-equivalences",
        {"host_course_ids": [course.json()["id"]], "home_course_ids": [home.json()["id"]]},
    )
    assert created.status_code == 201
    assert created.json()["approved_by_name"] == str(world.users["coordinator"])
    assert (
        send_api(
            world,
            "student",
            "post",
            "/api/v1/course-equivalences",
            {"host_course_ids": [1], "home_course_ids": [2]},
        ).status_code
        == 403
    )
    la = make_learning_agreement(world.mobility, world.users["student"], filled=False)
    suggestions = send_api(world, "student", "get", f"{BASE}/{la.pk}/equivalence-suggestions").json()
    assert [s["id"] for s in suggestions] == [created.json()["id"]]
    applied = send_api(
        world,
        "student",
        "post",
        f"{BASE}/{la.pk}/equivalence-suggestions/apply",
        {"equivalence_id": created.json()["id"]},
    )
    assert applied.status_code == 201
    assert [(c["table"], c["course_id"]) for c in applied.json()] == [
        ("A", course.json()["id"]),
        ("B", home.json()["id"]),
    ]
    assert send_api(world, "student", "get", f"{BASE}/{la.pk}/equivalence-suggestions").json() == []
