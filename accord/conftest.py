"""Fixtures every test can use: the world of named personas (accord_testing.world) and safe defaults."""

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from accord_testing.browser import browser_page
from accord_testing.world import PERSONAS, World, build_world

__all__ = ["PERSONAS", "World"]

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose; every test user would pay for it (about 0.1-0.5 s each)."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded documents of a test land in its own temporary directory, never in the working tree."""
    settings.ACCORD_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    """A Chromium page on the live server (skipped without Chromium; see accord_testing.browser)."""
    with browser_page(live_server.url) as page:
        yield page


@pytest.fixture(scope="module")
def _module_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """One world for a whole module, written inside a transaction that is rolled back after the module.

    Each test of the module still runs in its own transaction (a savepoint inside this one), so what a test
    writes is gone before the next; see `shared_world`.
    """
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def shared_world(_module_world: World, db: Any) -> World:
    """The module's world for tests that only read it or whose writes are rolled back: it is built once per
    module instead of once per test. Each test gets its own copy of the Python objects, so that one test
    changing an instance in memory cannot leak into the next."""
    return copy.deepcopy(_module_world)


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Browser tests run against a live server, so their database is emptied after each one; restore the
    reference data the migrations loaded (ISCED fields, academic years) for the next test."""
    for item in items:
        if item.get_closest_marker("browser") and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.insert(0, "django_db_serialized_rollback")
