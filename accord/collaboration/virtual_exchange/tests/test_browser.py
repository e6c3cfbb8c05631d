"""Two teachers of two institutions find each other's courses, one proposes, the other accepts (Chromium)."""

import datetime as dt
from typing import Any

import pytest

from accord.collaboration.models import OfferStatus, VirtualExchangeOffer
from accord.collaboration.tests.factories import make_offer
from accord_testing.browser import sign_in, snapshot_on_failure
from accord_testing.world import World

pytestmark = pytest.mark.browser


def test_two_teachers_find_each_other_propose_and_accept(
    transactional_db: Any, world: World, page: Any
) -> None:
    theirs = make_offer(
        world.users["partner_contact"],
        world.partner,
        title="Social robots",
        start_date=dt.date(2027, 3, 1),
        timezone="Europe/Warsaw",
    )
    sign_in(page, "coordinator")
    try:
        page.goto("/collaboration/virtual-exchange/new/")
        page.get_by_label("Title").fill("Robotics and society")
        page.get_by_label("Offered by").select_option(f"unit:{world.faculty_a.pk}")
        page.locator("#id_teacher_name").fill("Ada Teacher")
        page.get_by_label("Description").fill("Students design a robot for a social need.")
        page.get_by_label("Field of education (ISCED-F)").select_option("0613")
        page.get_by_label("EQF level").select_option("6")
        page.get_by_label("Language of collaboration").select_option("en")
        page.get_by_label("Teaching starts").fill("2027-02-15")
        page.get_by_label("Teaching ends").fill("2027-06-15")
        page.get_by_label("Time zone of the course").select_option("Europe/Brussels")
        page.get_by_label("Weekly live sessions").fill("Tuesday 14:00-15:30")
        page.get_by_label("Class size").fill("25")
        page.get_by_role("button", name="Save").click()
        page.get_by_role("heading", name="Suggested partner courses").wait_for()
        suggestion = page.locator("ol.suggestions > li").filter(has_text="Social robots")
        suggestion.get_by_text("Why this score").click()
        assert suggestion.get_by_role("cell", name="Discipline").is_visible()
        suggestion.get_by_text("Propose to teach together").click()
        suggestion.get_by_label("Message to the teacher").fill("Our classes would fit well.")
        suggestion.get_by_role("button", name="Send the proposal").click()
        page.get_by_text("Proposed to the teacher of “Social robots”").wait_for()

        page.context.clear_cookies()
        sign_in(page, "partner_contact")
        page.goto(f"/collaboration/virtual-exchange/{theirs.pk}/")
        received = page.locator("article.proposal").filter(has_text="Robotics and society")
        assert received.get_by_text("Our classes would fit well.").is_visible()
        received.get_by_label("Message to the teacher").fill("Gladly!")
        received.get_by_role("button", name="Accept").click()
        page.get_by_text("Accepted: both courses are now matched.").wait_for()
    except Exception:
        snapshot_on_failure(page, "virtual-exchange")
        raise
    ours = VirtualExchangeOffer.objects.get(title="Robotics and society")
    theirs.refresh_from_db()
    assert ours.status == theirs.status == OfferStatus.MATCHED
