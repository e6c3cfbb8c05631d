"""Institution pages: list, detail, editor, units and contacts; who may do what; refusals change nothing."""

from typing import Any

import pytest
from django.urls import reverse

from accord.common.audit import snapshot
from accord.common.models import AuditEvent
from accord.institutions import services
from accord.institutions.models import Contact, Institution, InstitutionDomain, OrganisationalUnit
from accord_testing.factories import ContactFactory, InstitutionFactory, UnitFactory

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "officer", "coordinator", "student", "partner_contact", "auditor", "outsider")
WRITERS = {"admin", "officer"}
IDS = ("schac_id", "erasmus_code", "pic", "ror_id")


def state() -> tuple[Any, ...]:
    """Everything a refused request must leave as it was."""
    return (
        [snapshot(i) for i in Institution.objects.order_by("pk")],
        list(InstitutionDomain.objects.order_by("pk").values()),
        list(OrganisationalUnit.objects.order_by("pk").values()),
        list(Contact.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def url(name: str, *args: Any) -> str:
    return reverse(f"institutions:{name}", args=args)


def names_in(response: Any) -> list[str]:
    return [i.name for i in response.context["page"].object_list]


def valid_institution(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Universidade de Coimbra",
        "abbreviation": "UC",
        "other_names": "pt: Universidade de Coimbra\nen: University of Coimbra",
        "country": "PT",
        "city": "Coimbra",
        "address": "Paço das Escolas",
        "latitude": "40.2076",
        "longitude": "-8.4261",
        "timezone": "Europe/Lisbon",
        "website": "https://www.uc.pt",
        "domains": "uc.pt\nhttps://www.student.uc.pt/",
        "schac_id": "uc.pt",
        "erasmus_code": "P  COIMBRA01",
        "pic": "999985435",
        "ror_id": "https://ror.org/04z8k9a98",
    }
    return {**data, **overrides}


# The list ---------------------------------------------------------------------------------------------------


@pytest.fixture
def listed(world):
    services.institution_update(
        institution=world.partner,
        data=services.InstitutionInput(
            **{**services.institution_input_from(world.partner).__dict__, "erasmus_code": "PL WARSZAW01"},
        ),
        actor=world.users["officer"],
    )
    InstitutionDomain.objects.create(institution=world.other_partner, domain="unrelated.es")
    InstitutionFactory(name="Universidade do Porto", country="PT", schac_id="up.pt")
    return world


ALL_FOUR = ["Partner University", "Universidade do Porto", "University of Accord", "Unrelated University"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, ALL_FOUR),
        ({"q": "porto"}, ["Universidade do Porto"]),
        ({"q": "pl warszaw01"}, ["Partner University"]),
        ({"q": "unrelated.es"}, ["Unrelated University"]),
        ({"country": "ES"}, ["Unrelated University"]),
        ({"region": "Eastern Europe"}, ["Partner University"]),
        ({"region": "Europe", "q": "univ"}, ALL_FOUR),
        ({"home": "on"}, ["University of Accord"]),
        ({"country": "PT", "home": "on"}, []),
    ],
)  # fmt: skip
def test_list_search_and_filters(listed, query, expected):
    response = listed.client_for("officer").get(url("list"), query)
    assert response.status_code == 200
    assert names_in(response) == expected
    assert response.context["page"].paginator.count == len(expected)


def test_list_ignores_an_unknown_filter_value_and_says_so(listed):
    response = listed.client_for("officer").get(url("list"), {"country": "ZZ"})
    assert response.status_code == 200
    assert len(names_in(response)) == 4
    assert response.context["form"].errors["country"]


