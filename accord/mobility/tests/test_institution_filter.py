"""The mobilities list's institution filter: a type-ahead, not a select of the whole register."""

import pytest
from django.urls import reverse

from accord.mobility import views
from accord_testing.factories import InstitutionFactory, make_mobility

LIST = reverse("mobility:list")


def detail_url(mobility):
    return reverse("mobility:detail", args=[mobility.pk])


def options_of(html):
    """The markup of the institution select."""
    start = html.index('<select name="institution"')
    return html[start : html.index("</select>", start)]


def test_the_unfiltered_page_offers_a_search_box_instead_of_every_institution(world):
    InstitutionFactory(name="Faraway Polytechnic")
    html = world.client_for("officer").get(LIST).content.decode()
    # Not even the partners of agreements are listed up front: only "Any institution".
    assert options_of(html).count("<option") == 1 and "Any institution" in options_of(html)
    assert "Faraway Polytechnic" not in html
    # With JavaScript the box asks the scoped type-ahead for options as one types.
    assert f'hx-get="{reverse("agreements:institution_options")}"' in html
    assert 'hx-target="#id_institution"' in html and 'aria-controls="id_institution"' in html


def test_without_javascript_the_submitted_search_fills_the_select(world):
    html = world.client_for("officer").get(LIST, {"institution_search": "Unrelated"}).content.decode()
    assert "1 match: choose one" in options_of(html)
    assert f'<option value="{world.other_partner.pk}">Unrelated University' in options_of(html)
    # The search alone filters nothing: both mobilities are still listed.
    assert detail_url(world.mobility) in html and detail_url(world.other_mobility) in html


@pytest.mark.parametrize(
    ("term", "label"),
    [("U", "Type at least 2 characters to search"), ("Nowhere", "No institution matches “Nowhere”")],
)
def test_a_search_that_finds_nothing_says_so(world, term, label):
    html = world.client_for("officer").get(LIST, {"institution_search": term}).content.decode()
    assert label in options_of(html)


def test_search_finds_only_institutions_the_actor_may_see(world):
    html = world.client_for("partner_contact").get(LIST, {"institution_search": "Unrelated"}).content.decode()
    assert "Unrelated University" not in html and "No institution matches" in options_of(html)
    options = world.client_for("partner_contact").get(
        reverse("agreements:institution_options"), {"q": "University"}
    )
    assert "Partner University" in options.content.decode()
    assert "Unrelated University" not in options.content.decode()


def test_the_chosen_institution_filters_and_stays_selected(world):
    html = world.client_for("officer").get(LIST, {"institution": world.other_partner.pk}).content.decode()
    assert detail_url(world.other_mobility) in html and detail_url(world.mobility) not in html
    assert f'<option value="{world.other_partner.pk}" selected>Unrelated University' in options_of(html)


def test_a_hidden_institution_cannot_be_chosen(world):
    client = world.client_for("partner_contact")
    html = client.get(LIST, {"institution": world.other_partner.pk}).content.decode()
    assert 'id="id_institution_error"' in html and "Unrelated University" not in html
    # Refused, so not applied: the partner contact's own mobility is still listed.
    assert detail_url(world.mobility) in html


def test_filtered_lists_are_counted_up_to_a_cap(world, monkeypatch):
    make_mobility(agreement=world.agreement)
    monkeypatch.setattr(views, "FILTERED_COUNT_CAP", 1)
    html = world.client_for("officer").get(LIST, {"institution": world.partner.pk}).content.decode()
    assert "More than 1 mobility match the filters." in html
    monkeypatch.setattr(views, "FILTERED_COUNT_CAP", 2)
    html = world.client_for("officer").get(LIST, {"institution": world.partner.pk}).content.decode()
    assert "2 mobilities match the filters." in html and "More than" not in html
