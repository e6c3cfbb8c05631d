from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, items: Any, per_page: int | None = None) -> Page:
    """The requested page of `items`; a bad or out-of-range page number gives the nearest valid page."""
    paginator = Paginator(items, per_page or settings.ACCORD_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
