"""/api/v1/virtual-exchange: offers, suggestions, proposals; bad input is a 4xx with a stable code."""

import datetime as dt
import json

from accord.collaboration.models import OfferStatus
from accord.collaboration.tests.factories import make_offer, offer_input
from accord_testing.world import World

API = "/api/v1/virtual-exchange"


def _body(world: World, **changes: object) -> str:
    data = offer_input(world.home, world.faculty_a).__dict__ | {
        "start_date": "2027-02-15",
        "end_date": "2027-06-15",
    }
    data.pop("preferred_partner_ids")
    return json.dumps(data | changes)


def test_an_offer_is_created_read_and_listed(world: World) -> None:
    client = world.client_for("coordinator")
    response = client.post(f"{API}/offers", _body(world), content_type="application/json")
    assert response.status_code == 201, response.content
    offer = response.json()
    assert offer["isced"] == "0613" and offer["slots"][0] == {"weekday": 1, "start": "14:00", "end": "15:30"}
    assert client.get(f"{API}/offers/{offer['id']}").json()["title"] == "Robotics and society"
    listed = client.get(f"{API}/offers?language=en").json()
    assert [item["id"] for item in listed["items"]] == [offer["id"]]


def test_bad_offers_get_a_stable_code_never_a_server_error(world: World) -> None:
    client = world.client_for("officer")
    cases = {
        "unknown_timezone": _body(world, timezone="Nowhere/City"),
        "dates_out_of_order": _body(world, end_date="2027-01-01"),
    }
    for code, body in cases.items():
        response = client.post(f"{API}/offers", body, content_type="application/json")
        assert response.status_code == 422 and response.json()["code"] == code, response.content
    for body in (_body(world, slots=[{"weekday": 9, "start": "10:00", "end": "11:00"}]), "{", "[]"):
        response = client.post(f"{API}/offers", body, content_type="application/json")
        assert 400 <= response.status_code < 500, response.content


def test_suggestions_then_a_proposal_then_an_answer(world: World) -> None:
    ours = make_offer(world.users["coordinator"], world.home, world.faculty_a)
    theirs = make_offer(world.users["partner_contact"], world.partner, start_date=dt.date(2027, 3, 1))
    coordinator = world.client_for("coordinator")
    suggestions = coordinator.get(f"{API}/offers/{ours.pk}/suggestions").json()
    assert [s["offer"]["id"] for s in suggestions] == [theirs.pk]
    assert (
        suggestions[0]["overlap_weeks"] == 15 and suggestions[0]["contributions"][0]["factor"] == "discipline"
    )
    response = coordinator.post(
        f"{API}/offers/{ours.pk}/proposals",
        {"to_offer_id": theirs.pk, "message": "Hi"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    proposal = response.json()
    partner = world.client_for("partner_contact")
    answer = partner.post(
        f"{API}/proposals/{proposal['id']}/decline",
        {"message": "Not this term"},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["status"] == "declined"
    again = partner.post(f"{API}/proposals/{proposal['id']}/accept", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"
    theirs.refresh_from_db()
    assert theirs.status == OfferStatus.OPEN
