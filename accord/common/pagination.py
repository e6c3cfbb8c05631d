from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest

ModelT = TypeVar("ModelT", bound=Model)


class CappedPaginator(Paginator):
    """Counts no further than `cap` rows, so that an unfiltered list of millions costs no full COUNT(*).

    Past the cap the list shows "more than N" and pages beyond it are out of reach: nobody pages that far,
    they narrow the filters instead.
    """

    def __init__(self, object_list: Any, per_page: int, *, cap: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _capped_count(self) -> int:
        # COUNT over an unordered LIMIT cap + 1 subquery: the database stops after cap + 1 rows.
        rows: Any = self.object_list
        return int(rows.order_by().values("pk")[: self.cap + 1].count())

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._capped_count > self.cap


def count_up_to(items: Any, cap: int) -> int:
    """How many rows `items` has, counting no further than cap + 1 (so "more than cap" can be told apart).

    COUNT over an unordered LIMIT cap + 1 subquery: the database stops after cap + 1 rows.
    """
    return int(items.order_by().values("pk")[: cap + 1].count())


@dataclass(frozen=True)
class Total:
    """How many related items there are, counted no further than a cap: "more than 1,000" past it."""

    count: int
    more: bool = False

    def __str__(self) -> str:
        return f"more than {self.count:,}" if self.more else f"{self.count:,}"


def latest(items: QuerySet[ModelT], *, shown: int, cap: int) -> tuple[list[ModelT], Total]:
    """The first `shown` of an ordered queryset, and how many there are in all (counted up to `cap`)."""
    first = list(items[:shown])
    if len(first) < shown:
        return first, Total(len(first))
    # A busy partner has tens of thousands of mobilities: counting them all would cost more than the page.
    counted = count_up_to(items, cap)
    return first, Total(min(counted, cap), counted > cap)


def paginate(
    request: HttpRequest, items: Any, per_page: int | None = None, *, count_cap: int | None = None
) -> Page:
    """The requested page of `items`; a bad or out-of-range page number gives the nearest valid page.

    With `count_cap`, the total is counted only up to that many rows (see CappedPaginator).
    """
    size = per_page or settings.ACCORD_PAGE_SIZE
    if count_cap is not None:
        paginator: Paginator = CappedPaginator(items, size, cap=count_cap)
    else:
        paginator = Paginator(items, size)
    return paginator.get_page(request.GET.get("page"))
