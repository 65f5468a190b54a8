"""Keyset pagination: a page costs the same whether it is the first or the thousandth."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class KeysetPage[T]:
    items: list[T]
    next_cursor: str | None


def keyset_page(
    queryset: QuerySet[Any], *, key: str, after: str | None, limit: int
) -> KeysetPage[Any]:
    """Rows ordered by the unique `key`, starting after the cursor (the last key seen)."""
    if after:
        queryset = queryset.filter(**{f"{key}__gt": after})
    rows = list(queryset.order_by(key)[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = str(getattr(rows[-1], key)) if has_more and rows else None
    return KeysetPage(items=rows, next_cursor=next_cursor)
