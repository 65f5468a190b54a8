"""Keyset pagination: a page costs the same whether it is the first or the thousandth."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class KeysetPage[T]:
    items: list[T]
    next_cursor: str | None


def keyset_page(
    queryset: QuerySet[Any],
    *,
    key: str,
    after: str | int | None,
    limit: int,
    descending: bool = False,
) -> KeysetPage[Any]:
    """Rows ordered by the unique `key` (newest first if `descending`), after the cursor."""
    if after:
        queryset = queryset.filter(**{f"{key}__{'lt' if descending else 'gt'}": after})
    rows = list(queryset.order_by(f"-{key}" if descending else key)[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = str(getattr(rows[-1], key)) if has_more and rows else None
    return KeysetPage(items=rows, next_cursor=next_cursor)
