"""Analytics through its interfaces: ledger arithmetic, scoping, charts, scores, reach, reporting."""

import json
from typing import Any

import pytest

from accord.analytics.models import AnalyticsSettings, ReachGoal
from accord.analytics.refresh import refresh_all
from accord.common.models import AuditEvent
from accord.mobility.models import Direction
from accord_testing.factories import InstitutionFactory, make_agreement, make_mobility, send_api
from accord_testing.world import World

pytestmark = pytest.mark.django_db


def _mobilities(
    world: World, agreement: Any, year: int, *, out: int = 0, into: int = 0, status: str = "completed"
) -> None:
    for _ in range(out):
        make_mobility(agreement=agreement, direction=Direction.OUTGOING, year=year, status=status)
    for _ in range(into):
        make_mobility(agreement=agreement, direction=Direction.INCOMING, year=year, status=status)


def _ledger(world: World, persona: str, agreement: Any) -> dict[str, Any]:
    response = world.client_for(persona).get(f"/api/v1/analytics/ledger/agreements/{agreement.pk}")
    assert response.status_code == 200, response.content
    return {line["academic_year"]: line for line in response.json()["lines"]}


def test_ledger_carries_the_balance_over_and_forecasts_the_pipeline(world: World) -> None:
    agreement = make_agreement(home=world.home, partner=world.partner, owner_unit=world.faculty_a)
    agreement.carries_balance_over = True
    agreement.save()
    _mobilities(world, agreement, 2023, out=3, into=1)
    _mobilities(world, agreement, 2024, into=1)
    _mobilities(world, agreement, 2025, out=2, status="nominated")
    _mobilities(world, agreement, 2025, out=1, status="cancelled")
    lines = _ledger(world, "officer", agreement)
    assert [(y, lines[y]["carried_in"], lines[y]["net"], lines[y]["closing"]) for y in sorted(lines)] == [
        ("2023/2024", 0, 2, 2),
        ("2024/2025", 2, -1, 1),
        ("2025/2026", 1, 0, 1),
    ]
    assert lines["2025/2026"]["forecast_outgoing"] == 2
    assert lines["2025/2026"]["forecast_closing"] == 3
    # Students go 15 Sep to 31 Jan: 139 days, 4.6 months of 30 days each.
    assert lines["2023/2024"]["outgoing_student_months"] == pytest.approx(3 * 139 / 30, abs=0.1)
    assert lines["2023/2024"]["warning"] == ""


