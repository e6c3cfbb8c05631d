"""The agreements API: nested partners and conditions, edit conflicts, scoping by persona."""

import datetime as dt
from typing import Any

import pytest
import time_machine

from accord.agreements.models import Agreement, AgreementPartner, ConditionSubjectArea, CooperationCondition
from accord.agreements.services import agreement_snapshot
from accord.common.models import AuditEvent
from accord_testing.factories import InstitutionFactory, make_agreement
from accord_testing.factories import send_api as send

pytestmark = pytest.mark.django_db

ALL = ("admin", "officer", "coordinator", "student", "partner_contact", "auditor", "outsider", "anonymous")
WRITERS = {"admin", "officer", "coordinator"}  # the coordinator within faculty A, which owns world.agreement


def state() -> tuple[Any, ...]:
    agreements = Agreement.objects.prefetch_related(
        "partners", "conditions__subject_areas", "conditions__languages"
    )
    return (
        [(a.pk, a.version, agreement_snapshot(a)) for a in agreements.order_by("pk")],
        CooperationCondition.objects.count(),
        AuditEvent.objects.count(),
    )


def agreement_body(world: Any, *, unit: Any = None, title: str = "Exchange in computing") -> dict[str, Any]:
    home, partner = world.home.pk, world.partner.pk
    return {
        "kind": "erasmus_iia",
        "title": title,
        "valid_from": "2026-09-01",
        "valid_to": "2030-08-31",
        "owner_unit_id": (unit or world.faculty_a).pk,
        "partners": [
            {"institution_id": home, "unit_id": (unit or world.faculty_a).pk},
            {"institution_id": partner, "partner_agreement_id": "IIA-77"},
        ],
        "conditions": [
            {
                "mobility_type": "student_studies",
                "sending_institution_id": home,
                "receiving_institution_id": partner,
                "first_year": "2026/2027",
                "last_year": "2029/2030",
                "places_per_year": 3,
                "total_months_per_year": "15.5",
                "eqf_levels": [6, 7],
                "subject_areas": [{"isced_code": "0613", "clarification": "Software"}],
                "languages": [{"language": "en", "cefr_level": "b2", "isced_code": "0613"}],
            },
            {
                "mobility_type": "staff_teaching",
                "sending_institution_id": partner,
                "receiving_institution_id": home,
                "first_year": "2026/2027",
                "last_year": "2026/2027",
                "places_per_year": 1,
                "total_days_per_year": 5,
            },
        ],
    }


def denial(persona: str, *, visible: bool) -> int:
    return 401 if persona == "anonymous" else (403 if visible else 404)


VISIBLE = {"admin", "officer", "auditor", "coordinator", "partner_contact"}


@pytest.mark.parametrize(
    "persona, expected",
    [("admin", 2), ("officer", 2), ("auditor", 2), ("coordinator", 1), ("partner_contact", 1),
     ("student", 0), ("outsider", 0), ("anonymous", None)],
)  # fmt: skip
def test_list_is_scoped(world, persona, expected):
    response = send(world, persona, "get", "/api/v1/agreements")
    if expected is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert response.json()["count"] == expected
    if expected == 1:
        assert response.json()["items"][0]["id"] == world.agreement.pk


@pytest.mark.parametrize("persona", ALL)
def test_get(world, persona):
    response = send(world, persona, "get", f"/api/v1/agreements/{world.agreement.pk}")
    hidden = send(world, persona, "get", f"/api/v1/agreements/{world.other_agreement.pk}")
    if persona == "anonymous":
        assert response.status_code == hidden.status_code == 401
        return
    if persona not in VISIBLE:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    body = response.json()
    assert [p["institution"]["id"] for p in body["partners"]] == [world.home.pk, world.partner.pk]
    assert body["conditions"][0]["first_year"] == "2025/2026"
    assert body["conditions"][0]["last_year"] == "2028/2029"
    assert hidden.status_code == (404 if persona in {"coordinator", "partner_contact"} else 200)


def test_get_includes_subject_areas_and_languages(world):
    created = send(world, "officer", "post", "/api/v1/agreements", agreement_body(world)).json()
    body = send(world, "auditor", "get", f"/api/v1/agreements/{created['id']}").json()
    first, second = body["conditions"]
    assert first["subject_areas"] == [
        {"isced_code": "0613", "name": first["subject_areas"][0]["name"], "clarification": "Software"}
    ]
    assert "software" in first["subject_areas"][0]["name"].lower()
    assert first["languages"] == [{"language": "en", "cefr_level": "B2", "isced_code": "0613"}]
    assert (first["total_months_per_year"], first["eqf_levels"]) == ("15.50", [6, 7])
    assert (second["mobility_type"], second["total_days_per_year"], second["last_year"]) == (
        "staff_teaching",
        5,
        "2026/2027",
    )
    assert body["partners"][1]["partner_agreement_id"] == "IIA-77"


