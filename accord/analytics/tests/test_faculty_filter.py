"""The faculty filter counts a mobility under its own unit, or under its agreement's owner when it has none;
and the charts' data tables are escaped."""

import pytest

from accord.analytics.charts import Chart
from accord.analytics.refresh import refresh_all
from accord.analytics.templatetags.analytics_tables import TABLE_ROWS, chart_table_body
from accord.mobility.models import Direction
from accord_testing.factories import UnitFactory, make_agreement, make_mobility, send_api
from accord_testing.world import World

pytestmark = pytest.mark.django_db


def _countries(world: World, query: str) -> dict[str, int]:
    response = send_api(world, "officer", "get", f"/api/v1/analytics/charts/countries?year=2025/2026{query}")
    assert response.status_code == 200, response.content
    return {row[1]: row[4] for row in response.json()["rows"]}


def test_a_mobility_counts_for_its_own_unit_else_for_the_agreement_owner(world: World) -> None:
    agreement = make_agreement(home=world.home, partner=world.partner, owner_unit=world.faculty_a)
    department = UnitFactory(institution=world.home, parent=world.faculty_b, name="Department of Music")
    # No unit of its own: the owner (faculty A) answers for it.
    unowned = make_mobility(agreement=agreement, direction=Direction.OUTGOING, year=2025, status="completed")
    unowned.unit = None
    unowned.save(update_fields=["unit"])
    # A department of faculty B sent this one under faculty A's agreement.
    make_mobility(
        agreement=agreement, direction=Direction.OUTGOING, year=2025, status="completed", unit=department
    )
    make_mobility(agreement=agreement, direction=Direction.INCOMING, year=2025, status="completed")
    refresh_all()

    assert _countries(world, "") == {"PL": 3}
    assert _countries(world, f"&faculty={world.faculty_a.pk}") == {"PL": 2}
    assert _countries(world, f"&faculty={world.faculty_b.pk}") == {"PL": 1}
    assert _countries(world, f"&faculty={world.faculty_b.pk}&kind=erasmus_iia") == {"PL": 1}
    assert _countries(world, f"&faculty={world.faculty_b.pk}&kind=joint_degree") == {}
    map_rows = send_api(
        world, "officer", "get", f"/api/v1/analytics/charts/map?year=2025/2026&faculty={world.faculty_a.pk}"
    ).json()["rows"]
    assert [(row[0], row[4], row[5]) for row in map_rows] == [(world.partner.name, 1, 1)]


def test_chart_tables_escape_their_cells_and_say_when_empty() -> None:
    chart = Chart("t", "T", "", "bars", ["Partner", "Outgoing", "Share"], [["<b>Évora</b>", 3, None]])
    html = chart_table_body(chart.rows, len(chart.headers))
    assert html == '<tr><th scope="row">&lt;b&gt;Évora&lt;/b&gt;</th><td>3</td><td>—</td></tr>'
    assert "No data for these filters." in chart_table_body([], 3)
    assert chart_table_body([["x", n] for n in range(TABLE_ROWS + 5)], 2).count("<tr>") == TABLE_ROWS
