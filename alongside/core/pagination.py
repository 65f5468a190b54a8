"""Keyset pagination: a page costs the same whether it is the first or the thousandth."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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


# Cursors over a timestamp: exact integer microseconds since the epoch, never a float (a float
# timestamp times a million does not always come back to the same microsecond).

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def moment_to_micros(moment: datetime) -> int:
    """An aware datetime as whole microseconds since the Unix epoch, exactly."""
    return (moment - _EPOCH) // _MICROSECOND


def micros_to_moment(micros: int) -> datetime | None:
    """The datetime `moment_to_micros` came from, or None if it is out of range."""
    try:
        return _EPOCH + timedelta(microseconds=micros)
    except OverflowError:
        return None
