"""Driving Debian's Chromium with Playwright against the live test server, for the tests marked `browser`.

Without Chromium the browser tests are skipped with a reason, so that a clone with nothing installed beside
it still passes; CI sets ACCORD_REQUIRE_CHROMIUM=1, which turns a missing browser into a failure instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from accord_testing.factories import PASSWORD

CHROMIUM = os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(os.environ.get("ACCORD_TEST_ARTIFACTS", "test-artifacts"))
DESKTOP = {"width": 1280, "height": 900}


def require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium, or set ACCORD_CHROMIUM)"
    if os.environ.get("ACCORD_REQUIRE_CHROMIUM") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def browser_page(base_url: str, *, viewport: dict[str, int] | None = None) -> Iterator[Any]:
    require_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
    # browser steps are still ordinary synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, viewport=viewport or DESKTOP)
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            browser.close()


def sign_in(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def snapshot_on_failure(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
