"""The institution page's agreements and mobilities: the latest few, a capped count, links to the lists."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.institutions import views
from accord_testing.factories import make_agreement, make_mobility

pytestmark = pytest.mark.django_db


def detail(world, persona, institution):
    response = world.client_for(persona).get(reverse("institutions:detail", args=[institution.pk]))
    assert response.status_code == 200
    return response, response.content.decode()


@pytest.fixture
def busy_partner(world):
    """Four more agreements with the partner (five in all), each with one more mobility (five in all)."""
    for days in range(1, 5):
        agreement = make_agreement(
            home=world.home,
            partner=world.partner,
            owner_unit=world.faculty_a,
            valid_to=dt.date(2030, 1, days),
            title=f"Busy {days}",
        )
        make_mobility(agreement=agreement)
    return world


def test_small_totals_are_exact_and_need_no_link(world):
    response, html = detail(world, "officer", world.partner)
    assert str(response.context["agreement_total"]) == "1" and 'Agreements <span class="muted">(1)' in html
    assert 'Mobilities <span class="muted">(1)' in html
    assert f"?partner={world.partner.pk}" not in html and f"?institution={world.partner.pk}" not in html


def test_latest_items_are_shown_with_an_exact_total_below_the_cap(busy_partner, monkeypatch):
    w = busy_partner
    monkeypatch.setattr(views, "RELATED_SHOWN", 2)
    response, html = detail(w, "officer", w.partner)
    # Latest end date first: the fixture's agreements end in 2030, the world's in 2029.
    assert [a.title for a in response.context["agreements"]] == ["Busy 4", "Busy 3"]
    assert len(response.context["mobilities"]) == 2
    assert 'Agreements <span class="muted">(5)' in html and 'Mobilities <span class="muted">(5)' in html
    assert f'href="/agreements/?partner={w.partner.pk}">All 5 agreements with Partner University' in html
    assert (
        f'href="/mobilities/?institution={w.partner.pk}">All 5 mobilities involving Partner University'
        in html
    )


def test_totals_past_the_cap_read_more_than(busy_partner, monkeypatch):
    w = busy_partner
    monkeypatch.setattr(views, "RELATED_SHOWN", 2)
    monkeypatch.setattr(views, "RELATED_COUNT_CAP", 3)
    response, html = detail(w, "officer", w.partner)
    total = response.context["mobility_total"]
    assert (total.count, total.more) == (3, True)
    assert 'Agreements <span class="muted">(more than 3)' in html
    assert 'Mobilities <span class="muted">(more than 3)' in html
    assert ">All agreements with Partner University</a>" in html
    assert ">All mobilities involving Partner University</a>" in html


def test_counts_and_items_stay_in_the_actors_scope(busy_partner, monkeypatch):
    w = busy_partner
    monkeypatch.setattr(views, "RELATED_SHOWN", 2)
    # At our own institution: the coordinator of faculty A counts faculty A's five agreements with the partner
    # (not faculty B's two), the partner contact the five that involve their institution; the officer all.
    hidden = make_agreement(
        home=w.home, partner=w.other_partner, owner_unit=w.faculty_b, valid_to=dt.date(2031, 1, 1)
    )
    response, html = detail(w, "coordinator", w.home)
    assert 'Agreements <span class="muted">(5)' in html and 'Mobilities <span class="muted">(5)' in html
    assert hidden not in response.context["agreements"]
    response, html = detail(w, "partner_contact", w.home)
    assert 'Agreements <span class="muted">(5)' in html and 'Mobilities <span class="muted">(5)' in html
    assert hidden not in response.context["agreements"]
    response, html = detail(w, "officer", w.home)
    assert 'Agreements <span class="muted">(7)' in html and 'Mobilities <span class="muted">(6)' in html
    assert response.context["agreements"][0] == hidden


def test_an_agreement_with_several_of_our_rows_is_listed_once(world):
    # The EXISTS filter cannot repeat an agreement, whatever number of partner rows match.
    make_agreement(home=world.home, partner=world.other_partner, title="Another")
    response, _ = detail(world, "officer", world.home)
    pks = [a.pk for a in response.context["agreements"]]
    assert len(pks) == len(set(pks)) == 3


def test_query_count_does_not_grow_with_the_related_lists(busy_partner):
    w = busy_partner
    client = w.client_for("officer")
    page = reverse("institutions:detail", args=[w.partner.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(page)
    for _ in range(3):
        make_mobility(agreement=make_agreement(home=w.home, partner=w.partner))
    with CaptureQueriesContext(connection) as after:
        client.get(page)
    assert len(after) == len(before)
