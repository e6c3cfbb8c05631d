"""Pages whose URL also answers htmx with a fragment of themselves (a list's results, a filtered table)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_fragment(request: HttpRequest, *, target: str | None = None) -> bool:
    """An htmx request for part of the page (not the back button restoring a whole page from history).

    With `target`, only a request aimed at that element counts (a page with several swappable parts).
    """
    htmx: Any = getattr(request, "htmx", None)  # set by django-htmx's middleware
    if not htmx or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target


def render_page_or_fragment(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    fragment: str = "results",
    target: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page, or its `{% partialdef fragment %}` for htmx; either way marked as varying by htmx headers.

    One URL gives two bodies, so caches and the back button must keep them apart (the Vary header).
    """
    partial = wants_fragment(request, target=target)
    response = render(request, f"{template}#{fragment}" if partial else template, context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-Target"] if target else ["HX-Request"])
    return response
