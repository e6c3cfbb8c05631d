"""Erasmus+ "fewer opportunities" is a field of the mobility, set where and by whom the mobility is edited."""

from typing import Any

import pytest
from django.urls import reverse

from accord.common.audit import snapshot
from accord.common.models import AuditEvent
from accord.common.spreadsheets import xlsx_bytes
from accord.mobility.forms import MobilityForm
from accord.mobility.models import Mobility
from accord.mobility.nominations.importing import incoming_nominations_save
from accord.mobility.nominations.sheet import EXAMPLE_ROW, HEADERS, parse_sheet
from accord.mobility.services import mobility_input_from
from accord_testing.factories import send_api
from accord_testing.world import World

pytestmark = pytest.mark.django_db


def form_post(mobility: Mobility, **changes: Any) -> dict[str, Any]:
    """The edit form as it comes filled in, with `changes` typed over it."""
    initial = MobilityForm.initial_from(mobility_input_from(mobility))
    data = {**initial, **changes}
    return {name: value for name, value in data.items() if value not in (None, False)}


def state() -> list[Any]:
    return [snapshot(m) for m in Mobility.objects.order_by("pk")] + [AuditEvent.objects.count()]


def test_the_edit_form_sets_it_the_page_shows_it_and_the_history_records_it(world: World) -> None:
    client = world.client_for("coordinator")
    edit = reverse("mobility:edit", args=[world.mobility.pk])
    assert 'name="fewer_opportunities"' in client.get(edit).content.decode()
    body = form_post(world.mobility, fewer_opportunities="on", fewer_opportunities_note=" Rural area ")
    response = client.post(edit, body)
    assert response.status_code == 302, response.context["form"].errors
    world.mobility.refresh_from_db()
    assert world.mobility.fewer_opportunities is True
    assert world.mobility.fewer_opportunities_note == "Rural area"
    event = AuditEvent.objects.get(action="mobility.updated", target_id=str(world.mobility.pk))
    assert event.changes == {
        "fewer_opportunities": [False, True],
        "fewer_opportunities_note": ["", "Rural area"],
    }
    page = client.get(reverse("mobility:detail", args=[world.mobility.pk])).content.decode()
    assert "<dt>Fewer opportunities</dt><dd>yes (Rural area)</dd>" in page


def test_the_detail_page_says_no_by_default(world: World) -> None:
    page = world.client_for("officer").get(reverse("mobility:detail", args=[world.mobility.pk]))
    assert "<dt>Fewer opportunities</dt><dd>no</dd>" in page.content.decode()


def test_unticking_clears_it(world: World) -> None:
    Mobility.objects.filter(pk=world.mobility.pk).update(fewer_opportunities=True)
    world.mobility.refresh_from_db()
    edit = reverse("mobility:edit", args=[world.mobility.pk])
    body = form_post(world.mobility, fewer_opportunities=False)
    assert "fewer_opportunities" not in body  # an unticked box is not sent at all
    assert world.client_for("officer").post(edit, body).status_code == 302
    world.mobility.refresh_from_db()
    assert world.mobility.fewer_opportunities is False


def test_a_too_long_note_is_shown_beside_it_and_nothing_changes(world: World) -> None:
    before = state()
    edit = reverse("mobility:edit", args=[world.mobility.pk])
    body = form_post(world.mobility, fewer_opportunities="on", fewer_opportunities_note="x" * 201)
    response = world.client_for("officer").post(edit, body)
    assert response.status_code == 200
    assert response.context["form"].errors["fewer_opportunities_note"]
    assert state() == before


def test_the_api_reads_and_sets_it_and_a_patch_of_another_field_keeps_it(world: World) -> None:
    url = f"/api/v1/mobilities/{world.mobility.pk}"
    body = {"fewer_opportunities": True, "fewer_opportunities_note": "Disability"}
    response = send_api(world, "coordinator", "patch", url, body)
    assert response.status_code == 200, response.content
    assert (response.json()["fewer_opportunities"], response.json()["fewer_opportunities_note"]) == (
        True,
        "Disability",
    )
    event = AuditEvent.objects.get(action="mobility.updated", target_id=str(world.mobility.pk))
    assert event.changes["fewer_opportunities"] == [False, True]
    kept = send_api(world, "officer", "patch", url, {"ects_planned": "25"}).json()
    assert (kept["fewer_opportunities"], kept["fewer_opportunities_note"]) == (True, "Disability")
    # The student and the partner see yes/no; why is for those who may edit the mobility.
    for persona in ("student", "partner_contact"):
        seen = send_api(world, persona, "get", url)
        assert seen.status_code == 200, (persona, seen.content)
        assert (seen.json()["fewer_opportunities"], seen.json()["fewer_opportunities_note"]) == (True, "")
        page = world.client_for(persona).get(f"/mobilities/{world.mobility.pk}/").content.decode()
        assert "Disability" not in page
    assert (
        "Disability"
        in world.client_for("coordinator").get(f"/mobilities/{world.mobility.pk}/").content.decode()
    )


