"""The virtual exchange pages: post an offer through the form, find a partner course, propose, answer."""

import datetime as dt

from accord.collaboration.models import OfferStatus, ProposalStatus, VirtualExchangeOffer
from accord.collaboration.tests.factories import make_offer
from accord_testing.world import World

BASE = "/collaboration/virtual-exchange"


def _form(world: World, **changes: str) -> dict[str, str]:
    data = {
        "title": "Climate and cities",
        "owner": f"unit:{world.faculty_a.pk}",
        "teacher_name": "Ada Teacher",
        "description": "Urban heat islands measured in two cities.",
        "isced": "0521",
        "eqf_level": "6",
        "language": "en",
        "cefr": "B2",
        "start_date": "2027-02-15",
        "end_date": "2027-05-31",
        "timezone": "Europe/Brussels",
        "slots": "Tuesday 14:00-15:30\nthu 09:00-10:00",
        "class_size": "30",
        "tools": ["video"],
    }
    data.update(changes)
    return data


def test_a_coordinator_offers_a_course_through_the_form(world: World) -> None:
    client = world.client_for("coordinator")
    page = client.get(f"{BASE}/new/").content.decode()
    assert "Faculty of Science" in page and "Faculty of Arts" not in page  # only units in scope
    response = client.post(f"{BASE}/new/", _form(world))
    offer = VirtualExchangeOffer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}/{offer.pk}/"
    assert offer.slots == [
        {"weekday": 1, "start": "14:00", "end": "15:30"},
        {"weekday": 3, "start": "09:00", "end": "10:00"},
    ]
    assert offer.languages == [{"code": "en", "cefr": "B2"}] and offer.unit == world.faculty_a
    detail = client.get(response["Location"]).content.decode()
    assert "Tuesday 14:00-15:30" in detail and "No course of another institution fits yet" in detail


def test_mistakes_are_shown_beside_their_field_and_nothing_is_saved(world: World) -> None:
    client = world.client_for("coordinator")
    response = client.post(f"{BASE}/new/", _form(world, slots="Someday 14:00", end_date="2027-01-01"))
    page = response.content.decode()
    assert response.status_code == 422
    assert "Please correct the fields marked below." in page
    assert "Line 1: write a weekday and two times" in page
    assert not VirtualExchangeOffer.objects.exists()
    response = client.post(f"{BASE}/new/", _form(world, end_date="2027-01-01"))
    assert (
        response.status_code == 422
        and "The teaching period ends before it starts." in response.content.decode()
    )


def test_the_list_filters_by_language_and_field(world: World) -> None:
    make_offer(world.users["officer"], world.home, world.faculty_a, title="English robotics")
    make_offer(
        world.users["officer"],
        world.partner,
        title="Robótica",
        languages=[{"code": "es", "cefr": ""}],
        isced="0714",
    )
    client = world.client_for("auditor")
    assert "Robótica" in client.get(f"{BASE}/?language=es").content.decode()
    english = client.get(f"{BASE}/?language=en").content.decode()
    assert "English robotics" in english and "Robótica" not in english
    by_field = client.get(f"{BASE}/?isced=06").content.decode()
    assert "English robotics" in by_field and "Robótica" not in by_field
    assert world.client_for("student").get(f"{BASE}/").status_code == 403


def test_two_teachers_find_each_other_propose_and_accept(world: World) -> None:
    ours = make_offer(world.users["coordinator"], world.home, world.faculty_a)
    theirs = make_offer(world.users["partner_contact"], world.partner, start_date=dt.date(2027, 3, 1))
    coordinator = world.client_for("coordinator")
    page = coordinator.get(f"{BASE}/{ours.pk}/").content.decode()
    assert "Suggested partner courses" in page and f"{BASE}/{theirs.pk}/" in page and "Why this score" in page
    response = coordinator.post(f"{BASE}/{ours.pk}/propose/{theirs.pk}/", {"message": "Shall we?"})
    assert response.status_code == 302
    assert "Proposed; awaiting the answer." in coordinator.get(f"{BASE}/{ours.pk}/").content.decode()

    partner = world.client_for("partner_contact")
    received = partner.get(f"{BASE}/{theirs.pk}/").content.decode()
    assert "Proposals received" in received and "Shall we?" in received
    proposal = theirs.proposals_received.get()
    response = partner.post(f"{BASE}/proposals/{proposal.pk}/accept/", {"message": "Gladly"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    ours.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and ours.status == OfferStatus.MATCHED
    assert "Gladly" in coordinator.get(f"{BASE}/{ours.pk}/").content.decode()


def test_a_refused_proposal_says_why_on_the_page(world: World) -> None:
    ours = make_offer(world.users["coordinator"], world.home, world.faculty_a)
    late = make_offer(
        world.users["partner_contact"],
        world.partner,
        start_date=dt.date(2027, 6, 1),
        end_date=dt.date(2027, 8, 1),
    )
    client = world.client_for("coordinator")
    response = client.post(f"{BASE}/{ours.pk}/propose/{late.pk}/", follow=True)
    assert "at least 4 are needed" in response.content.decode()
    assert not late.proposals_received.exists()


def test_withdrawing_asks_first(world: World) -> None:
    ours = make_offer(world.users["coordinator"], world.home, world.faculty_a)
    client = world.client_for("coordinator")
    assert "Withdraw the offer" in client.get(f"{BASE}/{ours.pk}/withdraw/").content.decode()
    ours.refresh_from_db()
    assert ours.status == OfferStatus.OPEN
    client.post(f"{BASE}/{ours.pk}/withdraw/")
    ours.refresh_from_db()
    assert ours.status == OfferStatus.WITHDRAWN


def test_an_institution_s_page_lists_its_offers(world: World) -> None:
    theirs = make_offer(world.users["partner_contact"], world.partner, title="Social robots")
    page = world.client_for("coordinator").get(f"/institutions/{world.partner.pk}/").content.decode()
    assert "Virtual exchange" in page and f"{BASE}/{theirs.pk}/" in page
    listed = (
        world.client_for("coordinator")
        .get(f"{BASE}/?institution={world.partner.pk}&status=")
        .content.decode()
    )
    assert "Social robots" in listed
    assert (
        "Social robots"
        not in world.client_for("coordinator").get(f"{BASE}/?institution={world.home.pk}").content.decode()
    )
