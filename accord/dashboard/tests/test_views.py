"""The dashboard per persona: numbers for this academic year and what needs attention, all in scope."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.mobility.models import Direction
from accord_testing.factories import InstitutionFactory, make_agreement, make_mobility

TODAY = dt.date(2026, 9, 1)  # academic year 2026/2027; the world's mobilities start on 15 September


@pytest.fixture(autouse=True)
def pinned_today():
    with time_machine.travel(dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def ending(world):
    """Two live agreements ending within the notice period, one per faculty, and one ending later."""
    return {
        "science": make_agreement(
            home=world.home, partner=world.partner, owner_unit=world.faculty_a,
            valid_to=TODAY + dt.timedelta(days=100), title="Science ends soon",
        ),
        "arts": make_agreement(
            home=world.home, partner=world.other_partner, owner_unit=world.faculty_b,
            valid_to=TODAY + dt.timedelta(days=20), title="Arts ends soon",
        ),
        "later": make_agreement(
            home=world.home, partner=world.other_partner, owner_unit=world.faculty_b,
            valid_to=TODAY + dt.timedelta(days=400), title="Arts ends later",
        ),
    }  # fmt: skip


def dashboard(world, persona):
    response = world.client_for(persona).get("/")
    assert response.status_code == 200
    return response, response.content.decode()


def test_officer_sees_all_numbers_and_both_lists(world, ending):
    make_mobility(agreement=world.agreement, direction=Direction.INCOMING)
    response, html = dashboard(world, "officer")
    overview = response.context["overview"]
    assert (overview.active_agreements, overview.partners) == (5, 2)
    assert (overview.outgoing, overview.incoming) == (2, 1)
    assert "Science ends soon" in html and "Arts ends soon" in html and "Arts ends later" not in html
    assert "20 days left" in html
    assert "/agreements/?expiring=180&amp;sort=valid_to" in html
    assert "Stu Dent" in html and "/mobilities/?starting=30" in html


def test_coordinator_sees_own_faculty_only(world, ending):
    response, html = dashboard(world, "coordinator")
    overview = response.context["overview"]
    assert (overview.active_agreements, overview.outgoing, overview.incoming) == (2, 1, 0)
    assert "Science ends soon" in html and "Arts ends soon" not in html
    assert [m.pk for m in response.context["starting"].items] == [world.mobility.pk]


def test_partner_contact_sees_what_involves_their_institution(world, ending):
    response, html = dashboard(world, "partner_contact")
    overview = response.context["overview"]
    assert (overview.active_agreements, overview.partners, overview.outgoing) == (2, None, 1)
    assert "Our students coming to you" in html and "Partner institutions with active agreements" not in html
    assert "Science ends soon" in html and "Arts ends soon" not in html


def test_student_sees_their_own_mobilities_and_no_agreements(world, ending):
    response, html = dashboard(world, "student")
    assert response.context["overview"].active_agreements is None
    assert "Active agreements" not in html and "ends soon" not in html
    assert [m.pk for m in response.context["own"].items] == [world.mobility.pk]
    assert [m.pk for m in response.context["starting"].items] == [world.mobility.pk]
    assert "Your exchange" in html and "Partner University" in html


def test_outsider_gets_empty_states(world, ending):
    response, html = dashboard(world, "outsider")
    overview = response.context["overview"]
    assert (overview.active_agreements, overview.partners, overview.outgoing) == (0, 0, 0)
    assert "No signed or active agreement ends in the next 180 days." in html
    assert "No planned mobility starts in the next 30 days." in html


def test_mobilities_of_other_years_and_started_ones_are_left_out(world):
    make_mobility(agreement=world.agreement, year=2025)
    make_mobility(agreement=world.agreement, status="in_progress")
    response, _ = dashboard(world, "officer")
    assert response.context["overview"].outgoing == 3
    assert response.context["starting"].total == 2


def test_anonymous_is_sent_to_sign_in(world):
    response = world.client_for("anonymous").get("/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_query_count_does_not_grow_with_the_lists(world):
    client = world.client_for("officer")

    def add_agreements_with_mobilities(count):
        for days in range(1, count + 1):
            agreement = make_agreement(
                home=world.home, partner=world.partner, valid_to=TODAY + dt.timedelta(days=days)
            )
            make_mobility(agreement=agreement)

    add_agreements_with_mobilities(9)  # past the shortlist length, so the totals are counted
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    add_agreements_with_mobilities(9)
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(after) == len(before)


def test_partners_are_counted_once_each_without_us_and_only_for_active_agreements(world):
    third = InstitutionFactory(name="Third University")
    draft_only = InstitutionFactory(name="Draft Only College")
    make_agreement(home=world.home, partner=world.partner, owner_unit=world.faculty_a)
    make_agreement(home=world.home, partner=third, owner_unit=world.faculty_a)
    make_agreement(home=world.home, partner=draft_only, owner_unit=world.faculty_a, status="draft")
    officer = dashboard(world, "officer")[0].context["overview"]
    assert (officer.active_agreements, officer.partners) == (4, 3)
    # Faculty A's coordinator: the partner and the third university; faculty B's partner is out of scope.
    coordinator = dashboard(world, "coordinator")[0].context["overview"]
    assert (coordinator.active_agreements, coordinator.partners) == (3, 2)
