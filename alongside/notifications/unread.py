"""The header's count of unread notifications, cached per member.

Every page shows it, so it comes from the cache (Redis in production) in one round trip; the
COUNT runs only when something changed for that member, or after `UNREAD_SECONDS` as a
backstop. What changes the count calls `changed(...)` for everyone it affects: notifications
made (`notify`, `notify_many`), read marks, and blocks either way (handlers). Unblocking has no
event yet, and an account deleted on the far side of a block shows its old notifications again
(their actor becomes empty): both are left to the backstop.

Each member has a version token beside the count. A reader stores the count with the version
it saw before counting; a writer replaces the version, now and again once its transaction has
committed. A count taken from a snapshot older than the last change is therefore never
served: its version no longer matches, even if it is written after the change.
"""

import uuid
from collections.abc import Collection, Iterable

from django.core.cache import cache
from django.db import transaction

UNREAD_SECONDS = 300
VERSION_SECONDS = 2 * UNREAD_SECONDS


def _count_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def _version_key(user_id: int) -> str:
    return f"notifications:unread-version:{user_id}"


def count_for(user_id: int) -> int:
    """One member's unread count: from the cache, or counted and stored."""
    return counts_for([user_id])[user_id]


def counts_for(user_ids: Collection[int]) -> dict[int, int]:
    """Several members' counts: one cache read, and one COUNT query for all that missed."""
    from alongside.notifications.selectors import unread_counts

    ids = list(dict.fromkeys(user_ids))
    found = cache.get_many([_version_key(i) for i in ids] + [_count_key(i) for i in ids])
    counts: dict[int, int] = {}
    versions: dict[int, str | None] = {}
    for user_id in ids:
        version = found.get(_version_key(user_id))
        stored = found.get(_count_key(user_id))
        if version is not None and isinstance(stored, tuple) and stored[0] == version:
            counts[user_id] = int(stored[1])
            continue
        if version is None:
            fresh = uuid.uuid4().hex
            added = cache.add(_version_key(user_id), fresh, VERSION_SECONDS)
            version = fresh if added else cache.get(_version_key(user_id))
        versions[user_id] = version
    if versions:
        counted = unread_counts(list(versions))
        cache.set_many(
            {
                _count_key(user_id): (version, counted[user_id])
                for user_id, version in versions.items()
                if version is not None
            },
            UNREAD_SECONDS,
        )
        counts.update(counted)
    return counts


def _bump(user_ids: frozenset[int]) -> None:
    cache.set_many(
        {_version_key(user_id): uuid.uuid4().hex for user_id in user_ids}, VERSION_SECONDS
    )


def changed(user_ids: Iterable[int]) -> None:
    """The counts of these members may be different now: forget them now, and again once the
    current transaction commits (a count read in between is from before the change)."""
    ids = frozenset(user_ids)
    if not ids:
        return
    _bump(ids)
    transaction.on_commit(lambda: _bump(ids))
