"""The header's count of unread notifications, cached per member (`core.cached_counts`).

What changes the count calls `changed(...)` for everyone it affects: notifications made
(`notify`, `notify_many`), read marks, and blocks and unblocks either way (handlers). An
account deleted on the far side of a block shows its old notifications again (their actor
becomes empty): that is left to the backstop.
"""

from collections.abc import Collection

from alongside.core.cached_counts import CachedCounts

UNREAD_SECONDS = 300
_counts = CachedCounts("notifications:unread", UNREAD_SECONDS)
changed = _counts.changed


def count_for(user_id: int) -> int:
    """One member's unread count: from the cache, or counted and stored."""
    return counts_for([user_id])[user_id]


def counts_for(user_ids: Collection[int]) -> dict[int, int]:
    """Several members' counts: one cache read, and one COUNT query for all that missed."""
    from alongside.notifications.selectors import unread_counts

    return _counts.get_many(user_ids, unread_counts)
