"""The mobilities and people API: students see their own, coordinators their faculty, partners their side."""

import json
from typing import Any

import pytest

from accord.common.audit import snapshot
from accord.common.models import AuditEvent
from accord.mobility.models import Mobility, Person
from accord_testing.factories import PersonFactory, make_mobility
from accord_testing.factories import send_api as send

pytestmark = pytest.mark.django_db

ALL = ("admin", "officer", "coordinator", "student", "partner_contact", "auditor", "outsider", "anonymous")
WRITERS = {"admin", "officer", "coordinator"}  # world.mobility belongs to faculty A, the coordinator's
SEES_MOBILITY = {"admin", "officer", "coordinator", "student", "partner_contact", "auditor"}


def state() -> tuple[Any, ...]:
    return (
        [snapshot(m) for m in Mobility.objects.order_by("pk")],
        [snapshot(p) for p in Person.objects.order_by("pk")],
        AuditEvent.objects.count(),
    )


def denial(persona: str, *, visible: bool) -> int:
    return 401 if persona == "anonymous" else (403 if visible else 404)


def mobility_body(world: Any, **changes: Any) -> dict[str, Any]:
    body = {
        "person_id": world.mobility.person_id,
        "direction": "outgoing",
        "mobility_type": "student_studies",
        "home_institution_id": world.home.pk,
        "host_institution_id": world.partner.pk,
        "academic_year": "2027/2028",
        "planned_start": "2027-09-20",
        "planned_end": "2028-02-15",
        "agreement_id": world.agreement.pk,
        "unit_id": world.faculty_a.pk,
        "ects_planned": "30",
        "grant_amount": "2450.50",
    }
    return body | changes


@pytest.mark.parametrize(
    "persona, expected",
    [("admin", 2), ("officer", 2), ("auditor", 2), ("coordinator", 1), ("partner_contact", 1),
     ("student", 1), ("outsider", 0), ("anonymous", None)],
)  # fmt: skip
def test_list_is_scoped(world, persona, expected):
    response = send(world, persona, "get", "/api/v1/mobilities")
    if expected is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == expected
    if expected == 1:
        assert body["items"][0]["id"] == world.mobility.pk
        assert body["items"][0]["academic_year"] == "2026/2027"


@pytest.mark.parametrize("persona", ALL)
def test_get(world, persona):
    own = send(world, persona, "get", f"/api/v1/mobilities/{world.mobility.pk}")
    other = send(world, persona, "get", f"/api/v1/mobilities/{world.other_mobility.pk}")
    if persona == "anonymous":
        assert own.status_code == other.status_code == 401
        return
    assert own.status_code == (200 if persona in SEES_MOBILITY else 404)
    if own.status_code == 200:
        body = own.json()
        assert (body["person"]["family_name"], body["host_institution"]["id"]) == ("Dent", world.partner.pk)
        assert body["ects_planned"] == "30.0"
    assert other.status_code == (200 if persona in {"admin", "officer", "auditor"} else 404)


@pytest.mark.parametrize("persona", ALL)
def test_create(world, persona):
    before = state()
    response = send(world, persona, "post", "/api/v1/mobilities", mobility_body(world))
    if persona in WRITERS:
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["academic_year"], body["grant_amount"], body["status"]) == (
            "2027/2028",
            "2450.50",
            "planned",
        )
        assert AuditEvent.objects.filter(action="mobility.created", target_id=str(body["id"])).exists()
    else:
        assert response.status_code == denial(persona, visible=True)
        assert state() == before


def test_coordinator_cannot_record_for_another_faculty(world):
    before = state()
    response = send(
        world, "coordinator", "post", "/api/v1/mobilities", mobility_body(world, unit_id=world.faculty_b.pk)
    )
    assert (response.status_code, response.json()["details"]["field"]) == (403, "unit_id")
    assert state() == before


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_update(world, persona, method):
    before = state()
    body = mobility_body(world, status="nominated") if method == "put" else {"status": "nominated"}
    response = send(world, persona, method, f"/api/v1/mobilities/{world.mobility.pk}", body)
    if persona in WRITERS:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "nominated"
        assert AuditEvent.objects.filter(
            action="mobility.status_changed", target_id=str(world.mobility.pk)
        ).exists()
        if method == "patch":
            assert response.json()["academic_year"] == "2026/2027"  # untouched fields stay
    else:
        assert response.status_code == denial(persona, visible=persona in SEES_MOBILITY)
        assert state() == before


def test_patch_null_for_a_required_field_is_422(world):
    before = state()
    response = send(
        world, "officer", "patch", f"/api/v1/mobilities/{world.mobility.pk}", {"planned_start": None}
    )
    assert (response.status_code, response.json()["details"]["errors"][0]["field"]) == (422, "planned_start")
    assert state() == before


@pytest.mark.parametrize("persona", ALL)
def test_delete(world, persona):
    spare = make_mobility(agreement=world.agreement, person=world.mobility.person)
    before = state()
    response = send(world, persona, "delete", f"/api/v1/mobilities/{spare.pk}")
    if persona in WRITERS:
        assert response.status_code == 204
        assert not Mobility.objects.filter(pk=spare.pk).exists()
    else:
        assert response.status_code == denial(persona, visible=persona in SEES_MOBILITY)
        assert state() == before