@pytest.mark.parametrize("persona", ALL)
def test_create(world, persona):
    before = state()
    response = send(world, persona, "post", "/api/v1/agreements", agreement_body(world))
    if persona in WRITERS:
        assert response.status_code == 201, response.content
        created = Agreement.objects.get(pk=response.json()["id"])
        assert created.conditions.count() == 2 and created.partners.count() == 2
        assert AuditEvent.objects.filter(action="agreement.created", target_id=str(created.pk)).exists()
    else:
        assert response.status_code == denial(persona, visible=True)
        assert state() == before


def test_coordinator_cannot_file_under_another_faculty(world):
    before = state()
    response = send(
        world, "coordinator", "post", "/api/v1/agreements", agreement_body(world, unit=world.faculty_b)
    )
    assert response.status_code == 403
    assert response.json()["details"]["field"] == "owner_unit_id"
    assert state() == before


@pytest.mark.parametrize("persona", ALL)
def test_replace(world, persona):
    before = state()
    body = agreement_body(world, title="Renewed exchange") | {"version": world.agreement.version}
    response = send(world, persona, "put", f"/api/v1/agreements/{world.agreement.pk}", body)
    if persona in WRITERS:
        assert response.status_code == 200, response.content
        assert response.json()["title"] == "Renewed exchange"
        assert response.json()["version"] == world.agreement.version + 1
        assert [c["mobility_type"] for c in response.json()["conditions"]] == [
            "student_studies",
            "staff_teaching",
        ]
    else:
        assert response.status_code == denial(persona, visible=persona in VISIBLE)
        assert state() == before


def test_stale_version_is_an_edit_conflict(world):
    fresh = agreement_body(world, title="First edit") | {"version": 1}
    assert send(world, "officer", "put", f"/api/v1/agreements/{world.agreement.pk}", fresh).status_code == 200
    before = state()
    stale = agreement_body(world, title="Second edit, from an old copy") | {"version": 1}
    response = send(world, "coordinator", "put", f"/api/v1/agreements/{world.agreement.pk}", stale)
    assert response.status_code == 409
    assert response.json() == {
        "code": "edit_conflict",
        "message": response.json()["message"],
        "details": {"current_version": 2},
    }
    assert state() == before
    missing = agreement_body(world)  # PUT without a version is refused before anything happens
    assert (
        send(world, "officer", "put", f"/api/v1/agreements/{world.agreement.pk}", missing).status_code == 422
    )


@pytest.mark.parametrize("persona", ALL)
def test_patch(world, persona):
    before = state()
    response = send(
        world,
        persona,
        "patch",
        f"/api/v1/agreements/{world.agreement.pk}",
        {"notes": "Renegotiated in spring", "version": 1},
    )
    if persona in WRITERS:
        assert response.status_code == 200, response.content
        body = response.json()
        assert (body["notes"], body["version"]) == ("Renegotiated in spring", 2)
        assert body["title"] == world.agreement.title
        assert body["status"] == world.agreement.status
        assert len(body["conditions"]) == 2 and len(body["partners"]) == 2
        updated = AuditEvent.objects.filter(action="agreement.updated", target_id=str(world.agreement.pk))
        assert updated.exists()
    else:
        assert response.status_code == denial(persona, visible=persona in VISIBLE)
        assert state() == before


def test_patch_refuses_null_for_required_fields_and_unknown_values(world):
    before = state()
    url = f"/api/v1/agreements/{world.agreement.pk}"
    assert send(world, "officer", "patch", url, {"title": None}).status_code == 422
    # The status is not a field of an edit at all: it changes through the transitions only.
    for status in ("blessed", "terminated"):
        refused = send(world, "officer", "patch", url, {"status": status})
        assert (refused.status_code, refused.json()["details"]["errors"][0]["field"]) == (422, "status")
    assert send(world, "officer", "patch", url, {"partners": []}).status_code == 422
    assert state() == before


@pytest.mark.parametrize("persona", ALL)
def test_delete(world, persona):
    unused = make_agreement(home=world.home, partner=world.partner, owner_unit=world.faculty_a)
    before = state()
    response = send(world, persona, "delete", f"/api/v1/agreements/{unused.pk}")
    if persona in WRITERS:
        assert response.status_code == 204
        assert not Agreement.objects.filter(pk=unused.pk).exists()
    else:
        assert response.status_code == denial(persona, visible=persona in VISIBLE)
        assert state() == before


