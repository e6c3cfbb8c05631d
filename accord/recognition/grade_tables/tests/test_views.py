"""The grade table pages as users meet them: a table not adding up refused, the scale switch, the filters."""

from __future__ import annotations

from accord.common.models import AuditEvent
from accord.recognition.models import GradeTable
from accord.recognition.tests.factories import POLISH_TABLE, make_grade_table
from accord_testing.world import World


def _table_form(world: World, percentages: tuple[str, ...]) -> dict[str, str]:
    data = {
        "institution": str(world.partner.pk),
        "scale": "pl-2-5",
        "isced_code": "0613",
        "period": "2022/2023",
    }
    data.update({f"p_{i}": p for i, p in enumerate(percentages)})
    return data


def test_a_grade_table_not_adding_up_to_100_is_refused(world: World) -> None:
    response = world.client_for("officer").post(
        "/recognition/grade-tables/new/", _table_form(world, ("10", "20", "30", "20", "10"))
    )
    assert response.status_code == 422
    assert "add up to 90" in response.content.decode()
    assert not GradeTable.objects.exists()
    created = world.client_for("officer").post(
        "/recognition/grade-tables/new/", _table_form(world, ("12", "18", "30", "22", "18"))
    )
    assert created.status_code == 302
    table = GradeTable.objects.get()
    assert table.percentages == [12, 18, 30, 22, 18]
    assert AuditEvent.objects.filter(action="grade_table.created").exists()
    page = world.client_for("student").get(f"/recognition/grade-tables/{table.pk}/")
    assert "Cumulative ranges" in page.content.decode() and "12.0–30.0" in page.content.decode()


def test_the_scale_switch_redraws_the_grade_fields(world: World) -> None:
    response = world.client_for("officer").get(
        "/recognition/grade-tables/new/?scale=it-18-30",
        headers={"HX-Request": "true", "HX-Target": "grade-fields"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "30L" in body and "<html" not in body


def test_tables_list_filters(world: World) -> None:
    make_grade_table(world.partner, "pl-2-5", POLISH_TABLE)
    make_grade_table(world.other_partner, "es-0-10", (2, 8, 15, 25, 25, 15, 10))
    page = world.client_for("officer").get("/recognition/grade-tables/?scale=es-0-10")
    assert list(page.context["page"].object_list) == list(GradeTable.objects.filter(scale="es-0-10"))
    page = world.client_for("officer").get("/recognition/grade-tables/?q=Partner")
    assert [t.institution for t in page.context["page"].object_list] == [world.partner]
