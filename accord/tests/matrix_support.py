"""Machinery of the permission matrix: enumerate every URL and API operation, and fingerprint the database.

The matrix itself (who gets which status where) is in test_permission_matrix.py.
"""

import hashlib
import importlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from accord_testing.world import World

# Personas of the matrix, plus an anonymous visitor.
PERSONAS = (
    "anonymous",
    "admin",
    "officer",
    "coordinator",
    "student",
    "partner_contact",
    "auditor",
    "outsider",
)


def watched_models() -> list[Any]:
    """Every model of Accord's own apps (their many-to-many tables too): their rows must not change when a
    request is denied. Django's sessions are not watched: signing in legitimately writes one."""
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("accord.")
        for model in config.get_models(include_auto_created=True)
    ]


def app_cases(table_name: str) -> dict[str, list["Case"]]:
    """The cases each app keeps beside its code, in `accord/<app>/tests/permission_cases.py`."""
    merged: dict[str, list[Case]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("accord."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.permission_cases")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.permission_cases":
                raise
            continue
        merged.update(getattr(module, table_name, {}))
    return merged


def html_url_names() -> set[str]:
    """Every named URL outside the API and the Django admin, as 'namespace:name'."""

    def walk(patterns: list[Any], namespace: str | None) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in {"admin", "api"}:
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, None))


def api_operations() -> set[str]:
    """Every operation of the OpenAPI schema as 'METHOD /path/{param}'."""
    from accord.config.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods}


def database_fingerprint(models: list[Any] | None = None) -> str:
    """A digest of every row of the given models (default: every watched model)."""
    digest = hashlib.sha256()
    for model in watched_models() if models is None else models:
        rows = list(model.objects.order_by("pk").values())
        digest.update(json.dumps([model._meta.label, rows], default=str, sort_keys=True).encode())
    return digest.hexdigest()


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def written_tables(sql: list[str]) -> set[str]:
    """The tables that statements write to (INSERT, UPDATE, DELETE), by name."""
    return {match.group(1) for statement in sql if (match := _WRITE.match(statement))}


def request_changing_nothing(send: Callable[[], HttpResponse]) -> tuple[HttpResponse, bool]:
    """Send a request that ought to be refused; return its response and whether it left every watched row as
    it was.

    Only the tables the request wrote to can have changed, so only those are compared: the request runs in a
    savepoint, the tables it wrote are fingerprinted after it, the savepoint is rolled back and the same
    tables are fingerprinted again, as they were before it. A write the request itself rolled back compares
    equal; one that stuck does not.
    """
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        response = send()
        touched = written_tables([query["sql"] for query in captured.captured_queries])
        watched = [model for model in watched_models() if model._meta.db_table in touched]
        after = database_fingerprint(watched) if watched else ""
        transaction.set_rollback(True)
    before = database_fingerprint(watched) if watched else ""
    return response, before == after


@dataclass(frozen=True)
class Case:
    """One request: a method, how to build its path and body from the world, and the status per persona.

    `expect` maps every persona to a denial status or to ALLOWED: any status in ALLOWED_STATUSES then counts
    as "access granted" (a form may re-render with errors: that is still access).
    """

    method: str
    path: Callable[[World], str]
    expect: dict[str, int | str]
    body: Callable[[World], Any] | None = None
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


ALLOWED = "allowed"
# Access was granted even when the payload was then refused (422 invalid, 409 in use or conflicting).
ALLOWED_STATUSES = {200, 201, 204, 302, 303, 409, 422}


SIGNED_IN = ("admin", "officer", "coordinator", "student", "partner_contact", "auditor", "outsider")


def expect(
    *, allowed: tuple[str, ...] = (), anonymous: int = 302, **statuses: tuple[str, ...]
) -> dict[str, Any]:
    """Statuses for every persona; a persona left out is a mistake in the table, caught here."""
    table: dict[str, Any] = {"anonymous": anonymous}
    table.update({p: ALLOWED for p in allowed})
    for status, personas in statuses.items():
        table.update({p: int(status.removeprefix("s")) for p in personas})
    missing = set(PERSONAS) - set(table)
    assert not missing, f"no expectation for {missing}"
    return table


EVERYONE = expect(allowed=SIGNED_IN)
ADMIN_ONLY_HIDDEN = expect(allowed=("admin",), s404=SIGNED_IN[1:])
OFFICE_WRITES = expect(
    allowed=("admin", "officer"), s403=("coordinator", "student", "partner_contact", "auditor", "outsider")
)
SCOPED_CREATE = expect(
    allowed=("admin", "officer", "coordinator", "outsider"), s403=("student", "partner_contact", "auditor")
)
# A partner institution unrelated to the partner contact: coordinators see the whole register.
OTHER_INSTITUTION_READ = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "outsider"), s404=("student", "partner_contact")
)
OTHER_INSTITUTION_WRITE = expect(
    allowed=("admin", "officer"),
    s403=("auditor", "coordinator", "outsider"),
    s404=("student", "partner_contact"),
)
# Objects of faculty B and the unrelated partner: only the roles that read everything see them.
OTHER_READ = expect(
    allowed=("admin", "officer", "auditor"), s404=("coordinator", "student", "partner_contact", "outsider")
)
OTHER_WRITE = expect(
    allowed=("admin", "officer"),
    s403=("auditor",),
    s404=("coordinator", "student", "partner_contact", "outsider"),
)
# Faculty A's agreement with the partner: the coordinator owns it, the partner contact may only read it.
OWN_AGREEMENT_WRITE = expect(
    allowed=("admin", "officer", "coordinator"),
    s403=("auditor", "partner_contact"),
    s404=("student", "outsider"),
)


# The same presets for the API, where an anonymous caller gets 401 instead of a redirect to the login page.
API_READ_EVERYONE = expect(allowed=SIGNED_IN, anonymous=401)
API_OFFICE_WRITES = {**OFFICE_WRITES, "anonymous": 401}
API_SCOPED_CREATE = {**SCOPED_CREATE, "anonymous": 401}
API_OTHER_INSTITUTION_READ = {**OTHER_INSTITUTION_READ, "anonymous": 401}
API_OTHER_INSTITUTION_WRITE = {**OTHER_INSTITUTION_WRITE, "anonymous": 401}
API_OTHER_READ = {**OTHER_READ, "anonymous": 401}
API_OTHER_WRITE = {**OTHER_WRITE, "anonymous": 401}
