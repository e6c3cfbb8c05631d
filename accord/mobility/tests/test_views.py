import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accord.common.models import AuditEvent
from accord.mobility import selectors, views
from accord.mobility.models import Mobility, Person
from accord_testing.factories import InstitutionFactory, PersonFactory, make_mobility

LIST = reverse("mobility:list")
CREATE = reverse("mobility:create")


def detail_url(mobility):
    return reverse("mobility:detail", args=[mobility.pk])


def form_data(world, **overrides):
    condition = world.agreement.conditions.get(sending_institution=world.home)
    data = {
        "person_mode": "existing",
        "person_id": world.mobility.person_id,
        "agreement_id": world.agreement.pk,
        "direction": "outgoing",
        "home_institution_id": world.home.pk,
        "host_institution_id": world.partner.pk,
        "condition_id": condition.pk,
        "mobility_type": "student_studies",
        "unit_id": world.faculty_a.pk,
        "academic_year": 2027,
        "planned_start": "2027-09-20",
        "planned_end": "2028-01-31",
        "status": "planned",
        "ects_planned": "30",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def select_html(html, name):
    """The markup of one <select>, so that option values are not confused across selects."""
    start = html.index(f'<select name="{name}"')
    return html[start : html.index("</select>", start)]


def snapshot():
    return sorted(Mobility.objects.values_list("pk", "status", "planned_end", "person_id"))


# --- list -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees_mine", "sees_other"),
    [
        ("admin", True, True),
        ("officer", True, True),
        ("auditor", True, True),
        ("coordinator", True, False),
        ("partner_contact", True, False),
        ("student", True, False),
        ("outsider", False, False),
    ],
)
def test_list_shows_only_the_mobilities_in_scope(world, persona, sees_mine, sees_other):
    response = world.client_for(persona).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert (detail_url(world.mobility) in html) is sees_mine
    assert (detail_url(world.other_mobility) in html) is sees_other


def test_list_requires_sign_in(world):
    response = world.client_for("anonymous").get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_new_mobility_button_only_for_those_who_may_create(world):
    assert CREATE in world.client_for("coordinator").get(LIST).content.decode()
    assert CREATE not in world.client_for("partner_contact").get(LIST).content.decode()
    assert CREATE not in world.client_for("auditor").get(LIST).content.decode()


@pytest.fixture
def incoming(world):
    person = PersonFactory(given_names="Inge", family_name="Coming", student_number="S-42")
    return make_mobility(
        agreement=world.agreement, direction="incoming", person=person, year=2027, status="accepted"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("direction=incoming", {"incoming"}),
        ("status=accepted", {"incoming"}),
        ("academic_year=2026", {"mobility", "other_mobility"}),
        ("q=coming", {"incoming"}),
        ("q=S-42", {"incoming"}),
        ("mobility_type=staff_teaching", set()),
        ("mobility_type=student_studies", {"mobility", "other_mobility", "incoming"}),
    ],
)
def test_list_filters(world, incoming, query, expected):
    by_name = {"mobility": world.mobility, "other_mobility": world.other_mobility, "incoming": incoming}
    html = world.client_for("officer").get(f"{LIST}?{query}").content.decode()
    shown = {name for name, mobility in by_name.items() if detail_url(mobility) in html}
    assert shown == expected


def test_list_filters_by_agreement_and_shows_it_as_a_removable_chip(world, incoming):
    html = world.client_for("officer").get(f"{LIST}?agreement={world.other_agreement.pk}").content.decode()
    assert detail_url(world.other_mobility) in html
    assert detail_url(world.mobility) not in html and detail_url(incoming) not in html
    assert str(world.other_agreement) in html and "Remove the agreement filter" in html


def test_agreement_filter_cannot_probe_hidden_agreements(world):
    html = (
        world.client_for("coordinator").get(f"{LIST}?agreement={world.other_agreement.pk}").content.decode()
    )
    assert str(world.other_agreement.title) not in html
    assert detail_url(world.other_mobility) not in html


def test_list_filters_by_institution(world):
    client = world.client_for("officer")
    html = client.get(f"{LIST}?institution={world.other_partner.pk}").content.decode()
    assert detail_url(world.other_mobility) in html and detail_url(world.mobility) not in html
    html = client.get(f"{LIST}?institution={world.home.pk}").content.decode()
    assert detail_url(world.other_mobility) in html and detail_url(world.mobility) in html


