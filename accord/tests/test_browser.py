"""End-to-end tests in a real browser: Debian's Chromium driven by Playwright against a live server.

Run with `pytest -m browser`; `make test` leaves them out, CI runs them after installing chromium.
"""

import re
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from accord.agreements.models import Agreement
from accord_testing.browser import sign_in, snapshot_on_failure
from accord_testing.world import World

pytestmark = pytest.mark.browser


def test_officer_creates_an_agreement_and_finds_it_in_the_filtered_list(
    transactional_db: Any, world: World, page: Any
) -> None:
    sign_in(page, "officer")
    try:
        page.goto("/agreements/new/")
        page.get_by_label("Title").fill("Browser-made exchange with Poland")
        page.get_by_label("Kind").select_option("erasmus_iia")
        page.get_by_label("Owning unit").select_option(str(world.faculty_a.pk))

        # Choosing a partner re-renders the form (the conditions offer the chosen partners): wait for it.
        with page.expect_response(re.compile(r"/agreements/new/$")):
            page.locator("#id_partners-0-institution").select_option(str(world.home.pk))
        # The response may arrive before htmx has swapped the form in; text typed into the old form is lost
        # with it, so type again until the type-ahead has offered the partner.
        partner_select = page.locator("#id_partners-1-institution")
        option = partner_select.locator(f'option[value="{world.partner.pk}"]')
        settled = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
        for attempt in range(3):
            page.wait_for_function(settled)
            search = page.locator('[name="partners-1-institution_search"]')
            search.fill("")  # a fresh input event each attempt, even when the text is already there
            search.fill("Partner University")
            try:
                option.wait_for(state="attached", timeout=5000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
        with page.expect_response(re.compile(r"/agreements/new/$")):
            partner_select.select_option(str(world.partner.pk))

        page.locator("#id_conditions-0-mobility_type").select_option("student_studies")
        page.locator("#id_conditions-0-first_year").select_option("2026")
        page.locator("#id_conditions-0-last_year").select_option("2028")
        page.locator("#id_conditions-0-places_per_year").fill("4")
        page.locator("#id_conditions-0-sending_institution").select_option(str(world.home.pk))
        page.locator("#id_conditions-0-receiving_institution").select_option(str(world.partner.pk))
        page.locator("#id_conditions-0-total_months_per_year").fill("20")
        page.locator("#id_conditions-0-eqf_levels_5").check()
        page.locator('[name="conditions-0-areas-0-isced"]').fill("0613")
        page.locator('[name="conditions-0-languages-0-language"]').fill("en")
        page.locator("#id_conditions-0-languages-0-cefr_level").select_option("B2")
        page.get_by_role("button", name="Create agreement").click()
        page.wait_for_url(re.compile(r"/agreements/\d+/$"))

        agreement = Agreement.objects.get(title="Browser-made exchange with Poland")
        condition = agreement.conditions.get()
        assert (condition.places_per_year, condition.first_year_id, condition.last_year_id) == (4, 2026, 2028)
        assert page.get_by_role("heading", name=re.compile("Browser-made exchange")).is_visible()

        page.goto("/agreements/?country=PL&subject_area=0613&academic_year=2027")
        results = page.locator("main table")
        assert results.get_by_text("Browser-made exchange with Poland").is_visible()
        # The filter really filters: the agreement with the Spanish partner is not listed.
        assert results.get_by_text("Unrelated University").count() == 0
    except Exception:
        snapshot_on_failure(page, "officer_creates_agreement")
        raise


def test_partner_contact_cannot_reach_an_unrelated_agreement(
    transactional_db: Any, world: World, page: Any
) -> None:
    sign_in(page, "partner_contact")
    try:
        own = page.goto(f"/agreements/{world.agreement.pk}/")
        assert own is not None and own.status == 200
        hidden = page.goto(f"/agreements/{world.other_agreement.pk}/")
        missing = page.goto("/agreements/999999/")
        assert hidden is not None and missing is not None
        assert hidden.status == missing.status == 404
        assert "Unrelated University" not in page.content()
        page.goto("/agreements/")
        assert page.locator("main").get_by_text(world.other_agreement.title).count() == 0
    except Exception:
        snapshot_on_failure(page, "partner_contact_hidden_agreement")
        raise