def test_list_counts_and_paginates_keeping_the_filters(listed, settings):
    settings.ACCORD_PAGE_SIZE = 2
    for n in range(3):
        InstitutionFactory(name=f"Zeta College {n}", country="PT")
    client = listed.client_for("officer")
    first = client.get(url("list"), {"country": "PT"})
    assert names_in(first) == ["Universidade do Porto", "Zeta College 0"]
    body = first.content.decode()
    assert "4 institutions match these filters." in body
    assert "Showing 1–2 of 4" in body
    assert "?country=PT&amp;page=2" in body
    second = client.get(url("list"), {"country": "PT", "page": 2})
    assert names_in(second) == ["Zeta College 1", "Zeta College 2"]


def test_list_htmx_swaps_only_the_results(listed):
    client = listed.client_for("officer")
    fragment = client.get(url("list"), {"q": "porto"}, headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "Universidade do Porto" in body and "<html" not in body
    assert "HX-Request" in fragment["Vary"]
    restored = client.get(
        url("list"), {"q": "porto"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restored.content.decode()


def test_list_empty_states_and_new_button(listed):
    officer = listed.client_for("officer").get(url("list"), {"q": "no such place"})
    assert "No institution matches these filters." in officer.content.decode()
    assert url("create") in officer.content.decode()
    auditor = listed.client_for("auditor").get(url("list"))
    assert url("create") not in auditor.content.decode()


def test_list_counts_only_agreements_the_reader_may_see(world):
    def count_for(persona: str) -> int:
        response = world.client_for(persona).get(url("list"), {"home": "on"})
        return response.context["page"].object_list[0].agreement_count

    assert count_for("officer") == 2
    assert count_for("partner_contact") == 1


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_list_scope(world, persona):
    response = world.client_for(persona).get(url("list"))
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    assert response.status_code == 200
    visible = set(names_in(response))
    if persona in {"student", "partner_contact"}:
        assert visible == {"University of Accord", "Partner University"}
    else:
        assert visible == {"University of Accord", "Partner University", "Unrelated University"}


# One institution --------------------------------------------------------------------------------------------


@pytest.fixture
def detailed(world):
    partner = world.partner
    partner.erasmus_code, partner.erasmus_code_published = "PL WARSZAW01", "PL\u00a0WARSZAW01"
    partner.ror_id, partner.pic, partner.timezone = "039bjqg32", "999572294", "Europe/Warsaw"
    partner.other_names = [{"lang": "pl", "name": "Uniwersytet Partnerski"}]
    partner.save()
    InstitutionDomain.objects.create(institution=partner, domain="partner.example.org")
    faculty = UnitFactory(institution=partner, name="Faculty of Physics", code="PHYS")
    UnitFactory(institution=partner, name="Institute of Optics", code="OPT", parent=faculty)
    ContactFactory(institution=partner, name="Ewa Kowalska", role="Erasmus coordinator", phone="+48225520000")
    return world


def test_detail_shows_identifiers_units_contacts_agreements_and_mobilities(detailed):
    w = detailed
    response = w.client_for("officer").get(url("detail", w.partner.pk))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "partner.example.org",
        "PL WARSZAW01",
        'as published: “<span class="exact">PL\u00a0WARSZAW01</span>”',
        'href="https://ror.org/039bjqg32"',
        "999572294",
        "Uniwersytet Partnerski",
        "Europe/Warsaw",
        "Ewa Kowalska",
        'href="tel:+48225520000"',
        reverse("agreements:detail", args=[w.agreement.pk]),
        reverse("mobility:detail", args=[w.mobility.pk]),
    ):
        assert text in body, text
    assert reverse("agreements:detail", args=[w.other_agreement.pk]) not in body
    # The institute is a nested list inside the faculty's item.
    faculty_at = body.index("Faculty of Physics")
    assert (
        body.index('<ul class="unit-tree"', faculty_at)
        < body.index("Institute of Optics")
        < body.index("</li>", faculty_at)
    )
    assert url("update", w.partner.pk) in body and url("unit_create", w.partner.pk) in body


def test_detail_history_includes_units_and_contacts_even_once_deleted(world):
    officer = world.users["officer"]
    unit = services.unit_create(
        institution=world.partner, data=services.UnitInput(name="Old Faculty"), actor=officer
    )
    services.unit_delete(unit=unit, actor=officer)
    services.contact_create(
        institution=world.partner, data=services.ContactInput(name="Marta"), actor=officer
    )
    services.contact_create(
        institution=world.other_partner, data=services.ContactInput(name="Elsewhere"), actor=officer
    )
    events = world.client_for("officer").get(url("detail", world.partner.pk)).context["events"]
    assert [(e.action, e.target_repr) for e in events] == [
        ("contact.created", "Marta"),
        ("unit.deleted", "Old Faculty"),
        ("unit.created", "Old Faculty"),
    ]


def test_partner_contact_sees_only_what_involves_their_institution(world):
    response = world.client_for("partner_contact").get(url("detail", world.home.pk))
    assert response.status_code == 200
    assert [a.pk for a in response.context["agreements"]] == [world.agreement.pk]
    assert [m.pk for m in response.context["mobilities"]] == [world.mobility.pk]
    body = response.content.decode()
    assert url("update", world.home.pk) not in body and url("unit_create", world.home.pk) not in body
    assert world.client_for("partner_contact").get(url("detail", world.other_partner.pk)).status_code == 404


def test_student_sees_own_mobility_and_no_agreement_section(world):
    response = world.client_for("student").get(url("detail", world.partner.pk))
    assert response.status_code == 200
    assert [m.pk for m in response.context["mobilities"]] == [world.mobility.pk]
    assert 'id="agreements-heading"' not in response.content.decode()


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_detail_scope(world, persona):
    hidden = persona in {"student", "partner_contact"}
    response = world.client_for(persona).get(url("detail", world.other_partner.pk))
    if persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (404 if hidden else 200)


def test_missing_institution_is_404(world):
    assert world.client_for("officer").get(url("detail", 999999)).status_code == 404


# Create and edit --------------------------------------------------------------------------------------------


def test_create_institution(world):
    client = world.client_for("officer")
    assert client.get(url("create")).status_code == 200
    response = client.post(url("create"), valid_institution())
    created = Institution.objects.get(schac_id="uc.pt")
    assert response.status_code == 302 and response["Location"] == url("detail", created.pk)
    assert (created.erasmus_code, created.pic, created.ror_id, created.timezone) == (
        "P  COIMBRA01",
        "999985435",
        "04z8k9a98",
        "Europe/Lisbon",
    )
    assert created.other_names == [
        {"lang": "pt", "name": "Universidade de Coimbra"},
        {"lang": "en", "name": "University of Coimbra"},
    ]
    assert sorted(created.domains.values_list("domain", flat=True)) == ["student.uc.pt", "uc.pt"]
    assert AuditEvent.objects.filter(action="institution.created", target_id=str(created.pk)).count() == 1


def test_create_shows_every_mistake_beside_its_field_and_writes_nothing(world):
    before = state()
    response = world.client_for("officer").post(
        url("create"),
        valid_institution(
            name="",
            pic="12345",
            ror_id="04z8k9a99",
            erasmus_code="ZZ NOWHERE",
            timezone="Europe/Paris",
            other_names="xx: Foo\nno colon here",
            domains="not a domain",
            latitude="95",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {
        "name",
        "pic",
        "ror_id",
        "erasmus_code",
        "timezone",
        "other_names",
        "domains",
        "latitude",
    }
    assert "wrong check digits" in errors["ror_id"][0]
    assert "not a time zone of Portugal" in errors["timezone"][0]
    assert errors["other_names"] == [
        "Line 1: “xx” is not a language code such as pl or pt-BR.",
        "Line 2: write the language code, a colon, then the name.",
    ]
    body = response.content.decode()
    # The message sits in the field's own block, right after its input.
    pic_block = body[body.index('id="id_pic"') : body.index('id="id_ror_id"')]
    assert "exactly 9 digits" in pic_block
    assert state() == before


def test_a_duplicate_identifier_found_by_the_service_is_shown_beside_its_field(world):
    world.partner.pic = "999985435"
    world.partner.save()
    before = state()
    response = world.client_for("officer").post(url("create"), valid_institution())
    assert response.status_code == 200
    assert response.context["form"].errors["pic"] == ["Partner University already has this PIC."]
    assert state() == before


def test_edit_shows_current_values_and_saves(world):
    client = world.client_for("officer")
    world.partner.other_names = [{"lang": "pl", "name": "Uniwersytet"}]
    world.partner.save()
    InstitutionDomain.objects.create(institution=world.partner, domain="partner.example.org")
    form = client.get(url("update", world.partner.pk)).context["form"]
    assert form.initial["other_names"] == "pl: Uniwersytet"
    assert form.initial["domains"] == "partner.example.org"
    assert form.initial["schac_id"] == "partner.example.org"
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(city="Kraków", timezone="Europe/Warsaw", is_home="")
    response = client.post(url("update", world.partner.pk), data)
    assert response.status_code == 302
    world.partner.refresh_from_db()
    assert (world.partner.city, world.partner.timezone, world.partner.name) == (
        "Kraków",
        "Europe/Warsaw",
        "Partner University",
    )
    event = AuditEvent.objects.get(action="institution.updated")
    assert set(event.changes) == {"city", "timezone"}


def test_time_zone_choices_follow_the_country(world):
    client = world.client_for("officer")
    portugal = client.get(url("timezones"), {"country": "PT"}).content.decode()
    assert "Atlantic/Azores" in portugal and "Europe/Paris" not in portugal
    assert portugal.lstrip().startswith('<div id="timezone-field">')
    belgium = client.get(url("timezones"), {"country": "BE"}).content.decode()
    assert '<option value="Europe/Brussels" selected>' in belgium
    form = client.get(url("update", world.partner.pk)).context["form"]
    assert [v for v, _ in form.fields["timezone"].widget.choices] == ["", "Europe/Warsaw"]


# Delete -----------------------------------------------------------------------------------------------------


def test_delete_asks_first_then_deletes(world):
    spare = InstitutionFactory(name="Spare College")
    client = world.client_for("officer")
    confirm = client.get(url("delete", spare.pk))
    assert (
        confirm.status_code == 200 and "Delete the institution “Spare College”?" in confirm.content.decode()
    )
    assert Institution.objects.filter(pk=spare.pk).exists()
    response = client.post(url("delete", spare.pk))
    assert response.status_code == 302 and response["Location"] == url("list")
    assert not Institution.objects.filter(pk=spare.pk).exists()
    assert AuditEvent.objects.filter(action="institution.deleted", target_id=str(spare.pk)).exists()


def test_delete_of_an_institution_in_use_explains_why_and_keeps_it(world):
    client = world.client_for("officer")
    before = state()
    response = client.post(url("delete", world.partner.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("detail", world.partner.pk)
    assert "has agreements or mobilities; it cannot be deleted" in response.content.decode()
    assert state() == before


# Units and contacts -----------------------------------------------------------------------------------------


def test_add_unit_full_page_and_htmx(world):
    client = world.client_for("officer")
    page = client.get(url("unit_create", world.partner.pk))
    assert page.status_code == 200 and "<html" in page.content.decode()
    response = client.post(url("unit_create", world.partner.pk), {"name": "Faculty of Law", "code": "LAW"})
    assert response.status_code == 302 and response["Location"].endswith("#units")
    law = OrganisationalUnit.objects.get(institution=world.partner, code="LAW")
    inline = client.get(url("unit_create", world.partner.pk), headers={"HX-Request": "true"})
    assert inline.content.decode().lstrip().startswith('<section id="units"')
    response = client.post(
        url("unit_create", world.partner.pk),
        {"name": "Chair of Roman Law", "parent": law.pk},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<section id="units"')
    assert "The unit “Chair of Roman Law” was added." in body
    assert OrganisationalUnit.objects.get(name="Chair of Roman Law").parent == law


def test_unit_parent_is_limited_to_the_same_institution(world):
    client = world.client_for("officer")
    form = client.get(url("unit_create", world.home.pk)).context["form"]
    offered = {value for value, _ in form.fields["parent"].choices}
    assert offered == {"", str(world.faculty_a.pk), str(world.faculty_b.pk)}
    foreign = UnitFactory(institution=world.partner)
    before = state()
    response = client.post(url("unit_create", world.home.pk), {"name": "Stray", "parent": foreign.pk})
    assert response.status_code == 200 and response.context["form"].errors["parent"]
    assert state() == before


def test_unit_cannot_move_below_itself(world):
    child = UnitFactory(institution=world.home, name="Child", parent=world.faculty_a)
    client = world.client_for("officer")
    form = client.get(url("unit_update", world.home.pk, world.faculty_a.pk)).context["form"]
    offered = {value for value, _ in form.fields["parent"].choices}
    assert str(child.pk) not in offered and str(world.faculty_a.pk) not in offered
    assert str(world.faculty_b.pk) in offered


def test_unit_errors_from_the_service_show_beside_the_field(world):
    before = state()
    response = world.client_for("officer").post(
        url("unit_create", world.home.pk),
        {"name": "Science again", "code": "SCI"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.context["unit_form"].errors["code"] == [
        "Another unit of this institution has the code 'SCI'."
    ]
    assert 'id="id_code_error"' in response.content.decode()
    assert state() == before


def test_edit_unit(world):
    client = world.client_for("officer")
    response = client.post(
        url("unit_update", world.home.pk, world.faculty_b.pk),
        {"name": "Faculty of Arts and Humanities", "code": "ART", "parent": ""},
        headers={"HX-Request": "true"},
    )
    assert "Faculty of Arts and Humanities" in response.content.decode()
    world.faculty_b.refresh_from_db()
    assert world.faculty_b.name == "Faculty of Arts and Humanities"


def test_delete_unit_confirms_and_refuses_one_in_use(world):
    spare = UnitFactory(institution=world.home, name="Spare Office")
    client = world.client_for("officer")
    confirm = client.get(url("unit_delete", world.home.pk, spare.pk))
    assert "Delete the unit “Spare Office”?" in confirm.content.decode()
    response = client.post(url("unit_delete", world.home.pk, spare.pk), headers={"HX-Request": "true"})
    assert "The unit “Spare Office” was deleted." in response.content.decode()
    assert not OrganisationalUnit.objects.filter(pk=spare.pk).exists()
    before = state()
    refused = client.post(url("unit_delete", world.home.pk, world.faculty_a.pk))
    assert refused.status_code == 200
    assert "cannot be deleted" in refused.context["error"]
    assert state() == before


def test_unit_of_another_institution_is_404(world):
    before = state()
    client = world.client_for("officer")
    assert client.get(url("unit_update", world.partner.pk, world.faculty_a.pk)).status_code == 404
    assert client.post(url("unit_delete", world.partner.pk, world.faculty_a.pk)).status_code == 404
    assert state() == before


def test_contacts_add_edit_delete(world):
    client = world.client_for("officer")
    response = client.post(
        url("contact_create", world.home.pk),
        {"name": "Ana Costa", "role": "Coordinator", "email": "ana@example.edu", "phone": "+32 16 32 00 00",
         "unit": world.faculty_a.pk},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert response.content.decode().lstrip().startswith('<section id="contacts"')
    contact = Contact.objects.get(name="Ana Costa")
    assert (contact.phone, contact.unit) == ("+3216320000", world.faculty_a)
    form = client.get(url("contact_update", world.home.pk, contact.pk)).context["form"]
    assert form.initial["unit"] == world.faculty_a.pk
    assert {v for v, _ in form.fields["unit"].choices} == {
        "",
        str(world.faculty_a.pk),
        str(world.faculty_b.pk),
    }
    client.post(
        url("contact_update", world.home.pk, contact.pk), {"name": "Ana Costa", "role": "Head", "unit": ""}
    )
    contact.refresh_from_db()
    assert (contact.role, contact.unit, contact.phone) == ("Head", None, "")
    assert client.get(url("contact_delete", world.home.pk, contact.pk)).status_code == 200
    assert Contact.objects.filter(pk=contact.pk).exists()
    response = client.post(url("contact_delete", world.home.pk, contact.pk))
    assert response.status_code == 302 and not Contact.objects.filter(pk=contact.pk).exists()


def test_contact_phone_error_shows_beside_the_field(world):
    before = state()
    response = world.client_for("officer").post(
        url("contact_create", world.home.pk), {"name": "X", "phone": "12345"}
    )
    assert response.status_code == 200
    assert "international form" in response.context["form"].errors["phone"][0]
    assert state() == before


# Who may change what: one matrix ----------------------------------------------------------------------------


def _requests(w: Any) -> dict[str, tuple[str, str, dict[str, Any]]]:
    unit = UnitFactory(institution=w.partner, name="Partner Faculty")
    contact = ContactFactory(institution=w.partner, name="Partner Person")
    p = w.partner.pk
    return {
        "create": ("post", url("create"), valid_institution()),
        "edit": ("post", url("update", p), {**valid_institution(name="Renamed"), **dict.fromkeys(IDS, "")}),
        "delete": ("post", url("delete", p), {}),
        "delete page": ("get", url("delete", p), {}),
        "edit page": ("get", url("update", p), {}),
        "unit add": ("post", url("unit_create", p), {"name": "New unit"}),
        "unit edit": ("post", url("unit_update", p, unit.pk), {"name": "Renamed unit"}),
        "unit delete": ("post", url("unit_delete", p, unit.pk), {}),
        "contact add": ("post", url("contact_create", p), {"name": "New person"}),
        "contact edit": ("post", url("contact_update", p, contact.pk), {"name": "Renamed person"}),
        "contact delete": ("post", url("contact_delete", p, contact.pk), {}),
    }  # fmt: skip


ACTIONS = ("create", "edit", "delete", "delete page", "edit page", "unit add", "unit edit", "unit delete",
           "contact add", "contact edit", "contact delete")  # fmt: skip


@pytest.mark.parametrize(
    "persona", ["coordinator", "student", "partner_contact", "auditor", "outsider", "anonymous"]
)
@pytest.mark.parametrize("action", ACTIONS)
def test_only_writers_change_institutions(world, persona, action):
    method, target, data = _requests(world)[action]
    before = state()
    response = getattr(world.client_for(persona), method)(target, data)
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        # Everyone here can see the partner (the student has a mobility there), so the answer is 403, not 404.
        assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize("persona", ["student", "partner_contact"])
def test_hidden_institution_answers_404_to_writes(world, persona):
    unit = UnitFactory(institution=world.other_partner)
    before = state()
    client = world.client_for(persona)
    other = world.other_partner.pk
    for target in (
        url("update", other),
        url("delete", other),
        url("unit_update", other, unit.pk),
        url("contact_create", other),
    ):
        assert client.post(target, {"name": "x"}).status_code == 404
    assert state() == before


@pytest.mark.parametrize("persona", sorted(WRITERS))
@pytest.mark.parametrize("action", ACTIONS)
def test_writers_may(world, persona, action):
    method, target, data = _requests(world)[action]
    response = getattr(world.client_for(persona), method)(target, data)
    if action == "delete":
        assert response.status_code == 302  # refused by the service (agreements), with a message
        assert Institution.objects.filter(pk=world.partner.pk).exists()
    else:
        assert response.status_code in {200, 302}
        if method == "post":
            assert response.status_code == 302, response.context and response.context.get("form").errors