def test_delete_in_use_is_409(world):
    before = state()
    response = send(world, "officer", "delete", f"/api/v1/agreements/{world.agreement.pk}")
    assert (response.status_code, response.json()["code"]) == (409, "in_use")
    assert state() == before


@pytest.mark.parametrize(
    "change, code, field",
    [
        ({"places_per_year": -1}, "validation_error", "conditions.0.places_per_year"),
        ({"places_per_year": 10**20}, "validation_error", "conditions.0.places_per_year"),
        ({"first_year": "2026/2028"}, "validation_error", "conditions.0.first_year"),
        ({"first_year": 2026}, "validation_error", "conditions.0.first_year"),
        ({"mobility_type": "holiday"}, "validation_error", "conditions.0.mobility_type"),
        ({"total_months_per_year": "NaN"}, "validation_error", "conditions.0.total_months_per_year"),
        ({"sending_institution_id": 10**6}, "not_a_partner", "conditions.0.sending_institution_id"),
        ({"last_year": "2020/2021"}, "years_out_of_order", "conditions.0.last_year"),
        (
            {"subject_areas": [{"isced_code": "5555"}]},
            "invalid_isced",
            "conditions.0.subject_areas.0.isced_code",
        ),
        (
            {"languages": [{"language": "xx", "cefr_level": "B2"}]},
            "invalid_language",
            "conditions.0.languages.0.language",
        ),
        (
            {"languages": [{"language": "en", "cefr_level": "D1"}]},
            "invalid_cefr",
            "conditions.0.languages.0.cefr_level",
        ),
        ({"eqf_levels": [9]}, "invalid_eqf", "conditions.0.eqf_levels"),
    ],
)
def test_condition_errors_name_the_field(world, change, code, field):
    body = agreement_body(world)
    body["conditions"][0] |= change
    before = state()
    response = send(world, "officer", "post", "/api/v1/agreements", body)
    assert response.status_code == 422, response.content
    payload = response.json()
    assert payload["code"] == code
    fields = [e["field"] for e in payload["details"].get("errors", [])] or [payload["details"].get("field")]
    assert any(f and f.startswith(field) for f in fields), payload
    assert state() == before


def test_partner_errors(world):
    body = agreement_body(world)
    body["partners"] = [{"institution_id": world.partner.pk}, {"institution_id": world.other_partner.pk}]
    response = send(world, "officer", "post", "/api/v1/agreements", body)
    assert (response.status_code, response.json()["code"]) == (422, "no_home_partner")
    duplicate = agreement_body(world)
    duplicate["reference_code"] = world.other_agreement.reference_code
    response = send(world, "officer", "post", "/api/v1/agreements", duplicate)
    assert (response.status_code, response.json()["code"], response.json()["details"]["field"]) == (
        409,
        "duplicate",
        "reference_code",
    )


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_list_filters(world):
    lyon = InstitutionFactory(name="Université de Lyon", country="FR", erasmus_code="F  LYON01")
    ending = make_agreement(
        home=world.home, partner=lyon, valid_to=dt.date(2026, 6, 30), first_year=2024, last_year=2025
    )
    ConditionSubjectArea.objects.create(condition=ending.conditions.first(), isced_id="0613")
    client = world.client_for("officer")

    def ids(query: str) -> set[int]:
        response = client.get(f"/api/v1/agreements?{query}")
        assert response.status_code == 200, response.content
        return {a["id"] for a in response.json()["items"]}

    assert ids("q=lyon01") == ids("q=Lyon") == ids("country=fr") == ids(f"partner={lyon.pk}") == {ending.pk}
    assert ids("region=Western Europe") == {ending.pk}
    assert ids("subject_area=06") == ids("subject_area=0613") == {ending.pk}
    assert ids("academic_year=2024/2025") == {ending.pk}
    assert ids("expiring_within_days=180") == {ending.pk}
    assert ids("expiring_within_days=30") == set()
    assert ids("status=active&kind=erasmus_iia") == {world.agreement.pk, world.other_agreement.pk, ending.pk}
    assert ids("status=draft") == set()
    for bad in (
        "status=blessed",
        "academic_year=2030",
        "subject_area=x1",
        "expiring_within_days=-1",
        "partner=abc",
    ):
        assert client.get(f"/api/v1/agreements?{bad}").status_code == 400, bad


def test_list_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    for _ in range(20):
        make_agreement(home=world.home, partner=InstitutionFactory())
    client = world.client_for("officer")
    with django_assert_max_num_queries(7):
        assert len(client.get("/api/v1/agreements?limit=100").json()["items"]) == 22
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/agreements/{world.agreement.pk}").status_code == 200
    assert AgreementPartner.objects.count() == 44