def test_ledger_without_carry_over_and_the_warning_threshold(world: World) -> None:
    agreement = make_agreement(home=world.home, partner=world.partner, owner_unit=world.faculty_a)
    _mobilities(world, agreement, 2023, out=5)
    _mobilities(world, agreement, 2024, into=1)
    lines = _ledger(world, "officer", agreement)
    assert lines["2024/2025"]["carried_in"] == 0
    assert lines["2023/2024"]["warning"].startswith("Imbalance of 5")
    page = world.client_for("officer").get(f"/analytics/ledger/agreements/{agreement.pk}/")
    assert b"Imbalance of 5" in page.content
    csv = world.client_for("officer").get(f"/analytics/ledger/agreements/{agreement.pk}/?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert b"2023/2024" in csv.content


def test_a_coordinator_sees_only_their_units_figures(world: World) -> None:
    _mobilities(world, world.agreement, 2025, out=2)
    _mobilities(world, world.other_agreement, 2025, out=5, into=3)
    refresh_all()
    officer = send_api(world, "officer", "get", "/api/v1/analytics/charts/countries?year=2025/2026").json()
    coordinator = send_api(
        world, "coordinator", "get", "/api/v1/analytics/charts/countries?year=2025/2026"
    ).json()
    outsider = send_api(world, "outsider", "get", "/api/v1/analytics/charts/countries?year=2025/2026").json()
    by_code = {row[1]: row for row in officer["rows"]}
    assert by_code["ES"][2:4] == [5, 3]
    assert [row[1] for row in coordinator["rows"]] == ["PL"]
    assert coordinator["rows"][0][2] == 2
    assert outsider["rows"] == []
    # Partner-level scores mix every unit's exchanges: not for coordinators.
    assert (
        send_api(world, "coordinator", "get", "/api/v1/analytics/scores?level=partner").json()["items"] == []
    )
    agreement_scores = send_api(
        world, "coordinator", "get", "/api/v1/analytics/scores?level=agreement"
    ).json()
    assert {item["agreement_id"] for item in agreement_scores["items"]} == {world.agreement.pk}


def test_scores_come_with_their_breakdown_and_trend(world: World) -> None:
    _mobilities(world, world.agreement, 2025, out=3)
    refresh_all()
    items = send_api(world, "officer", "get", "/api/v1/analytics/scores?level=partner").json()["items"]
    partner = next(item for item in items if item["institution_id"] == world.partner.pk)
    codes = {i["code"]: i for i in partner["indicators"]}
    assert codes["balance"]["value"] == 0.0  # three out, none in
    assert "balance" in partner["pulling_down"]
    assert len(partner["trend"]) == 5
    page = world.client_for("officer").get(f"/analytics/scores/{partner['id']}/")
    assert b"Balance of exchange" in page.content
    assert AuditEvent.objects.filter(action="analytics.refreshed").exists()


@pytest.mark.parametrize("key", ["map", "countries", "regions", "trend", "places", "balance"])
def test_every_chart_downloads_as_svg_csv_and_xlsx(world: World, key: str) -> None:
    _mobilities(world, world.agreement, 2025, out=1, into=2)
    refresh_all()
    client = world.client_for("officer")
    svg = client.get(f"/analytics/charts/{key}.svg?year=2025")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg") and b"<title" in svg.content
    assert client.get(f"/analytics/charts/{key}.csv?year=2025")["Content-Type"].startswith("text/csv")
    xlsx = client.get(f"/analytics/charts/{key}.xlsx?year=2025")
    assert xlsx.content[:2] == b"PK"
    assert client.get(f"/analytics/charts/{key}.pdf").status_code == 404


def test_dashboard_shows_each_chart_with_a_data_table(world: World) -> None:
    _mobilities(world, world.agreement, 2025, out=1)
    refresh_all()
    page = world.client_for("officer").get("/analytics/?year=2025").content.decode()
    for title in (
        "Partners on the map",
        "Flows by country",
        "Flows by region",
        "Mobilities per year",
        "Use of places",
        "Balance per partner",
    ):
        assert title in page
    assert page.count("<summary>Data table") == 6
    assert "Poland" in page


def test_reach_goals_name_the_gaps(world: World) -> None:
    refresh_all()
    created = send_api(
        world,
        "officer",
        "post",
        "/api/v1/analytics/goals",
        {"kind": "region", "code": "sub-saharan africa", "isced": "07"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["text"].startswith("No partner in Sub-Saharan Africa in 07 ")
    assert created.json()["met"] is False
    met = send_api(world, "officer", "post", "/api/v1/analytics/goals", {"kind": "country", "code": "pl"})
    assert met.json()["met"] is True
    bad = send_api(
        world, "officer", "post", "/api/v1/analytics/goals", {"kind": "region", "code": "Atlantis"}
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_code")
    duplicate = send_api(
        world, "officer", "post", "/api/v1/analytics/goals", {"kind": "country", "code": "PL"}
    )
    assert duplicate.status_code == 409
    assert ReachGoal.objects.count() == 2
    page = world.client_for("officer").get("/analytics/reach/").content.decode()
    assert "No partner in Sub-Saharan Africa" in page


def test_goal_form_shows_errors_beside_the_field(world: World) -> None:
    response = world.client_for("officer").post(
        "/analytics/reach/goals/new/", {"kind": "country", "code": "QQ", "min_partners": 1}
    )
    assert response.status_code == 422
    assert "is not an ISO 3166 country code" in response.content.decode()


def test_fewer_opportunities_share_and_beneficiary_export(world: World) -> None:
    _mobilities(world, world.agreement, 2025, out=3)
    flagged = world.agreement.mobilities.filter(academic_year_id=2025).first()
    response = send_api(
        world, "officer", "patch", f"/api/v1/mobilities/{flagged.pk}", {"fewer_opportunities": True}
    )
    assert response.status_code == 200, response.content
    refresh_all()
    page = world.client_for("officer").get("/analytics/reach/?year=2025").content.decode()
    assert "1 of 3 participants (33.3%)" in page
    export = world.client_for("officer").get("/analytics/report/erasmus-mobilities.csv?year=2025")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mobility ID,Activity Type,Academic Year")
    assert len(lines) == 4
    assert sum(",Yes," in line for line in lines) == 1
    assert all(",SMS,2025/2026," in line for line in lines[1:])


def test_settings_change_weights_with_audit_and_refuse_bad_ones(world: World) -> None:
    from accord.engines.health import DEFAULT_WEIGHTS

    body = {
        "imbalance_threshold": 1,
        "at_risk_below": 50,
        "dormant_after_years": 3,
        "weights": {**DEFAULT_WEIGHTS, "balance": 10},
    }
    response = send_api(world, "officer", "put", "/api/v1/analytics/settings", body)
    assert response.status_code == 200, response.content
    assert AnalyticsSettings.objects.get().weights["balance"] == 10
    assert AuditEvent.objects.filter(action="analytics.settings_changed").exists()
    bad = send_api(world, "officer", "put", "/api/v1/analytics/settings", {**body, "weights": {"charm": 1}})
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_weight")
    stale = send_api(world, "officer", "put", "/api/v1/analytics/settings", {**body, "version": 1})
    assert stale.status_code == 409


def test_annual_report_in_html_and_pdf(world: World) -> None:
    _mobilities(world, world.agreement, 2025, out=2, into=1)
    refresh_all()
    client = world.client_for("officer")
    html = client.get("/analytics/report/?year=2025")
    assert b"Annual partnership report 2025/2026" in html.content
    pdf = client.get("/analytics/report/?year=2025&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_students_and_partner_contacts_see_no_analytics(world: World) -> None:
    for persona in ("student", "partner_contact"):
        assert world.client_for(persona).get("/analytics/").status_code == 404
        assert send_api(world, persona, "get", "/api/v1/analytics/charts/trend").status_code == 404


def test_partner_without_coordinates_is_listed_but_not_drawn(world: World) -> None:
    somewhere = InstitutionFactory(name="Nowhere College", country="FR", latitude=None, longitude=None)
    agreement = make_agreement(home=world.home, partner=somewhere, owner_unit=world.faculty_a)
    _mobilities(world, agreement, 2025, out=1)
    refresh_all()
    data = send_api(world, "officer", "get", "/api/v1/analytics/charts/map?year=2025/2026").json()
    assert any(row[0] == "Nowhere College" for row in data["rows"])
    svg = world.client_for("officer").get("/analytics/charts/map.svg?year=2025").content.decode()
    assert "Nowhere College" not in svg
    assert json.loads(json.dumps(data))  # JSON-serialisable end to end


def test_partner_ledger_sums_every_agreement_with_the_partner(world: World) -> None:
    second = make_agreement(home=world.home, partner=world.partner, owner_unit=world.faculty_b)
    _mobilities(world, world.agreement, 2024, out=2)
    _mobilities(world, second, 2024, into=1)
    _mobilities(world, second, 2025, into=1, status="accepted")
    refresh_all()
    lines = send_api(world, "officer", "get", f"/api/v1/analytics/ledger/partners/{world.partner.pk}").json()[
        "lines"
    ]
    by_year = {line["academic_year"]: line for line in lines}
    # The world's own mobility (planned, 2026) is pipeline too.
    assert (by_year["2024/2025"]["outgoing"], by_year["2024/2025"]["incoming"]) == (2, 1)
    assert by_year["2025/2026"]["pipeline_incoming"] == 1
    # The coordinator of faculty A sees only faculty A's side of it.
    mine = send_api(
        world, "coordinator", "get", f"/api/v1/analytics/ledger/partners/{world.partner.pk}"
    ).json()
    mine_2024 = next(line for line in mine["lines"] if line["academic_year"] == "2024/2025")
    assert (mine_2024["outgoing"], mine_2024["incoming"]) == (2, 0)


def test_reach_counts_only_a_coordinators_agreements(world: World) -> None:
    refresh_all()
    officer = world.client_for("officer").get("/analytics/reach/").content.decode()
    coordinator = world.client_for("coordinator").get("/analytics/reach/").content.decode()
    assert "2 countries covered" in officer  # Poland (faculty A) and Spain (faculty B)
    assert "1 country covered" in coordinator
