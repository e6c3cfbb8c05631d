"""Research and surveys with partners through the pages, and what they feed."""

import pytest

from accord.analytics.models import HealthScoreRow
from accord.analytics.refresh import refresh_all
from accord_testing.world import World

pytestmark = pytest.mark.django_db


def test_satisfaction_survey_needs_a_rating_and_feeds_the_score(world: World) -> None:
    client = world.client_for("officer")
    form = {
        "institution": world.partner.pk,
        "kind": "satisfaction",
        "academic_year": "2025/2026",
        "title": "Survey",
        "count": 1,
    }
    response = client.post("/analytics/activities/new/", form)
    assert response.status_code == 422
    assert "A survey needs a rating from 1 to 5." in response.content.decode()
    assert client.post("/analytics/activities/new/", {**form, "rating": "4"}).status_code == 302
    refresh_all()
    row = HealthScoreRow.objects.get(level="partner", institution=world.partner)
    satisfaction = next(i for i in row.indicators if i["code"] == "satisfaction")
    assert satisfaction["value"] == 75.0