def test_list_starting_within_days(world):
    with time_machine.travel(dt.date(2026, 9, 1)):
        soon = world.client_for("officer").get(f"{LIST}?starting=30").content.decode()
        later = world.client_for("officer").get(f"{LIST}?starting=7").content.decode()
    assert detail_url(world.mobility) in soon and detail_url(world.other_mobility) in soon
    assert detail_url(world.mobility) not in later


def test_invalid_filter_is_reported_beside_it_and_not_applied(world):
    response = world.client_for("officer").get(f"{LIST}?starting=-3")
    html = response.content.decode()
    assert 'id="id_starting_error"' in html
    assert detail_url(world.mobility) in html and detail_url(world.other_mobility) in html


def test_empty_states(world):
    html = world.client_for("officer").get(f"{LIST}?q=nobody-by-this-name").content.decode()
    assert "No mobilities match these filters." in html
    html = world.client_for("outsider").get(LIST).content.decode()
    assert "No mobilities yet." in html


def test_htmx_gets_only_the_results_fragment(world):
    response = world.client_for("officer").get(f"{LIST}?direction=outgoing", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="results"') and "<html" not in html
    assert detail_url(world.mobility) in html
    assert "HX-Request" in response["Vary"]


def test_list_paginates(world, settings):
    settings.ACCORD_PAGE_SIZE = 1
    client = world.client_for("officer")
    first, second = client.get(LIST).content.decode(), client.get(f"{LIST}?page=2").content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert (detail_url(world.mobility) in first) != (detail_url(world.mobility) in second)


def test_unfiltered_list_counts_only_up_to_the_cap(world, monkeypatch):
    monkeypatch.setattr(views, "UNFILTERED_COUNT_CAP", 1)
    client = world.client_for("officer")
    assert "More than 1 mobility" in client.get(LIST).content.decode()
    # Filtered lists are counted exactly.
    assert "2 mobilities match the filters" in client.get(f"{LIST}?academic_year=2026").content.decode()


# --- detail -----------------------------------------------------------------------------------------


def test_detail_shows_the_mobility_with_links_and_history(world):
    mobility = world.mobility
    mobility.grant_amount = 1500
    mobility.save()
    response = world.client_for("officer").get(detail_url(mobility))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Stu Dent", "Partner University", "University of Accord", "Faculty of Science", "2026/2027",
                 "Student mobility for studies", "€1500.00", "139 days", "History"):  # fmt: skip
        assert text in html, text
    assert reverse("mobility:person_detail", args=[mobility.person_id]) in html
    assert f"{LIST}?agreement={world.agreement.pk}" in html
    assert reverse("agreements:detail", args=[world.agreement.pk]) in html
    assert reverse("institutions:detail", args=[world.partner.pk]) in html
    assert reverse("mobility:edit", args=[mobility.pk]) in html


def test_detail_links_only_to_what_the_reader_may_open(world):
    html = world.client_for("student").get(detail_url(world.mobility)).content.decode()
    assert str(world.agreement) in html
    assert reverse("agreements:detail", args=[world.agreement.pk]) not in html
    assert reverse("mobility:edit", args=[world.mobility.pk]) not in html


@pytest.mark.parametrize("persona", ["coordinator", "partner_contact", "student", "outsider"])
def test_detail_of_a_mobility_out_of_scope_is_404(world, persona):
    assert world.client_for(persona).get(detail_url(world.other_mobility)).status_code == 404


@pytest.mark.parametrize(
    ("persona", "may_edit"), [("coordinator", True), ("partner_contact", False), ("auditor", False)]
)
def test_detail_offers_edit_and_delete_only_to_editors(world, persona, may_edit):
    html = world.client_for(persona).get(detail_url(world.mobility)).content.decode()
    assert (reverse("mobility:delete", args=[world.mobility.pk]) in html) is may_edit


# --- create -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["student", "partner_contact", "auditor"])
def test_create_is_refused_to_readers_and_nothing_is_created(world, persona):
    client = world.client_for(persona)
    before = snapshot()
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data(world)).status_code == 403
    assert snapshot() == before


def test_officer_creates_a_mobility_for_an_existing_person(world):
    response = world.client_for("officer").post(CREATE, form_data(world))
    created = Mobility.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == detail_url(created)
    assert created.person_id == world.mobility.person_id and created.academic_year_id == 2027
    assert created.condition.sending_institution_id == world.home.pk
    assert AuditEvent.objects.filter(action="mobility.created", target_id=str(created.pk)).exists()


