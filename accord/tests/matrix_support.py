"""Machinery of the permission matrix: enumerate every URL and API operation, and fingerprint the database.

The matrix itself (who gets which status where) is in test_permission_matrix.py.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from accord.conftest import World

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
# Apps whose rows must not change when a request is denied.
WATCHED_APPS = ("common", "institutions", "accounts", "agreements", "mobility")


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


def database_fingerprint() -> str:
    """A digest of every row of the watched apps (sessions excluded: signing in legitimately writes one)."""
    digest = hashlib.sha256()
    for app_label in WATCHED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            rows = list(model.objects.order_by("pk").values())
            digest.update(json.dumps([model._meta.label, rows], default=str, sort_keys=True).encode())
    return digest.hexdigest()


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