def test_the_api_creates_a_mobility_with_it(world: World) -> None:
    body = {
        "person_id": world.mobility.person_id,
        "direction": "outgoing",
        "mobility_type": "student_studies",
        "home_institution_id": world.home.pk,
        "host_institution_id": world.partner.pk,
        "academic_year": "2027/2028",
        "planned_start": "2027-09-20",
        "planned_end": "2028-02-15",
        "unit_id": world.faculty_a.pk,
        "fewer_opportunities": True,
    }
    response = send_api(world, "officer", "post", "/api/v1/mobilities", body)
    assert response.status_code == 201, response.content
    assert Mobility.objects.get(pk=response.json()["id"]).fewer_opportunities


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"fewer_opportunities_note": "x" * 201}, "fewer_opportunities_note"),
        ({"fewer_opportunities": "perhaps"}, "fewer_opportunities"),
        ({"fewer_opportunities": None}, "fewer_opportunities"),
    ],
)
def test_the_api_names_the_field_of_a_bad_value(world: World, body: dict[str, Any], field: str) -> None:
    before = state()
    response = send_api(world, "officer", "patch", f"/api/v1/mobilities/{world.mobility.pk}", body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["details"]["errors"]]
    assert state() == before


@pytest.mark.parametrize(
    ("persona", "target", "status"),
    [
        ("coordinator", "other_mobility", 404),  # another faculty's mobility is hidden from them
        ("student", "mobility", 403),  # their own mobility: they read it but may not set this
        ("partner_contact", "mobility", 403),
        ("auditor", "mobility", 403),
    ],
)
def test_those_who_may_not_edit_the_mobility_may_not_set_it(
    world: World, persona: str, target: str, status: int
) -> None:
    mobility = getattr(world, target)
    before = state()
    client = world.client_for(persona)
    edit = reverse("mobility:edit", args=[mobility.pk])
    assert client.post(edit, form_post(mobility, fewer_opportunities="on")).status_code == status
    url = f"/api/v1/mobilities/{mobility.pk}"
    api = send_api(world, persona, "patch", url, {"fewer_opportunities": True})
    assert api.status_code == status
    assert state() == before


# --- incoming nominations sheet ---------------------------------------------------------------------


def _sheet(*rows: dict[str, Any]) -> bytes:
    example = dict(zip(HEADERS, EXAMPLE_ROW, strict=True))
    base = {**example, "sending_institution": "partner.example.org", "unit": "SCI"}
    return xlsx_bytes(HEADERS, [[{**base, **row}[h] for h in HEADERS] for row in rows])


def test_the_incoming_sheet_has_an_optional_yes_no_column(world: World) -> None:
    items, report = parse_sheet(
        _sheet(
            {"omobility_id": "a", "fewer_opportunities": "yes"},
            {"omobility_id": "b", "fewer_opportunities": "no"},
            {"omobility_id": "c", "fewer_opportunities": ""},
        ),
        "n.xlsx",
    )
    assert report.ok, report.problems
    incoming_nominations_save(items=items, actor=world.users["officer"])
    flags = dict(
        Mobility.objects.filter(direction="incoming").values_list("omobility_id", "fewer_opportunities")
    )
    assert flags == {"a": True, "b": False, "c": False}


def test_a_bad_yes_no_cell_is_reported_with_its_row_and_column(world: World) -> None:
    items, report = parse_sheet(_sheet({}, {"fewer_opportunities": "maybe"}), "n.xlsx")
    assert [(p.row, p.column) for p in report.problems] == [(3, "fewer_opportunities")]
    assert "'maybe' is not yes or no" in report.problems[0].message
    assert len(items) == 1


def test_a_later_sheet_changes_it_only_where_the_cell_is_filled(world: World) -> None:
    officer = world.users["officer"]
    items, _ = parse_sheet(_sheet({"fewer_opportunities": "yes"}), "n.xlsx")
    incoming_nominations_save(items=items, actor=officer)
    blank, _ = parse_sheet(_sheet({"fewer_opportunities": ""}), "n.xlsx")
    incoming_nominations_save(items=blank, actor=officer)
    mobility = Mobility.objects.get(direction="incoming")
    assert mobility.fewer_opportunities is True
    no, _ = parse_sheet(_sheet({"fewer_opportunities": "no"}), "n.xlsx")
    incoming_nominations_save(items=no, actor=officer)
    mobility.refresh_from_db()
    assert mobility.fewer_opportunities is False
    event = AuditEvent.objects.get(action="nomination.updated_by_partner", target_id=str(mobility.pk))
    assert event.changes == {"fewer_opportunities": [True, False]}


def test_a_sheet_without_the_column_still_imports(world: World) -> None:
    headers = [h for h in HEADERS if h != "fewer_opportunities"]
    example = dict(zip(HEADERS, EXAMPLE_ROW, strict=True))
    example.update({"sending_institution": "partner.example.org", "unit": "SCI"})
    items, report = parse_sheet(xlsx_bytes(headers, [[example[h] for h in headers]]), "n.xlsx")
    assert report.ok and items[0].fewer_opportunities is None
