"""The grade table API: create, refuse, replace, list and delete."""

from __future__ import annotations

from typing import Any

from accord.recognition.models import GradeTable
from accord.recognition.tests.factories import POLISH_TABLE
from accord_testing.factories import send_api
from accord_testing.world import World


def _table(world: World, percentages: Any = POLISH_TABLE) -> dict[str, Any]:
    return {
        "institution_id": world.partner.pk,
        "scale": "pl-2-5",
        "period": "2021/2022-2023/2024",
        "percentages": list(percentages),
    }


def test_grade_table_crud_and_refusals(world: World) -> None:
    created = send_api(world, "officer", "post", "/api/v1/grade-tables", _table(world))
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["grades"] == ["5", "4.5", "4", "3.5", "3"] and body["isced_code"] is None
    refused = send_api(world, "officer", "post", "/api/v1/grade-tables", _table(world, [10, 10, 10, 10, 10]))
    assert refused.status_code == 422 and refused.json()["code"] == "distribution_sum"
    short = send_api(world, "officer", "post", "/api/v1/grade-tables", _table(world, [50, 50]))
    assert short.json()["code"] == "distribution_length"
    duplicate = send_api(world, "officer", "post", "/api/v1/grade-tables", _table(world))
    assert duplicate.status_code == 409
    unknown = send_api(world, "officer", "post", "/api/v1/grade-tables", {**_table(world), "scale": "xx"})
    assert unknown.json()["code"] == "unknown_scale"
    pk = body["id"]
    changed = send_api(
        world, "officer", "put", f"/api/v1/grade-tables/{pk}", {**_table(world), "students": 80}
    )
    assert changed.json()["students"] == 80
    listed = send_api(world, "student", "get", "/api/v1/grade-tables?scale=pl-2-5")
    assert [t["id"] for t in listed.json()["items"]] == [pk]
    assert send_api(world, "officer", "delete", f"/api/v1/grade-tables/{pk}").status_code == 204
    assert not GradeTable.objects.exists()