@pytest.mark.parametrize(
    "change, status, code, field",
    [
        ({"planned_end": "2027-01-01"}, 422, "dates_out_of_order", "planned_end"),
        ({"planned_start": "not a date"}, 422, "validation_error", "planned_start"),
        ({"academic_year": "2027-2028"}, 422, "validation_error", "academic_year"),
        ({"direction": "sideways"}, 422, "validation_error", "direction"),
        ({"ects_planned": "-5"}, 422, "validation_error", "ects_planned"),
        ({"grant_amount": "1e400"}, 422, "validation_error", "grant_amount"),
        ({"person_id": 10**6}, 422, "unknown_person", "person_id"),
        ({"host_institution_id": 10**19}, 422, "validation_error", "host_institution_id"),
        ({"host_institution_id": 10**6}, 422, "unknown_institution", "host_institution_id"),
        ({"agreement_id": None, "home_institution_id": None}, 422, "validation_error", "home_institution_id"),
    ],
)
def test_mobility_errors_name_the_field(world, change, status, code, field):
    before = state()
    response = send(world, "officer", "post", "/api/v1/mobilities", mobility_body(world, **change))
    assert response.status_code == status, response.content
    payload = response.json()
    assert payload["code"] == code
    fields = [e["field"] for e in payload["details"].get("errors", [])] or [payload["details"].get("field")]
    assert field in fields
    assert state() == before


def test_list_filters(world):
    person = PersonFactory(given_names="Zofia", family_name="Zielińska", student_number="S-991")
    incoming = make_mobility(
        agreement=world.agreement, direction="incoming", year=2027, status="accepted", person=person
    )
    client = world.client_for("officer")

    def ids(query: str) -> set[int]:
        response = client.get(f"/api/v1/mobilities?{query}")
        assert response.status_code == 200, response.content
        return {m["id"] for m in response.json()["items"]}

    assert (
        ids("direction=incoming") == ids("academic_year=2027/2028") == ids("status=accepted") == {incoming.pk}
    )
    assert ids(f"agreement={world.agreement.pk}") == {world.mobility.pk, incoming.pk}
    assert ids(f"institution={world.other_partner.pk}") == {world.other_mobility.pk}
    assert ids("q=zieli") == ids("q=S-991") == {incoming.pk}
    assert ids("mobility_type=staff_training") == set()
    for bad in ("direction=up", "academic_year=2027", "agreement=x", "status="):
        assert client.get(f"/api/v1/mobilities?{bad}").status_code == 400, bad


def test_list_is_newest_first_and_queries_do_not_grow(world, django_assert_max_num_queries):
    made = [make_mobility(agreement=world.agreement) for _ in range(25)]
    client = world.client_for("officer")
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/mobilities?limit=10").json()
    newest_first = sorted((m.pk for m in [*made, world.mobility, world.other_mobility]), reverse=True)
    assert [m["id"] for m in body["items"]] == newest_first[:10]
    assert (
        body["count"] == 27
        and f"before_id={newest_first[9]}" in body["next"]
        and "offset" not in body["next"]
    )
    seen = [m["id"] for m in body["items"]]
    make_mobility(agreement=world.agreement)  # arrives while paging: it must not shift the pages
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [m["id"] for m in body["items"]]
    assert seen == newest_first


@pytest.mark.parametrize("persona", ALL)
def test_people(world, persona):
    stranger = PersonFactory()
    before = state()
    created = send(
        world,
        persona,
        "post",
        "/api/v1/people",
        {"given_names": "Ada", "family_name": "Lovelace", "nationality": "gb"},
    )
    student = send(world, persona, "get", f"/api/v1/people/{world.mobility.person_id}")
    hidden = send(world, persona, "get", f"/api/v1/people/{stranger.pk}")
    if persona == "anonymous":
        assert {created.status_code, student.status_code, hidden.status_code} == {401}
        assert state() == before
        return
    # Registering people is part of recording mobilities: every coordinator may, even one without units yet.
    if persona in WRITERS | {"outsider"}:
        assert created.status_code == 201, created.content
        assert created.json()["nationality"] == "GB"
        assert AuditEvent.objects.filter(
            action="person.created", target_id=str(created.json()["id"])
        ).exists()
    else:
        assert created.status_code == 403
        assert state() == before
    assert student.status_code == (200 if persona in SEES_MOBILITY else 404)
    assert hidden.status_code == (200 if persona in {"admin", "officer", "auditor"} else 404)


def test_person_validation(world):
    client = world.client_for("officer")
    nameless = client.post("/api/v1/people", "{}", content_type="application/json")
    assert (nameless.status_code, nameless.json()["code"]) == (422, "required")
    bad = client.post(
        "/api/v1/people",
        json.dumps({"family_name": "X", "email": "not-an-email"}),
        content_type="application/json",
    )
    assert (bad.status_code, bad.json()["details"]["errors"][0]["field"]) == (422, "email")
