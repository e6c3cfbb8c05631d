"""The agreements pages through the test client: list filters, detail, editor and deletion, per persona."""

import datetime as dt
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from accord.agreements.models import Agreement, AgreementKind, AgreementStatus, ConditionSubjectArea
from accord.agreements.services import agreement_input_from, agreement_update
from accord.common.errors import DomainError, ErrorCode
from accord.common.models import AuditEvent
from accord_testing.factories import InstitutionFactory, make_agreement

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def pinned_today():
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def listed(response):
    return [agreement.pk for agreement in response.context["page"].object_list]


def snapshot(agreement):
    agreement.refresh_from_db()
    return (agreement.title, agreement.version, agreement.partners.count(), agreement.conditions.count())


class FormValues(HTMLParser):
    """What a browser would submit for the first form of a page (inputs, checked boxes, selected options)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select = None
        self._first_option = None
        self._textarea = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.values.setdefault(name, []).append(
                a.get("value", "on" if a.get("type") == "checkbox" else "")
            )
        elif tag == "select":
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.values[self._select] = [a.get("value", "")]
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] = [self.values[self._textarea][0] + data.lstrip("\n")]

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.values.setdefault(self._select, [self._first_option or ""])
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_values(response) -> dict[str, list[str]]:
    parser = FormValues()
    parser.feed(response.content.decode())
    return parser.values


def new_agreement_data(world, **overrides):
    home, partner = str(world.home.pk), str(world.partner.pk)
    data = {
        "title": "Erasmus+ with Partner 2026",
        "kind": "erasmus_iia",
        "status": "draft",
        "valid_from": "2026-09-01",
        "valid_to": "2029-08-31",
        "owner_unit": str(world.faculty_a.pk),
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-0-institution": home,
        "partners-1-institution": partner,
        "partners-1-partner_agreement_id": "IIA-PL-7",
        "conditions-TOTAL_FORMS": "1",
        "conditions-INITIAL_FORMS": "0",
        "conditions-0-mobility_type": "student_studies",
        "conditions-0-sending_institution": home,
        "conditions-0-receiving_institution": partner,
        "conditions-0-first_year": "2026",
        "conditions-0-last_year": "2028",
        "conditions-0-places_per_year": "3",
        "conditions-0-total_months_per_year": "15",
        "conditions-0-eqf_levels": ["6", "7"],
        "conditions-0-areas-TOTAL_FORMS": "1",
        "conditions-0-areas-INITIAL_FORMS": "0",
        "conditions-0-areas-0-isced": "0613",
        "conditions-0-areas-0-clarification": "Software engineering",
        "conditions-0-languages-TOTAL_FORMS": "1",
        "conditions-0-languages-INITIAL_FORMS": "0",
        "conditions-0-languages-0-language": "en",
        "conditions-0-languages-0-cefr_level": "B2",
    }
    data.update(overrides)
    return data


# --- List ---------------------------------------------------------------------------------------------


@pytest.fixture
def varied(world):
    """Agreements that differ in one respect each from world.agreement (active IIA with a Polish partner)."""
    czech = InstitutionFactory(name="Univerzita Karlova", country="CZ", erasmus_code="CZ PRAHA07")
    japan = InstitutionFactory(name="Kyoto Daigaku", country="JP")
    ConditionSubjectArea.objects.create(condition=world.agreement.conditions.first(), isced_id="0613")
    return {
        "draft": make_agreement(
            home=world.home, partner=czech, status=AgreementStatus.DRAFT, title="Draft with Prague"
        ),
        "bilateral": make_agreement(
            home=world.home, partner=japan, kind=AgreementKind.BILATERAL_EXCHANGE, title="Kyoto exchange"
        ),
        "expiring": make_agreement(
            home=world.home, partner=czech, valid_to=TODAY + dt.timedelta(days=40), title="Ending soon"
        ),
        "old": make_agreement(
            home=world.home, partner=czech, first_year=2015, last_year=2018, title="Old one"
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=draft", ["draft"]),
        ("kind=bilateral_exchange", ["bilateral"]),
        ("country=JP", ["bilateral"]),
        ("region=Asia", ["bilateral"]),
        ("region=Southern+Europe", ["other_agreement"]),
        ("subject_area=06", ["agreement"]),
        ("subject_area=061", ["agreement"]),
        ("subject_area=07", []),
        ("academic_year=2016", ["old"]),
        ("expiring=60", ["expiring"]),
        ("q=Kyoto", ["bilateral"]),
        ("q=CZ+PRAHA07", ["draft", "expiring", "old"]),
    ],
)
def test_each_filter_narrows_the_list(world, varied, query, expected):
    response = world.client_for("officer").get(f"/agreements/?{query}")
    assert response.status_code == 200
    named = {**varied, "agreement": world.agreement, "other_agreement": world.other_agreement}
    assert sorted(listed(response)) == sorted(named[name].pk for name in expected)


def test_partner_filter_and_its_no_js_search(world, varied):
    client = world.client_for("officer")
    response = client.get(f"/agreements/?partner={world.partner.pk}")
    assert listed(response) == [world.agreement.pk]
    assert f'<option value="{world.partner.pk}" selected>' in response.content.decode()
    # Without JavaScript, a submitted partner search fills the select with matches to choose from.
    found = client.get("/agreements/?partner_search=Karlova").content.decode()
    assert "Univerzita Karlova" in found


def test_bad_filter_value_is_reported_and_other_filters_still_apply(world, varied):
    response = world.client_for("officer").get("/agreements/?expiring=soon&kind=bilateral_exchange")
    assert listed(response) == [varied["bilateral"].pk]
    assert response.context["form"].errors["expiring"]


def test_rows_show_partners_status_and_expiry_badge(world, varied):
    html = world.client_for("officer").get("/agreements/?sort=valid_to").content.decode()
    assert "Univerzita Karlova" in html and "University of Accord" not in html.split("<tbody>")[1]
    assert "expires in 40 days" in html
    assert 'class="badge badge-active"' in html


def test_sorting_by_title(world, varied):
    response = world.client_for("officer").get("/agreements/?sort=title")
    titles = [a.title for a in response.context["page"].object_list]
    assert titles == sorted(titles)


def test_pagination_keeps_filters(world, varied, settings):
    settings.ACCORD_PAGE_SIZE = 2
    client = world.client_for("officer")
    first = client.get("/agreements/?status=active&sort=title")
    assert len(listed(first)) == 2 and first.context["page"].paginator.count == 5
    assert "?status=active&amp;sort=title&amp;page=2" in first.content.decode()
    third = client.get("/agreements/?status=active&sort=title&page=3")
    assert len(listed(third)) == 1


def test_htmx_filtering_returns_only_the_results(world):
    response = world.client_for("officer").get(
        "/agreements/?status=active", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="results"') and "<html" not in html


def test_list_is_scoped_to_the_persona(world):
    assert listed(world.client_for("coordinator").get("/agreements/")) == [world.agreement.pk]
    assert listed(world.client_for("partner_contact").get("/agreements/")) == [world.agreement.pk]
    empty = world.client_for("outsider").get("/agreements/")
    assert listed(empty) == [] and "There are no agreements to show yet" in empty.content.decode()
    assert world.client_for("student").get("/agreements/").status_code == 404
    assert world.client_for("anonymous").get("/agreements/").status_code == 302


def test_new_agreement_button_only_for_writers(world):
    assert "New agreement" in world.client_for("coordinator").get("/agreements/").content.decode()
    assert "New agreement" not in world.client_for("auditor").get("/agreements/").content.decode()


def test_filtered_empty_state(world):
    html = world.client_for("officer").get("/agreements/?q=nothing-like-this").content.decode()
    assert "No agreement matches these filters" in html


# --- Detail -------------------------------------------------------------------------------------------


def test_detail_shows_partners_conditions_mobilities_and_history(world):
    agreement = world.agreement
    ConditionSubjectArea.objects.create(
        condition=agreement.conditions.first(), isced_id="0613", clarification="AI"
    )
    agreement.conditions.first().languages.create(language="pl", cefr_level="B1")
    AuditEvent.objects.create(
        action="agreement.updated", target_type="agreements.agreement", target_id=agreement.pk
    )
    html = world.client_for("officer").get(f"/agreements/{agreement.pk}/").content.decode()
    assert "Partner University" in html and "Cooperation conditions" in html
    assert "2025/2026–<wbr>2028/2029" in html
    assert "Software and applications development and analysis" in html and "(AI)" in html
    assert "Polish B1" in html
    assert "Stu Dent" in html
    assert f"?agreement={agreement.pk}" in html
    assert "agreement.updated" in html
    assert f'href="/agreements/{agreement.pk}/edit/"' in html


def test_partner_contact_sees_their_agreement_without_history_or_edit(world):
    html = world.client_for("partner_contact").get(f"/agreements/{world.agreement.pk}/").content.decode()
    assert "Cooperation conditions" in html
    assert 'id="history-heading"' not in html and "/edit/" not in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("officer", 200),
        ("auditor", 200),
        ("coordinator", 404),
        ("partner_contact", 404),
        ("student", 404),
        ("outsider", 404),
    ],
)
def test_detail_of_other_agreement_per_persona(world, persona, status):
    assert world.client_for(persona).get(f"/agreements/{world.other_agreement.pk}/").status_code == status


# --- Create -------------------------------------------------------------------------------------------


def test_create_page_offers_home_partner_and_one_blank_condition(world):
    response = world.client_for("officer").get("/agreements/new/")
    values = form_values(response)
    assert values["partners-0-institution"] == [str(world.home.pk)]
    assert values["partners-TOTAL_FORMS"] == ["2"] and values["conditions-TOTAL_FORMS"] == ["1"]
    assert values["conditions-0-first_year"] == ["2025"]


def test_create_with_one_condition_writes_agreement_and_audit_event(world):
    response = world.client_for("officer").post("/agreements/new/", new_agreement_data(world))
    agreement = Agreement.objects.get(title="Erasmus+ with Partner 2026")
    assert response.status_code == 302 and response.url == f"/agreements/{agreement.pk}/"
    condition = agreement.conditions.get()
    assert (condition.first_year_id, condition.last_year_id, condition.places_per_year) == (2026, 2028, 3)
    assert condition.eqf_levels == [6, 7]
    assert condition.subject_areas.get().isced_id == "0613" and condition.languages.get().cefr_level == "B2"
    assert agreement.partners.get(institution=world.partner).partner_agreement_id == "IIA-PL-7"
    event = AuditEvent.objects.get(action="agreement.created", target_id=str(agreement.pk))
    assert event.actor == world.users["officer"]


def test_blank_extra_rows_are_ignored(world):
    data = new_agreement_data(
        world,
        **{
            "partners-TOTAL_FORMS": "3",
            "conditions-TOTAL_FORMS": "2",
            "conditions-1-mobility_type": "student_studies",
            "conditions-1-first_year": "2025",
            "conditions-1-last_year": "2025",
            "conditions-1-areas-TOTAL_FORMS": "1",
            "conditions-1-areas-INITIAL_FORMS": "0",
            "conditions-1-languages-TOTAL_FORMS": "1",
            "conditions-1-languages-INITIAL_FORMS": "0",
        },
    )
    assert world.client_for("officer").post("/agreements/new/", data).status_code == 302
    assert Agreement.objects.get(title="Erasmus+ with Partner 2026").conditions.count() == 1


def test_negative_places_shown_beside_the_field(world):
    data = new_agreement_data(world, **{"conditions-0-places_per_year": "-2"})
    response = world.client_for("officer").post("/agreements/new/", data)
    assert response.status_code == 422
    condition = response.context["editor"].conditions.forms[0]
    assert "places_per_year" in condition.errors
    assert 'id="id_conditions-0-places_per_year_error"' in response.content.decode()
    assert not Agreement.objects.filter(title="Erasmus+ with Partner 2026").exists()


def test_last_year_before_first_comes_back_from_the_service_beside_the_field(world):
    data = new_agreement_data(world, **{"conditions-0-first_year": "2028", "conditions-0-last_year": "2026"})
    response = world.client_for("officer").post("/agreements/new/", data)
    assert response.status_code == 422
    condition = response.context["editor"].conditions.forms[0]
    assert condition.errors["last_year"] == ["The last academic year cannot come before the first."]
    assert "Nothing was saved" in response.content.decode()
    assert not Agreement.objects.filter(title="Erasmus+ with Partner 2026").exists()


def test_unknown_isced_code_is_shown_beside_its_subject_area_row(world):
    data = new_agreement_data(world, **{"conditions-0-areas-0-isced": "9876"})
    response = world.client_for("officer").post("/agreements/new/", data)
    area = response.context["editor"].conditions.forms[0].areas.forms[0]
    assert area.errors["isced"] == ["Unknown ISCED-F code '9876'."]


def test_third_partner_on_erasmus_agreement_is_a_partners_error(world):
    data = new_agreement_data(
        world, **{"partners-TOTAL_FORMS": "3", "partners-2-institution": str(world.other_partner.pk)}
    )
    response = world.client_for("officer").post("/agreements/new/", data)
    assert response.status_code == 422
    assert "exactly two partners" in str(response.context["editor"].partners.non_form_errors())
    assert not Agreement.objects.filter(title="Erasmus+ with Partner 2026").exists()


def test_removed_rows_are_not_saved(world):
    data = new_agreement_data(
        world,
        **{
            "partners-TOTAL_FORMS": "3",
            "partners-2-institution": str(world.other_partner.pk),
            "partners-2-DELETE": "on",
            "conditions-0-areas-0-DELETE": "on",
        },
    )
    assert world.client_for("officer").post("/agreements/new/", data).status_code == 302
    agreement = Agreement.objects.get(title="Erasmus+ with Partner 2026")
    assert agreement.partners.count() == 2 and not agreement.conditions.get().subject_areas.exists()


def test_coordinator_may_only_choose_own_units_as_owner(world):
    client = world.client_for("coordinator")
    owner_choices = client.get("/agreements/new/").context["editor"].form.fields["owner_unit"].choices
    assert [label for _, label in owner_choices] == ["— choose —", "Faculty of Science (SCI)"]
    response = client.post("/agreements/new/", new_agreement_data(world, owner_unit=str(world.faculty_b.pk)))
    assert response.status_code == 422 and "owner_unit" in response.context["editor"].form.errors
    assert not Agreement.objects.filter(title="Erasmus+ with Partner 2026").exists()
    assert client.post("/agreements/new/", new_agreement_data(world)).status_code == 302


@pytest.mark.parametrize("persona", ["auditor", "partner_contact", "student"])
def test_readers_cannot_create(world, persona):
    client = world.client_for(persona)
    assert client.get("/agreements/new/").status_code == 403
    assert client.post("/agreements/new/", new_agreement_data(world)).status_code == 403
    assert not Agreement.objects.filter(title="Erasmus+ with Partner 2026").exists()


# --- Round trips without JavaScript, and the htmx fragments -------------------------------------------


def test_add_condition_without_js_renders_another_row_and_saves_nothing(world):
    data = new_agreement_data(world, _action="add:conditions")
    response = world.client_for("officer").post("/agreements/new/", data)
    values = form_values(response)
    assert response.status_code == 200 and values["conditions-TOTAL_FORMS"] == ["2"]
    assert values["conditions-1-sending_institution"] == [str(world.home.pk)]
    assert values["conditions-1-areas-TOTAL_FORMS"] == ["1"]
    assert "Nothing was saved" not in response.content.decode()
    assert not Agreement.objects.filter(title="Erasmus+ with Partner 2026").exists()


def test_remove_without_js_hides_the_row_and_marks_it_deleted(world):
    data = new_agreement_data(world, _action="remove:conditions-0")
    response = world.client_for("officer").post("/agreements/new/", data)
    assert form_values(response)["conditions-0-DELETE"] == ["on"]
    assert '<fieldset class="row-box" id="conditions-0" data-row hidden>' in response.content.decode()


def test_partner_search_without_js_offers_matches(world):
    data = new_agreement_data(
        world, **{"partners-1-institution": "", "partners-1-institution_search": "Unrelated"}
    )
    response = world.client_for("officer").post("/agreements/new/", {**data, "_action": "refresh"})
    assert f'<option value="{world.other_partner.pk}">Unrelated University' in response.content.decode()


def test_row_fragment_for_a_new_condition(world):
    params = {
        "formset": "conditions",
        "conditions-TOTAL_FORMS": "1",
        "partners-TOTAL_FORMS": "2",
        "partners-0-institution": world.home.pk,
        "partners-1-institution": world.partner.pk,
    }
    html = world.client_for("officer").get("/agreements/form-row/", params).content.decode()
    assert 'name="conditions-1-places_per_year"' in html and 'name="conditions-1-areas-TOTAL_FORMS"' in html
    assert f'<option value="{world.partner.pk}" selected>Partner University</option>' in html
    assert 'id="id_conditions-TOTAL_FORMS" hx-swap-oob="true"' in html and 'value="2"' in html


def test_row_fragment_for_a_language_row_and_bad_requests(world):
    client = world.client_for("officer")
    params = {"formset": "conditions-3-languages", "conditions-3-languages-TOTAL_FORMS": "2"}
    assert (
        'name="conditions-3-languages-2-cefr_level"'
        in client.get("/agreements/form-row/", params).content.decode()
    )
    assert (
        client.get("/agreements/form-row/", {"formset": "nonsense", "nonsense-TOTAL_FORMS": "1"}).status_code
        == 404
    )
    assert world.client_for("auditor").get("/agreements/form-row/", params).status_code == 403


def test_institution_options_are_scoped(world):
    officer = world.client_for("officer").get("/agreements/institution-options/", {"q": "Unrelated"})
    assert f'<option value="{world.other_partner.pk}">Unrelated University' in officer.content.decode()
    partner = world.client_for("partner_contact").get("/agreements/institution-options/", {"q": "Unrelated"})
    assert "No institution matches" in partner.content.decode()
    short = world.client_for("officer").get("/agreements/institution-options/", {"q": "U"})
    assert "Type at least 2 characters" in short.content.decode()


# --- Edit ---------------------------------------------------------------------------------------------


def test_edit_form_round_trips_without_changes(world):
    client = world.client_for("officer")
    url = f"/agreements/{world.agreement.pk}/edit/"
    values = form_values(client.get(url))
    assert values["version"] == ["1"] and values["conditions-TOTAL_FORMS"] == ["2"]
    response = client.post(url, {**values, "_action": "save"})
    assert response.status_code == 302
    world.agreement.refresh_from_db()
    assert world.agreement.version == 1 and not AuditEvent.objects.filter(action="agreement.updated").exists()


def test_edit_saves_changes_and_bumps_version(world):
    client = world.client_for("coordinator")
    url = f"/agreements/{world.agreement.pk}/edit/"
    values = form_values(client.get(url))
    values.update({"title": ["Renewed exchange"], "conditions-1-places_per_year": ["5"], "_action": ["save"]})
    assert client.post(url, values).status_code == 302
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Renewed exchange" and world.agreement.version == 2
    assert [c.places_per_year for c in world.agreement.conditions.all()] == [2, 5]
    assert AuditEvent.objects.filter(action="agreement.updated", target_id=str(world.agreement.pk)).exists()


def test_edit_conflict_is_reported_and_nothing_is_overwritten(world):
    client = world.client_for("officer")
    url = f"/agreements/{world.agreement.pk}/edit/"
    values = form_values(client.get(url))
    meanwhile = agreement_input_from(world.agreement)
    meanwhile.title = "Changed by a colleague"
    agreement_update(
        agreement=world.agreement, data=meanwhile, actor=world.users["admin"], expected_version=1
    )
    values.update({"title": ["My stale edit"], "_action": ["save"]})
    response = client.post(url, values)
    assert response.status_code == 409
    assert "Someone else changed this agreement" in response.content.decode()
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Changed by a colleague" and world.agreement.version == 2


@pytest.mark.parametrize(
    ("persona", "target", "status"),
    [
        ("coordinator", "other_agreement", 404),
        ("partner_contact", "other_agreement", 404),
        ("partner_contact", "agreement", 403),
        ("auditor", "agreement", 403),
        ("student", "agreement", 404),
        ("outsider", "agreement", 404),
    ],
)
def test_edit_and_delete_denied_and_nothing_changes(world, persona, target, status):
    agreement = getattr(world, target)
    before = snapshot(agreement)
    client = world.client_for(persona)
    data = {**new_agreement_data(world, title="Hijacked"), "version": "1"}
    assert client.get(f"/agreements/{agreement.pk}/edit/").status_code == status
    assert client.post(f"/agreements/{agreement.pk}/edit/", data).status_code == status
    assert client.get(f"/agreements/{agreement.pk}/delete/").status_code == status
    assert client.post(f"/agreements/{agreement.pk}/delete/").status_code == status
    assert snapshot(agreement) == before
    assert not AuditEvent.objects.exists()


# --- Delete -------------------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_then_deletes(world):
    unused = make_agreement(home=world.home, partner=world.other_partner, owner_unit=world.faculty_a)
    client = world.client_for("coordinator")
    page = client.get(f"/agreements/{unused.pk}/delete/")
    assert page.status_code == 200 and "Delete this agreement?" in page.content.decode()
    assert Agreement.objects.filter(pk=unused.pk).exists()
    response = client.post(f"/agreements/{unused.pk}/delete/")
    assert response.status_code == 302 and response.url == reverse("agreements:list")
    assert not Agreement.objects.filter(pk=unused.pk).exists()
    assert AuditEvent.objects.filter(action="agreement.deleted", target_id=str(unused.pk)).exists()


def test_delete_of_agreement_in_use_is_refused_with_the_reason(world):
    client = world.client_for("officer")
    page = client.get(f"/agreements/{world.agreement.pk}/delete/").content.decode()
    assert "cannot be deleted" in page and "Delete agreement</button>" not in page
    response = client.post(f"/agreements/{world.agreement.pk}/delete/")
    assert response.status_code == DomainError(ErrorCode.IN_USE, "").http_status
    assert "Mobilities belong to this agreement" in response.content.decode()
    assert Agreement.objects.filter(pk=world.agreement.pk).exists()


def test_round_trip_fills_empty_condition_sides_once_partners_are_chosen(world):
    data = new_agreement_data(world, _action="refresh", **{"conditions-0-receiving_institution": ""})
    values = form_values(world.client_for("officer").post("/agreements/new/", data))
    assert values["conditions-0-receiving_institution"] == [str(world.partner.pk)]


def test_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    client = world.client_for("officer")
    for _ in range(10):
        make_agreement(home=world.home, partner=InstitutionFactory())
    with django_assert_max_num_queries(8):
        response = client.get("/agreements/")
    assert len(listed(response)) == 12


def test_forged_row_count_is_refused_without_building_the_rows(world):
    data = new_agreement_data(world, **{"partners-TOTAL_FORMS": "100000"})
    response = world.client_for("officer").post("/agreements/new/", data)
    assert response.status_code == 422
    assert len(response.context["editor"].partners.forms) == 20
    assert "at most 20" in str(response.context["editor"].partners.non_form_errors())
    assert not Agreement.objects.filter(title="Erasmus+ with Partner 2026").exists()


def test_list_responses_vary_on_htmx_headers(world):
    response = world.client_for("officer").get("/agreements/")
    assert "HX-Target" in response["Vary"]
