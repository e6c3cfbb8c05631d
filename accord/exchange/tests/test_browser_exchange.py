"""In a real browser: a student applies, the office allocates and publishes, the student reads the result."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from accord.exchange import services
from accord.exchange.models import Application, Call, Offer
from accord.exchange.tests.factories import apply, make_call, make_student, place_at
from accord_testing.browser import sign_in, snapshot_on_failure
from accord_testing.world import World

pytestmark = pytest.mark.browser


def test_a_student_applies_the_office_publishes_and_the_student_sees_why(
    transactional_db: Any,
    world: World,
    page: Any,
) -> None:
    call = make_call(world)
    officer = world.users["officer"]
    partner, other = place_at(call, world.partner), place_at(call, world.other_partner)
    services.place_update(place=partner, capacity=1, unit_id=None, actor=officer)
    services.place_update(place=other, capacity=1, unit_id=None, actor=officer)
    rival, _ = make_student(world, "ria")
    apply(world, call, rival, [partner], grade_average=Decimal(19))
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        sign_in(page, "student")
        page.goto(f"/exchange/calls/{call.pk}/destinations/")
        page.get_by_role("link", name="Partner University").click()
        page.get_by_role("link", name="Apply").click()
        page.get_by_label("Your faculty").select_option(str(world.faculty_a.pk))
        page.get_by_label("Credits earned (ECTS)").fill("90")
        page.get_by_label("Grade average").fill("12.5")
        page.get_by_label("Language certificates").fill("en B2")
        page.get_by_label("1st choice").select_option(str(partner.pk))
        page.get_by_label("2nd choice").select_option(str(other.pk))
        page.get_by_role("button", name="Submit application").click()
        page.wait_for_url(re.compile(r"/exchange/applications/\d+/$"))
        application = Application.objects.get(person__user=world.users["student"])
        assert [p.place_id for p in application.preferences.all()] == [partner.pk, other.pk]
        # The deadline passes.
        now = timezone.now()
        Call.objects.filter(pk=call.pk).update(
            opens_at=now - dt.timedelta(days=9), closes_at=now - dt.timedelta(minutes=1)
        )

        page.context.clear_cookies()
        sign_in(page, "officer")
        page.goto(f"/exchange/calls/{call.pk}/")
        page.get_by_label("Seed").fill("2026")
        page.get_by_role("button", name="Run allocation").click()
        page.wait_for_url(re.compile(r"/exchange/runs/\d+/$"))
        assert page.get_by_text("passed").first.is_visible()
        page.get_by_role("button", name="Publish to students").click()
        page.wait_for_load_state()
        assert page.get_by_text("published").first.is_visible()

        page.context.clear_cookies()
        sign_in(page, "student")
        page.goto("/exchange/my/")
        main = page.locator("main")
        assert main.get_by_text("You are offered a place at Unrelated University").is_visible()
        assert main.get_by_text(
            re.compile(r"full: the last admitted score was [\d.]+, yours is [\d.]+")
        ).is_visible()
        main.get_by_role("button", name="Accept").click()
        page.wait_for_url(re.compile(r"/exchange/my/$"))
        offer = Offer.objects.get(application=application)
        assert offer.status == "accepted" and offer.mobility is not None
    except Exception:
        snapshot_on_failure(page, "exchange_student_applies")
        raise
