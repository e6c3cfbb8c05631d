"""The three-party signing flow and a change proposal in a real browser (run with `pytest -m browser`)."""

import re
from typing import Any

import pytest

from accord.learning.models import LearningAgreement
from accord_testing.browser import sign_in, snapshot_on_failure
from accord_testing.world import World

pytestmark = pytest.mark.browser


def _add(
    page: Any, la: LearningAgreement, table: str, code: str, title: str, ects: str, reason: str = ""
) -> None:
    page.goto(f"/learning-agreements/{la.pk}/components/new/?table={table}")
    page.get_by_label("Component code").fill(code)
    page.get_by_label("Title").fill(title)
    page.get_by_label("ECTS credits").fill(ects)
    if reason:
        page.get_by_label("Reason for the change").select_option(reason)
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(rf"/learning-agreements/{la.pk}/$"))


def _sign(page: Any, la: LearningAgreement, party: str) -> None:
    page.goto(f"/learning-agreements/{la.pk}/")
    form = page.locator("form.sign-form", has_text=f"Sign as {party}")
    form.get_by_label("I have read the tables above and agree to them.").check()
    form.get_by_role("button", name=re.compile("Sign revision")).click()
    page.wait_for_url(re.compile(rf"/learning-agreements/{la.pk}/$"))


def _relogin(page: Any, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)


def test_three_parties_sign_then_a_change_needs_signing_again(
    transactional_db: Any, world: World, page: Any
) -> None:
    page = page
    try:
        sign_in(page, "student")
        page.goto(f"/learning-agreements/mobility/{world.mobility.pk}/")
        page.get_by_role("button", name="Start the learning agreement").click()
        page.wait_for_url(re.compile(r"/learning-agreements/\d+/$"))
        la = LearningAgreement.objects.get(mobility=world.mobility)
        _add(page, la, "A", "ALG", "Algorithms", "15")
        _add(page, la, "A", "DB", "Databases", "15")
        _add(page, la, "B", "INF", "Informatics abroad", "30")
        page.goto(f"/learning-agreements/{la.pk}/")
        assert page.locator("#table-a tfoot").inner_text().strip().endswith("30.0")
        assert page.get_by_text("Sign as the sending institution").count() == 0
        _sign(page, la, "the student")

        _relogin(page, "coordinator")
        _sign(page, la, "the sending institution")
        _relogin(page, "partner_contact")
        _sign(page, la, "the receiving institution")
        assert "Approved" in page.locator("h1").inner_text()

        # The student proposes to replace Algorithms; the approved version stays in force until all re-sign.
        _relogin(page, "student")
        page.goto(f"/learning-agreements/{la.pk}/")
        page.get_by_role("button", name="Propose changes").click()
        page.locator("#table-a tr", has_text="Algorithms").get_by_role("link", name="Delete…").click()
        page.locator("#id_reason_code").select_option("timetable-conflict")
        page.get_by_role("button", name="Propose deletion").click()
        _add(page, la, "A", "CMP", "Compilers", "15", reason="substituting-deleted")
        _sign(page, la, "the student")
        assert "to be deleted" in page.locator("#table-a-in-force").inner_text()
        assert page.locator(".slot", has_text="Student").first.inner_text().count("Signed by") == 1

        # The coordinator changes the inserted row: the student's signature of the older content is removed.
        _relogin(page, "coordinator")
        page.goto(f"/learning-agreements/{la.pk}/")
        page.locator("#table-a tr", has_text="Compilers").get_by_role("link", name="Edit").click()
        page.get_by_label("ECTS credits").fill("14")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(rf"/learning-agreements/{la.pk}/$"))
        student_slot = page.locator("#open-proposal .slot", has_text="Student").first.inner_text()
        assert "Not signed yet" in student_slot
        assert "Algorithms" in page.locator("#table-a-in-force").inner_text()
    except Exception:
        snapshot_on_failure(page, "learning-three-party-flow")
        raise
