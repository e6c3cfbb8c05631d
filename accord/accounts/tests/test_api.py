"""GET /me: who the API thinks you are and how far your access reaches."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona, role, reads, writes",
    [
        ("admin", "admin", True, True),
        ("officer", "officer", True, True),
        ("auditor", "auditor", True, False),
        ("coordinator", "coordinator", False, False),
        ("partner_contact", "partner", False, False),
        ("student", "student", False, False),
        ("outsider", "coordinator", False, False),
    ],
)
def test_me(world, persona, role, reads, writes):
    response = world.client_for(persona).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert (body["username"], body["role"], body["authenticated_by"]) == (persona, role, "session")
    scope = body["scope"]
    assert (scope["reads_everything"], scope["writes_everything"]) == (reads, writes)
    assert [u["id"] for u in scope["units"]] == ([world.faculty_a.pk] if persona == "coordinator" else [])
    expected_partner = (
        {"id": world.partner.pk, "name": world.partner.name} if persona == "partner_contact" else None
    )
    assert scope["partner_institution"] == expected_partner


def test_coordinator_scope_includes_units_below_theirs(world):
    from accord_testing.factories import UnitFactory

    lab = UnitFactory(institution=world.home, parent=world.faculty_a, name="Robotics Lab")
    units = world.client_for("coordinator").get("/api/v1/me").json()["scope"]["units"]
    assert {u["id"] for u in units} == {world.faculty_a.pk, lab.pk}


def test_me_needs_credentials(world):
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {
        "code": "not_authenticated",
        "message": response.json()["message"],
        "details": {},
    }
