"""Chart axes of counts tick at whole numbers."""

import re

import pytest

from accord.analytics.charts import Chart
from accord.analytics.svg import _nice_max, render


@pytest.mark.parametrize(
    ("peak", "end"), [(0, 4), (3, 4), (5, 8), (9, 12), (50, 60), (100, 100), (9882, 10000)]
)
def test_axis_ends_are_four_whole_steps(peak: float, end: float) -> None:
    assert _nice_max(peak) == end
    assert (end / 4) == int(end / 4)


def test_a_small_bar_chart_labels_whole_ticks() -> None:
    chart = Chart("c", "Flows", "", "bars", ["Country", "Out", "In"], [["Poland", 5, 1]], series=(1, 2))
    ticks = re.findall(r'text-anchor="middle" fill="#555">([^<]+)</text>', render(chart))
    assert ticks == ["0", "2", "4", "6", "8"]
