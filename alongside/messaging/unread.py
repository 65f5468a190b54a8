"""The header's count of direct conversations with something new, cached per member
(`core.cached_counts`). What changes the count calls `changed(...)` for everyone it affects: a
message sent (all participants), read marks, accepting or ignoring a request, delete-for-me,
and blocks either way (handlers)."""

from collections.abc import Callable

from alongside.core.cached_counts import CachedCounts

UNREAD_SECONDS = 180
_counts = CachedCounts("messaging:unread", UNREAD_SECONDS)
_count_key = _counts.count_key
changed = _counts.changed


def cached(user_id: int, count: Callable[[], int]) -> int:
    """The member's count from the cache, or `count()` stored under the current version."""
    return _counts.get(user_id, count)
