"""In a real browser: the office sends a nomination, the partner contact rejects it, the office sees why."""

import re
from typing import Any

import pytest

from accord.mobility.models import Mobility, MobilityStatus
from accord_testing.browser import sign_in, snapshot_on_failure
from accord_testing.world import World

pytestmark = pytest.mark.browser


def test_a_nomination_goes_to_the_partner_and_comes_back_rejected(
    transactional_db: Any,
    world: World,
    page: Any,
) -> None:
    mobility = world.mobility
    sign_in(page, "officer")
    try:
        page.goto(f"/mobilities/{mobility.pk}/")
        page.get_by_role("link", name=re.compile("Send the nomination to Partner University")).click()
        page.get_by_role("button", name="Send the nomination").click()
        page.get_by_text("Nomination sent to Partner University.").wait_for()
        page.context.clear_cookies()

        sign_in(page, "partner_contact")
        page.goto("/mobilities/nominations/")
        page.get_by_role("link", name="Stu Dent").click()
        page.get_by_role("link", name="Reject").click()
        page.get_by_role("button", name="Reject the nomination").click()
        page.get_by_text("This field is required.").wait_for()  # the reason is required, shown beside it
        page.get_by_label("Why is the nomination rejected?").fill("No places left in the winter semester.")
        page.get_by_role("button", name="Reject the nomination").click()
        page.get_by_text("Nomination of Stu Dent rejected.").wait_for()
        page.context.clear_cookies()

        sign_in(page, "officer")
        page.goto("/mobilities/nominations/?status=rejected")
        page.get_by_role("link", name="Stu Dent").click()
        page.get_by_role("definition").filter(has_text="No places left in the winter semester.").wait_for()
    except Exception:
        snapshot_on_failure(page, "nomination-rejected")
        raise
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.REJECTED
    assert Mobility.objects.get(pk=mobility.pk).decided_by == world.users["partner_contact"]
