"""Reach goals at every UN region level ("no partner in West Africa in engineering") and chart text beyond
Latin-1 in the PDF report."""

import pytest

from accord.agreements.models import ConditionSubjectArea
from accord.analytics.refresh import refresh_all
from accord.mobility.models import Direction
from accord.reference.vocab import region_choices, region_named, regions
from accord_testing.factories import InstitutionFactory, make_agreement, make_mobility, pdf_text, send_api
from accord_testing.world import World

pytestmark = pytest.mark.django_db


def test_every_un_region_level_is_a_region() -> None:
    assert "NG" in regions()["Western Africa"]
    assert "NG" in regions()["Sub-Saharan Africa"]
    assert "NG" in regions()["Africa"]
    assert "KE" not in regions()["Western Africa"]
    assert ("Western Africa", "—— Western Africa") in region_choices()
    assert region_named("West Africa") == "Western Africa"
    assert region_named("  south   AMERICA ") == "South America"
    assert region_named("Atlantis") is None


def _goal(world: World) -> dict[str, object]:
    response = send_api(
        world,
        "officer",
        "post",
        "/api/v1/analytics/goals",
        {"kind": "region", "code": "West Africa", "isced": "07"},
    )
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_a_west_africa_engineering_goal_names_the_gap_then_is_met(world: World) -> None:
    refresh_all()
    goal = _goal(world)
    assert goal["code"] == "Western Africa"
    assert str(goal["text"]).startswith("No partner in Western Africa in 07 ")
    assert goal["met"] is False

    lagos = InstitutionFactory(name="University of Lagos", country="NG")
    agreement = make_agreement(home=world.home, partner=lagos, owner_unit=world.faculty_a)
    ConditionSubjectArea.objects.create(condition=agreement.conditions.first(), isced_id="0710")
    # A partner in Kenya teaching engineering is in Sub-Saharan Africa, not in Western Africa.
    nairobi = InstitutionFactory(name="University of Nairobi", country="KE")
    other = make_agreement(home=world.home, partner=nairobi, owner_unit=world.faculty_a)
    ConditionSubjectArea.objects.create(condition=other.conditions.first(), isced_id="0710")
    refresh_all()

    listed = send_api(world, "officer", "get", "/api/v1/analytics/goals").json()
    found = next(g for g in listed if g["code"] == "Western Africa")
    assert (found["partners"], found["met"]) == (1, True)
    page = world.client_for("officer").get("/analytics/reach/").content.decode()
    assert "1 partner in Western Africa in 07 " in page


def test_dashboard_filters_by_an_intermediate_region(world: World) -> None:
    lagos = InstitutionFactory(name="University of Lagos", country="NG")
    agreement = make_agreement(home=world.home, partner=lagos, owner_unit=world.faculty_a)
    make_mobility(agreement=agreement, direction=Direction.OUTGOING, year=2025, status="completed")
    make_mobility(agreement=world.agreement, direction=Direction.OUTGOING, year=2025, status="completed")
    refresh_all()
    client = world.client_for("officer")
    response = client.get("/api/v1/analytics/charts/countries?year=2025/2026&region=Western%20Africa")
    assert response.status_code == 200, response.content
    rows = response.json()["rows"]
    assert [row[1] for row in rows] == ["NG"]


def test_chart_text_beyond_latin_1_prints_in_the_pdf_report(world: World) -> None:
    lodz = InstitutionFactory(name="Uniwersytet Łódzki", country="PL")
    agreement = make_agreement(home=world.home, partner=lodz, owner_unit=world.faculty_a)
    for _ in range(3):
        make_mobility(agreement=agreement, direction=Direction.OUTGOING, year=2025, status="completed")
    refresh_all()
    pdf = world.client_for("officer").get("/analytics/report/?year=2025&format=pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "Uniwersytet Łódzki" in text
    assert "Uniwersytet ??dzki" not in text


def test_the_report_key_figures_are_of_the_report_year(world: World) -> None:
    for _ in range(2):
        make_mobility(agreement=world.agreement, direction=Direction.OUTGOING, year=2024, status="completed")
    make_mobility(agreement=world.agreement, direction=Direction.INCOMING, year=2024, status="completed")
    make_mobility(agreement=world.agreement, direction=Direction.OUTGOING, year=2025, status="completed")
    refresh_all()
    pdf = world.client_for("officer").get("/analytics/report/?year=2024&format=pdf")
    text = " ".join(pdf_text(pdf.content).split())
    assert "Outgoing mobilities realised (2024/2025) 2" in text
    assert "Incoming mobilities realised (2024/2025) 1" in text
