"""Staff mobility: an application, its approval into a staff mobility, and the nomination that follows."""

import datetime as dt
from typing import Any

import pytest

from accord.mobility.models import Mobility
from accord.staff.models import StaffApplication
from accord_testing.factories import send_api
from accord_testing.world import World

pytestmark = pytest.mark.django_db


def _body(w: World, **changes: Any) -> dict[str, Any]:
    body = {
        "given_names": "Marie",
        "family_name": "Curie",
        "email": "marie@accord.example.edu",
        "staff_number": "ST-1",
        "unit_id": w.faculty_a.pk,
        "host_institution_id": w.partner.pk,
        "agreement_id": w.agreement.pk,
        "mobility_type": "staff_teaching",
        "planned_start": "2026-10-05",
        "planned_end": "2026-10-09",
        "days": 5,
        "teaching_hours": 8,
        "programme": "Eight hours of lectures on radioactivity.",
        "grant_requested": "900.00",
    }
    body.update(changes)
    return body


def test_coordinator_files_and_the_office_approves_into_a_mobility(world: World) -> None:
    filed = send_api(world, "coordinator", "post", "/api/v1/staff-applications", _body(world))
    assert filed.status_code == 201, filed.content
    pk = filed.json()["id"]
    assert filed.json()["academic_year_id"] == 2026
    approved = send_api(world, "officer", "post", f"/api/v1/staff-applications/{pk}/approve")
    assert approved.status_code == 200
    mobility = Mobility.objects.get(pk=approved.json()["mobility_id"])
    assert mobility.mobility_type == "staff_teaching" and mobility.direction == "outgoing"
    assert mobility.host_institution == world.partner and str(mobility.grant_amount) == "900.00"
    again = send_api(world, "officer", "post", f"/api/v1/staff-applications/{pk}/approve")
    assert again.status_code == 409
    # The same path as students: the nomination goes to the partner, who sees it.
    assert send_api(world, "officer", "post", f"/api/v1/nominations/{mobility.pk}/send").status_code == 200
    seen = send_api(world, "partner_contact", "get", "/api/v1/nominations?kind=staff").json()
    assert [item["id"] for item in seen["items"]] == [mobility.pk]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"days": 6}, "days"),
        ({"planned_end": "2026-10-01"}, "planned_end"),
        ({"teaching_hours": None}, "teaching_hours"),
        ({"host_institution_id": 10**9}, "host_institution_id"),
    ],
)
def test_bad_applications_are_refused_beside_the_field(
    world: World, changes: dict[str, Any], field: str
) -> None:
    response = send_api(world, "officer", "post", "/api/v1/staff-applications", _body(world, **changes))
    assert response.status_code == 422 and response.json()["details"]["field"] == field
    assert not StaffApplication.objects.exists()


def test_rejection_needs_a_reason_and_nobody_approves_their_own(world: World) -> None:
    response = send_api(world, "officer", "post", "/api/v1/staff-applications", _body(world))
    application = StaffApplication.objects.get(pk=response.json()["id"])
    application.person.user = world.users["coordinator"]
    application.person.save()
    assert (
        send_api(
            world, "coordinator", "post", f"/api/v1/staff-applications/{application.pk}/approve"
        ).status_code
        == 403
    )
    refused = send_api(
        world, "officer", "post", f"/api/v1/staff-applications/{application.pk}/reject", {"reason": " "}
    )
    assert refused.status_code == 422
    send_api(
        world, "officer", "post", f"/api/v1/staff-applications/{application.pk}/reject", {"reason": "Budget"}
    )
    application.refresh_from_db()
    assert application.status == "rejected" and application.mobility is None
    assert world.users["coordinator"].notifications.filter(subject__contains="rejected").exists()


def test_the_pages_file_list_and_approve(world: World) -> None:
    client = world.client_for("officer")
    form = {k: ("" if v is None else v) for k, v in _body(world).items()}
    created = client.post("/staff/new/", form)
    assert created.status_code == 302, created.context["form"].errors if created.context else ""
    application = StaffApplication.objects.get()
    assert b"Marie Curie" in client.get("/staff/?status=submitted").content
    assert b"No applications match" in client.get("/staff/?status=approved").content
    approved = client.post(f"/staff/{application.pk}/approve/")
    application.refresh_from_db()
    assert approved.status_code == 302 and approved["Location"] == f"/mobilities/{application.mobility_id}/"
    assert dt.date(2026, 10, 5) == application.mobility.planned_start
    assert world.client_for("partner_contact").get(f"/staff/{application.pk}/").status_code == 404


def test_the_filer_withdraws_a_waiting_application(world: World) -> None:
    filed = send_api(world, "coordinator", "post", "/api/v1/staff-applications", _body(world)).json()
    url = f"/api/v1/staff-applications/{filed['id']}/withdraw"
    assert send_api(world, "partner_contact", "post", url).status_code == 404
    assert send_api(world, "auditor", "post", url).status_code == 403
    assert send_api(world, "coordinator", "post", url).json()["status"] == "withdrawn"
    assert send_api(world, "coordinator", "post", url).status_code == 409
    approve = send_api(world, "officer", "post", f"/api/v1/staff-applications/{filed['id']}/approve")
    assert approve.status_code == 409 and not Mobility.objects.filter(mobility_type="staff_teaching").exists()
