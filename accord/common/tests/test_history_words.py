import pytest

from accord.common.templatetags.history import action_words, field_words
from accord_testing.factories import send_api
from accord_testing.world import World


def test_actions_and_fields_read_as_words() -> None:
    assert action_words("agreement.document_added") == "Document added"
    assert action_words("mobility.updated") == "Updated"
    assert action_words("") == ""
    assert field_words("fewer_opportunities") == "Fewer opportunities"
    assert field_words("isced_code") == "ISCED code"


@pytest.mark.django_db
def test_a_history_panel_says_what_happened_in_words(world: World) -> None:
    url = f"/api/v1/mobilities/{world.mobility.pk}"
    assert send_api(world, "officer", "patch", url, {"ects_planned": "25"}).status_code == 200
    page = world.client_for("officer").get(f"/mobilities/{world.mobility.pk}/").content.decode()
    assert '<strong title="mobility.updated">Updated</strong>' in page
    assert "<td>ECTS planned</td>" in page
