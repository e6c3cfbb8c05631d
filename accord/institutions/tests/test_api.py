"""The institutions API: who may do what, and that a refusal changes nothing."""

from typing import Any

import pytest

from accord.common.audit import snapshot
from accord.common.models import AuditEvent
from accord.institutions.models import Contact, Institution, OrganisationalUnit
from accord_testing.factories import ContactFactory, InstitutionFactory, UnitFactory
from accord_testing.factories import send_api as send

pytestmark = pytest.mark.django_db

ALL = ("admin", "officer", "coordinator", "student", "partner_contact", "auditor", "outsider", "anonymous")
WRITERS = {"admin", "officer"}


def state() -> tuple[Any, ...]:
    """Everything a refused call must leave as it was."""
    return (
        [snapshot(i) for i in Institution.objects.order_by("pk")],
        list(OrganisationalUnit.objects.order_by("pk").values()),
        list(Contact.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def denial(persona: str, *, visible: bool) -> int:
    if persona == "anonymous":
        return 401
    return 403 if visible else 404


@pytest.mark.parametrize(
    "persona, expected",
    [("admin", 3), ("officer", 3), ("auditor", 3), ("coordinator", 3), ("outsider", 3),
     ("partner_contact", 2), ("student", 2), ("anonymous", None)],
)  # fmt: skip
def test_list_is_scoped(world, persona, expected):
    response = send(world, persona, "get", "/api/v1/institutions")
    if expected is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"]) == expected
    if persona == "partner_contact":
        assert {i["id"] for i in body["items"]} == {world.home.pk, world.partner.pk}


@pytest.mark.parametrize("persona", ALL)
def test_get(world, persona):
    own = send(world, persona, "get", f"/api/v1/institutions/{world.partner.pk}")
    other = send(world, persona, "get", f"/api/v1/institutions/{world.other_partner.pk}")
    if persona == "anonymous":
        assert own.status_code == other.status_code == 401
        return
    assert own.status_code == 200
    assert own.json()["schac_id"] == "partner.example.org"
    assert other.status_code == (404 if persona in {"partner_contact", "student"} else 200)


@pytest.mark.parametrize("persona", ALL)
def test_create(world, persona):
    before = state()
    body = {
        "name": "Université de Lyon",
        "country": "fr",
        "erasmus_code": "f lyon01",
        "domains": ["https://www.univ-lyon.fr/"],
    }
    response = send(world, persona, "post", "/api/v1/institutions", body)
    if persona in WRITERS:
        assert response.status_code == 201, response.content
        created = response.json()
        assert created["country"] == "FR"
        assert created["erasmus_code"] == "F  LYON01"
        assert created["domains"] == ["univ-lyon.fr"]
        assert AuditEvent.objects.filter(action="institution.created", target_id=str(created["id"])).exists()
    else:
        assert response.status_code == denial(persona, visible=True)
        assert response.json()["code"] in {"permission_denied", "not_authenticated"}
        assert state() == before


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_update(world, persona, method):
    before = state()
    body: dict[str, Any] = {"city": "Kraków", "pic": "999884732"}
    if method == "put":
        body |= {"name": "Partner University", "country": "PL", "schac_id": "partner.example.org"}
    response = send(world, persona, method, f"/api/v1/institutions/{world.partner.pk}", body)
    if persona in WRITERS:
        assert response.status_code == 200, response.content
        world.partner.refresh_from_db()
        assert (world.partner.city, world.partner.pic, world.partner.schac_id) == (
            "Kraków",
            "999884732",
            "partner.example.org",
        )
    else:
        visible = persona not in {"anonymous"}
        assert response.status_code == denial(persona, visible=visible)
        assert state() == before
    hidden = send(world, persona, method, f"/api/v1/institutions/{world.other_partner.pk}", body)
    if persona in {"partner_contact", "student"}:
        assert hidden.status_code == 404


def test_patch_changes_only_the_fields_sent(world):
    world.partner.abbreviation = "PU"
    world.partner.save()
    response = send(
        world, "officer", "patch", f"/api/v1/institutions/{world.partner.pk}", {"latitude": 50.06}
    )
    assert response.status_code == 200
    assert response.json()["abbreviation"] == "PU"
    assert response.json()["latitude"] == 50.06
    cleared = send(world, "officer", "patch", f"/api/v1/institutions/{world.partner.pk}", {"latitude": None})
    assert cleared.json()["latitude"] is None


def test_put_clears_omitted_optional_fields(world):
    world.partner.city = "Warsaw"
    world.partner.save()
    body = {"name": "Partner University", "country": "PL"}
    assert send(world, "officer", "put", f"/api/v1/institutions/{world.partner.pk}", body).status_code == 200
    world.partner.refresh_from_db()
    assert (world.partner.city, world.partner.schac_id) == ("", None)


@pytest.mark.parametrize("persona", ALL)
def test_delete(world, persona):
    spare = InstitutionFactory(name="Spare College")
    before = state()
    response = send(world, persona, "delete", f"/api/v1/institutions/{spare.pk}")
    if persona in WRITERS:
        assert response.status_code == 204
        assert not Institution.objects.filter(pk=spare.pk).exists()
    else:
        # Partner contacts and students cannot see an institution they have nothing to do with.
        assert response.status_code == denial(persona, visible=persona not in {"partner_contact", "student"})
        assert state() == before


def test_delete_in_use_is_409(world):
    before = state()
    response = send(world, "admin", "delete", f"/api/v1/institutions/{world.partner.pk}")
    assert response.status_code == 409
    assert response.json()["code"] == "in_use"
    assert state() == before


def test_list_filters_and_pagination(world):
    for n in range(4):
        InstitutionFactory(name=f"Lisbon School {n}", country="PT")
    client = world.client_for("officer")
    body = client.get("/api/v1/institutions?country=pt&limit=3").json()
    assert (body["count"], len(body["items"]), body["count_is_exact"]) == (4, 3, True)
    assert body["next"].endswith("offset=3") and "country=pt" in body["next"]
    last = client.get(body["next"]).json()
    assert [i["name"] for i in last["items"]] == ["Lisbon School 3"]
    assert last["next"] is None and "offset=0" in last["previous"]
    assert client.get("/api/v1/institutions?region=Southern Europe&q=lisbon").json()["count"] == 4
    assert client.get("/api/v1/institutions?is_home=true").json()["items"][0]["id"] == world.home.pk
    assert client.get("/api/v1/institutions?q=partner.example").json()["count"] == 1


def test_count_stops_at_the_cap(world, monkeypatch):
    from accord.common import api_support

    monkeypatch.setattr(api_support, "COUNT_CAP", 2)
    body = world.client_for("officer").get("/api/v1/institutions?limit=1").json()
    assert (body["count"], body["count_is_exact"]) == (2, False)
    assert body["next"] is not None


def test_list_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    for _ in range(30):
        InstitutionFactory()
    client = world.client_for("officer")
    client.get("/api/v1/me")  # the session and user are loaded once per request; warm nothing else
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/institutions?limit=100").json()["items"]) == 33


@pytest.mark.parametrize("persona", ALL)
def test_units_and_contacts(world, persona):
    UnitFactory(institution=world.partner, name="Faculty of Law", code="LAW")
    ContactFactory(institution=world.partner, name="Anna Nowak")
    before = state()
    units = send(world, persona, "get", f"/api/v1/institutions/{world.partner.pk}/units")
    contacts = send(world, persona, "get", f"/api/v1/institutions/{world.partner.pk}/contacts")
    new_unit = send(
        world,
        persona,
        "post",
        f"/api/v1/institutions/{world.partner.pk}/units",
        {"name": "Faculty of Music", "code": "MUS"},
    )
    new_contact = send(
        world, persona, "post", f"/api/v1/institutions/{world.partner.pk}/contacts",
        {"name": "Jan Kowalski", "phone": "+48 22 552 00 00", "email": "jan@example.pl"},
    )  # fmt: skip
    if persona == "anonymous":
        assert {units.status_code, contacts.status_code, new_unit.status_code, new_contact.status_code} == {
            401
        }
        assert state() == before
        return
    assert units.status_code == contacts.status_code == 200
    assert [u["code"] for u in units.json()["items"]] == ["LAW"]
    assert [c["name"] for c in contacts.json()["items"]] == ["Anna Nowak"]
    if persona in WRITERS:
        assert new_unit.status_code == 201 and new_unit.json()["institution_id"] == world.partner.pk
        assert new_contact.status_code == 201 and new_contact.json()["phone"] == "+48225520000"
    else:
        assert new_unit.status_code == new_contact.status_code == 403
        assert state() == before


def test_unit_errors(world):
    url = f"/api/v1/institutions/{world.home.pk}/units"
    duplicate = send(world, "officer", "post", url, {"name": "Science again", "code": "SCI"})
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "duplicate")
    foreign_parent = UnitFactory(institution=world.partner)
    wrong = send(world, "officer", "post", url, {"name": "Lab", "parent_id": foreign_parent.pk})
    assert (wrong.status_code, wrong.json()["details"]["field"]) == (422, "parent_id")
    assert (
        send(world, "student", "get", f"/api/v1/institutions/{world.other_partner.pk}/units").status_code
        == 404
    )
