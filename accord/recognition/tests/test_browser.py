"""In a real browser: the officer enters a transcript and converts the grades; the coordinator signs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from accord.recognition.models import DecisionStatus, RecognitionDecision
from accord.recognition.tests.factories import components, make_learning_agreement
from accord_testing.browser import sign_in, snapshot_on_failure
from accord_testing.world import World

pytestmark = pytest.mark.browser


def test_transcript_conversion_and_signature(transactional_db: Any, world: World, page: Any) -> None:
    la = make_learning_agreement(world.mobility)
    hosts, homes = components(la, "A"), components(la, "B")
    base = f"/recognition/mobilities/{world.mobility.pk}/"
    sign_in(page, "officer")
    try:
        page.goto(base + "transcript/")
        page.get_by_label("Host grading scale").select_option("pl-2-5")
        page.get_by_label(f"Grade for {hosts[0].title}").fill("4.5")
        page.get_by_label(f"Grade for {hosts[1].title}").fill("B")  # not a Polish grade
        page.get_by_role("button", name="Save transcript").click()
        assert "is not on Poland" in page.locator(f"#id_grade_{hosts[1].pk}_error").inner_text()
        page.get_by_label(f"Grade for {hosts[1].title}").fill("4")
        page.get_by_label(f"Grade for {hosts[2].title}").fill("3,5")
        page.get_by_role("button", name="Save transcript").click()
        page.wait_for_url(re.compile(r"/transcript/$"))
        page.goto(base)
        page.get_by_role("button", name="Convert grades and save the draft").click()
        # No course equivalence says where each home course's grade comes from: the row says so.
        assert "choose the host components" in page.locator(".field-error .errorlist").first.inner_text()
        for home, sources in ((homes[0], hosts[:1]), (homes[1], hosts[1:])):
            for host in sources:
                page.locator(f"input[name=sources_{home.pk}][value='{host.pk}']").check()
        page.get_by_role("button", name="Convert grades and save the draft").click()
        page.wait_for_url(re.compile(re.escape(base) + "$"))
        assert page.get_by_text("Linear fallback").first.is_visible()
        page.context.clear_cookies()
    except Exception:
        snapshot_on_failure(page, "recognition-officer")
        raise
    sign_in(page, "coordinator")
    try:
        page.goto(base)
        page.get_by_label("Your position").fill("Erasmus coordinator")
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name=re.compile("^Sign as")).click()
        page.wait_for_url(re.compile(re.escape(base) + "$"))
        assert page.get_by_text("Recognition signed").is_visible()
    except Exception:
        snapshot_on_failure(page, "recognition-coordinator")
        raise
    assert RecognitionDecision.objects.get().status == DecisionStatus.SIGNED
