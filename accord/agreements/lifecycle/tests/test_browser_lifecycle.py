"""In a real browser: a coordinator proposes an agreement, an officer sends it back with a comment."""

from typing import Any

import pytest

from accord.agreements.models import AgreementStatus
from accord_testing.browser import sign_in, snapshot_on_failure
from accord_testing.world import World

pytestmark = pytest.mark.browser


def test_propose_and_send_back_with_a_comment(transactional_db: Any, world: World, page: Any) -> None:
    agreement = world.agreement
    agreement.status = AgreementStatus.DRAFT
    agreement.save()
    try:
        sign_in(page, "coordinator")
        page.goto(f"/agreements/{agreement.pk}/")
        page.get_by_role("button", name="Send for internal review").click()
        page.get_by_text("The people concerned were notified").wait_for()
        page.context.clear_cookies()

        sign_in(page, "officer")
        page.goto("/agreements/approvals/")
        page.get_by_role("link", name=agreement.title).click()
        page.get_by_role("link", name="Send back…").click()
        page.get_by_role("button", name="Send back").click()
        page.get_by_text("This field is required").wait_for()  # a comment is required
        page.get_by_label("Comment for the people concerned").fill("Add the staff mobility")
        page.get_by_role("button", name="Send back").click()
        page.get_by_text("Send back: done").wait_for()
        agreement.refresh_from_db()
        assert agreement.status == AgreementStatus.DRAFT
        page.get_by_text("Status timeline").click()
        page.get_by_text("“Add the staff mobility”").wait_for()
    except Exception:
        snapshot_on_failure(page, "lifecycle")
        raise
