import datetime as dt
from typing import Any

from django.utils import timezone

from accord.exchange.models import Application, Call, Offer, OfferStatus, Run
from accord.exchange.tests.factories import apply, make_call, make_student, place_at
from accord.mobility.models import Mobility
from accord_testing.factories import send_api
from accord_testing.world import World


def _body(world: World, call: Call, **changes: Any) -> dict[str, Any]:
    body = {
        "call_id": call.pk,
        "unit_id": world.faculty_a.pk,
        "eqf_level": 6,
        "credits": "90",
        "grade_average": "15.5",
        "preferences": [place_at(call, world.partner).pk, place_at(call, world.other_partner).pk],
        "languages": {"en": "B2"},
    }
    body.update(changes)
    return body


def _close(call: Call) -> None:
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        opens_at=now - dt.timedelta(days=9), closes_at=now - dt.timedelta(minutes=1)
    )


def test_a_student_applies_and_withdraws_through_the_api(world: World) -> None:
    call = make_call(world)
    response = send_api(world, "student", "post", "/api/v1/exchange/applications", _body(world, call))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["preferences"] == [place_at(call, world.partner).pk, place_at(call, world.other_partner).pk]
    assert data["status"] == "submitted" and float(data["score"]) > 0
    listed = send_api(world, "student", "get", "/api/v1/exchange/applications").json()
    assert [item["id"] for item in listed["items"]] == [data["id"]]
    response = send_api(world, "student", "post", f"/api/v1/exchange/applications/{data['id']}/withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_api_errors_have_stable_codes(world: World) -> None:
    call = make_call(world)
    response = send_api(
        world, "student", "post", "/api/v1/exchange/applications", _body(world, call, eqf_level=8)
    )
    assert response.status_code == 422 and response.json()["code"] == "not_eligible"
    assert response.json()["details"]["field"] == "eqf_level"
    response = send_api(
        world, "student", "post", "/api/v1/exchange/applications", _body(world, call, preferences=[999999])
    )
    assert response.json()["code"] == "unknown_place"
    response = send_api(world, "student", "post", "/api/v1/exchange/applications", _body(world, call, typo=1))
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    _close(call)
    response = send_api(world, "student", "post", "/api/v1/exchange/applications", _body(world, call))
    assert response.status_code == 422 and response.json()["code"] == "deadline_passed"
    assert not Application.objects.exists()


def test_a_draft_call_is_hidden_from_students(world: World) -> None:
    call = make_call(world, published=False)
    assert send_api(world, "student", "get", f"/api/v1/exchange/calls/{call.pk}").status_code == 404
    response = send_api(world, "student", "post", "/api/v1/exchange/applications", _body(world, call))
    assert response.status_code == 404
    detail = send_api(world, "officer", "get", f"/api/v1/exchange/calls/{call.pk}").json()
    assert detail["academic_year"] == "2026/2027" and len(detail["places"]) == 2


def test_coordinators_list_and_score_only_their_units(world: World) -> None:
    call = make_call(world)
    own = apply(world, call, world.users["student"], [place_at(call, world.partner)])
    user, _ = make_student(world, "bea")
    other = apply(world, call, user, [place_at(call, world.other_partner)], unit_id=world.faculty_b.pk)
    listed = send_api(world, "coordinator", "get", f"/api/v1/exchange/applications?call={call.pk}").json()
    assert [item["id"] for item in listed["items"]] == [own.pk]
    response = send_api(
        world,
        "coordinator",
        "post",
        f"/api/v1/exchange/applications/{own.pk}/score",
        {"motivation_score": "90"},
    )
    assert response.status_code == 200 and response.json()["motivation_score"] == "90.00"
    response = send_api(
        world,
        "coordinator",
        "post",
        f"/api/v1/exchange/applications/{other.pk}/score",
        {"motivation_score": "90"},
    )
    assert response.status_code == 404
    response = send_api(
        world,
        "officer",
        "post",
        f"/api/v1/exchange/applications/{other.pk}/score",
        {"motivation_score": "900"},
    )
    assert response.status_code == 422


def test_runs_compare_publish_and_offers_through_the_api(world: World) -> None:
    call = make_call(world)
    apply(world, call, world.users["student"], [place_at(call, world.partner)])
    _close(call)
    respond_by = (timezone.now() + dt.timedelta(days=7)).isoformat()
    first = send_api(
        world,
        "officer",
        "post",
        "/api/v1/exchange/runs",
        {"call_id": call.pk, "respond_by": respond_by, "seed": 4},
    )
    assert first.status_code == 201, first.json()
    run = first.json()
    assert run["status"] == "draft" and run["seed"] == 4 and run["check_report"]["stable"]
    assert run["decisions"][0]["place_id"] == place_at(call, world.partner).pk
    second = send_api(
        world,
        "officer",
        "post",
        "/api/v1/exchange/runs",
        {"call_id": call.pk, "respond_by": respond_by, "policy": "serial-dictatorship"},
    ).json()
    compared = send_api(world, "officer", "get", f"/api/v1/exchange/runs/{run['id']}/compare/{second['id']}")
    assert compared.status_code == 200 and compared.json() == []
    assert send_api(world, "student", "get", "/api/v1/exchange/offers").json()["items"] == []
    published = send_api(world, "officer", "post", f"/api/v1/exchange/runs/{run['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = send_api(world, "officer", "post", f"/api/v1/exchange/runs/{run['id']}/publish")
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"
    offers = send_api(world, "student", "get", "/api/v1/exchange/offers").json()["items"]
    assert len(offers) == 1 and offers[0]["status"] == "pending"
    accepted = send_api(world, "student", "post", f"/api/v1/exchange/offers/{offers[0]['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert Mobility.objects.filter(pk=accepted.json()["mobility_id"], status="nominated").exists()
    declined = send_api(world, "student", "post", f"/api/v1/exchange/offers/{offers[0]['id']}/decline")
    assert declined.status_code == 409
    assert Offer.objects.get().status == OfferStatus.ACCEPTED and Run.objects.count() == 2


def test_a_run_before_the_deadline_is_refused(world: World) -> None:
    call = make_call(world)
    respond_by = (timezone.now() + dt.timedelta(days=30)).isoformat()
    response = send_api(
        world, "officer", "post", "/api/v1/exchange/runs", {"call_id": call.pk, "respond_by": respond_by}
    )
    assert response.status_code == 422 and response.json()["code"] == "call_still_open"
    response = send_api(
        world,
        "officer",
        "post",
        "/api/v1/exchange/runs",
        {"call_id": call.pk, "respond_by": respond_by, "policy": "random"},
    )
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