def test_a_new_person_is_registered_with_the_mobility(world):
    data = form_data(world, person_mode="new", person_id=None)
    data.update(
        {"person-given_names": "Nova", "person-family_name": "Person", "person-email": "NOVA@example.org"}
    )
    response = world.client_for("coordinator").post(CREATE, data)
    assert response.status_code == 302
    person = Person.objects.get(family_name="Person")
    assert person.email == "nova@example.org" and person.mobilities.count() == 1


def test_service_errors_show_beside_their_field_and_nothing_is_saved(world):
    before = snapshot()
    response = world.client_for("officer").post(CREATE, form_data(world, planned_end="2027-01-01"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_planned_end_error"' in html and "cannot come before the planned start" in html
    assert snapshot() == before


def test_a_failed_mobility_leaves_no_new_person_behind(world):
    people = Person.objects.count()
    data = form_data(world, person_mode="new", person_id=None, planned_end="2027-01-01")
    data.update({"person-given_names": "Half", "person-family_name": "Done"})
    response = world.client_for("officer").post(CREATE, data)
    assert response.status_code == 200 and "cannot come before the planned start" in response.content.decode()
    assert Person.objects.count() == people


def test_a_nameless_new_person_is_reported_beside_the_name(world):
    before = snapshot()
    response = world.client_for("officer").post(CREATE, form_data(world, person_mode="new", person_id=None))
    assert 'id="id_person-family_name_error"' in response.content.decode()
    assert snapshot() == before


def test_choosing_no_person_is_an_error_beside_the_person(world):
    response = world.client_for("officer").post(CREATE, form_data(world, person_id=None))
    assert 'id="id_person_id_error"' in response.content.decode()


def test_coordinator_may_not_file_under_another_faculty(world):
    before = snapshot()
    response = world.client_for("coordinator").post(CREATE, form_data(world, unit_id=world.faculty_b.pk))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_unit_id_error"' in html
    assert f'<option value="{world.faculty_b.pk}"' not in select_html(html, "unit_id")
    assert snapshot() == before


def test_institutions_outside_the_agreement_are_refused_server_side(world):
    before = snapshot()
    response = world.client_for("officer").post(
        CREATE, form_data(world, host_institution_id=world.other_partner.pk, condition_id="")
    )
    assert 'id="id_host_institution_id_error"' in response.content.decode()
    assert snapshot() == before


def test_choosing_an_agreement_narrows_and_fills_the_placement(world):
    stranger = InstitutionFactory(name="Stranger College")
    data = {
        "_refresh": "1",
        "person_mode": "existing",
        "agreement_id": world.agreement.pk,
        "direction": "incoming",
    }
    response = world.client_for("officer").post(CREATE, data, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<fieldset id="placement"') and "errorlist" not in html
    institutions = select_html(html, "home_institution_id") + select_html(html, "host_institution_id")
    assert stranger.name not in institutions and world.other_partner.name not in institutions
    # Incoming: the partner sends, we host; the only matching condition and the owner unit are preselected.
    assert f'<option value="{world.partner.pk}" selected>' in select_html(html, "home_institution_id")
    assert f'<option value="{world.home.pk}" selected>' in select_html(html, "host_institution_id")
    incoming_condition = world.agreement.conditions.get(sending_institution=world.partner)
    assert f'<option value="{incoming_condition.pk}" selected>' in select_html(html, "condition_id")
    assert f'<option value="{world.faculty_a.pk}" selected>' in select_html(html, "unit_id")
    assert not Mobility.objects.filter(direction="incoming").exists()


def test_without_javascript_the_person_search_redraws_the_whole_form(world):
    data = form_data(world, person_id=None, person_q="Dent", _search_person="1")
    response = world.client_for("officer").post(CREATE, data)
    html = response.content.decode()
    assert "<html" in html and f'name="person_id" value="{world.mobility.person_id}"' in html
    assert "errorlist" not in html


def test_person_search_finds_only_visible_people(world):
    url = reverse("mobility:person_search")
    other = world.other_mobility.person
    html = world.client_for("officer").get(url, {"person_q": other.given_names}).content.decode()
    assert f'value="{other.pk}"' in html
    html = world.client_for("coordinator").get(url, {"person_q": other.given_names}).content.decode()
    assert f'value="{other.pk}"' not in html and "Nobody you can see matches" in html
    assert world.client_for("student").get(url, {"person_q": "Dent"}).status_code == 403


# --- edit and delete --------------------------------------------------------------------------------


def test_coordinator_edits_a_mobility_of_their_faculty(world):
    url = reverse("mobility:edit", args=[world.mobility.pk])
    client = world.client_for("coordinator")
    page = client.get(url).content.decode()
    assert f'name="person_id" value="{world.mobility.person_id}" checked' in page
    response = client.post(
        url, form_data(world, academic_year=2026, status="nominated", planned_start="2026-09-15")
    )
    assert response.status_code == 302
    world.mobility.refresh_from_db()
    assert world.mobility.status == "nominated"
    assert AuditEvent.objects.filter(
        action="mobility.status_changed", target_id=str(world.mobility.pk)
    ).exists()


@pytest.mark.parametrize(
    ("persona", "target", "status"),
    [
        ("coordinator", "other_mobility", 404),
        ("partner_contact", "mobility", 403),
        ("student", "mobility", 403),
        ("auditor", "mobility", 403),
        ("outsider", "mobility", 404),
    ],
)
def test_edit_and_delete_refused_and_nothing_changes(world, persona, target, status):
    mobility = getattr(world, target)
    client = world.client_for(persona)
    before = snapshot()
    edit, delete = (
        reverse("mobility:edit", args=[mobility.pk]),
        reverse("mobility:delete", args=[mobility.pk]),
    )
    assert client.get(edit).status_code == status
    assert client.post(edit, form_data(world, status="cancelled")).status_code == status
    assert client.get(delete).status_code == status
    assert client.post(delete).status_code == status
    assert snapshot() == before


def test_delete_asks_for_confirmation_then_deletes(world):
    url = reverse("mobility:delete", args=[world.mobility.pk])
    client = world.client_for("officer")
    page = client.get(url)
    assert page.status_code == 200 and "Delete this mobility?" in page.content.decode()
    assert Mobility.objects.filter(pk=world.mobility.pk).exists()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Mobility.objects.filter(pk=world.mobility.pk).exists()
    assert AuditEvent.objects.filter(action="mobility.deleted", target_id=str(world.mobility.pk)).exists()


# --- people -----------------------------------------------------------------------------------------


def test_person_page_lists_only_visible_mobilities(world):
    person = world.mobility.person
    make_mobility(agreement=world.other_agreement, person=person)
    url = reverse("mobility:person_detail", args=[person.pk])
    officer = world.client_for("officer").get(url).content.decode()
    coordinator = world.client_for("coordinator").get(url).content.decode()
    assert officer.count("badge-outgoing") == 2 and coordinator.count("badge-outgoing") == 1
    assert (
        world.client_for("coordinator")
        .get(reverse("mobility:person_detail", args=[world.other_mobility.person_id]))
        .status_code
        == 404
    )


def test_person_edit_saves_and_reports_errors_beside_fields(world):
    person = world.mobility.person
    url = reverse("mobility:person_edit", args=[person.pk])
    client = world.client_for("officer")
    bad = client.post(url, {"given_names": "Stu", "family_name": "Dent", "birth_date": "2999-01-01"})
    assert 'id="id_birth_date_error"' in bad.content.decode()
    person.refresh_from_db()
    assert person.birth_date is None
    assert (
        client.post(url, {"given_names": "Stuart", "family_name": "Dent", "nationality": "BE"}).status_code
        == 302
    )
    person.refresh_from_db()
    assert (person.given_names, person.nationality) == ("Stuart", "BE")


@pytest.mark.parametrize(
    ("persona", "status"), [("student", 403), ("partner_contact", 403), ("outsider", 404)]
)
def test_person_edit_refused(world, persona, status):
    person = world.mobility.person
    url = reverse("mobility:person_edit", args=[person.pk])
    assert world.client_for(persona).post(url, {"given_names": "X", "family_name": "Y"}).status_code == status
    person.refresh_from_db()
    assert person.given_names == "Stu"


def test_person_search_finds_the_same_rows_when_many_people_match(world, incoming, monkeypatch):
    # Past the id-list limit the selector filters by a subquery instead; the rows must not change.
    client = world.client_for("officer")
    few = client.get(f"{LIST}?q=coming").content.decode()
    monkeypatch.setattr(selectors, "PERSON_ID_LIST_LIMIT", 0)
    many = client.get(f"{LIST}?q=coming").content.decode()
    for html in (few, many):
        assert detail_url(incoming) in html and detail_url(world.mobility) not in html
