from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Which top-level section the page belongs to, so the layout can mark it as current."""
    path = request.path
    for section in ("institutions", "agreements", "mobilities", "collaboration", "accounts", "audit", "api"):
        if path.startswith(f"/{section}/"):
            return {"nav_section": section}
    return {"nav_section": "dashboard" if path == "/" else ""}
