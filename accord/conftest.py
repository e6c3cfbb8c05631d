"""Fixtures every test can use: the world of named personas (accord_testing.world) and safe defaults."""

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections, transaction
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


@pytest.fixture
def _reference_data_after_flush(django_db_blocker: Any) -> Iterator[None]:
    """Put back, once a transactional test has emptied the database, the reference data the migrations
    loaded (ISCED fields, academic years), so that no later test depends on running before it."""
    yield
    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


def _is_transactional(item: Any) -> bool:
    marker = item.get_closest_marker("django_db")
    uses_live_server = "live_server" in item.fixturenames or "page" in item.fixturenames
    return uses_live_server or (marker is not None and marker.kwargs.get("transaction", False))


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """A transactional test (a browser test's live server, a migration test) ends with an emptied database.
    Each starts from the serialized reference data, and leaves it restored for whatever test runs next."""
    for item in items:
        if not _is_transactional(item):
            continue
        if "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.insert(0, "django_db_serialized_rollback")
        # First in the list, so set up first and torn down last: after the database was flushed.
        item.fixturenames.insert(0, "_reference_data_after_flush")
