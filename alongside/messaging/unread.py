"""The header's count of direct conversations with something new, cached per member.

Every page shows it, so it comes from the cache (Redis in production) in one round trip; the
COUNT runs only when something changed for that member, or after `UNREAD_SECONDS` as a
backstop. What changes the count calls `changed(...)` for everyone it affects: a message sent
(all participants), read marks, accepting or ignoring a request, delete-for-me, and blocks
either way (handlers).

Each member has a version token beside the count. A reader stores the count with the version
it saw before counting; a writer replaces the version, now and again once its transaction has
committed. A count taken from a snapshot older than the last change is therefore never
served: its version no longer matches, even if it is written after the change.
"""

import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction

UNREAD_SECONDS = 180
VERSION_SECONDS = 2 * UNREAD_SECONDS


def _count_key(user_id: int) -> str:
    return f"messaging:unread:{user_id}"


def _version_key(user_id: int) -> str:
    return f"messaging:unread-version:{user_id}"


def cached(user_id: int, count: Callable[[], int]) -> int:
    """The member's count from the cache, or `count()` stored under the current version."""
    count_key, version_key = _count_key(user_id), _version_key(user_id)
    found = cache.get_many([version_key, count_key])
    version = found.get(version_key)
    stored = found.get(count_key)
    if version is not None and isinstance(stored, tuple) and stored[0] == version:
        return int(stored[1])
    if version is None:
        fresh = uuid.uuid4().hex
        version = (
            fresh if cache.add(version_key, fresh, VERSION_SECONDS) else cache.get(version_key)
        )
    value = count()
    if version is not None:
        cache.set(count_key, (version, value), UNREAD_SECONDS)
    return value


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
