"""In a real browser: the analytics dashboard, its faculty filter, its data tables and its downloads."""

import re
import struct
from typing import Any

import pytest
from django.utils import timezone

from accord.analytics.refresh import refresh_all
from accord.analytics.selectors import current_year
from accord.mobility.models import Direction
from accord_testing.browser import sign_in, snapshot_on_failure
from accord_testing.factories import make_mobility
from accord_testing.world import World

pytestmark = pytest.mark.browser

CHART_TITLES = [
    "Partners on the map",
    "Flows by country",
    "Flows by region",
    "Mobilities per year",
    "Use of places",
    "Balance per partner",
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _mobilities(world: World) -> None:
    """Faculty A (Science) sends 3 to Poland; faculty B (Arts) sends 1 to and receives 4 from Spain."""
    year = current_year(timezone.localdate())  # the dashboard opens on this year
    for _ in range(2):
        make_mobility(agreement=world.agreement, year=year, status="completed")
    for _ in range(4):
        make_mobility(agreement=world.other_agreement, direction=Direction.INCOMING, year=year)
    # The world's own two mobilities have a fixed year; move them to the one on screen.
    for mobility in (world.mobility, world.other_mobility):
        mobility.academic_year_id = year
        mobility.save(update_fields=["academic_year"])
    refresh_all()


def _open_table(tab: Any, title: str) -> Any:
    """Opens a chart's "Data table" disclosure and returns its table."""
    chart = tab.get_by_role("region", name=title)
    table = chart.get_by_role("table")
    assert not table.is_visible()
    chart.get_by_text("Data table").click()
    table.wait_for(state="visible")
    return table


def _rows(table: Any) -> dict[str, list[str]]:
    rows = {}
    for row in table.locator("tbody tr").all():
        label, *values = row.locator("th, td").all_inner_texts()
        rows[label.strip()] = [v.strip() for v in values]
    return rows


def _stat(tab: Any, label: str) -> str:
    figures = tab.get_by_role("region", name=re.compile("Key figures"))
    stat = figures.locator(".stat").filter(has=tab.get_by_text(label, exact=True))
    return str(stat.locator(".stat-value").inner_text()).strip()


def test_officer_filters_by_faculty_reads_a_table_and_downloads_a_chart(
    transactional_db: Any,
    world: World,
    page: Any,
) -> None:
    _mobilities(world)
    sign_in(page, "officer")
    try:
        page.goto("/analytics/")
        headings = page.get_by_role("main").get_by_role("heading", level=2)
        assert headings.all_inner_texts() == CHART_TITLES
        assert page.locator(".chart svg").count() == 6
        assert _stat(page, "Outgoing") == "4"
        assert _stat(page, "Incoming") == "4"
        # Country, code, outgoing, incoming, total.
        assert _rows(_open_table(page, "Flows by country")) == {
            "Spain": ["ES", "1", "4", "5"],
            "Poland": ["PL", "3", "0", "3"],
        }

        page.get_by_label("Faculty").select_option(label="Faculty of Science")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(rf"faculty={world.faculty_a.pk}"))
        assert _stat(page, "Outgoing") == "3"
        assert _stat(page, "Incoming") == "0"
        assert _rows(_open_table(page, "Flows by country")) == {"Poland": ["PL", "3", "0", "3"]}
        balance = _rows(_open_table(page, "Balance per partner"))
        assert list(balance) == ["Partner University"]
        assert balance["Partner University"][:4] == ["PL", "3", "0", "3"]

        countries = page.get_by_role("region", name="Flows by country")
        with page.expect_download() as download_info:
            countries.get_by_role("button", name="PNG").click()
        download = download_info.value
        assert download.suggested_filename == "accord-countries.png"
        with open(download.path(), "rb") as file:
            png = file.read()
        assert png.startswith(PNG_SIGNATURE)
        # Drawn at twice the chart's size (the IHDR chunk holds width and height).
        view_box = countries.locator("svg").first.get_attribute("viewBox")
        width, height = (int(float(n)) for n in view_box.split()[2:])
        assert struct.unpack(">II", png[16:24]) == (2 * width, 2 * height)

        # The files carry the filters on screen.
        svg = page.request.get(countries.get_by_role("link", name="SVG").get_attribute("href"))
        assert svg.status == 200
        assert svg.headers["content-type"] == "image/svg+xml"
        assert svg.body().lstrip().startswith(b"<svg")
        csv = page.request.get(countries.get_by_role("link", name="CSV").get_attribute("href"))
        assert csv.status == 200
        assert csv.headers["content-type"] == "text/csv; charset=utf-8"
        lines = csv.body().decode("utf-8-sig").splitlines()
        assert lines == ["Country,Code,Outgoing,Incoming,Total", "Poland,PL,3,0,3"]
    except Exception:
        snapshot_on_failure(page, "analytics_officer")
        raise


def test_coordinator_sees_only_their_faculty(transactional_db: Any, world: World, page: Any) -> None:
    _mobilities(world)
    sign_in(page, "coordinator")
    try:
        page.goto("/analytics/")
        faculty = page.get_by_label("Faculty")
        assert faculty.locator("option").all_inner_texts() == ["All faculties", "Faculty of Science"]
        assert _stat(page, "Incoming") == "0"
        assert _rows(_open_table(page, "Flows by country")) == {"Poland": ["PL", "3", "0", "3"]}
        assert list(_rows(_open_table(page, "Balance per partner"))) == ["Partner University"]
        assert page.get_by_text("Unrelated University").count() == 0

        # Asking for the other faculty by hand shows no more than before.
        page.goto(f"/analytics/?faculty={world.faculty_b.pk}")
        assert _rows(_open_table(page, "Flows by country")) == {"Poland": ["PL", "3", "0", "3"]}
        csv = page.request.get(f"/analytics/charts/countries.csv?faculty={world.faculty_b.pk}")
        assert csv.status == 200
        assert "Spain" not in csv.text()
    except Exception:
        snapshot_on_failure(page, "analytics_coordinator")
        raise
